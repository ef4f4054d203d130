"""The table model of a register's list, read from SQL a page at a time
(``store/register_pages.py``): the ids of the rows the search and filters keep, in the list's
order, then the values of only the rows painted, ``PAGE`` rows per read, their texts made when
first painted. The view is given the rows in batches (``canFetchMore``/``fetchMore``, as it
scrolls): ``rowCount`` is what it was given so far, ``matched`` how many rows are kept."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from desktop.forms.definition import FieldDef, Record, RecordTable, display
from desktop.forms.listing import Query
from desktop.store.register_pages import RegisterPages, Selection
from desktop.ui import override
from desktop.ui.table_model import ALIGNMENT, DISPLAY, RIGHT, TOOLTIP, Index

#: rows handed to the view at a time
BATCH = 500
#: rows read from the database at a time
PAGE = 100
#: pages kept (the rows around the ones shown; older pages are read again when scrolled to)
KEPT_PAGES = 40


class RegisterModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pages: RegisterPages | None = None
        self.columns: list[FieldDef] = []
        self.selection = Selection.of([])
        self.fetched = 0  # rows the view has been given
        self.sort_column: int | None = None
        self.sort_descending = False
        self._numeric: list[bool] = []
        self.query = Query()
        self._read: OrderedDict[int, tuple[RecordTable, dict[tuple[int, int], str]]] = OrderedDict()

    def set_pages(self, pages: RegisterPages, query: Query) -> None:
        self.beginResetModel()
        self.pages = pages
        form = pages.form
        self.columns = [form.field(c) for c in form.list_columns]
        self._numeric = [f.kind.numeric for f in self.columns]
        order = self.default_order()
        if self.sort_column is None and order is not None:
            self.sort_column, self.sort_descending = order
        self._select(query)
        self.endResetModel()

    def default_order(self) -> tuple[int, bool] | None:
        """The list column and direction of the form's ``sort``, if it is a list column."""
        if self.pages is None:
            return None
        form = self.pages.form
        if form.sort_field and form.sort_field in form.list_columns:
            return form.list_columns.index(form.sort_field), form.sort_descending
        return None

    def apply(self, query: Query) -> None:
        if self.pages is None:
            return
        self.beginResetModel()
        self._select(query)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.pages = None
        self.columns = []
        self.selection = Selection.of([])
        self._read.clear()
        self.fetched = 0
        self.sort_column = None
        self.endResetModel()

    def _select(self, query: Query) -> None:
        assert self.pages is not None
        self.query = query
        self.selection = self.pages.select(query, self._sort())
        self._read.clear()
        self.fetched = min(BATCH, self.selection.count())

    def _sort(self) -> tuple[str, bool] | None:
        column = self.sort_column
        if column is None or not 0 <= column < len(self.columns):
            return None
        return self.columns[column].id, self.sort_descending

    def _page(self, row: int) -> tuple[RecordTable, dict[tuple[int, int], str], int]:
        """The page holding ``row``: its values, its texts, and ``row``'s place in it."""
        assert self.pages is not None
        number, offset = divmod(row, PAGE)
        found = self._read.get(number)
        if found is None:
            ids = self.selection.slice(number * PAGE, (number + 1) * PAGE)
            table = self.pages.rows(ids)
            found = self._read[number] = (table, {})
            while len(self._read) > KEPT_PAGES:
                self._read.popitem(last=False)
        else:
            self._read.move_to_end(number)
        return found[0], found[1], offset

    def record_at(self, row: int) -> Record:
        """The record of a row, with the list's fields."""
        table, _texts, offset = self._page(row)
        return table.record(offset)

    def known_id(self, row: int) -> int | None:
        """The record id of a row whose page was read, asking the database nothing (a reset
        may come after the database was closed or replaced); None: not read."""
        number, offset = divmod(row, PAGE)
        found = self._read.get(number)
        return found[0].ids[offset] if found is not None and offset < len(found[0]) else None

    def row_of(self, record_id: int, near: int | None = None) -> int | None:
        """The row of a record; ``near``: the row it was likely at (looked at first, a page
        either side, before every id of the list is read)."""
        if near is not None:
            start = max(0, near - PAGE)
            around = self.selection.slice(start, near + PAGE)
            if record_id in around:
                return start + around.index(record_id)
        try:
            return self.selection.ids().index(record_id)
        except ValueError:
            return None

    def list_key(self) -> tuple[object, str, bool] | None:
        """Which list is shown: the database, the register, live records or the bin."""
        if self.pages is None:
            return None
        return (self.pages.store.db, self.pages.form.id, self.pages.deleted)

    def order_key(self) -> tuple[Query, tuple[str, bool] | None]:
        """Which of the list's records are kept, in which order."""
        return (self.query, self._sort())

    def matched(self) -> int:
        """How many rows the search and filters keep (the view may hold fewer so far)."""
        return self.selection.count()

    @property
    def ids(self) -> list[int]:
        """Every row's record id, in order (read at once: exports)."""
        return self.selection.ids()

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.fetched

    @override
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self.fetched < self.selection.count()

    @override
    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        self.fetch_to(self.fetched + BATCH - 1)

    def fetch_to(self, row: int) -> None:
        """Give the view every row up to ``row`` (to select a record further down)."""
        last = min(row, self.selection.count() - 1)
        if last < self.fetched:
            return
        self.beginInsertRows(QModelIndex(), self.fetched, last)
        self.fetched = last + 1
        self.endInsertRows()

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() or self.pages is None:
            return 0
        return len(self.columns)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.pages is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].label
        return str(section + 1)

    @override
    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # the view asks for about eight roles of every cell painted: the others end quickly
        if role == DISPLAY:
            return self.text(index.row(), index.column()) if index.isValid() else None
        if role == ALIGNMENT:
            return RIGHT if index.isValid() and self._numeric[index.column()] else None
        if role == TOOLTIP and index.isValid() and self.columns[index.column()].sensitive:
            return "个人信息已脱敏，打开记录可查看完整内容"
        return None

    def text(self, row: int, column: int) -> str:
        """A cell's text as shown (sensitive ones masked), made once per page read."""
        assert self.pages is not None
        table, texts, offset = self._page(row)
        key = (offset, column)
        cached = texts.get(key)
        if cached is None:
            f = self.columns[column]
            value = table.value(offset, f.id)
            cached = texts[key] = display(f, value, self.pages.units, masked=True)
        return cached

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.pages is None or self.columns[column].sensitive:
            return
        self.beginResetModel()
        self.sort_column = column
        self.sort_descending = order == Qt.SortOrder.DescendingOrder
        self._select(self.query)
        self.endResetModel()
