"""The letters' fast drawing puts every word where reportlab's own layout put it.

``CellTable`` against a ``LongTable`` of CJK ``Paragraph`` cells (the letters' former table):
the same height, the same page splits, the same word positions. ``GridParagraph`` (one ``TJ``
string per line) against drawing each glyph centred in its grid cell.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, LongTable, PageBreak, Paragraph, TableStyle

from desktop.reports.pdf.cell_table import CellStyle, CellTable
from desktop.reports.pdf.fonts import FontSet
from desktop.reports.pdf.grid_lines import GridDocument, merge
from desktop.reports.pdf.official import (
    BODY_SIZE,
    CELL,
    LINES,
    PITCH,
    GridParagraph,
    GridSpace,
    GridStyle,
    glyph_width,
    text_frame,
    units_of,
)

WIDTHS = [14 * mm, 78 * mm, 44 * mm, 20 * mm]
CELLS = [
    ("1", "公共场所母婴设施配置率", "80%以上", "牵头"),
    (
        "2",
        "建立家长学校或家庭教育指导服务站点的城市社区比例（含“妇女儿童之家”）",
        "90%以上",
        "配合",
    ),
    ("3", "每个街道（乡镇）在公共场所设置的母婴室数", "1个以上", "牵头"),
    ("12", "本地监测指标006 & <说明>", "—", "配合"),
]


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return FontSet.discover()


def _words(path: Path) -> list[tuple[str, float, float, float]]:
    """Every word (a run of text without a gap) with its left, top and right edge."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        (m[4], round(float(m[1]), 1), round(float(m[2]), 1), round(float(m[3]), 1))
        for m in re.finditer(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>', html
        )
    ]


def _tables(fonts: FontSet, rows: int) -> tuple[LongTable, CellTable]:
    head = ParagraphStyle(
        "h",
        fontName=fonts.name("hei"),
        fontSize=12,
        leading=16,
        alignment=TA_CENTER,
        wordWrap="CJK",
    )
    cell = ParagraphStyle("c", fontName=fonts.name("fang"), fontSize=12, leading=16, wordWrap="CJK")
    body = (CELLS * 20)[:rows]
    old = LongTable(
        [[Paragraph(t, head) for t in ("序号", "指标", "目标值", "责任")]]
        + [
            [
                Paragraph(t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), cell)
                for t in row
            ]
            for row in body
        ],
        colWidths=WIDTHS,
        repeatRows=1,
    )
    old.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    head2 = CellStyle(fonts.name("hei"), 12, 16, align=TA_CENTER, valign="MIDDLE")
    cell2 = CellStyle(fonts.name("fang"), 12, 16, valign="MIDDLE")
    new = CellTable(
        [[(t, head2) for t in ("序号", "指标", "目标值", "责任")]]
        + [[(t, cell2) for t in row] for row in body],
        WIDTHS,
        repeat=1,
        grid=True,
    )
    return old, new


def test_cell_table_splits_like_reportlab(fonts: FontSet) -> None:
    old, new = _tables(fonts, 30)
    width = sum(WIDTHS)
    assert new.wrap(width, 10_000)[1] == pytest.approx(old.wrap(width, 10_000)[1])
    for room in (40.0, 120.0, 300.0, 555.5, 5000.0):
        old_parts, new_parts = old.split(width, room), new.split(width, room)
        assert len(new_parts) == len(old_parts)
        for o, n in zip(old_parts, new_parts, strict=True):
            assert n.wrap(width, room)[1] == pytest.approx(o.wrap(width, room)[1])


def test_cell_table_puts_every_word_where_reportlab_did(fonts: FontSet, tmp_path: Path) -> None:
    paths = []
    for name, table in zip(("old", "new"), _tables(fonts, 4), strict=True):
        path = tmp_path / f"{name}.pdf"
        canvas = Canvas(str(path), pagesize=A4, initialFontName=fonts.name("song"))
        _w, h = table.wrapOn(canvas, sum(WIDTHS), 700)
        table.drawOn(canvas, 80, 780 - h)
        canvas.save()
        paths.append(path)
    old_words, new_words = _words(paths[0]), _words(paths[1])
    assert len(new_words) > 20
    assert new_words == old_words


