"""Where the clerk was in a register's list, kept when the list is read again.

Every read of the list resets the model (a save, a delete, a sort, a filter, a visit of the
page), and a reset view forgets its selection and keeps a scroll position that no longer
means anything (the view is given the first rows again). Around each reset this keeps the
selected record selected, on the same line of the screen, with the rows above it as they
were; a record that left a list otherwise the same (deleted, or edited out of the filter)
gives its line to the record after it, as Excel and the Explorer do. A new list (another
register, the bin, another database) starts at its top. Nothing is read when nothing is
selected; finding the record looks around its old row before reading every id.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject
from PySide6.QtWidgets import QAbstractItemView, QTableView

from desktop.forms.listing import Query
from desktop.ui.register_model import RegisterModel

_SELECT = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows


@dataclass(frozen=True)
class Place:
    list_key: tuple[object, str, bool] | None
    order_key: tuple[Query, tuple[str, bool] | None]
    record_id: int | None  # the selected record
    row: int  # its row (or -1)
    top: int  # the row at the top of the view
    left: int  # the horizontal scroll


class ListPlace(QObject):
    def __init__(self, view: QTableView, model: RegisterModel) -> None:
        super().__init__(view)
        self.view = view
        self.model = model
        self._place: Place | None = None
        #: the current row's record, noted when the clerk (or a restore) moves to it: a reset
        #: may come after the database was closed or replaced (关闭数据库, 恢复备份), when the
        #: record can no longer be read
        self._current: tuple[int, int] | None = None
        model.modelAboutToBeReset.connect(self._remember)
        model.modelReset.connect(self._restore)
        view.selectionModel().currentRowChanged.connect(self._note)

    def _note(self, current: QModelIndex) -> None:
        row = current.row()
        if row < 0 or self.model.pages is None:
            return
        known = self.model.known_id(row)
        self._current = (row, known if known is not None else self.model.record_at(row).id)

    def _remember(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        noted = self._current
        record_id = noted[1] if noted is not None and noted[0] == row else None
        if record_id is None and row >= 0:
            record_id = self.model.known_id(row)  # selected without moving the current row
        self._place = Place(
            self.model.list_key(),
            self.model.order_key(),
            record_id,
            row,
            max(0, self.view.rowAt(0)),
            self.view.horizontalScrollBar().value(),
        )

    def _restore(self) -> None:
        place, self._place = self._place, None
        if place is None or place.list_key is None or place.list_key != self.model.list_key():
            self.view.scrollToTop()  # another list: shown from its top
            return
        same_rows = place.order_key == self.model.order_key()
        count = self.model.matched()
        row: int | None = None
        if place.record_id is not None:
            row = self.model.row_of(place.record_id, near=place.row)
            if row is None and same_rows and count:
                row = min(place.row, count - 1)  # the record left: the next one takes its line
        if row is None:
            top = place.top if same_rows else 0
        else:
            top = max(0, row - (place.row - place.top))
        line = max(1, self.view.verticalHeader().defaultSectionSize())
        self.model.fetch_to(max(top + 2 * self.view.viewport().height() // line, row or 0))
        self.view.doItemsLayout()  # the scroll bar's range for the rows given
        if row is not None:
            column = max(0, self.view.columnAt(0))
            self.view.selectionModel().setCurrentIndex(self.model.index(row, column), _SELECT)
        self.view.scrollTo(
            self.model.index(top, max(0, self.view.columnAt(0))),
            QAbstractItemView.ScrollHint.PositionAtTop,
        )
        self.view.horizontalScrollBar().setValue(place.left)
