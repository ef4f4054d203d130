"""A ``Report`` (or several, as the annual pack) to PDF on the shared base: title with the
township, report date, tables with their header on every page, status cells coloured,
charts drawn with reportlab's own graphics, A4 landscape when a table is wide."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)
from reportlab.platypus.tableofcontents import TableOfContents

from desktop.reports.document import STATUS_COLOURS, Chart, Page, Report, Table
from desktop.reports.official_doc import signature_spaces
from desktop.reports.pdf import base, target_cells
from desktop.reports.pdf.charts import chart_drawings
from desktop.reports.pdf.fonts import FontSet

MM_PER_CHAR = 3.3  # 9 pt CJK text with cell padding
#: room a table needs to start on a page: its title, header and a few rows
TABLE_START = 30 * mm
#: a section heading's height with its space (what it adds to its first block)
HEADING = 12 * mm
#: a table of at most this many rows (and half a page) is not split across pages
KEEP_ROWS = 10


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
    for r, row in enumerate(table.body(), start=1):
        rows.append([cell.text for cell in row])
        for c, cell in enumerate(row):
            if cell.status in STATUS_COLOURS:
                shade[(r, c)] = STATUS_COLOURS[cell.status]
    right = {i for i, c in enumerate(table.columns) if c.numeric}
    targets = target_cells.target_columns([c.title for c in table.columns])
    bold = {r + 1 for r in table.totals}
    return base.table(rows, widths, st, shade=shade, bold=bold, right=right, targets=targets)


def notice_page(page: Page, fonts: FontSet) -> list[Any]:
    """A notice (催报单) as a document of its own: a portrait page in the official text area,
    title in 小标宋, the addressee flush left, body 仿宋 16 pt indented two characters, the
    signature and date on the right (右空四字); no report header, no report page number."""
    body = ParagraphStyle(
        "notice-body",
        fontName=fonts.name("fang"),
        fontSize=16,
        leading=28.95,
        firstLineIndent=32,
        wordWrap="CJK",
    )
    flush = ParagraphStyle("notice-flush", parent=body, firstLineIndent=0)
    right = ParagraphStyle("notice-right", parent=flush, alignment=TA_RIGHT, rightIndent=4 * 16)
    title = ParagraphStyle(
        "notice-title",
        fontName=fonts.name("title"),
        fontSize=22,
        leading=34,
        alignment=TA_CENTER,
        spaceAfter=28.95,
    )
    story: list[Any] = [
        NextPageTemplate(base.NOTICE_TEMPLATE),
        PageBreak(),
        Paragraph(base.escape(page.title), title),
    ]
    closing_from = len(page.paragraphs) - page.closing
    closing = [p.lstrip("　 ") for p in page.paragraphs[closing_from:]]
    # the date 右空四字, the issuer centred on it (GB/T 9704-2012 7.3.5.1)
    spaces = dict(zip(closing, signature_spaces(closing), strict=True)) if closing else {}
    for index, raw in enumerate(page.paragraphs):
        text = raw.lstrip("　 ")
        if not text:
            story.append(Spacer(1, 28.95))
            continue
        if index >= closing_from:
            style = ParagraphStyle("notice-signed", parent=right, rightIndent=16 * spaces[text])
        elif index == 0 or not page.paragraphs[index].startswith("　"):
            style = flush
        else:
            style = body
        story.append(Paragraph(base.escape(text), style))
    story.append(NextPageTemplate(base.REPORT_TEMPLATE))
    return story


def story_of(report: Report, fonts: FontSet, width: float, day: date) -> list[Any]:
    st = base.styles(fonts)
    height = base.usable_height(width > base.usable_width(False))
    story: list[Any] = [
        Paragraph(base.escape(f"{report.township}{report.title}"), st.title),
        Paragraph(base.escape(f"{report.subtitle}　　报告日期：{_date_text(day)}"), st.subtitle),
    ]
    for section in report.sections:
        # a section's heading goes on with its first block, never alone at a page's foot
        heading = [Paragraph(base.escape(section.heading), st.heading)] if section.heading else []
        for block in section.blocks:
            if isinstance(block, Table):
                part: list[Any] = list(heading)
                if block.title and block.title != section.heading:
                    part.append(Paragraph(base.escape(block.title), st.body))
                drawn = _table(block, st, width)
                part.append(drawn)
                if block.note:
                    part.append(Paragraph(base.escape(block.note), st.cell))
                # a title never stands alone at a page's foot, and a short table is not split
                # (a 风险等级 table left its 红 row behind); one taller than a page is, from
                # where it starts (kept together, it left the page before it blank)
                story.append(CondPageBreak(TABLE_START + (HEADING if heading else 0)))
                if len(block.rows) <= KEEP_ROWS and drawn.wrap(width, height)[1] < height / 2:
                    story.append(KeepTogether(part))
                else:
                    story += part
                story.append(Spacer(1, 4 * mm))
            elif isinstance(block, Chart):
                for drawing in chart_drawings(block, fonts, width, height):
                    story.append(CondPageBreak(drawing.height + 2 * mm + len(heading) * HEADING))
                    story += heading
                    story.append(drawing)
                    heading = []
                story.append(Spacer(1, 4 * mm))
            elif isinstance(block, Page):
                story += heading + notice_page(block, fonts)
            else:
                story += heading
                story.append(Paragraph(base.escape(block), st.body))
            heading = []
        story += heading  # a section without blocks
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
