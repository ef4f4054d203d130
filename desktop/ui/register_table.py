"""The 工作台账 page's table of records: sortable by a header click with Excel's arrows,
columns at the widths the clerk gave them (else sized by their field's type), and her place
(selected record, scroll) kept whenever the list is read again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from desktop.forms.definition import FieldDef
from desktop.ui.column_widths import ColumnWidths
from desktop.ui.list_place import ListPlace
from desktop.ui.register_model import RegisterModel
from desktop.ui.settings import Settings
from desktop.ui.sort_arrows import use_excel_sort_arrows
from desktop.ui.widgets import record_table

#: a column's default width in characters, by field type (at least its label's)
_TYPE_WIDTH = {"date": 7, "id_number": 12, "phone": 9, "multiline": 20, "text": 12}
#: a choice's column: its longest option (two of them for several choices), up to this
CHOICE_CAP = 14
ROW_HEIGHT = 24


def default_characters(field: FieldDef) -> int:
    """A column's width before the clerk sizes it, in characters: by the field's type, a
    choice by its options ("困难妇女、残…" was cut at 8 while 风险等级's 高/中/一般 had 8)."""
    wanted = _TYPE_WIDTH.get(field.type_id, 8)
    choice = field.choice
    if choice is not None:
        longest = max((len(label) for label in choice.labels()), default=0)
        wanted = min(longest * (2 if field.multiple else 1) + 1, CHOICE_CAP)
    return max(len(field.label) + 2, wanted)


class RegisterTable:
    def __init__(self, model: RegisterModel, settings: Settings | None = None) -> None:
        self.model = model
        self.view = view = record_table(model, "register_table")
        view.setSortingEnabled(True)
        header = view.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        use_excel_sort_arrows(header)
        view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.widths = ColumnWidths(view, settings)
        self.place = ListPlace(view, model)

    def fit(self) -> None:
        """Columns at their widths; the form's own order shown as the header's sort."""
        pages = self.model.pages
        if pages is None:
            return
        em = self.view.fontMetrics().horizontalAdvance("中")
        columns = self.model.columns
        defaults = [default_characters(f) * em for f in columns]
        self.widths.apply(pages.form.id, [f.id for f in columns], defaults)
        order = self.model.default_order()
        if order is not None and self.model.sort_column == order[0]:
            direction = Qt.SortOrder.DescendingOrder if order[1] else Qt.SortOrder.AscendingOrder
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(order[0], direction)
            header.blockSignals(False)
