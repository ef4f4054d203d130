"""Report cell styles and sizes: the fill of a status cell, column widths for Chinese text, and
the height of a row whose long texts wrap (the style cache is ``exchange.cell_styles``)."""

from __future__ import annotations

from typing import Any

from desktop.exchange.cell_styles import CellStyles
from desktop.reports.document import STATUS_COLOURS

__all__ = ["CellStyles", "fitted", "fitted_width", "status_fill", "text_width", "wrap_rows"]

MAX_WIDTH = 50  # wider texts wrap
LINE_HEIGHT = 14.0  # points per wrapped line of 11-point text (Chinese glyphs included)


def text_width(text: str) -> float:
    """Excel's width units: a CJK character takes about two, a digit or letter one."""
    return sum(2.0 if ord(ch) > 0x2E7F else 1.1 for ch in text)


def fitted_width(texts: list[str], widest: int = MAX_WIDTH) -> int:
    """A column as wide as its longest text (plus a margin), within 6..``widest``; longer
    cells wrap."""
    return fitted(max((text_width(t) for t in texts), default=0.0), widest)


def fitted(longest: float, widest: int = MAX_WIDTH) -> int:
    """``fitted_width`` from the width of the longest text (measured once by the caller)."""
    return int(min(widest, max(6.0, longest + 2)))


def wrap_rows(
    sheet: Any, rows: dict[int, list[str]], widths: list[int], styles: CellStyles
) -> None:
    """Wrap the cells of ``rows`` (sheet row → its texts) wider than their column, and make
    each such row tall enough for its lines: Excel, WPS and LibreOffice keep a row's height
    as written, so wrapped text would print over the next row."""
    from openpyxl.styles import Alignment

    wrap = styles.shared("wrap", lambda: Alignment(wrap_text=True, vertical="top"))
    top = styles.shared("top", lambda: Alignment(vertical="top"))
    for line, texts in rows.items():
        counts = [
            -(-int(text_width(text)) // max(1, width - 1))
            for text, width in zip(texts, widths, strict=False)
        ]
        if max(counts, default=1) <= 1:
            continue
        for column, lines in enumerate(counts, start=1):  # a tall row reads from its top
            styles.apply(sheet.cell(line, column), alignment=wrap if lines > 1 else top)
        sheet.row_dimensions[line].height = LINE_HEIGHT * max(counts) + 3


def status_fill(styles: CellStyles, status: str | None) -> Any:
    """The solid fill of a status cell (达标, 未达标 …), or None."""
    if status not in STATUS_COLOURS:
        return None
    colour = STATUS_COLOURS[status].lstrip("#").upper()

    def make() -> Any:
        from openpyxl.styles import PatternFill

        return PatternFill("solid", start_color=colour, end_color=colour)

    return styles.shared(f"fill:{colour}", make)
