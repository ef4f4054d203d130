"""Bar charts for report PDFs, drawn shape by shape with reportlab's graphics (fonts embedded).

``chart_layout`` decides standing or lying bars, how names wrap and the value axis; this
module measures every text with ``stringWidth`` in the embedded Chinese font and places it
where it cannot touch another: names level (never rotated, never cut), each value at the end
of its bar in the chart's decimals (a stack's parts inside it when they fit, its total at
its end; smaller, down to ``VALUE_SHRINK``, where a month's slot is narrow), light gridlines
on round steps, ``单位：个`` above the plot at the value axis's end.
A time axis prints its months under the columns and each year once on the line below,
centred under its months, a light rule between two years.
Lying bars with more names than a page holds continue on the next page (``（续）``), on the
same axis. A chart with nothing to draw says 无数据 where the plot would be.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.reports.chart_layout import (
    MAX_COLUMN,
    PLOT_UNITS,
    SERIES_COLOURS,
    SLOT_SHARE,
    VALUE_SHRINK,
    BarLayout,
    bar_layout,
    bar_pitch,
    has_data,
    split_rows,
    unit_text,
    value_scale,
    value_text,
    wrap,
)
from desktop.reports.document import Chart

Anchor = Literal["start", "middle", "end"]
GRID = colors.HexColor("#d9d9d9")
INK = colors.HexColor("#333333")
TITLE_PT, LABEL_PT, VALUE_PT, NOTE_PT = 10.5, 8.0, 7.5, 7.5
GAP = 4.0  # between a text and what it labels
LEADING = 1.2  # a wrapped name's line spacing, in font sizes
DROP = 0.35  # a text's baseline below the line it is centred on, in font sizes
STANDING_HEIGHT = 200.0  # points: a chart of standing bars (about 70 mm)
BAR = 8.0  # a lying bar's thickness; each bar of a group of several is GROUP_BAR
GROUP_BAR = 8.5
LEGEND_BOX = 11.0  # a legend entry's colour box and the space after it
LEGEND_SPACE = 12.0  # between two entries on a legend's line
LEGEND_LEADING = NOTE_PT + 4  # from one line of the legend to the next


@dataclass(frozen=True)
class _Ink:
    font: str

    def width(self, text: str, size: float) -> float:
        return float(stringWidth(text, self.font, size))

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        anchor: Anchor = "start",
        colour: colors.Color = INK,
    ) -> String:
        return String(
            x, y, text, fontName=self.font, fontSize=size, textAnchor=anchor, fillColor=colour
        )


def series_colour(index: int) -> colors.Color:
    """Series ``index``'s colour, as Excel's charts have it too."""
    return colors.HexColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])


def _box(x: float, y: float, w: float, h: float, index: int) -> Rect:
    rect = Rect(x, y, w, h)  # colours set after: the stubs mistype Rect's keywords
    rect.fillColor = rect.strokeColor = series_colour(index)
    rect.strokeWidth = 0.1
    return rect


def _legend(ink: _Ink, chart: Chart, width: float) -> list[list[tuple[int | None, str]]]:
    """The legend's lines, each as many entries (series index, name) as fit across ``width``
    in the order of the series; none for a single series (the title names it). A name wider
    than a line wraps, its further lines without a colour box (index None)."""
    if len(chart.series) < 2:
        return []
    lines: list[list[tuple[int | None, str]]] = [[]]
    used = 0.0
    limit = (width - LEGEND_BOX) / NOTE_PT  # in CJK units of the legend's font
    for index, (name, _values) in enumerate(chart.series):
        pieces = wrap(name, limit) if ink.width(name, NOTE_PT) + LEGEND_BOX > width else (name,)
        for n, piece in enumerate(pieces):
            entry = ink.width(piece, NOTE_PT) + LEGEND_BOX
            if lines[-1] and (n > 0 or used + LEGEND_SPACE + entry > width):
                lines.append([])
                used = 0.0
            used += entry + (LEGEND_SPACE if lines[-1] else 0.0)
            lines[-1].append((index if n == 0 else None, piece))
    return lines


def _legend_height(lines: int) -> float:
    return NOTE_PT + 8 + (lines - 1) * LEGEND_LEADING if lines else 0.0


def _header_height(ink: _Ink, chart: Chart, width: float) -> float:
    """Title, legend (several series, on as many lines as it takes), the unit's line."""
    return TITLE_PT + 6 + _legend_height(len(_legend(ink, chart, width))) + NOTE_PT + 6


