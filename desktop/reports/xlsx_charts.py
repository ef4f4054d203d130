"""A report's charts as native Excel charts on a 图表 sheet, each beside its data.

Bar charts follow ``chart_layout`` as the PDF does: columns (``barDir="col"``) or bars lying
(``barDir="bar"``, names down the left, first category on top), category labels level at any
length (Excel would otherwise turn them 45°), every value shown at its bar in the chart's
decimals, ``单位：个`` as the value axis's title, light gridlines on the layout's round steps,
and a chart as tall as its names need. A time axis (more than 12 months) is Excel's own
two-level category axis: the data's first two columns are 年份 (each year once, on its first
month) and 月份 (the month as the layout prints it), and the chart's categories span both
(``multiLvlStrRef``), so Excel, WPS and LibreOffice print the months under the columns and
each year once below them, a rule between two years. Written with openpyxl; opens in Excel,
WPS and LibreOffice. A chart with nothing to draw is its title and 无数据, no empty axes.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from desktop.exchange.sheets import put, set_up_sheet
from desktop.reports.chart_layout import (
    SERIES_COLOURS,
    BarLayout,
    bar_layout,
    has_data,
    months_of,
    nice_range,
    number_format,
    unit_text,
)
from desktop.reports.document import Chart

CHART_ROWS = 18  # rows a chart of standing bars or a line chart occupies on the 图表 sheet
ROW_CM = 0.53  # a sheet row of 15 points
PAGE_ROWS = 34  # rows on a printed page of the 图表 sheet (A4 landscape)
WIDTH_CM = 18.0  # holds PLOT_UNITS characters of 9-point names across the plot
#: a time axis: wider, still beside its data on a landscape page, so that LibreOffice keeps
#: 34 months' ``10`` ``11`` ``12`` level (at 18 cm it stands them on end)
TIMELINE_CM = 23.0
STANDING_CM = 9.0
LABEL_SIZE = 900  # hundredths of a point: names and values
LINE_CM = 0.4  # a line of a 9-point name beside a lying bar
GRID_COLOUR = "D9D9D9"


def chart_title(chart: Chart) -> str:
    """The unit once: ``比例（%）``, not ``比例（%）（%）`` when the title already names it."""
    if not chart.unit or chart.title.endswith(f"（{chart.unit}）"):
        return chart.title
    return f"{chart.title}（{chart.unit}）"


def _level_text(size: int = LABEL_SIZE) -> Any:
    """Text properties that keep labels level (rot 0) at ``size``."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RichTextProperties,
    )

    return RichText(
        bodyPr=RichTextProperties(rot=0, vert="horz"),
        p=[
            Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=size)), endParaRPr=None)
        ],
    )


def _axis_title(text: str) -> Any:
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RegularTextRun,
        RichTextProperties,
    )

    plain = CharacterProperties(sz=LABEL_SIZE, b=False)
    rich = RichText(
        bodyPr=RichTextProperties(rot=0, vert="horz"),
        p=[Paragraph(pPr=ParagraphProperties(defRPr=plain), r=[RegularTextRun(rPr=plain, t=text)])],
    )
    return Title(tx=Text(rich=rich), overlay=False)


def _hidden(index: int) -> Any:
    from openpyxl.chart.label import DataLabel

    return DataLabel(
        idx=index,
        showVal=False,
        showLegendKey=False,
        showCatName=False,
        showSerName=False,
        showPercent=False,
        showBubbleSize=False,
    )


def _labels(decimals: int, position: Literal["ctr", "outEnd", "t"]) -> Any:
    from openpyxl.chart.label import DataLabelList

    labels = DataLabelList(numFmt=number_format(decimals))
    labels.showVal = True
    for flag in ("showSerName", "showCatName", "showLegendKey", "showPercent"):
        setattr(labels, flag, False)
    labels.dLblPos = position
    labels.txPr = _level_text(800)
    return labels


