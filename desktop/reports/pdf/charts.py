"""Charts for report PDFs, drawn with reportlab's own graphics (fonts embedded); bar charts
are ``bar_charts``'s, line charts are drawn here.

Line charts are drawn here point by point rather than with reportlab's ``HorizontalLineChart``:
that chart joins the points on either side of a missing value, and a missing year must read
as a gap, never as a value (nor as a line through it). The value axis is fitted to the data
and the target (a rate that moves between 30 and 35 would be a flat line on a 0..100 axis),
every point has a marker and its value printed above it.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from desktop.reports.chart_layout import (
    ValueAxis,
    has_data,
    nice_range,
    value_text,
    wrap,
)
from desktop.reports.document import Chart
from desktop.reports.pdf.bar_charts import bar_drawings, empty_drawing, series_colour
from desktop.reports.pdf.fonts import FontSet

PLOT_X, PLOT_Y = 40.0, 40.0
LINE_HEIGHT = 70 * mm


def line_drawing(chart: Chart, fonts: FontSet, width: float, height: float) -> Drawing:
    song = fonts.name("song")
    drawing = Drawing(width, height)
    drawing.add(
        String(width / 2, height - 12, chart.title, fontName=song, fontSize=10, textAnchor="middle")
    )
    plot_w, plot_h = width - 170, height - 70
    known = [v for _name, values in chart.series for v in values if v is not None]
    if chart.target is not None:
        known.append(chart.target)
    low, high, step = nice_range(known or [0.0, 1.0])

    def y_of(value: float) -> float:
        return PLOT_Y + plot_h * (value - low) / (high - low)

    count = max(len(chart.categories), 1)

    def x_of(index: int) -> float:
        return PLOT_X + plot_w * (index + 0.5) / count

    axes = Group()
    decimals = ValueAxis(high, step, low).decimals  # the ticks as the values are printed
    tick = low
    while tick <= high + step / 1000:
        y = y_of(tick)
        axes.add(Line(PLOT_X, y, PLOT_X + plot_w, y, strokeColor=colors.HexColor("#dddddd")))
        axes.add(
            String(
                PLOT_X - 4,
                y - 2.5,
                value_text(tick, decimals),
                fontName=song,
                fontSize=7,
                textAnchor="end",
            )
        )
        tick = round(tick + step, 10)
    axes.add(Line(PLOT_X, PLOT_Y, PLOT_X, PLOT_Y + plot_h, strokeColor=colors.black))
    axes.add(Line(PLOT_X, PLOT_Y, PLOT_X + plot_w, PLOT_Y, strokeColor=colors.black))
    if low > 0:  # the axis does not start at 0: say so with a break mark
        axes.add(Line(PLOT_X - 3, PLOT_Y + 3, PLOT_X + 3, PLOT_Y + 6, strokeColor=colors.black))
    for index, category in enumerate(chart.categories):
        axes.add(
            String(
                x_of(index), PLOT_Y - 12, category, fontName=song, fontSize=7, textAnchor="middle"
            )
        )
    drawing.add(axes)
    if chart.target is not None:
        y = y_of(chart.target)
        drawing.add(
            Line(PLOT_X, y, PLOT_X + plot_w, y, strokeColor=colors.red, strokeDashArray=(3, 2))
        )
        drawing.add(
            String(
                PLOT_X + plot_w + 4,
                y - 3,
                chart.target_label,
                fontName=song,
                fontSize=7,
                fillColor=colors.red,
            )
        )
    for index, (_name, values) in enumerate(chart.series):
        colour = series_colour(index)
        series = Group()
        for n in range(len(values) - 1):  # only neighbours that both have a value are joined
            a, b = values[n], values[n + 1]
            if a is not None and b is not None:
                series.add(
                    Line(
                        x_of(n),
                        y_of(a),
                        x_of(n + 1),
                        y_of(b),
                        strokeColor=colour,
                        strokeWidth=1.5,
                    )
                )
        for n, value in enumerate(values):
            if value is None:
                if index == 0:  # said once, at the foot of the plot
                    series.add(
                        String(
                            x_of(n),
                            PLOT_Y + 4,
                            "无数据",
                            fontName=song,
                            fontSize=7,
                            textAnchor="middle",
                            fillColor=colors.grey,
                        )
                    )
                continue
            series.add(Circle(x_of(n), y_of(value), 2.2, fillColor=colour, strokeColor=colour))
            series.add(
                String(
                    x_of(n),
                    y_of(value) + 5,
                    value_text(value, chart.places),
                    fontName=song,
                    fontSize=7,
                    textAnchor="middle",
                    fillColor=colour,
                )
            )
        drawing.add(series, name=f"series{index}")
    target_y = None if chart.target is None else y_of(chart.target)
    drawing.add(_legend(chart, song, PLOT_X + plot_w + 8, width, height, target_y))
    return drawing


LEGEND_SIZE = 8.0


def _legend(
    chart: Chart, font: str, left: float, width: float, height: float, target_y: float | None
) -> Group:
    """The series' names right of the plot, from ``left`` to the drawing's right edge: a
    swatch, then the name wrapped to the room left (a long indicator name runs past the page's
    margin otherwise); at the plot's top, or its foot when the target's label is up there."""
    swatch, leading = 14.0, LEGEND_SIZE + 2
    room = width - left - swatch - 12  # the frame pads the drawing 6 pt a side
    entries = [
        (
            series_colour(i),
            wrap(name, room / LEGEND_SIZE),  # CJK units: a character is the font's size
        )
        for i, (name, _values) in enumerate(chart.series)
    ]
    tall = sum(len(lines) * leading + 4 for _colour, lines in entries)
    top = height - 30
    if target_y is not None and target_y > top - tall - 8:  # keep clear of 目标 …
        top = PLOT_Y + tall
    legend = Group()
    y = top
    for colour, lines in entries:
        legend.add(Line(left, y - 3, left + swatch - 4, y - 3, strokeColor=colour, strokeWidth=1.5))
        legend.add(
            Circle(left + (swatch - 4) / 2, y - 3, 2.2, fillColor=colour, strokeColor=colour)
        )
        for line in lines:
            legend.add(String(left + swatch, y - 6, line, fontName=font, fontSize=LEGEND_SIZE))
            y -= leading
        y -= 4
    return legend


def chart_drawings(chart: Chart, fonts: FontSet, width: float, max_height: float) -> list[Drawing]:
    """A chart as drawings for the story, each at most ``max_height`` tall (lying bars with
    many names continue on the next page); fonts embedded (CJK)."""
    if not has_data(chart):
        return [empty_drawing(chart, fonts.name("song"), width)]
    if chart.kind == "line":
        return [line_drawing(chart, fonts, width, min(LINE_HEIGHT, max_height))]
    return bar_drawings(chart, fonts.name("song"), width, max_height)