def _header(ink: _Ink, chart: Chart, drawing: Drawing, title: str) -> float:
    """The title, and a legend when there are several series, each of its lines centred;
    returns where they end."""
    width = drawing.width
    top = drawing.height - TITLE_PT - 2
    drawing.add(ink.text(width / 2, top, title, TITLE_PT, "middle"))
    for number, line in enumerate(_legend(ink, chart, width)):
        items = [(ink.width(name, NOTE_PT) + LEGEND_BOX, index, name) for index, name in line]
        x = (width - sum(w for w, _i, _n in items) - LEGEND_SPACE * (len(items) - 1)) / 2
        top -= NOTE_PT + 8 if number == 0 else LEGEND_LEADING
        for w, index, name in items:
            if index is not None:
                drawing.add(_box(x, top - 0.5, 8, 7, index))
            drawing.add(ink.text(x + LEGEND_BOX, top, name, NOTE_PT))
            x += w + LEGEND_SPACE
    return top - 4


def empty_drawing(chart: Chart, font: str, width: float) -> Drawing:
    """The title over 无数据, where the plot would be: no empty axes."""
    ink = _Ink(font)
    lines = len(_legend(ink, chart, width))
    drawing = Drawing(width, 90 + max(0, lines - 1) * LEGEND_LEADING)
    _header(ink, chart, drawing, chart.title)
    drawing.add(ink.text(width / 2, 36, "无数据", 10, "middle", colors.grey))
    return drawing


def bar_drawings(chart: Chart, font: str, width: float, max_height: float) -> list[Drawing]:
    """``chart`` as one drawing of standing bars, or as lying bars in parts no taller than
    ``max_height``; a chart with nothing to draw as its title over 无数据."""
    if not has_data(chart):
        return [empty_drawing(chart, font, width)]
    ink = _Ink(font)
    layout = bar_layout(chart)
    if layout.horizontal:
        return _lying(ink, chart, layout, width, max_height)
    return [_standing(ink, chart, layout, width)]


def _column(chart: Chart, index: int) -> list[float | None]:
    """Category ``index``'s value in each series."""
    return [values[index] if index < len(values) else None for _name, values in chart.series]


def _ends(chart: Chart, numbers: Sequence[float | None]) -> list[float | None]:
    """The values printed at the bars' ends: each bar's, or a stack's total (None, printed
    —, when none of its parts has a value: no data is not 0)."""
    if chart.kind == "stacked":
        known = [v for v in numbers if v is not None]
        return [sum(known) if known else None]
    return list(numbers)


def _shown(value: float | None, decimals: int) -> str:
    return "—" if value is None else value_text(value, decimals)


@dataclass(frozen=True)
class _Bars:
    """Draws one category's bars along a value scale, whichever way they run: ``along`` maps
    a value to its position on the value axis, ``across`` is the category's centre line."""

    ink: _Ink
    chart: Chart
    decimals: int
    lying: bool
    base: float  # the value axis's 0
    scale: float  # points per unit of value
    size: float = VALUE_PT  # the values' font size

    def along(self, value: float) -> float:
        return self.base + self.scale * max(value, 0.0)

    def _rect(self, start: float, end: float, centre: float, thick: float, index: int) -> Rect:
        a, b = self.along(start), self.along(end)
        if self.lying:
            return _box(a, centre - thick / 2, b - a, thick, index)
        return _box(centre - thick / 2, a, thick, b - a, index)

    def _label(self, text: str, at: float, centre: float, colour: colors.Color = INK) -> String:
        if self.lying:
            return self.ink.text(at, centre - self.size * DROP, text, self.size, "start", colour)
        return self.ink.text(centre, at, text, self.size, "middle", colour)

    def draw(self, group: Group, values: Group, numbers: list[float | None], centre: float,
             thick: float) -> None:  # fmt: skip
        if self.chart.kind == "stacked":
            self._stack(group, values, numbers, centre, thick)
            return
        count = len(numbers)
        for index, value in enumerate(numbers):
            # a group's bars side by side, the first on top (lying) or on the left (standing)
            offset = (index - (count - 1) / 2) * thick
            middle = centre - offset if self.lying else centre + offset
            if value is not None and value > 0:
                group.add(self._rect(0.0, value, middle, thick, index))
            end = self.along(0.0 if value is None else value)
            values.add(self._label(_shown(value, self.decimals), end + GAP / 2, middle))

    def _stack(self, group: Group, values: Group, numbers: list[float | None], centre: float,
               thick: float) -> None:  # fmt: skip
        start = 0.0
        for index, value in enumerate(numbers):
            if value is None or value <= 0:
                continue  # an empty part: no bar, no 0 over the next part's value
            group.add(self._rect(start, start + value, centre, thick, index))
            shown = value_text(value, self.decimals)
            length = self.along(start + value) - self.along(start)
            room = (length, thick) if self.lying else (thick, length)
            if self.ink.width(shown, self.size) <= room[0] - 3 and room[1] >= self.size + 1:
                middle = self.along(start + value / 2)
                if self.lying:
                    middle -= self.ink.width(shown, self.size) / 2
                else:
                    middle -= self.size * DROP
                values.add(self._label(shown, middle, centre, colors.white))
            start += value
        [total] = _ends(self.chart, numbers)
        values.add(self._label(_shown(total, self.decimals), self.along(start) + GAP / 2, centre))


