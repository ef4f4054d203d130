"""Cell styles set on thousands of cells at the cost of one.

openpyxl registers a style object with the workbook on every assignment (``cell.border =
box`` looks ``box`` up in the workbook's list of borders, hashing it: a Border's hash walks
its four sides, a Font's its twenty attributes). Writing a report spent most of its time
there (issue 21: 3.8 s of 5.8 s for the statistics' tables, profiled). ``CellStyles`` looks
each style object up once per workbook and then sets its index on the cells, which is what
the assignment itself stores: the file is the same, byte for byte in its styles part.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: style attribute → (the workbook's list of such objects, the cell's index field)
_SLOTS = {
    "font": ("_fonts", "fontId"),
    "fill": ("_fills", "fillId"),
    "border": ("_borders", "borderId"),
    "alignment": ("_alignments", "alignmentId"),
}


class CellStyles:
    """The style objects of one workbook (keep one per workbook: the indexes are its own)."""

    def __init__(self, book: Any) -> None:
        self._book = book
        # id of a style object → (the object, kept alive so its id is not reused; its index)
        self._index: dict[int, tuple[object, int]] = {}
        self._formats: dict[str, int] = {}
        self._shared: dict[str, Any] = {}

    def shared(self, name: str, make: Callable[[], Any]) -> Any:
        """One style object per name for the whole workbook (``make`` builds it once)."""
        made = self._shared.get(name)
        if made is None:
            made = self._shared[name] = make()
        return made

    def box(self) -> Any:
        """Thin borders round a cell, as printed tables have."""

        def make() -> Any:
            from openpyxl.styles import Border, Side

            thin = Side(style="thin")
            return Border(left=thin, right=thin, top=thin, bottom=thin)

        return self.shared("box", make)

    def _lookup(self, attribute: str, value: object) -> int:
        known = self._index.get(id(value))
        if known is None:
            collection = getattr(self._book, _SLOTS[attribute][0])
            known = (value, collection.add(value))
            self._index[id(value)] = known
        return known[1]

    def _format(self, number_format: str) -> int:
        index = self._formats.get(number_format)
        if index is None:
            from openpyxl.styles.numbers import (
                BUILTIN_FORMATS_MAX_SIZE,
                BUILTIN_FORMATS_REVERSE,
            )

            if number_format in BUILTIN_FORMATS_REVERSE:
                index = BUILTIN_FORMATS_REVERSE[number_format]
            else:
                index = self._book._number_formats.add(number_format) + BUILTIN_FORMATS_MAX_SIZE
            self._formats[number_format] = index
        return index

    def apply(
        self,
        cell: Any,
        *,
        font: object = None,
        fill: object = None,
        border: object = None,
        alignment: object = None,
        number_format: str | None = None,
    ) -> None:
        """``cell.font = font`` … for the ones given (None: leave that attribute)."""
        style = cell._style
        if not style:  # a new cell has none until its first style
            from openpyxl.styles.cell_style import StyleArray

            style = cell._style = StyleArray()
        if font is not None:
            style.fontId = self._lookup("font", font)
        if fill is not None:
            style.fillId = self._lookup("fill", fill)
        if border is not None:
            style.borderId = self._lookup("border", border)
        if alignment is not None:
            style.alignmentId = self._lookup("alignment", alignment)
        if number_format is not None:
            style.numFmtId = self._format(number_format)
