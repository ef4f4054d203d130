"""The stretched column kept readable when a view is narrow: the capped columns give way.

``fit_columns`` (``widgets.py``) sizes each column to its texts, cuts the long names of its
``widest`` columns (whole in their tooltips) and lets one column stretch over the width left.
On a narrow window that leftover could be a few pixels: 监测结果's 说明 showed "计…" at 1280
pixels, and 预警整改's 整改措施, the column the clerk types most in, went off the right edge
at 1100. ``GiveWay`` keeps the stretched column at least ``least`` characters wide where it
can: the cut columns give up width, each in proportion to what it has above the floor (six
characters), never below it; when the view widens again they get it back, up to the width
they were fitted to. It follows the viewport's resizes (a window maximized, a scroll bar
shown) and is fitted again with the rows. A cut column the clerk has resized herself is hers:
it no longer gives way.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

from desktop.ui import override

#: no column gives way below this many characters of the view's font
FLOOR_CHARACTERS = 6


class GiveWay(QObject):
    """The cut columns of one view, narrowed as needed for its stretched column."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.setObjectName("column_give_way")
        self.view = view
        self.stretch = -1
        self.least = 0  # characters
        self.fitted: dict[int, int] = {}  # column → the width it was fitted (and cut) to
        self.given: dict[int, int] = {}  # column → the width it was last given here
        view.viewport().installEventFilter(self)

    @classmethod
    def of(cls, view: QTableView) -> GiveWay:
        found = view.findChild(GiveWay, "column_give_way")
        return found if isinstance(found, GiveWay) else cls(view)

    def fit(self, stretch: int, fitted: Mapping[int, int], least: int) -> None:
        self.stretch, self.fitted, self.least = stretch, dict(fitted), least
        self.given = dict(fitted)
        self.apply(self.view.viewport().width())

    def apply(self, available: int) -> None:
        header = self.view.horizontalHeader()
        model = self.view.model()
        if not self.fitted or model is None or not 0 <= self.stretch < model.columnCount():
            return
        for column in [c for c, width in self.given.items() if header.sectionSize(c) != width]:
            del self.fitted[column], self.given[column]  # the clerk's own width from now on
        character = self.view.fontMetrics().horizontalAdvance("中")
        floor = FLOOR_CHARACTERS * character
        others = sum(
            self.fitted.get(column, header.sectionSize(column))
            for column in range(model.columnCount())
            if column != self.stretch and not header.isSectionHidden(column)
        )
        short = others + self.least * character - available
        room = {column: max(0, width - floor) for column, width in self.fitted.items()}
        total = sum(room.values())
        given = min(max(short, 0), total)
        for column, width in self.fitted.items():
            share = round(given * room[column] / total) if total else 0
            self.given[column] = width - share
            if header.sectionSize(column) != width - share:
                header.resizeSection(column, width - share)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self.apply(self.view.viewport().width())
        return False
