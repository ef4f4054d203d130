"""How a report's chart is laid out: decided here once, drawn by the PDF (``pdf.bar_charts``)
and by Excel (``xlsx_charts``), so both show the same chart.

A category label is always printed level: never rotated, never cut, never over its
neighbour. Bars stand up (vertical bars, labels under them) while every label and value fits
under and over its own bar; otherwise, with long names or many categories, the bars lie down
(horizontal bars, names in a column on the left, one category a row), as statistics yearbooks
print a list of villages. More than 12 months (``2025-03``) are a time series, not a list:
they stand as columns left to right on a two-level time axis, each column's month under it
(``3``, or ``3月`` when that fits) and each year once under its months (``2025年``), as a
yearbook prints a monthly series. The value axis starts at 0 and ends on a round step.

Widths are in CJK units: a Chinese character is 1, a digit or Latin letter ½ (about what a
CJK font gives them). Pure Python: no reportlab, no openpyxl.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from desktop.reports.document import Chart

#: each series' colour, the same in the PDF and in Excel
SERIES_COLOURS = ("#4a7fb5", "#d9534f", "#9e9e9e", "#5cb85c", "#f0ad4e", "#8e6cb5")
#: labels this many units wide fit across a chart's plot: the PDF and Excel size their plots
#: so that at least this many characters of the label font fit (PDF_LABEL_PT / EXCEL_LABEL_PT)
PLOT_UNITS = 48.0
VERTICAL_MAX = 12  # more categories than this: horizontal bars
LABEL_LINES = 2  # a standing bar's label wraps to at most two lines
LONG_NAME = 10.0  # a name longer than this (CJK units) lies beside its bar, never under it
ROW_LABEL_UNITS = 12.0  # the widest line of the name column beside horizontal bars
SLOT_SHARE = 0.9  # the part of a category's slot its label or its values may take
BAR_SHARE = 0.6  # the part of a category's slot its standing bars take together
#: the widest standing bar, in units: the PDF's 36 pt at its 8-pt names (``LABEL_PT``)
MAX_COLUMN = 4.5
VALUE_GAP = 1.0  # units between two neighbouring values of a group of standing bars
#: a month's values may shrink to this share of the label font (the PDF's 7.5 pt to about
#: 5.6 pt) to fit over its column; smaller still, the months lie down as bars instead
VALUE_SHRINK = 0.7
MONTH_EVERY = (1, 2, 3, 6, 12)  # a month label every so many months, when not all fit
MONTH = re.compile(r"(\d{4})-(\d{2})|(\d{4})年(\d{1,2})月")

NARROW = frozenset("0123456789.,:;%+-/()[]# ")
OPENING = frozenset("（《“‘〔【(")
CLOSING = frozenset("）》”’〕】)，。、；：！？,.;:!?%")


def units(text: str) -> float:
    """The text's width in CJK units (a Chinese character 1, a digit or letter ½)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _tokens(text: str) -> list[str]:
    """Pieces a line may break between: each Chinese character alone, runs of digits and
    letters whole (``2025-03`` is never split), an opening bracket with what follows it and
    closing punctuation with what precedes it."""
    tokens: list[str] = []
    for ch in text:
        narrow = ord(ch) < 0x2E80 and ch not in OPENING and ch not in CLOSING
        last = tokens[-1] if tokens else ""
        if last and (
            ch in CLOSING
            or last[-1] in OPENING
            or (narrow and ord(last[-1]) < 0x2E80 and last[-1] not in CLOSING)
        ):
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return tokens