def _value_size(ink: _Ink, chart: Chart, decimals: int, slot: float, pitch: float) -> float:
    """The values' font size: VALUE_PT, smaller where a category's values, each over its own
    bar ``pitch`` apart, need more than its ``slot``; never below VALUE_SHRINK of the names'
    size (the layout made sure they fit at that size)."""
    size = VALUE_PT
    for i in range(len(chart.categories)):
        texts = [_shown(v, decimals) for v in _ends(chart, _column(chart, i))]
        size = min(size, value_scale([ink.width(t, 1.0) for t in texts], slot, pitch))
    return max(size, LABEL_PT * VALUE_SHRINK)


def _standing(ink: _Ink, chart: Chart, layout: BarLayout, width: float) -> Drawing:
    """Standing bars, the names under them (on a time axis, the years on a line below the
    months), the values over them."""
    axis = layout.axis
    ticks = [value_text(t, axis.decimals) for t in axis.ticks()]
    left = max(ink.width(t, VALUE_PT) for t in ticks) + GAP + 2
    right = width - 8
    slot = (right - left) / len(chart.categories)
    # names 8 pt, smaller only if the frame is narrower than the plot the layout assumed
    size = min(LABEL_PT, slot * len(chart.categories) / PLOT_UNITS)
    for line in (line for label in layout.labels for line in label if line):
        size = min(size, slot * layout.every * SLOT_SHARE / max(ink.width(line, 1.0), 0.01))
    name_lines = layout.lines + (1 if layout.timeline else 0)
    height = STANDING_HEIGHT + (name_lines - 1) * size * LEADING
    drawing = Drawing(width, height)
    top = _header(ink, chart, drawing, chart.title) - NOTE_PT - 2
    drawing.add(ink.text(2, top, unit_text(chart), NOTE_PT, "start", colors.grey))
    plot_top = top - VALUE_PT - 2 * GAP  # the values over the tallest bar stay under the unit
    bottom = GAP + name_lines * size * LEADING + 2
    series = 1 if chart.kind == "stacked" else len(chart.series)
    thick = bar_pitch(slot, series, MAX_COLUMN * LABEL_PT)
    value_size = _value_size(ink, chart, layout.decimals, slot, thick)
    scale = (plot_top - bottom) / axis.maximum
    bars = _Bars(ink, chart, layout.decimals, False, bottom, scale, value_size)
    grid = Group()
    for tick, shown in zip(axis.ticks(), ticks, strict=True):
        y = bars.along(tick)
        if tick > 0:
            grid.add(Line(left, y, right, y, strokeColor=GRID, strokeWidth=0.5))
        grid.add(ink.text(left - GAP, y - VALUE_PT * DROP, shown, VALUE_PT, "end"))
    grid.add(Line(left, bottom, right, bottom, strokeColor=INK, strokeWidth=0.8))
    drawing.add(grid, name="grid")
    names, shapes, values = Group(), Group(), Group()
    for i, label in enumerate(layout.labels):
        centre = left + slot * (i + 0.5)
        for n, line in enumerate(label):
            names.add(ink.text(centre, bottom - GAP - size - n * size * LEADING, line, size,
                               "middle"))  # fmt: skip
        bars.draw(shapes, values, _column(chart, i), centre, thick)
    if layout.timeline:
        _years(ink, layout, names, (left, slot, bottom), size)
    drawing.add(shapes, name="bars")
    drawing.add(names, name="names")
    drawing.add(values, name="values")
    return drawing


