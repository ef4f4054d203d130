"""A report's charts as native Excel charts on a 图表 sheet, each beside its data.

Bar charts follow ``chart_layout`` as the PDF does: columns (``barDir="col"``) or bars lying
(``barDir="bar"``, names down the left, first category on top), category labels level at any
length (Excel would otherwise turn them 45°), every value shown at its bar in the chart's
decimals, ``单位：个`` as the value axis's title, light gridlines on the layout's round steps,
and a chart as tall as its names need. A chart that would cross a printed page starts on
the next one, and lying bars taller than a page continue in further charts (``（续）``), each
starting a page, as the PDF continues them. A time axis (more than 12 months) is Excel's own
two-level category axis: the data's first two columns are 年份 (each year once, on its first
month) and 月份 (the month as the layout prints it), and the chart's categories span both
(``multiLvlStrRef``), so Excel, WPS and LibreOffice print the months under the columns and
each year once below them, a rule between two years. Written with openpyxl; opens in Excel,
WPS and LibreOffice. A chart with nothing to draw is its title and 无数据, no empty axes.
"""

from __future__ import annotations

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
    split_rows,
    unit_text,
)
from desktop.reports.document import Chart

CHART_ROWS = 18  # the fewest rows a chart and its data take on the 图表 sheet
PT_PER_CM = 72 / 2.54
#: portrait (width, height) in points of the papers openpyxl numbers (``sheet.PAPERSIZE_*``):
#: Letter, A3, A4, A5; another paper is taken for A4
PAPER_PT = {1: (612.0, 792.0), 8: (841.89, 1190.55), 9: (595.28, 841.89), 11: (419.53, 595.28)}
LINE_CHART_CM = 8.0
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
    return WIDTH_CM, _frame_cm(chart) + sum(_rows_cm(chart, layout))


def _frame_cm(chart: Chart) -> float:
    """A lying chart's height beside its rows: title, value axis, legend."""
    return 3.0 + (1.0 if len(chart.series) > 1 else 0.0)


def _rows_cm(chart: Chart, layout: BarLayout) -> list[float]:
    """Each name's row of a lying chart, in cm."""
    bars = 1 if chart.kind == "stacked" else len(chart.series)
    return [max(LINE_CM * len(label), 0.3 * bars) + 0.2 for label in layout.labels]


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
    figures = Alignment(horizontal="right")  # a value column's heading over its figures
    for index, head in enumerate([*heads, *(name for name, _v in chart.series)], start=1):
        cell = put(sheet, row + 1, index, head)
        if index >= first:
            cell.alignment = figures
    if chart.target is not None:
        put(sheet, row + 1, first + len(chart.series), "目标").alignment = figures
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


def page_height(sheet: Any) -> float:
    """Points of rows one printed page of ``sheet`` holds: its paper's height as turned, less
    the top and bottom margins (the header and footer print inside them), at its print
    scale. Fitted to a page's width, the print may shrink and hold more: never fewer."""
    setup = sheet.page_setup
    width, height = PAPER_PT.get(int(setup.paperSize or 9), PAPER_PT[9])
    if setup.orientation == "landscape":
        height = width
    margins = sheet.page_margins
    height -= (margins.top + margins.bottom) * 72
    fitted = sheet.sheet_properties.pageSetUpPr is not None and (
        sheet.sheet_properties.pageSetUpPr.fitToPage
    )
    if setup.scale and not fitted:
        height *= 100 / setup.scale
    return float(height)


