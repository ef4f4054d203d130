"""Small widgets shared by several pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # types the home page does not use are built on first use
from PySide6.QtCore import QAbstractItemModel, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from desktop.ui.column_fit import GiveWay
from desktop.ui.text_widths import text_widths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QSplitter, QTableView


class YearCombo(QComboBox):
    """Pick a working year; keeps the selection when the list is refreshed."""

    year_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(110)
        self.currentIndexChanged.connect(self._on_index_changed)
        self._silent = False

    def set_years(self, years: list[int], select: int | None = None) -> None:
        keep = select if select is not None else self.year()
        wanted = sorted(set(years), reverse=True)
        self._silent = True
        if wanted != [self.itemData(i) for i in range(self.count())]:
            self.clear()  # refilled only when the years changed (a page visit keeps them)
            for year in wanted:
                self.addItem(f"{year}年度", year)
        index = self.findData(keep) if keep is not None else 0
        self.setCurrentIndex(max(index, 0))
        self._silent = False

    def year(self) -> int | None:
        data = self.currentData()
        return int(data) if data is not None else None

    def select(self, year: int) -> None:
        index = self.findData(year)
        if index >= 0:
            self.setCurrentIndex(index)

    def _on_index_changed(self, _index: int) -> None:
        year = self.year()
        if not self._silent and year is not None:
            self.year_changed.emit(year)


def record_table(model: QAbstractItemModel, name: str) -> QTableView:
    """A read-only list of records: whole rows selected, one at a time, no in-place edits."""
    view = QtWidgets.QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


#: a long name's column is cut to this (whole in its tooltip) where later columns must show
NAME_WIDTH = 250


def fit_columns(
    view: QTableView,
    stretch: int,
    widest: Mapping[int, int] | None = None,
    least: int = 0,
    room: Mapping[int, int] | None = None,
) -> None:
    """Columns sized to their contents, one column taking the remaining width; a column in
    ``room`` at least its pixels (room to type in an empty one); a column in ``widest`` no
    wider than its pixels (a long name cut, whole in its tooltip, so that the columns after
    it stay in sight on a 1366-pixel screen). The stretched column's contents are not
    measured: its width is what the others leave; a ``RowsModel``'s are measured from its
    texts (``text_widths``). With ``least`` (characters), the ``widest`` columns give way on
    a narrow view until the stretched one has that much (``column_fit.py``)."""
    model = view.model()
    header = view.horizontalHeader()
    widths = text_widths(view)
    for column in range(model.columnCount() if model is not None else 0):
        if column == stretch:
            continue
        if widths is None:
            view.resizeColumnToContents(column)
        else:  # as resizeColumnToContents: the contents' width or the header's, the larger
            header.resizeSection(column, max(widths[column], header.sectionSizeHint(column)))
    for column, pixels in (room or {}).items():
        header.resizeSection(column, max(header.sectionSize(column), pixels))
    for column, pixels in (widest or {}).items():
        header.resizeSection(column, min(header.sectionSize(column), pixels))
    header.setSectionResizeMode(stretch, QtWidgets.QHeaderView.ResizeMode.Stretch)
    if widest and least:
        fitted = {column: header.sectionSize(column) for column in widest}
        GiveWay.of(view).fit(stretch, fitted, least)


def fit_first_pane(splitter: QSplitter, items: QListWidget) -> None:
    """The splitter's first pane, a list, exactly as wide as its longest item (its font's
    width, the item's margins, the frame, a vertical scroll bar if shown): every item whole,
    every other pixel left to the next pane. Never narrower than the list's minimum."""
    needed = items.sizeHintForColumn(0) + 2 * items.frameWidth()
    bar = items.verticalScrollBar()
    if bar.isVisible():
        needed += bar.width()
    sizes = splitter.sizes()
    width = max(needed, items.minimumWidth())
    if len(sizes) == 2 and sizes[0] != width:
        splitter.setSizes([width, max(1, sizes[0] + sizes[1] - width)])


def save_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """保存 / 取消; 取消 closes the dialog, 保存 is connected by the caller (it may fail)."""
    box = QtWidgets.QDialogButtonBox
    buttons = box(box.StandardButton.Save | box.StandardButton.Cancel)
    buttons.button(box.StandardButton.Save).setText("保存")
    buttons.button(box.StandardButton.Cancel).setText("取消")
    buttons.rejected.connect(dialog.reject)
    return buttons


def button_bar(*widgets: QWidget, trailing: QWidget | None = None) -> QHBoxLayout:
    bar = QHBoxLayout()
    for widget in widgets:
        bar.addWidget(widget)
    bar.addStretch(1)
    if trailing is not None:
        bar.addWidget(trailing)
    return bar