def _years(
    ink: _Ink, layout: BarLayout, names: Group, plot: tuple[float, float, float], size: float
) -> None:
    """Each year once, centred under its months on the line below them, a light rule
    from the axis down between two years; ``plot`` is (left, slot, bottom)."""
    left, slot, bottom = plot
    baseline = bottom - GAP - size - layout.lines * size * LEADING
    for span in layout.years:
        start, end = left + slot * span.first, left + slot * (span.first + span.count)
        names.add(ink.text((start + end) / 2, baseline, span.text, size, "middle"))
        if span.first > 0:
            rule = Line(start, bottom, start, baseline - size * DROP, strokeColor=GRID)
            rule.strokeWidth = 0.6
            names.add(rule)


def _row_height(label: tuple[str, ...], thick: float, series: int) -> float:
    return max(len(label) * LABEL_PT * LEADING, thick * series) + 3


def _lying(
    ink: _Ink, chart: Chart, layout: BarLayout, width: float, max_height: float
) -> list[Drawing]:
    """Lying bars, a row a category in the order given, in the fewest parts that each fit
    in ``max_height``, the rows shared out evenly between them; every part on the same
    axis (its name column as wide as the widest name of all, the same room for the values
    at the bars' ends), so a value is as long a bar on every page."""
    series = 1 if chart.kind == "stacked" else len(chart.series)
    thick = BAR if series == 1 else GROUP_BAR
    rows = [_row_height(label, thick, series) for label in layout.labels]
    room = max_height - _header_height(ink, chart, width) - (VALUE_PT + 2 * GAP + 2)
    ticks = [value_text(t, layout.axis.decimals) for t in layout.axis.ticks()]
    ends = [
        _shown(v, layout.decimals)
        for i in range(len(chart.categories))
        for v in _ends(chart, _column(chart, i))
    ]
    left = max(ink.width(line, LABEL_PT) for label in layout.labels for line in label) + 2 * GAP
    right = width - max(ink.width(t, VALUE_PT) for t in ends) - 2 * GAP
    right = min(right, width - ink.width(ticks[-1], VALUE_PT) / 2 - 2)
    plot = (width, left, right, thick)
    parts = split_rows(rows, room)
    return [
        _lying_part(ink, chart, layout, plot, [(i, rows[i]) for i in part], first=n == 0)
        for n, part in enumerate(parts)
    ]


def _lying_part(
    ink: _Ink,
    chart: Chart,
    layout: BarLayout,
    plot: tuple[float, float, float, float],
    rows: list[tuple[int, float]],
    *,
    first: bool,
) -> Drawing:
    """One part of a lying chart: the rows ``rows`` (category, height) on the axis ``plot``
    (the drawing's width, the value axis's 0 and its end, the bars' thickness)."""
    width, left, right, thick = plot
    axis = layout.axis
    ticks = [value_text(t, axis.decimals) for t in axis.ticks()]
    bottom = VALUE_PT + 2 * GAP + 2
    plot_h = sum(h for _i, h in rows)
    drawing = Drawing(width, bottom + plot_h + _header_height(ink, chart, width))
    top = _header(ink, chart, drawing, chart.title if first else f"{chart.title}（续）")
    drawing.add(ink.text(right, top - NOTE_PT - 2, unit_text(chart), NOTE_PT, "end", colors.grey))
    bars = _Bars(ink, chart, layout.decimals, True, left, (right - left) / axis.maximum)
    grid = Group()
    for tick, shown in zip(axis.ticks(), ticks, strict=True):
        x = bars.along(tick)
        if tick > 0:
            grid.add(Line(x, bottom, x, bottom + plot_h, strokeColor=GRID, strokeWidth=0.5))
        grid.add(ink.text(x, bottom - GAP - VALUE_PT, shown, VALUE_PT, "middle"))
    grid.add(Line(left, bottom, left, bottom + plot_h, strokeColor=INK, strokeWidth=0.8))
    drawing.add(grid, name="grid")
    names, shapes, values = Group(), Group(), Group()
    leading = LABEL_PT * LEADING
    y = bottom + plot_h
    for i, height in rows:
        centre = y - height / 2
        y -= height
        label = layout.labels[i]
        first_line = centre + (len(label) - 1) * leading / 2 - LABEL_PT * DROP
        for n, line in enumerate(label):
            names.add(ink.text(left - GAP, first_line - n * leading, line, LABEL_PT, "end"))
        bars.draw(shapes, values, _column(chart, i), centre, thick)
    drawing.add(shapes, name="bars")
    drawing.add(names, name="names")
    drawing.add(values, name="values")
    return drawing