def _bar_style(native: Any, chart: Chart, layout: BarLayout) -> None:
    from openpyxl.chart.axis import ChartLines
    from openpyxl.chart.data_source import NumFmt
    from openpyxl.chart.shapes import GraphicalProperties
    from openpyxl.drawing.line import LineProperties

    stacked = chart.kind == "stacked"
    native.type = "bar" if layout.horizontal else "col"
    native.grouping = "stacked" if stacked else "clustered"
    native.overlap = 100 if stacked else 0
    native.gapWidth = 80
    for index, (series, (_name, numbers)) in enumerate(
        zip(native.series, chart.series, strict=True)
    ):  # the PDF's colours
        # a stack's segments carry their values inside, a bar's value stands at its end
        series.dLbls = _labels(layout.decimals, "ctr" if stacked else "outEnd")
        series.graphicalProperties.solidFill = SERIES_COLOURS[index % len(SERIES_COLOURS)][1:]
        series.graphicalProperties.line.noFill = True
        if stacked:  # an empty segment has no label (a 0 over the next segment's own)
            series.dLbls.dLbl = [_hidden(i) for i, v in enumerate(numbers) if not v]
    categories, values = native.x_axis, native.y_axis
    for axis in (categories, values):
        axis.delete = False
        axis.txPr = _level_text()
    categories.tickLblSkip = layout.every  # every name shown (or every 2nd … month)
    if layout.timeline:
        categories.noMultiLvlLbl = False
    categories.majorGridlines = None
    values.scaling.min = layout.axis.minimum
    values.scaling.max = layout.axis.maximum
    values.majorUnit = layout.axis.step
    values.numFmt = NumFmt(formatCode=number_format(layout.axis.decimals), sourceLinked=False)
    values.majorGridlines = ChartLines(
        spPr=GraphicalProperties(ln=LineProperties(solidFill=GRID_COLOUR, w=6350))
    )
    if unit_text(chart):
        values.title = _axis_title(unit_text(chart))
    if layout.horizontal:  # the first name on top, as in the table; values along the foot
        categories.axPos, values.axPos = "l", "b"
        categories.scaling.orientation = "maxMin"
        values.crosses = "max"
    else:
        categories.axPos, values.axPos = "b", "l"
    if len(chart.series) > 1:
        native.legend.position = "b"
    else:
        native.legend = None  # the title names the one series


def _size(chart: Chart, layout: BarLayout) -> tuple[float, float]:
    """(width, height) in cm: standing bars a fixed size, lying bars a row per name."""
    if not layout.horizontal:
        if layout.timeline:  # a line of months, a line of years
            return TIMELINE_CM, STANDING_CM + 0.4
        return WIDTH_CM, STANDING_CM + 0.4 * (layout.lines - 1)
    bars = 1 if chart.kind == "stacked" else len(chart.series)
    rows = sum(max(LINE_CM * len(label), 0.3 * bars) + 0.2 for label in layout.labels)
    legend = 1.0 if len(chart.series) > 1 else 0.0
    return WIDTH_CM, 3.0 + legend + rows


def _line_style(native: Any, chart: Chart) -> None:
    """Straight lines with markers and values; an empty cell (a year without data) is a gap
    in the line, never 0; the value axis fitted to the data and the target like the PDF's."""
    from openpyxl.chart.marker import Marker

    native.display_blanks = "gap"
    for index, series in enumerate(native.series):
        series.smooth = False
        if chart.target is not None and index == len(native.series) - 1:
            series.marker = Marker(symbol="none")  # the target row: a plain line
            continue
        series.marker = Marker(symbol="circle", size=6)
        series.dLbls = _labels(chart.places, "t")
    known = [v for _name, values in chart.series for v in values if v is not None]
    if chart.target is not None:
        known.append(chart.target)
    if known:
        low, high, step = nice_range(known)
        native.y_axis.scaling.min = low
        native.y_axis.scaling.max = high
        native.y_axis.majorUnit = step
    native.x_axis.delete = False
    native.y_axis.delete = False
    native.x_axis.txPr = _level_text()


def _keys(chart: Chart, layout: BarLayout | None) -> tuple[list[str], list[list[str]]]:
    """The category columns' headings and each category's cells, as the chart prints them:
    a name that wraps, broken where the layout breaks it; on a time axis its year (once, on
    its first month) and its month."""
    if layout is None:
        return ["类别"], [[name] for name in chart.categories]
    if not layout.timeline:
        return ["类别"], [["\n".join(label)] for label in layout.labels]
    years = {span.first: span.text or str(span.year) for span in layout.years}
    months = months_of(chart.categories) or []
    # every month's number in the data; the axis skips to every 2nd … (tickLblSkip) itself
    shown = [
        label[0] or str(month) for label, (_y, month) in zip(layout.labels, months, strict=True)
    ]
    return ["年份", "月份"], [[years.get(i, ""), m] for i, m in enumerate(shown)]


