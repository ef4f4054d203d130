"""Sort arrows as Excel and WPS show them: ▲ on a column sorted ascending, ▼ descending.

``QHeaderView`` tells the style ``SortDown`` for an ascending column and ``SortUp`` for a
descending one, and the styles disagree on what to draw: Fusion draws ``SortDown`` as a down
arrow (an ascending column showed ▼), while the Windows, Windows Vista and Windows 11 styles
draw it as an up arrow (Vista: "the uxtheme sort down indicator is the inverse of ours").
``SH_Header_ArrowAlignment`` only places the arrow. So the header's style is wrapped and the
arrow drawn as the style's plain up or down arrow from the column's order: ▲ ascending on every
style (swapping ``SortUp``/``SortDown`` would fix Fusion and break the Windows styles).
"""

from __future__ import annotations

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QHeaderView,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
    QWidget,
)

from desktop.ui import override

_HEADER_ARROW = QStyle.PrimitiveElement.PE_IndicatorHeaderArrow
_UP = QStyle.PrimitiveElement.PE_IndicatorArrowUp
_DOWN = QStyle.PrimitiveElement.PE_IndicatorArrowDown
#: what ``QHeaderView`` hands the style for a column sorted ascending
_ASCENDING = QStyleOptionHeader.SortIndicator.SortDown


class SortArrowStyle(QProxyStyle):
    """The application's style (a copy of it, owned here), with Excel's sort arrows."""

    @override
    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == _HEADER_ARROW and isinstance(option, QStyleOptionHeader):
            if option.sortIndicator == QStyleOptionHeader.SortIndicator.None_:
                return
            element = _UP if option.sortIndicator == _ASCENDING else _DOWN
        super().drawPrimitive(element, option, painter, widget)


def use_excel_sort_arrows(header: QHeaderView) -> None:
    style = SortArrowStyle()
    style.setParent(header)  # lives as long as the header
    header.setStyle(style)
