"""Official-document layout (GB/T 9704-2012) for letters: A4, text area 156 × 225 mm placed
37 mm from the top and 28 mm from the left, body text on the 22-line × 28-character grid.

The grid wins over the nominal 16 pt: each full-width character takes one cell of 156/28 mm,
each half-width character (digits, Latin) half a cell, and every line one pitch of 225/22 mm.
``GridParagraph`` lays text out on that grid itself (reportlab's own wrapping would not keep
the pitch). Where a line is full, what may not stay at its end moves down with the next
character: nothing closing starts a line, nothing opening ends one, and a number is not cut.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable, Frame

PAGE_WIDTH, PAGE_HEIGHT = A4
TOP, LEFT = 37 * mm, 28 * mm
AREA_WIDTH, AREA_HEIGHT = 156 * mm, 225 * mm
CHARS, LINES = 28, 22


def text_frame() -> Frame:
    """The 156 × 225 mm text area, with no padding: the grid starts at its edge."""
    return Frame(
        LEFT,
        PAGE_HEIGHT - TOP - AREA_HEIGHT,
        AREA_WIDTH,
        AREA_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


CELL = AREA_WIDTH / CHARS  # character pitch (≈ 5.57 mm)
PITCH = AREA_HEIGHT / LINES  # line pitch (≈ 10.23 mm)
#: 三号 exactly (the standard's size). A 16 pt glyph is 0.2 pt wider than its cell: runs are
#: drawn with that much negative character spacing (PDF ``Tc``), as Word's grid does, so the
#: glyphs keep their size and the characters keep the grid.
BODY_SIZE = 16.0
#: may not start a line (行首禁则)
NO_START = set("，。、；：？！）》」』”’〉】…—,.;:?!)%℃")
#: may not end a line (行尾禁则)
NO_END = set("（《「『“‘〈【(")


def is_half(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("Na", "H")


@lru_cache(maxsize=8192)
def units_of(ch: str) -> int:
    """Width in half cells: 1 for half-width characters, 2 for full-width ones."""
    return 1 if is_half(ch) else 2


@lru_cache(maxsize=16384)
def glyph_width(ch: str, font: str, size: float) -> float:
    """A character's advance in a registered font (cached: the letters measure the same few
    hundred characters tens of thousands of times)."""
    return float(stringWidth(ch, font, size))


def break_lines(text: str, *, indent: int = 2, capacity: int = CHARS * 2) -> list[str]:
    """``_break_lines``, cached (the letters of a year share most of their paragraphs)."""
    return list(_break_lines(text, indent, capacity))


@lru_cache(maxsize=4096)
def _break_lines(text: str, indent: int, capacity: int) -> tuple[str, ...]:
    """Split text into grid lines of at most ``capacity`` half cells (first line indented by
    ``indent`` characters). Where a line is full, the characters that may not stay at its end
    move down with the next one (``_carried``)."""
    lines: list[str] = []
    line: list[str] = []
    used = indent * 2
    for ch in text:
        width = units_of(ch)
        if used + width > capacity and line:
            keep = len(line) - _carried(line, ch)
            lines.append("".join(line[:keep]))
            line = line[keep:]
            used = sum(units_of(c) for c in line)
        line.append(ch)
        used += width
    if line:
        lines.append("".join(line))
    return tuple(lines)


#: at most this many characters move down from a full line (a longer number is cut)
MAX_CARRIED = 8


def _carried(line: list[str], following: str) -> int:
    """How many characters at the end of a full ``line`` move down with ``following``:
    closing punctuation may not start a line (行首禁则), opening punctuation may not end one
    (行尾禁则), and a number or Latin word of up to ``MAX_CARRIED`` characters is not cut."""
    n = 0
    keep_words = True
    limit = min(len(line) - 1, MAX_CARRIED)
    while n < limit:
        first, last = (line[-n] if n else following), line[-n - 1]
        joined = keep_words and _in_word(last) and _in_word(first)
        if not (first in NO_START or last in NO_END or joined):
            return n
        n += 1
        if n == limit and keep_words:
            n, keep_words = 0, False  # too long to move whole: cut it, punctuation rules only
    return n


def _in_word(ch: str) -> bool:
    """Part of a number or a Latin word (84.3, 2026-03-08, GB/T)."""
    return is_half(ch) and (ch.isalnum() or ch in "._-/")


@dataclass(frozen=True)
class GridStyle:
    font: str
    size: float = BODY_SIZE
    indent: int = 2  # characters of first-line indent (首行缩进两字)
    align: str = "left"  # or "center", "right"
    right_space: float = 0  # characters left empty at the right of a right-aligned line (右空四字)


#: reportlab's tolerance when a flowable fits (``frames._FUZZ``)
FUZZ = 1e-6


def lines_within(height: float) -> int:
    """How many lines of a paragraph that does not fit go on this page."""
    return int(height // PITCH + 1e-6)


class GridParagraph(Flowable):
    """A paragraph on the official grid; splits across pages by whole lines."""

    def __init__(
        self,
        text: str,
        style: GridStyle,
        lines: list[str] | None = None,
        first: bool = True,
        *,
        heading: bool = False,
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.first = first
        self.heading = heading
        self.lines = lines if lines is not None else break_lines(text, indent=style.indent)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return AREA_WIDTH, len(self.lines) * PITCH

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        fit = lines_within(avail_height)
        if fit <= 0 or fit >= len(self.lines):
            return []
        return [
            GridParagraph(self.text, self.style, self.lines[:fit], self.first),
            GridParagraph(self.text, self.style, self.lines[fit:], False),
        ]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        """Drawn in place (no moved origin); the graphics state is saved around it, as
        ``Flowable.drawOn`` does: its font and character spacing must not leak."""
        canvas.saveState()
        self._draw_at(canvas, x, y)
        canvas.restoreState()

    def draw(self) -> None:
        self._draw_at(self.canv, 0.0, 0.0)

    def _draw_at(self, canvas: Any, left: float, bottom: float) -> None:
        style = self.style
        text = canvas.beginText()
        text.setFont(style.font, style.size)
        count = len(self.lines)
        for n, line in enumerate(self.lines):
            grid_line(text, canvas, line, style, n == 0 and self.first, left, bottom, count - n)
        canvas.drawText(text)


def grid_line(
    text: Any,
    canvas: Any,
    line: str,
    style: GridStyle,
    first: bool,
    left: float,
    bottom: float,
    row: int,
) -> None:
    """Put one line of a paragraph in grid row ``row`` counted up from ``bottom`` (1: the
    lowest), indented when it is the ``first`` line of a left-aligned paragraph."""
    # baseline a little above the bottom of the line's cell row
    y = (row - 1) * PITCH + (PITCH - style.size) / 2 + style.size * 0.12
    y += bottom
    x = left
    if first and style.align == "left":
        x += style.indent * CELL
    elif style.align == "center":
        x += (AREA_WIDTH - line_units(line) * CELL / 2) / 2
    elif style.align == "right":
        x += AREA_WIDTH - (line_units(line) / 2 + style.right_space) * CELL
    _put_line(text, canvas, line, x, y, style.font, style.size)


def _put_line(
    text: Any, canvas: Any, line: str, x: float, y: float, font: str, size: float
) -> None:
    """Put one grid line as one PDF ``TJ`` string: the character spacing of its longest run,
    and between glyphs whose cells want them elsewhere (half-width digits among CJK) a
    ``TJ`` adjustment, so every glyph sits where ``line_runs`` puts it. reportlab's text
    object writes a string per run (``_formatText``); this is its TrueType branch for a
    whole line at once, keeping the text object's current font subset."""
    first, spacing, adjust = _line_layout(line, font, size)
    if spacing != getattr(text, "_charSpace", 0):
        text.setCharSpace(spacing)
    text.setTextOrigin(x + first, y)
    _show(text, canvas, line, font, size, adjust)


