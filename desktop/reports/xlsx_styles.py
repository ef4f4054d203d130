"""Report cell styles: the fill of a status cell (the style cache is ``exchange.cell_styles``)."""

from __future__ import annotations

from typing import Any

from desktop.exchange.cell_styles import CellStyles
from desktop.reports.document import STATUS_COLOURS

__all__ = ["CellStyles", "status_fill"]


def status_fill(styles: CellStyles, status: str | None) -> Any:
    """The solid fill of a status cell (达标, 未达标 …), or None."""
    if status not in STATUS_COLOURS:
        return None
    colour = STATUS_COLOURS[status].lstrip("#").upper()

    def make() -> Any:
        from openpyxl.styles import PatternFill

        return PatternFill("solid", start_color=colour, end_color=colour)

    return styles.shared(f"fill:{colour}", make)
