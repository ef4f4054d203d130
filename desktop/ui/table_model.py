"""A read-only table model over a list of dataclass rows, declared by its columns.

Used by every list page (completeness, results, units, indicators). The rows come from a
store function already materialised, so no cursor is ever held open (an open read would
block every commit in ``journal_mode=DELETE``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.ui import override

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

STATUS_COLOURS = {
    "met": "#d9f2dd",
    "missed": "#fde2e1",
    "missing": "#eeeeee",
    "no_target": "#ece6f5",  # a value but no target: the clerk sets one
    "counts": "#e3ecf7",
    "complete": "#d9f2dd",
    "entered": "#fff0d0",
    "pending": "#fde2e1",
}


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    background: Callable[[T], str | None] | None = None
    numeric: bool = False
    tooltip: Callable[[T], str] | None = None


# Roles as plain ints: data() is called thousands of times per paint; comparing ints is
# much cheaper than comparing enum members.
DISPLAY = Qt.ItemDataRole.DisplayRole.value
EDIT = Qt.ItemDataRole.EditRole.value
BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def column_index(columns: Sequence[Column[T]], title: str) -> int:
    """Where the column headed ``title`` is."""
    return next(i for i, c in enumerate(columns) if c.title == title)


class RowsModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: list[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[T] = []
        self._text: list[list[str]] = []
        self._background: list[list[QBrush | None]] = []

    def set_rows(self, rows: list[T]) -> None:
        """Replace the rows; texts and colours are computed once here, not per paint."""
        self.beginResetModel()
        self.rows = rows
        self._text = [[c.text(r) for c in self.columns] for r in rows]
        self._background = [
            [_brush(c.background(r)) if c.background else None for c in self.columns] for r in rows
        ]
        self.endResetModel()

    def row_at(self, row: int) -> T:
        return self.rows[row]

    def shown_texts(self) -> list[list[str]]:
        """Each row's cell texts, as shown: ``data`` answers no font, icon or check state, so
        ``text_widths`` measures these (``ShownTexts``)."""
        return self._text

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return str(section + 1)

    @override
    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        if role == DISPLAY:
            return self._text[index.row()][index.column()]
        if role == BACKGROUND:
            return self._background[index.row()][index.column()]
        column = self.columns[index.column()]
        if role == ALIGNMENT and column.numeric:
            return RIGHT
        if role == TOOLTIP and column.tooltip is not None:
            return column.tooltip(self.rows[index.row()])
        return None


def _brush(colour: str | None) -> QBrush | None:
    return QBrush(QColor(colour)) if colour else None