def show_text(text: Any, canvas: Any, line: str) -> None:
    """``text._textOut(line)`` in the text object's font (TrueType), through the document's
    cache of encoded lines: the letters repeat their table cells letter after letter."""
    _show(text, canvas, line, text._fontname, text._fontsize, ())


def _show(
    text: Any,
    canvas: Any,
    line: str,
    font: str,
    size: float,
    adjust: tuple[tuple[int, str], ...],
) -> None:
    # this document's font subsets and encoded lines (a glyph keeps its subset and code
    # once given one, so a line repeated by the next letter encodes alike)
    caches = canvas.__dict__.get("_grid_caches")
    if caches is None:
        caches = canvas._grid_caches = ({}, {})
    switches, encoded = caches
    line_key = (font, size, line)
    pieces = encoded.get(line_key)
    if pieces is None:
        pieces = encoded[line_key] = _encode_line(canvas, line, font, adjust)
    code = text._code
    for subset, shown in pieces:
        if subset != text._curSubset:
            key = (font, subset, size, text._leading)
            select = switches.get(key)
            if select is None:
                face: Any = getFont(font)
                name = face.getSubsetInternalName(subset, canvas._doc)
                select = switches[key] = f"{name} {fp_str(size)} Tf {fp_str(text._leading)} TL"
            code.append(select)
            text._curSubset = subset
        code.append(shown)


