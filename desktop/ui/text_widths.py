"""A table's columns sized to their texts without asking the model about every cell.

``QTableView.resizeColumnToContents`` asks the item delegate for each cell's size hint, and
the delegate asks the model for ~11 roles (text, font, alignment, colours, check state,
icon …): for a model written in Python that many calls from C++ into Python per cell, ~20 ms
for 监测结果's 132 rows × 13 columns, at every load, ~14 ms at every unit 填报 switches to. A
``ShownTexts`` model (``RowsModel``, 填报's ``UnitFormModel``) hands over its cells' texts
and answers no font, icon, check state or size hint, so what the default delegate computes
is known: the text's advance in the view's font rounded up, the style's text margin on both
sides (``PM_FocusFrameHMargin`` + 1, as ``QCommonStyle`` sizes an item view item), and the
grid line. ``text_widths`` computes that from the texts (~3 ms for 监测结果's table) and gives
up (None: Qt measures) wherever it would not be what Qt finds: another model, a delegate of
the view's own, a style sheet (which may pad items), hidden rows, text on more than one
line. Tests compare the two, to the pixel.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QTableView


@runtime_checkable
class ShownTexts(Protocol):
    """A model whose ``data`` answers, of what sizes a cell, its text only (no font, icon,
    check state nor size hint): colours, alignment and tooltips change no width."""

    def shown_texts(self) -> Sequence[Sequence[str]]:
        """Each row's cell texts, as shown."""
        ...


def text_widths(view: QTableView) -> list[int] | None:
    """Each column's content width as ``sizeHintForColumn`` gives it, or None."""
    model = view.model()
    if not isinstance(model, ShownTexts):
        return None
    app = QApplication.instance()
    if view.styleSheet() or (isinstance(app, QApplication) and app.styleSheet()):
        return None
    if type(view.itemDelegate()) is not QStyledItemDelegate:
        return None
    columns = model.columnCount()
    if any(view.itemDelegateForColumn(c) is not None for c in range(columns)):
        return None
    texts = model.shown_texts()
    if not texts or any(view.isRowHidden(r) for r in range(len(texts))):
        return None
    advance = QFontMetricsF(view.font()).horizontalAdvance
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    grid = 1 if view.showGrid() else 0
    widths = []
    for column in range(columns):
        widest = 0
        for text in {row[column] for row in texts}:  # each distinct text measured once
            if "\n" in text:
                return None
            widest = max(widest, math.ceil(advance(text)))
        widths.append(widest + margin + grid)
    return widths
