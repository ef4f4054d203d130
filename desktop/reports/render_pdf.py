"""A ``Report`` (or several, as the annual pack) to PDF on the shared base: title with the
township, report date, tables with their header on every page, status cells coloured,
charts drawn with reportlab's own graphics, A4 landscape when a table is wide."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from desktop.reports.document import STATUS_COLOURS, Chart, Page, Report, Table
from desktop.reports.pdf import base
from desktop.reports.pdf.fonts import FontSet

MM_PER_CHAR = 3.3  # 9 pt CJK text with cell padding
SERIES_COLOURS = ("#4a7fb5", "#d9534f", "#9e9e9e", "#5cb85c", "#f0ad4e", "#8e6cb5")


def is_wide(report: Report) -> bool:
    widest = max((sum(c.width for c in t.columns) for t in report.tables()), default=0)
    return widest * MM_PER_CHAR * mm > base.usable_width(False)


def _date_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _table(table: Table, st: base.Styles, width: float) -> Any:
    total = sum(c.width for c in table.columns) or 1
    widths = [width * c.width / total for c in table.columns]
    rows: list[list[object]] = [[c.title for c in table.columns]]
    shade: dict[tuple[int, int], str] = {}
    for r, row in enumerate(table.rows, start=1):
        rows.append([cell.text for cell in row])
        for c, cell in enumerate(row):
            if cell.status in STATUS_COLOURS:
                shade[(r, c)] = STATUS_COLOURS[cell.status]
    right = {i for i, c in enumerate(table.columns) if c.numeric}
    bold = {r + 1 for r in table.totals}
    return base.table(rows, widths, st, shade=shade, bold=bold, right=right)


def chart_drawing(chart: Chart, fonts: FontSet, width: float, height: float = 70 * mm) -> Drawing:
    """A bar, stacked-bar or line chart with a legend; fonts embedded (CJK)."""
    song = fonts.name("song")
    drawing = Drawing(width, height)
    drawing.add(
        String(width / 2, height - 12, chart.title, fontName=song, fontSize=10, textAnchor="middle")
    )
    plot: Any = HorizontalLineChart() if chart.kind == "line" else VerticalBarChart()
    plot.x, plot.y = 40, 40
    plot.width, plot.height = width - 170, height - 70
    data = [[0 if v is None else v for v in values] for _name, values in chart.series]
    plot.data = data or [[0]]
    plot.categoryAxis.categoryNames = chart.categories
    plot.categoryAxis.labels.fontName = song
    plot.categoryAxis.labels.fontSize = 7
    plot.categoryAxis.labels.angle = 30 if len(chart.categories) > 6 else 0
    plot.categoryAxis.labels.boxAnchor = "ne" if len(chart.categories) > 6 else "n"
    plot.valueAxis.labels.fontName = song
    plot.valueAxis.labels.fontSize = 7
    values = [v for row in data for v in row]
    if chart.target is not None:
        values.append(chart.target)
    top = max(values, default=1) or 1
    if chart.kind == "stacked":
        plot.categoryAxis.style = "stacked"
        top = max((sum(col) for col in zip(*data, strict=False)), default=1) or 1
    plot.valueAxis.valueMin = 0
    plot.valueAxis.valueMax = top * 1.15
    for index in range(len(data)):
        colour = colors.HexColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])
        if chart.kind == "line":
            plot.lines[index].strokeColor = colour
            plot.lines[index].strokeWidth = 1.5
        else:
            plot.bars[index].fillColor = colour
    drawing.add(plot)
    if chart.target is not None and chart.kind == "line":
        y = plot.y + plot.height * chart.target / plot.valueAxis.valueMax
        drawing.add(
            Line(plot.x, y, plot.x + plot.width, y, strokeColor=colors.red, strokeDashArray=(3, 2))
        )
        drawing.add(
            String(
                plot.x + plot.width + 4,
                y - 3,
                f"目标 {chart.target:g}",
                fontName=song,
                fontSize=7,
                fillColor=colors.red,
            )
        )
    legend: Any = Legend()
    legend.x, legend.y = width - 120, height - 30
    legend.fontName = song
    legend.fontSize = 8
    legend.colorNamePairs = [
        (colors.HexColor(SERIES_COLOURS[i % len(SERIES_COLOURS)]), name)
        for i, (name, _values) in enumerate(chart.series)
    ]
    drawing.add(legend)
    return drawing


def story_of(report: Report, fonts: FontSet, width: float, day: date) -> list[Any]:
    st = base.styles(fonts)
    story: list[Any] = [
        Paragraph(base.escape(f"{report.township}{report.title}"), st.title),
        Paragraph(base.escape(f"{report.subtitle}　　报告日期：{_date_text(day)}"), st.subtitle),
    ]
    for section in report.sections:
        if section.heading:
            story.append(CondPageBreak(40 * mm))
            story.append(Paragraph(base.escape(section.heading), st.heading))
        for block in section.blocks:
            if isinstance(block, Table):
                if block.title and block.title != section.heading:
                    story.append(Paragraph(base.escape(block.title), st.body))
                story.append(_table(block, st, width))
                if block.note:
                    story.append(Paragraph(base.escape(block.note), st.cell))
                story.append(Spacer(1, 4 * mm))
            elif isinstance(block, Chart):
                story.append(CondPageBreak(75 * mm))
                story.append(chart_drawing(block, fonts, width))
                story.append(Spacer(1, 4 * mm))
            elif isinstance(block, Page):
                story.append(PageBreak())
                story.append(Paragraph(base.escape(block.title), st.title))
                story.append(Spacer(1, 6 * mm))
                story += [Paragraph(base.escape(p), st.body) for p in block.paragraphs]
            else:
                story.append(Paragraph(base.escape(block), st.body))
    return story


def write_pdf(path: Path, report: Report, fonts: FontSet, *, today: date | None = None) -> int:
    """Write one report; returns the page count."""
    wide = is_wide(report)
    story = story_of(report, fonts, base.usable_width(wide), today or date.today())
    return base.build(
        path,
        story,
        fonts,
        header=f"{report.township} · {report.title}",
        wide=wide,
        title=report.title,
    )


def write_pack(
    path: Path,
    title: str,
    township: str,
    reports: Sequence[Report],
    fonts: FontSet,
    *,
    today: date | None = None,
) -> int:
    """The annual pack: a cover, contents with page numbers, then every report (landscape)."""
    day = today or date.today()
    st = base.styles(fonts)
    width = base.usable_width(True)
    cover_title = ParagraphStyle("cover", parent=st.title, fontSize=26, leading=36)
    entry = ParagraphStyle("contents-entry", parent=st.title, fontSize=16, leading=24)
    contents = TableOfContents()
    contents.levelStyles = [
        ParagraphStyle("toc", fontName=fonts.name("song"), fontSize=12, leading=20)
    ]
    story: list[Any] = [
        Spacer(1, 45 * mm),
        Paragraph(base.escape(township), cover_title),
        Paragraph(base.escape(title), cover_title),
        Spacer(1, 20 * mm),
        Paragraph(base.escape(_date_text(day)), st.subtitle),
        PageBreak(),
        Paragraph("目　录", st.title),
        contents,
    ]
    for report in reports:
        story.append(PageBreak())
        body = story_of(report, fonts, width, day)
        body[0] = Paragraph(base.escape(f"{report.township}{report.title}"), entry)
        story += body
    return base.build(
        path,
        story,
        fonts,
        header=f"{township} · {title}",
        wide=True,
        title=title,
        cover=True,
        contents=True,
    )