def test_grid_line_glyphs_sit_centred_in_their_cells(fonts: FontSet, tmp_path: Path) -> None:
    """Digits among Chinese (half cells) and a paragraph over two lines: drawn as one
    string per line, each glyph lands where drawing it alone, centred in its cell, puts it."""
    text = (
        "确保2025年度两规划各项目标任务如期完成，经甲乙双方协商签订本责任书，"
        "共计12项指标和3项任务。"
    )
    style = GridStyle(fonts.name("fang"))
    paragraph = GridParagraph(text, style)
    assert len(paragraph.lines) == 2
    ours, reference = tmp_path / "ours.pdf", tmp_path / "reference.pdf"
    canvas = Canvas(str(ours), pagesize=A4)
    paragraph.drawOn(canvas, 80, 500)
    canvas.save()
    canvas = Canvas(str(reference), pagesize=A4)
    canvas.setFont(style.font, BODY_SIZE)
    for n, line in enumerate(paragraph.lines):
        y = 500 + (len(paragraph.lines) - n - 1) * PITCH + (PITCH - BODY_SIZE) / 2
        y += BODY_SIZE * 0.12
        x = 80 + (style.indent * CELL if n == 0 else 0)
        for ch in line:
            advance = units_of(ch) * CELL / 2
            canvas.drawString(x + (advance - glyph_width(ch, style.font, BODY_SIZE)) / 2, y, ch)
            x += advance
    canvas.save()
    ours_text = subprocess.run(
        ["pdftotext", "-raw", str(ours), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "".join(ours_text.split()) == text
    assert _words(ours) == _words(reference)


def _story_pdf(path: Path, flow: list[object], fonts: FontSet) -> None:
    from reportlab.platypus import PageTemplate

    document = GridDocument(str(path), pagesize=A4, initialFontName=fonts.name("song"))
    document.addPageTemplates([PageTemplate("grid", [text_frame()])])
    document.build(flow)


def test_merged_paragraphs_lay_out_as_the_paragraphs_one_by_one(
    fonts: FontSet, tmp_path: Path
) -> None:
    """``merge`` makes runs of paragraphs one flowable: with every offset from the top of
    the page (so that pages end inside, between and exactly after paragraphs), each word
    lands at the same place on the same page as with the paragraphs placed one by one."""
    body = GridStyle(fonts.name("fang"))
    heading = GridStyle(fonts.name("hei"))
    texts = [
        "为全面实施妇女发展规划和儿童发展规划，落实各成员单位工作责任，确保2025年度两规划"
        "各项目标任务如期完成，经甲乙双方协商，签订本责任书。" * k
        for k in (1, 2, 3, 1, 4)
    ]

    def flow() -> list[object]:
        items: list[object] = []
        for offset in range(LINES + 1):
            items += [GridSpace(offset)] if offset else []
            items.append(GridParagraph("一、责任目标", heading, heading=True))
            items += [GridParagraph(t, body) for t in texts[:3]]
            items.append(CondPageBreak(3 * PITCH - 0.01))
            items.append(GridParagraph("二、工作要求", heading, heading=True))
            items += [GridParagraph(t, body) for t in texts[3:]]
            items.append(PageBreak())
        return items

    one_by_one, merged = tmp_path / "one_by_one.pdf", tmp_path / "merged.pdf"
    _story_pdf(one_by_one, flow(), fonts)
    merged_flow = merge(flow())
    assert len(merged_flow) <= len(flow()) // 2
    _story_pdf(merged, merged_flow, fonts)

    def pages_and_words(path: Path) -> list[str]:
        html = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        return re.findall(r"<page [^>]*>|<word [^>]*>[^<]*</word>", html)

    reference = pages_and_words(one_by_one)
    assert sum(w.startswith("<page") for w in reference) > 2 * (LINES + 1)
    assert pages_and_words(merged) == reference
