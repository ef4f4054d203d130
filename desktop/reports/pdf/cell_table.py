"""A table of wrapped text cells drawn straight on the canvas, for the letters.

Laid out exactly as reportlab's ``Table`` of ``Paragraph`` cells with ``wordWrap="CJK"``
lays it out (the same line breaks, row heights, cell padding, vertical alignment, splitting
between rows with the header rows repeated), at a fraction of the cost: a cell's lines are
broken once per (text, style, width) by reportlab's own ``Paragraph`` and cached, the row
heights are summed here, and the text and grid are drawn with one text object and one path
per table instead of a flowable per cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from desktop.reports.pdf.base import escape
from desktop.reports.pdf.official import show_text


@dataclass(frozen=True)
class CellStyle:
    """A cell's text style and padding (reportlab's defaults: 6 pt left and right, 3 pt top
    and bottom; text valign ``BOTTOM`` unless told)."""

    font: str
    size: float
    leading: float
    align: Literal[0, 1, 2] = 0  # reportlab's TA_LEFT / TA_CENTER / TA_RIGHT
    valign: str = "BOTTOM"  # or "MIDDLE", "TOP"
    left: float = 6.0
    right: float = 6.0
    top: float = 3.0
    bottom: float = 3.0
    cjk: bool = True  # wordWrap="CJK" (else reportlab's breaking at spaces)


@dataclass(frozen=True)
class Lines:
    """A cell's text as reportlab's ``Paragraph`` breaks it: each line with the space left on
    it (the first baseline lies one font size below the top, ``paraFontSizeHeightOffset``)."""

    lines: tuple[tuple[str, float], ...]


@lru_cache(maxsize=8192)
def cell_lines(text: str, style: CellStyle, width: float) -> Lines:
    """``text`` in a cell ``width`` wide (padding included), as reportlab's ``Paragraph``
    breaks it (cached: the letters of a year repeat the same indicator names and targets)."""
    para_style = ParagraphStyle(
        "cell",
        fontName=style.font,
        fontSize=style.size,
        leading=style.leading,
        alignment=style.align,
        wordWrap="CJK" if style.cjk else None,
    )
    inner = width - style.left - style.right
    paragraph: Any = Paragraph(escape(text), para_style)
    paragraph.wrap(inner, 72000)
    block = paragraph.blPara
    lines: list[tuple[str, float]] = []
    for line in block.lines:
        if block.kind == 0:
            extra, words = line
            lines.append(("".join(words) if style.cjk else " ".join(words), float(extra)))
        else:  # several fragments (not met in the letters' plain text): measure the line
            joined = "".join(getattr(w, "text", "") for w in line.words)
            lines.append((joined, inner - stringWidth(joined, style.font, style.size)))
    return Lines(tuple(lines))


@dataclass(frozen=True)
class _Row:
    cells: tuple[Lines, ...]
    height: float


class CellTable(Flowable):
    """Rows of text cells with fixed column widths; ``grid``: 0.5 pt black lines around every
    cell; ``repeat``: header rows repeated on every page the table runs over."""

    def __init__(
        self,
        rows: list[list[tuple[str, CellStyle]]],
        widths: list[float],
        *,
        repeat: int = 0,
        grid: bool = False,
        _laid: list[_Row] | None = None,
    ) -> None:
        super().__init__()
        self.widths = widths
        self.repeat = repeat
        self.grid = grid
        self.styles = [[style for _text, style in row] for row in rows]
        if _laid is None:
            _laid = [_layout(row, widths) for row in rows]
        self.laid = _laid
        self.rows = rows

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        self.height = sum(row.height for row in self.laid)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Between rows, as ``Table.split`` (``splitByRow``): never right after the header."""
        used, fit = 0.0, 0
        for row in self.laid:
            if used + row.height > avail_height:
                break
            used += row.height
            fit += 1
        if fit <= self.repeat:
            return []
        if fit == len(self.laid):
            return [self]
        head = self.repeat
        return [
            CellTable(
                self.rows[:fit], self.widths, repeat=head, grid=self.grid, _laid=self.laid[:fit]
            ),
            CellTable(
                self.rows[:head] + self.rows[fit:],
                self.widths,
                repeat=head,
                grid=self.grid,
                _laid=self.laid[:head] + self.laid[fit:],
            ),
        ]

    def draw(self) -> None:
        canvas: Any = self.canv
        height = sum(row.height for row in self.laid)
        text = canvas.beginText()
        top = height
        font: tuple[str, float] | None = None
        for row, styles in zip(self.laid, self.styles, strict=True):
            x = 0.0
            bottom = top - row.height
            for cell, style, width in zip(row.cells, styles, self.widths, strict=True):
                lines = cell.lines
                if lines:
                    block = len(lines) * style.leading
                    if style.valign == "TOP":
                        y = top - style.top
                    elif style.valign == "MIDDLE":
                        y = bottom + (row.height + style.bottom - style.top + block) / 2
                    else:
                        y = bottom + style.bottom + block
                    if font != (style.font, style.size):
                        font = (style.font, style.size)
                        text.setFont(style.font, style.size, style.leading)
                    baseline = y - style.size
                    for n, (line, extra) in enumerate(lines):
                        offset = 0.0
                        if style.align == TA_CENTER:
                            offset = extra / 2
                        elif style.align == TA_RIGHT:
                            offset = extra
                        text.setTextOrigin(x + style.left + offset, baseline - n * style.leading)
                        show_text(text, canvas, line)
                x += width
            top = bottom
        canvas.drawText(text)
        if self.grid:
            self._draw_grid(canvas, height)

    def _draw_grid(self, canvas: Any, height: float) -> None:
        width = sum(self.widths)
        segments = []
        y = height
        segments.append((0.0, y, width, y))
        for row in self.laid:
            y -= row.height
            segments.append((0.0, y, width, y))
        x = 0.0
        segments.append((x, 0.0, x, height))
        for column in self.widths:
            x += column
            segments.append((x, 0.0, x, height))
        canvas.saveState()
        canvas.setLineWidth(0.5)
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.lines(segments)
        canvas.restoreState()


def _layout(row: list[tuple[str, CellStyle]], widths: list[float]) -> _Row:
    cells = []
    height = 0.0
    for (text, style), width in zip(row, widths, strict=True):
        cell = cell_lines(text, style, width)
        cells.append(cell)
        height = max(height, len(cell.lines) * style.leading + style.top + style.bottom)
    return _Row(tuple(cells), height)