def _write_data(sheet: Any, chart: Chart, row: int, keys: tuple[list[str], list[list[str]]]) -> int:
    """The chart's title, then its data (the category columns ``keys``, one column a series,
    目标); returns the last row. Values carry the chart's number format."""
    from openpyxl.styles import Alignment

    code = number_format(chart.places)
    heads, cells = keys
    first = len(heads) + 1  # the first series' column
    put(sheet, row, 1, chart.title)
    for index, head in enumerate([*heads, *(name for name, _v in chart.series)], start=1):
        put(sheet, row + 1, index, head)
    if chart.target is not None:
        put(sheet, row + 1, first + len(chart.series), "目标")
    for offset, category in enumerate(cells, start=row + 2):
        for column, key in enumerate(category, start=1):
            cell = put(sheet, offset, column, key or None)
            if "\n" in key:  # LibreOffice and WPS keep a row's height: set it
                cell.alignment = Alignment(wrap_text=True)  # its last line beside its values
                sheet.row_dimensions[offset].height = 14.0 * (key.count("\n") + 1) + 2
        for index, (_name, values) in enumerate(chart.series, start=first):
            value = values[offset - row - 2] if offset - row - 2 < len(values) else None
            put(sheet, offset, index, value).number_format = code
        if chart.target is not None:
            put(sheet, offset, first + len(chart.series), chart.target).number_format = code
    return row + 1 + len(chart.categories)


def write_charts(book: Any, name: str, charts: list[Chart], header: str) -> Any:
    """The 图表 sheet ``name``: each chart's data and, beside it, the native chart; a chart
    that would straddle a printed page starts on the next one."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.chart.data_source import AxDataSource, MultiLevelStrRef
    from openpyxl.worksheet.pagebreak import Break

    sheet = book.create_sheet(name)
    set_up_sheet(sheet, [], (16, 12, 12, 12, 12, 12, 12))
    sheet.oddHeader.center.text = header
    row, page = 1, 1  # the next free row; the first row of the printed page it is on
    for chart in charts:
        layout = None if chart.kind == "line" else bar_layout(chart)
        keys = _keys(chart, layout)
        heads = len(keys[0])
        native: Any = None
        if has_data(chart):
            native = LineChart() if layout is None else BarChart()
            if layout is None:
                native.title = chart_title(chart)
                native.width, native.height = WIDTH_CM, 8.0
            else:
                native.title = chart.title  # the unit is the value axis's title
                native.width, native.height = _size(chart, layout)
        rows = 2 + len(chart.categories)
        if native is not None:
            rows = max(rows, CHART_ROWS, math.ceil(native.height / ROW_CM) + 1)
        if row > page and row + rows > page + PAGE_ROWS:
            sheet.row_breaks.append(Break(id=row - 1))
            page = row
        last = _write_data(sheet, chart, row, keys)
        if native is None:  # no empty axes: the title, then 无数据
            put(sheet, last + 1, 1, "无数据")
            row = last + 3
            continue
        columns = len(chart.series) + (1 if chart.target is not None else 0)
        data = Reference(
            sheet, min_col=heads + 1, max_col=heads + columns, min_row=row + 1, max_row=last
        )
        native.add_data(data, titles_from_data=True)
        names = Reference(sheet, min_col=1, max_col=heads, min_row=row + 2, max_row=last)
        if heads == 1:
            native.set_categories(names)
        else:  # year and month: a two-level category axis
            for series in native.series:
                series.cat = AxDataSource(multiLvlStrRef=MultiLevelStrRef(f=str(names)))
        if layout is None:
            _line_style(native, chart)
        else:
            _bar_style(native, chart, layout)
        _shrink_title(native)
        sheet.add_chart(native, f"{chr(ord('A') + heads + columns + 1)}{row}")
        row += rows + 2
    return sheet


def _shrink_title(native: Any, size: int = 1200) -> None:
    """A chart title at 12 points, not Excel's 14-point default that crowds a small chart."""
    from openpyxl.drawing.text import CharacterProperties

    paragraphs: list[Any] = native.title.tx.rich.paragraphs
    for paragraph in paragraphs:
        for run in paragraph.r or []:
            run.rPr = CharacterProperties(sz=size, b=True)
