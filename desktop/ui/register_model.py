"""The table model of a register's list: lazy over a ``Listing`` (texts are made when a row is
first painted), with the rows the search and filters keep, sorted in memory. The view is given
the rows in batches (``canFetchMore``/``fetchMore``, as it scrolls): ``rowCount`` is what it was
given so far, ``matched`` how many rows the search and filters keep."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from desktop.forms.definition import Record
from desktop.forms.listing import Listing, Query
from desktop.ui import override
from desktop.ui.table_model import ALIGNMENT, DISPLAY, RIGHT, TOOLTIP, Index

#: rows handed to the view at a time
BATCH = 500


class RegisterModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listing: Listing | None = None
        self.rows: list[int] = []
        self.fetched = 0  # rows the view has been given
        self.sort_column: int | None = None
        self.sort_descending = False
        self._numeric: list[bool] = []

    def set_listing(self, listing: Listing, query: Query) -> None:
        self.beginResetModel()
        self.listing = listing
        self._numeric = [f.kind.numeric for f in listing.columns]
        order = listing.default_order()
        if self.sort_column is None and order is not None:
            self.sort_column, self.sort_descending = order
        self.rows = self._ordered(listing.matches(query))
        self.fetched = min(BATCH, len(self.rows))
        self.endResetModel()

    def apply(self, query: Query) -> None:
        if self.listing is None:
            return
        self.beginResetModel()
        self.rows = self._ordered(self.listing.matches(query))
        self.fetched = min(BATCH, len(self.rows))
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.listing = None
        self.rows = []
        self.fetched = 0
        self.sort_column = None
        self.endResetModel()

    def _ordered(self, rows: list[int]) -> list[int]:
        assert self.listing is not None
        if self.sort_column is None or self.sort_column >= len(self.listing.columns):
            return rows
        return self.listing.sorted_rows(rows, self.sort_column, self.sort_descending)

    def record_at(self, row: int) -> Record:
        assert self.listing is not None
        return self.listing.record(self.rows[row])

    def row_of(self, record_id: int) -> int | None:
        if self.listing is None:
            return None
        ids = self.listing.table.ids
        for row, index in enumerate(self.rows):
            if ids[index] == record_id:
                return row
        return None

    def matched(self) -> int:
        """How many rows the search and filters keep (the view may hold fewer so far)."""
        return len(self.rows)

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.fetched

    @override
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self.fetched < len(self.rows)

    @override
    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        self.fetch_to(self.fetched + BATCH - 1)

    def fetch_to(self, row: int) -> None:
        """Give the view every row up to ``row`` (to select a record further down)."""
        last = min(row, len(self.rows) - 1)
        if last < self.fetched:
            return
        self.beginInsertRows(QModelIndex(), self.fetched, last)
        self.fetched = last + 1
        self.endInsertRows()

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() or self.listing is None:
            return 0
        return len(self.listing.columns)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.listing is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.listing.columns[section].label
        return str(section + 1)

    @override
    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or self.listing is None:
            return None
        if role == DISPLAY:
            return self.listing.text(self.rows[index.row()], index.column())
        if role == ALIGNMENT and self._numeric[index.column()]:
            return RIGHT
        if role == TOOLTIP and self.listing.columns[index.column()].sensitive:
            return "个人信息已脱敏，打开记录可查看完整内容"
        return None

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.listing is None or self.listing.columns[column].sensitive:
            return
        self.beginResetModel()
        self.sort_column = column
        self.sort_descending = order == Qt.SortOrder.DescendingOrder
        self.rows = self._ordered(self.rows)
        self.fetched = min(BATCH, len(self.rows))
        self.endResetModel()