class _Pages:
    """Where the sheet's rows fall on printed pages: a row that does not fit on its page
    starts the next. Every page is started by a manual break, not left to the spreadsheet:
    fitted to the page's width, LibreOffice and Excel shrink the print and would fit more
    rows on a page than ``page_height`` counts, so their own breaks would fall elsewhere and
    cut a chart placed to start a page."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.room = page_height(sheet)
        self.used = 0.0  # of the current page, by the rows before ``row``
        self.row = 1

    def height(self, row: int) -> float:
        """A row's height in points: as set (a wrapped name), else the sheet's default."""
        set_height = self.sheet.row_dimensions[row].height
        return float(set_height or self.sheet.sheet_format.defaultRowHeight or 15.0)

    def span(self, first: int, end: int) -> float:
        return sum(self.height(r) for r in range(first, end))

    def advance(self, row: int) -> None:
        """The rows up to ``row`` (not included) laid on the pages."""
        for r in range(self.row, row):
            height = self.height(r)
            if self.used > 0 and self.used + height > self.room:
                self._break(r)
            self.used += height
        self.row = max(self.row, row)

    def _break(self, row: int) -> None:
        from openpyxl.worksheet.pagebreak import Break

        self.sheet.row_breaks.append(Break(id=row - 1))
        self.used = 0.0

    def left(self) -> float:
        return self.room - self.used

    def new_page(self, row: int) -> None:
        """A page starts at ``row`` (the next row to lay), unless one already does."""
        self.advance(row)
        if self.used > 0:
            self._break(row)

    def cover(self, row: int, points: float) -> int:
        """The first row below a drawing ``points`` tall anchored at the top of ``row``."""
        while points > 0:
            points -= self.height(row)
            row += 1
        return row


def _parts(chart: Chart, layout: BarLayout | None, room: float) -> list[tuple[range, float]]:
    """The chart's categories in the charts that show them, with each one's height in cm:
    one chart, or lying bars taller than ``room`` points in the fewest parts that fit, the
    rows shared out evenly, as the PDF shares them."""
    everything = range(len(chart.categories))
    if layout is None:
        return [(everything, LINE_CHART_CM)]
    if not layout.horizontal:
        return [(everything, _size(chart, layout)[1])]
    rows, frame = _rows_cm(chart, layout), _frame_cm(chart)
    parts = split_rows(rows, room / PT_PER_CM - frame)
    return [(part, frame + sum(rows[i] for i in part)) for part in parts]


def _native(sheet: Any, chart: Chart, layout: BarLayout | None, at: tuple[int, int],
            part: range, height: float) -> Any:  # fmt: skip
    """The native chart of ``part`` of the chart's categories, its data written at ``at`` (the
    title's row, the category columns), ``height`` cm tall; a later part's title says 续."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.chart.data_source import AxDataSource, MultiLevelStrRef, StrRef
    from openpyxl.chart.series import SeriesLabel

    row, heads = at
    native: Any = LineChart() if layout is None else BarChart()
    if layout is None:
        native.title = chart_title(chart)
        native.width = WIDTH_CM
    else:
        native.title = chart.title if part.start == 0 else f"{chart.title}（续）"
        native.width = _size(chart, layout)[0]  # the unit is the value axis's title
    native.height = height
    columns = _value_columns(chart)
    first, last = row + 2 + part.start, row + 1 + part.stop
    native.add_data(
        Reference(sheet, min_col=heads + 1, max_col=heads + columns, min_row=first, max_row=last)
    )
    for column, series in enumerate(native.series, start=heads + 1):  # named by its heading
        title = Reference(sheet, min_col=column, min_row=row + 1)
        series.tx = SeriesLabel(strRef=StrRef(f=str(title)))
    names = Reference(sheet, min_col=1, max_col=heads, min_row=first, max_row=last)
    if heads == 1:
        native.set_categories(names)
    else:  # year and month: a two-level category axis
        for series in native.series:
            series.cat = AxDataSource(multiLvlStrRef=MultiLevelStrRef(f=str(names)))
    if layout is None:
        _line_style(native, chart)
    else:
        _bar_style(native, _part_chart(chart, part), layout)
    _shrink_title(native)
    return native


def _value_columns(chart: Chart) -> int:
    """The data table's value columns: one a series, and 目标 when the chart has a target."""
    return len(chart.series) + (1 if chart.target is not None else 0)


def _part_chart(chart: Chart, part: range) -> Chart:
    """``chart`` with only the values of ``part`` (a stack's empty segments by their index)."""
    if part == range(len(chart.categories)):
        return chart
    series = [(name, values[part.start : part.stop]) for name, values in chart.series]
    return Chart(chart.title, chart.kind, chart.categories[part.start : part.stop], series,
                 unit=chart.unit, decimals=chart.places)  # fmt: skip


def write_charts(book: Any, name: str, charts: list[Chart], header: str) -> Any:
    """The 图表 sheet ``name``: each chart's data and, beside it, the native chart; a chart
    that would cross a printed page starts on the next one, lying bars taller than a page
    continue in a chart on each following page."""
    sheet = book.create_sheet(name)
    set_up_sheet(sheet, [], (16, 12, 12, 12, 12, 12, 12))
    sheet.oddHeader.center.text = header
    pages = _Pages(sheet)
    row = 1  # the next free row
    for chart in charts:
        layout = None if chart.kind == "line" else bar_layout(chart)
        keys = _keys(chart, layout)
        heads = len(keys[0])
        pages.advance(row)
        last = _write_data(sheet, chart, row, keys)
        if not has_data(chart):  # no empty axes: the title, then 无数据
            put(sheet, last + 1, 1, "无数据")
            if pages.span(row, last + 2) > pages.left():
                pages.new_page(row)
            row = last + 3
            continue
        tallest = max(pages.height(r) for r in range(row, last + 1))
        parts = _parts(chart, layout, pages.room - tallest)
        if max(pages.span(row, last + 1), parts[0][1] * PT_PER_CM) > pages.left():
            pages.new_page(row)
        anchor = row
        columns = _value_columns(chart)
        for number, (part, height) in enumerate(parts):
            if number:
                pages.new_page(anchor)
            native = _native(sheet, chart, layout, (row, heads), part, height)
            sheet.add_chart(native, f"{chr(ord('A') + heads + columns + 1)}{anchor}")
            anchor = pages.cover(anchor, height * PT_PER_CM)
        row = max(last + 1, anchor, row + CHART_ROWS) + 2
    return sheet


def _shrink_title(native: Any, size: int = 1200) -> None:
    """A chart title at 12 points, not Excel's 14-point default that crowds a small chart."""
    from openpyxl.drawing.text import CharacterProperties

    paragraphs: list[Any] = native.title.tx.rich.paragraphs
    for paragraph in paragraphs:
        for run in paragraph.r or []:
            run.rPr = CharacterProperties(sz=size, b=True)