def _greedy(tokens: list[str], limit: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for token in tokens:
        if line and units(line + token) > limit:
            lines.append(line)
            line = ""
        rest = token
        while units(rest) > limit and len(rest) > 1:  # a run longer than a line: cut it
            cut = next((i for i in range(len(rest) - 1, 0, -1) if units(rest[:i]) <= limit), 1)
            lines.append(rest[:cut])
            rest = rest[cut:]
        line += rest
    return [*lines, line] if line else lines


def wrap(text: str, limit: float) -> tuple[str, ...]:
    """``text`` in as few lines of at most ``limit`` units as it takes, the lines balanced
    (``某某镇中心卫生院妇女`` / ``儿童之家``, not a last line of one character)."""
    tokens = _tokens(text)
    lines = _greedy(tokens, limit)
    if len(lines) < 2:
        return tuple(lines) or ("",)
    # no narrower than the widest piece: a number is cut only when it is wider than a line
    width = max(units(text) / len(lines), min(limit, max(units(t) for t in tokens)))
    while width < limit:  # the narrowest width that still takes no more lines
        tried = _greedy(tokens, width)
        if len(tried) <= len(lines):
            return tuple(tried)
        width += 0.5
    return tuple(lines)


@dataclass(frozen=True)
class ValueAxis:
    """From ``minimum`` to ``maximum`` in ticks of ``step``; ``decimals`` for the tick labels."""

    maximum: float
    step: float
    minimum: float = 0.0

    @property
    def decimals(self) -> int:
        return max(0, -math.floor(math.log10(self.step) + 1e-9)) if self.step < 1 else 0

    def ticks(self) -> list[float]:
        count = round((self.maximum - self.minimum) / self.step)
        return [round(self.minimum + n * self.step, 10) for n in range(count + 1)]


def _step(raw: float, *, whole: bool) -> float:
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    return max(step, 1.0) if whole else step


def bar_axis(highest: float, *, whole: bool = False) -> ValueAxis:
    """0 to a round step at or above ``highest``: steps of 1, 2 or 5 × 10^n, as close to
    five of them as there are (548 → 0..600 by 100, not 0..600 by 200); ``whole``: counts,
    no tick between two whole numbers."""
    if highest <= 0:
        return ValueAxis(1.0, 1.0 if whole else 0.2)
    magnitude = 10.0 ** math.floor(math.log10(highest / 5))
    steps = [m * magnitude * f for f in (0.1, 1, 10) for m in (1, 2, 5)]
    if whole:
        steps = [s for s in steps if s >= 1] or [1.0]

    def top(step: float) -> float:
        return round(math.ceil(highest / step - 1e-9) * step, 10)

    step = min(steps, key=lambda s: (abs(top(s) / s - 5), top(s)))
    return ValueAxis(top(step), round(step, 10))


def nice_range(values: list[float], *, from_zero: bool = False) -> tuple[float, float, float]:
    """(low, high, step) of a line chart's value axis that holds ``values`` with some air, on
    round steps (1, 2 or 5 × 10^n), about five of them: a rate that moves between 30 and 35
    is not a flat line on a 0..100 axis."""
    low, high = min(values), max(values)
    if from_zero:
        low = min(0.0, low)
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = _step((high - low) / 5, whole=False)
    bottom = math.floor(low / step) * step
    top = math.ceil(high / step) * step
    if top - high < step * 0.15:  # room for the value labels above the highest point
        top += step
    if not from_zero and bottom == low and bottom > 0:
        bottom -= step
    if min(values) >= 0:
        bottom = max(bottom, 0.0)
    return bottom, top, step


def value_text(value: float, decimals: int) -> str:
    """A value as the chart prints it: ``1,234``, ``98.6``; rounded half up, as the tables
    round (87.25 → 87.3, where a float's format would print 87.2)."""
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return f"{exact:,.{decimals}f}"


def number_format(decimals: int) -> str:
    """Excel's format for the same text as ``value_text``."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def unit_text(chart: Chart) -> str:
    """The value axis's title: ``单位：个``; empty when the chart has no unit."""
    return f"单位：{chart.unit}" if chart.unit else ""


def has_data(chart: Chart) -> bool:
    """Anything to draw: a chart without categories or without a single value prints
    无数据 in place of empty axes."""
    return bool(chart.categories) and any(
        v is not None for _name, values in chart.series for v in values
    )


def extents(chart: Chart) -> list[float]:
    """How far each category's bars reach: the stack's sum, else the longest bar."""
    columns = [
        [values[i] or 0.0 for _name, values in chart.series if i < len(values)]
        for i in range(len(chart.categories))
    ]
    if chart.kind == "stacked":
        return [sum(max(v, 0.0) for v in column) for column in columns]
    return [max(column, default=0.0) for column in columns]


@dataclass(frozen=True)
class YearSpan:
    """A year on a time axis: printed once, under its months ``first`` … ``first+count-1``."""

    year: int
    text: str  # ``2025年``, ``2025`` when its months are too few for that, else ""
    first: int
    count: int


@dataclass(frozen=True)
class BarLayout:
    horizontal: bool  # bars lie down, names in a column on the left
    labels: tuple[tuple[str, ...], ...]  # each category's name as printed, line by line
    axis: ValueAxis
    decimals: int  # places of the values printed at the bars
    years: tuple[YearSpan, ...] = ()  # a time axis: its years, on a line under the months
    every: int = 1  # a time axis labels every this many months (1, 3, 5 … for 2)

    @property
    def timeline(self) -> bool:
        """Months on a two-level time axis (months, then years)."""
        return bool(self.years)

    @property
    def lines(self) -> int:
        """The most lines a name takes."""
        return max((len(label) for label in self.labels), default=1)


def bar_pitch(slot: float, bars: int, widest: float = MAX_COLUMN) -> float:
    """How far apart the centres of a category's standing bars are, which is also each bar's
    width: ``BAR_SHARE`` of its ``slot`` shared by its ``bars``, no wider than ``widest``
    (in the slot's measure: units here, points in the PDF)."""
    return min(slot * BAR_SHARE / bars, widest)


def value_scale(widths: list[float], slot: float, pitch: float) -> float:
    """The largest font size (in the measure of ``slot`` per unit of ``widths``) at which the
    values over one category's standing bars stay apart: each centred on its own bar,
    ``pitch`` apart, ``VALUE_GAP`` between two neighbours, the group within its slot's
    ``SLOT_SHARE``. A single value (one series, a stack's total) only needs its slot."""
    room = slot * SLOT_SHARE
    if len(widths) < 2:
        return room / max(widths[0] if widths else 0.0, 0.01)
    pairs = min(pitch / ((a + b) / 2 + VALUE_GAP) for a, b in itertools.pairwise(widths))
    ends = (room - pitch * (len(widths) - 1)) / max((widths[0] + widths[-1]) / 2, 0.01)
    return max(0.0, min(pairs, ends))


def _values_fit(chart: Chart, decimals: int, slot: float, shrink: float = 1.0) -> bool:
    """The values over each category's standing bars fit, each over its own bar, at
    ``shrink`` of the names' size or larger."""
    bars = 1 if chart.kind == "stacked" else len(chart.series)
    pitch = bar_pitch(slot, bars)
    for i in range(len(chart.categories)):
        known = [values[i] if i < len(values) else None for _name, values in chart.series]
        if chart.kind == "stacked":  # the stack's total alone stands over the bar
            numbers = [v for v in known if v is not None]
            texts = [value_text(sum(numbers), decimals)] if numbers else ["—"]
        else:  # every bar's value, a missing one as —
            texts = ["—" if v is None else value_text(v, decimals) for v in known]
        if value_scale([units(t) for t in texts], slot, pitch) < shrink:
            return False
    return True


def bar_layout(chart: Chart) -> BarLayout:
    """Standing or lying bars for ``chart``, its names wrapped, its value axis."""
    decimals = chart.places
    reach = max(extents(chart), default=0.0)
    whole = decimals == 0 and chart.kind in ("bar", "stacked")
    axis = bar_axis(reach, whole=whole)
    count = len(chart.categories)
    timeline = _timeline(chart, axis, decimals)
    if timeline is not None:
        return timeline
    if 0 < count <= VERTICAL_MAX and all(units(c) <= LONG_NAME for c in chart.categories):
        slot = PLOT_UNITS / count
        limit = slot * SLOT_SHARE
        labels = tuple(wrap(c, limit) for c in chart.categories)
        fits = all(len(label) <= LABEL_LINES for label in labels) and all(
            units(line) <= limit for label in labels for line in label
        )
        if fits and _values_fit(chart, decimals, slot):
            return BarLayout(False, labels, axis, decimals)
    column = min(ROW_LABEL_UNITS, max((units(c) for c in chart.categories), default=1.0))
    labels = tuple(wrap(c, column) for c in chart.categories)
    return BarLayout(True, labels, axis, decimals)


def months_of(categories: list[str]) -> list[tuple[int, int]] | None:
    """(year, month) of each category when every one is a month (``2025-03`` or
    ``2025年3月``), else None."""
    found = [MONTH.fullmatch(c.strip()) for c in categories]
    if not found or any(m is None or int(m[2] or m[4]) not in range(1, 13) for m in found):
        return None
    return [(int(m[1] or m[3]), int(m[2] or m[4])) for m in found if m]


def _timeline(chart: Chart, axis: ValueAxis, decimals: int) -> BarLayout | None:
    """More than 12 months as columns on a two-level time axis: the month under each
    column, short enough for its slot (``3月``, else ``3``, else only every 2nd, 3rd …
    month labelled), the year once under its months. None for other names or up to 12
    months, and when the values cannot stand readably over their columns."""
    months = months_of(chart.categories)
    if months is None or len(months) <= VERTICAL_MAX:
        return None
    slot = PLOT_UNITS / len(months)
    if not _values_fit(chart, decimals, slot, VALUE_SHRINK):
        return None  # not readable over the columns even when shrunk: bars lie down
    room = slot * SLOT_SHARE
    every, form = next(
        ((n, f) for n in MONTH_EVERY for f in ("{}月", "{}") if units(f.format(12)) <= room * n),
        (MONTH_EVERY[-1], "{}"),
    )
    labels = tuple((form.format(m) if (m - 1) % every == 0 else "",) for _y, m in months)
    runs: list[list[int]] = []  # [year, first, count] of each run of one year's months
    for index, (year, _month) in enumerate(months):
        if runs and runs[-1][0] == year:
            runs[-1][2] += 1
        else:
            runs.append([year, index, 1])
    years = tuple(
        YearSpan(year, _year_text(year, count * room), first, count) for year, first, count in runs
    )
    return BarLayout(False, labels, axis, decimals, years, every)


def _year_text(year: int, room: float) -> str:
    """``2025年`` under a year's months, ``2025`` when they are too few for that, else ""."""
    return next((t for t in (f"{year}年", f"{year}") if units(t) <= room), "")


def split_rows(heights: list[float], room: float) -> list[range]:
    """Rows of ``heights`` in the fewest parts that each take at most ``room``, shared out
    evenly between them (a row taller than ``room`` alone is a part of its own)."""
    count = 1
    while True:
        share = math.ceil(len(heights) / count)
        parts = [range(n, min(n + share, len(heights))) for n in range(0, len(heights), share)]
        if share == 1 or all(sum(heights[i] for i in part) <= room for part in parts):
            return parts
        count += 1
