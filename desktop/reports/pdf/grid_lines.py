"""Runs of grid paragraphs laid out and drawn as one flowable (issue 21: platypus handled a
flowable 2,596 times for the 239 pages of the large demo's letters, each placed, measured
and drawn in its own saved graphics state; now 1,398 times).

``merge`` turns a story's runs of ``GridParagraph`` (and the ``CondPageBreak`` that keeps a
heading with what follows) into ``GridLines``, which a ``GridDocument`` lays out exactly as
it would have laid out the paragraphs one by one: where a page ends, where each line is
drawn and where the frame goes on from are computed from the frame's own position, step by
step, as the frame computes them for each paragraph. Floating point makes that matter: a
page's room is a multiple of the pitch give or take the last bit, and that bit decides
whether a last line still fits (``lines_within``).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable
from reportlab.platypus.doctemplate import FrameBreak

from desktop.reports.pdf.official import (
    AREA_WIDTH,
    FUZZ,
    PITCH,
    GridParagraph,
    GridStyle,
    grid_line,
    lines_within,
)

#: one line of ``GridLines``: its text, its paragraph's style, whether it starts the paragraph
GridLine = tuple[str, GridStyle, bool]


class GridLines(Flowable):
    """Paragraphs that follow one another on the grid, as one flowable (``merge``): their
    lines, drawn with one text object. It is laid out as the paragraphs one by one would be,
    to the last bit of every position: where it splits (``split``), where each paragraph is
    drawn and where it leaves the frame (``wrap``, ``placed``: the positions the frame would
    have reached subtracting the paragraphs' heights one by one, which decide further down
    the page whether a line still fits). Only in a ``GridDocument``."""

    def __init__(self, lines: list[GridLine], need: float = 0.0) -> None:
        super().__init__()
        self.lines = lines
        self.paragraphs = _paragraphs(lines)
        #: the height of the ``CondPageBreak`` it took the place of (``merge``): less room
        #: than that on the page, and it starts the next
        self.need = need
        self._bottoms: list[float] | None = None  # each paragraph's bottom, when placed

    def _wants_next_page(self, frame: Any) -> bool:
        # CondPageBreak.wrap's test, with the room the frame would have given it
        return bool(self.need) and frame._y - frame._y1p < self.need

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        frame = getattr(self, "_frame", None)
        if frame is None:
            self._bottoms = None
            return AREA_WIDTH, len(self.lines) * PITCH
        if self._wants_next_page(frame):
            self._bottoms = None
            return AREA_WIDTH, 0xFFFFFF  # does not fit: split puts a frame break first
        top = y = frame._y
        self._bottoms = []
        for count in self.paragraphs:
            y -= count * PITCH
            self._bottoms.append(y)
        return AREA_WIDTH, top - y

    def placed(self, frame: Any) -> None:
        """Called by the document once the frame has placed it: the frame goes on from where
        the paragraphs one by one would have left it (``top - height`` can miss it by a bit)."""
        if self._bottoms:
            frame._y = self._bottoms[-1]

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Where the paragraphs one by one would end this page: the frame places each that
        fits whole (``Frame.add``: its bottom not below the frame's, give or take ``FUZZ``)
        and splits the first that does not (``GridParagraph.split``)."""
        frame = getattr(self, "_frame", None)
        if frame is not None and self._wants_next_page(frame):
            return [FrameBreak(), GridLines(self.lines)]
        y, bottom = (frame._y, frame._y1p) if frame is not None else (avail_height, 0.0)
        taken = 0
        for count in self.paragraphs:
            height = count * PITCH
            if y - bottom > 0 and not y - height < bottom - FUZZ:
                y -= height
                taken += count
                continue
            fit = lines_within(y - bottom) if y - bottom > 0 else 0
            if 0 < fit < count:
                taken += fit
            break
        if taken <= 0:
            return []
        # all fitting one by one while the whole did not would take a rounding of more than
        # FUZZ: leave the last line over rather than fail
        taken = min(taken, len(self.lines) - 1)
        return [GridLines(self.lines[:taken]), GridLines(self.lines[taken:])]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        """As ``GridParagraph.drawOn`` of each paragraph at its own bottom, in place, the
        graphics state saved around them."""
        bottoms = self._bottoms
        if not bottoms:  # not placed by a frame: stacked up from y
            bottoms = []
            for count in reversed(self.paragraphs):
                bottoms.insert(0, y)
                y += count * PITCH
        canvas.saveState()
        text = canvas.beginText()
        font: tuple[str, float] | None = None
        index = 0
        for count, bottom in zip(self.paragraphs, bottoms, strict=True):
            for n in range(count):
                line, style, first = self.lines[index + n]
                if font != (style.font, style.size):
                    font = (style.font, style.size)
                    text.setFont(style.font, style.size)
                grid_line(text, canvas, line, style, first, x, bottom, count - n)
            index += count
        canvas.drawText(text)
        canvas.restoreState()

    def draw(self) -> None:
        raise NotImplementedError("drawn in place by drawOn")


class GridDocument(BaseDocTemplate):
    """A document whose flowables may ask to be told when a frame has placed them
    (``placed(frame)``): ``GridLines`` keeps the frame's position exact."""

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802
        placed = getattr(flowable, "placed", None)
        if placed is not None:
            placed(self.frame)


def _paragraphs(lines: list[GridLine]) -> list[int]:
    """The line counts of the paragraphs (the first may be the rest of one) in ``lines``."""
    counts: list[int] = []
    for n, (_line, _style, first) in enumerate(lines):
        if first or n == 0:
            counts.append(0)
        counts[-1] += 1
    return counts


def merge(flow: list[Any]) -> list[Any]:
    """``flow`` with each run of two or more paragraphs made one ``GridLines``, and with
    each ``CondPageBreak`` just before paragraphs made part of them (``need``): the same
    lines at the same places, a fraction of the flowables for the page layout to place and
    of the text objects in the PDF."""
    result: list[Any] = []
    run: list[GridParagraph] = []
    need = 0.0

    def close() -> None:
        nonlocal need
        if len(run) > 1 or (run and need):
            lines = [
                (line, p.style, n == 0 and p.first) for p in run for n, line in enumerate(p.lines)
            ]
            result.append(GridLines(lines, need))
        else:
            result.extend(run)
        run.clear()
        need = 0.0

    for index, item in enumerate(flow):
        if type(item) is GridParagraph:
            run.append(item)
            continue
        close()
        following = flow[index + 1] if index + 1 < len(flow) else None
        if isinstance(item, CondPageBreak) and type(following) is GridParagraph:
            need = item.height
        else:
            result.append(item)
    close()
    return result