def _encode_line(
    canvas: Any, line: str, font: str, adjust: tuple[tuple[int, str], ...]
) -> tuple[tuple[int, str], ...]:
    """(font subset, ``TJ`` operator) of each run of ``line`` in one subset of ``font``."""
    face: Any = getFont(font)  # a TTFont: its subsets are per document
    escape = canvas._escape
    pieces = []
    at = 0
    for subset, chunk in face.splitString(line, canvas._doc):
        end = at + len(chunk)
        parts = []
        start = 0
        for index, shift in adjust:
            if at <= index < end:
                j = index - at
                if j > start:
                    parts.append(f"({escape(chunk[start:j])})")
                parts.append(shift)
                start = j
        parts.append(f"({escape(chunk[start:])})")
        at = end
        pieces.append((subset, f"[{' '.join(parts)}] TJ"))
    return tuple(pieces)


@lru_cache(maxsize=8192)
def _line_layout(
    line: str, font: str, size: float
) -> tuple[float, float, tuple[tuple[int, str], ...]]:
    """(where the first glyph starts, the line's character spacing, the ``TJ`` adjustments:
    (index of the character they go before, amount)) for ``line_runs``' positions."""
    runs = line_runs(line, font, size)
    spacing = max(runs, key=lambda r: len(r[2]))[1] if runs else 0.0
    places: list[tuple[float, float]] = []  # per glyph: left edge, natural advance
    for offset, space, run in runs:
        glyph = glyph_width(run[0], font, size)
        advance = glyph + space
        places += [(offset + k * advance, glyph) for k in range(len(run))]
    adjust = []
    for index, ((left, glyph), (next_left, _g)) in enumerate(pairwise(places), start=1):
        gap = next_left - (left + glyph + spacing)
        if abs(gap) >= 1e-9:
            adjust.append((index, fp_str(-gap * 1000 / size)))
    return (runs[0][0] if runs else 0.0), spacing, tuple(adjust)


@lru_cache(maxsize=8192)
def line_units(line: str) -> int:
    return sum(units_of(c) for c in line)


@lru_cache(maxsize=8192)
def line_runs(line: str, font: str, size: float) -> tuple[tuple[float, float, str], ...]:
    """A grid line as runs to draw: (x offset, character spacing, text). Each glyph is
    centred in its cell (a full cell for a full-width character, half a cell for a
    half-width one); a run of glyphs of one width goes out as one string, spaced to the
    cells by character spacing (a 16 pt CJK glyph is ≤ 0.2 pt wider than its cell): the
    same positions as glyph by glyph, a fraction of the drawing calls. Cached: the letters
    of a year repeat most of their lines."""
    runs: list[tuple[float, float, str]] = []
    at = 0.0
    chars: list[str] = []
    key: tuple[int, float] = (0, 0.0)

    def put() -> None:
        nonlocal at
        units, glyph = key
        advance = units * CELL / 2
        space = advance - glyph
        runs.append((at + space / 2, space, "".join(chars)))
        at += len(chars) * advance
        chars.clear()

    for ch in line:
        shape = (units_of(ch), glyph_width(ch, font, size))
        if chars and shape != key:
            put()
        key = shape
        chars.append(ch)
    if chars:
        put()
    return tuple(runs)


class GridSpace(Flowable):
    """Whole empty grid lines."""

    def __init__(self, lines: int = 1) -> None:
        super().__init__()
        self.lines = lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return AREA_WIDTH, self.lines * PITCH

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        return None

    def draw(self) -> None:
        return None


class SnapToGrid(Flowable):
    """Wraps a flowable (a table) and rounds its height up to whole grid lines, so that the
    body text after it stays on the grid."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner
        self._height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _w, h = self.inner.wrap(avail_width, avail_height)
        lines = int(-(-h // PITCH))
        self._height = lines * PITCH
        return AREA_WIDTH, self._height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = self.inner.split(avail_width, avail_height)
        return [SnapToGrid(p) for p in parts]

    def draw(self) -> None:
        _w, h = self.inner.wrap(AREA_WIDTH, self._height)
        self.inner.drawOn(self.canv, 0, self._height - h)


class DocStart(Flowable):
    """Marks the page where a document begins (its page numbers start at 1)."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.doc_start = self.canv.getPageNumber()  # type: ignore[attr-defined]
