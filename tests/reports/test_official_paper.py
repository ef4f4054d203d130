"""Official documents (统计监测报告, 考核通报, 预警通知书) as a county office reads them: GB/T
9704-2012 signature and 附件说明, figures right-aligned in the tables, header rows repeated,
page numbers in the Word files, ``无`` in a table with no rows. Read back from the files."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from desktop.operations import notices as ops
from desktop.operations.reports import export_report
from desktop.reports import catalog
from desktop.reports.official_doc import OfficialDoc
from tests.helpers.docx_order import sect_pr_in_order
from tests.helpers.official import layout_text
from tests.reports.conftest import Township

DAY = date(2026, 3, 1)
MM = 72 / 25.4
CELL = 156 / 28 * MM  # one character of the grid
AREA_RIGHT = (28 + 156) * MM
Word = tuple[float, float, float, float, str]


@pytest.fixture
def warned(township: Township) -> Township:
    ops.issue_warnings(township.db, 2025, on=date(2026, 1, 10), due=date(2026, 2, 10))
    return township


def _report(township: Township, fmt: str, out: Path) -> Path:
    request = catalog.Request.parse("monitoring-report", year=2025)
    path = export_report(township.db, [], request, fmt, out, today=DAY)
    assert path is not None
    return path


def _pages(path: Path) -> list[list[Word]]:
    """Each page's words with their boxes (pt from the top left)."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    return [
        [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, p)]
        for p in xml.split("<page")[1:]
    ]


def _find(words: list[Word], text: str) -> Word:
    (found,) = [w for w in words if w[4] == text]
    return found


def test_pdf_signature_attachment_note_and_figures(warned: Township, tmp_path: Path) -> None:
    pages = _pages(_report(warned, "pdf", tmp_path / "报告.pdf"))
    signed = next(p for p in pages if any(w[4] == "2026年3月1日" for w in p))
    day, issuer = _find(signed, "2026年3月1日"), _find(signed, "青山镇妇儿工委")
    # 成文日期右空四字; the issuer centred on the date (GB/T 9704-2012 7.3.5.1)
    assert day[2] == pytest.approx(AREA_RIGHT - 4 * CELL, abs=2)
    assert (issuer[0] + issuer[2]) / 2 == pytest.approx((day[0] + day[2]) / 2, abs=2)
    # 附件说明: one blank line under the text (7.8), so two line pitches from the line above
    note = next(w for w in signed if w[4].startswith("附件："))
    above = max(w[1] for w in signed if w[1] < note[1] - 1)
    assert note[1] - above == pytest.approx(2 * 225 / 22 * MM, abs=2)
    # the attached table: figures right-aligned, so a column's numbers end at one x
    table = next(p for p in pages if any(w[4] == "达标情况" for w in p))
    last_year = [_find(table, "14.0/10万"), _find(table, "99.2%")]
    assert last_year[0][2] == pytest.approx(last_year[1][2], abs=1)
    assert abs(last_year[0][0] - last_year[1][0]) > 5
    assert _find(table, "达标情况")  # and the 规划 column is gone: 领域 names the plan
    assert not [w for w in table if w[4] == "规划"]


def test_word_page_numbers_repeated_header_and_alignment(warned: Township, tmp_path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    document = Document(str(_report(warned, "docx", tmp_path / "报告.docx")))
    section = document.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml, side  # — 1 — as a field, odd pages right, even pages left
        assert footer.paragraphs[0].text == "— 1 —"
    assert document.settings.odd_and_even_pages_header_footer
    assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert {"pgNumType", "cols"} <= set(sect_pr_in_order(section._sectPr))
    (table,) = document.tables
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows[1:])
    row = next(r for r in table.rows if r.cells[1].text == "住院分娩率")
    aligned = [c.paragraphs[0].alignment for c in row.cells]
    assert aligned[3:5] == [WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.RIGHT]  # 上年, 本年
    assert aligned[1] == WD_ALIGN_PARAGRAPH.LEFT
    paragraphs = document.paragraphs
    note = next(n for n, p in enumerate(paragraphs) if p.text.startswith("附件："))
    assert paragraphs[note - 1].text == ""  # 正文下空一行
    day = next(p for p in paragraphs if p.text == "2026年3月1日")
    assert day.paragraph_format.right_indent.pt == 4 * 16  # 右空四字
    issuer = next(p for p in paragraphs if p.text == "青山镇妇儿工委")
    # centred on the date: 7 characters against 6 (its 6 digits are half-width)
    assert issuer.paragraph_format.right_indent.pt == (4 + (6 - 7) / 2) * 16


def test_a_table_with_no_rows_says_none(tmp_path: Path) -> None:
    from docx import Document

    from desktop.reports.official_doc import write_pdf
    from desktop.reports.official_docx import write_docx
    from desktop.reports.pdf.fonts import FontSet
    from tests.helpers.official import pdf_text

    doc = OfficialDoc("关于2025年度考核结果的通报")
    doc.add("table", rows=(("名次", "单位", "总分"),), widths=(1, 3, 1))
    write_pdf(tmp_path / "a.pdf", [doc], FontSet.discover(), title=doc.title)
    assert "名次单位总分无" in pdf_text(tmp_path / "a.pdf")
    write_docx(tmp_path / "a.docx", [doc])
    (table,) = Document(str(tmp_path / "a.docx")).tables
    assert [c.text for c in table.rows[1].cells] == ["无", "无", "无"]  # one merged cell


def test_bulletin_numbers_its_attachments(tmp_path: Path) -> None:
    doc = OfficialDoc("通报")
    doc.add("paragraph", "正文。")
    doc.attachment_note(["成员单位目标责任考核结果", "村（社区）妇女工作考核结果"])
    assert doc.plain_text().splitlines()[-2:] == [
        "附件：1．成员单位目标责任考核结果",
        "　　　2．村（社区）妇女工作考核结果",
    ]


def test_county_report_reads_as_a_county_writes(tmp_path: Path) -> None:
    """Every township submitted: 已全部上报, not 未上报0个; rates under their own names."""
    from desktop.cli import main
    from desktop.demo import county
    from tests.helpers.official import pdf_text

    path = county.build(tmp_path / "c.fulian", townships=3)
    out = tmp_path / "c.pdf"
    args = ["export", str(path), "monitoring-report", "--year", "2025", "--format", "pdf"]
    assert main([*args, "-o", str(out)]) == 0
    text = pdf_text(out)
    assert "3个乡镇（街道）承担监测数据上报任务，已全部上报；" in text
    assert "未上报0个" not in text
    assert "新生儿死亡率为" in text  # a death count's value is its rate
    assert "新生儿死亡数为" not in text
    assert re.search(r"未达标的乡镇：[^（]+（[\d.]+(%|‰|/10万)）", text)  # 柳林镇（277.0/10万）


def test_a_long_issuer_stays_inside_the_text_area(tmp_path: Path) -> None:
    """Centred on a date 13 characters shorter, the issuer would run past the right margin."""
    from desktop.reports.official_doc import write_pdf
    from desktop.reports.pdf.fonts import FontSet
    from tests.helpers.official import assert_official_layout

    doc = OfficialDoc("关于2025年度考核结果的通报")
    doc.add("paragraph", "正文。")
    doc.add("signature", lines=("清河县青山镇人民政府妇女儿童工作委员会办公室", "2026年3月1日"))
    write_pdf(tmp_path / "a.pdf", [doc], FontSet.discover(), title=doc.title)
    assert assert_official_layout(tmp_path / "a.pdf") == 1


def test_a_domain_that_does_not_name_its_plan_keeps_the_plan_column(
    warned: Township, tmp_path: Path
) -> None:
    import dataclasses

    from docx import Document

    from desktop.store import indicators

    db = warned.db
    old = indicators.get(db, warned.indicators["T-E-01"])
    indicators.update(db, dataclasses.replace(old, domain="教育"))  # a local plan's domain
    (table,) = Document(str(_report(warned, "docx", tmp_path / "报告.docx"))).tables
    assert [c.text for c in table.rows[0].cells][:2] == ["规划", "领域"]
    assert ["儿童", "教育", "学前教育毛入园率"] in [
        [c.text for c in r.cells][:3] for r in table.rows
    ]


def test_a_long_title_breaks_between_words(tmp_path: Path) -> None:
    """Not 关于…考核结 / 果的通报 where the line happens to be full (GB/T 9704-2012 7.3.3)."""
    from docx import Document

    from desktop.reports.official_doc import write_pdf
    from desktop.reports.official_docx import write_docx
    from desktop.reports.pdf.fonts import FontSet

    doc = OfficialDoc("关于2025年度妇女儿童工作目标责任考核结果的通报")
    doc.add("paragraph", "正文。")
    write_pdf(tmp_path / "a.pdf", [doc], FontSet.discover(), title=doc.title)
    layout = layout_text(tmp_path / "a.pdf")
    assert [line.strip() for line in layout.splitlines()[:2]] == [
        "关于2025年度妇女儿童工作",
        "目标责任考核结果的通报",
    ]
    write_docx(tmp_path / "a.docx", [doc])
    title = Document(str(tmp_path / "a.docx")).paragraphs[0]
    assert title.text == "关于2025年度妇女儿童工作\n目标责任考核结果的通报"
    short = OfficialDoc("2025年度妇女儿童发展规划督办通知单")  # one line: left whole
    write_docx(tmp_path / "b.docx", [short])
    assert Document(str(tmp_path / "b.docx")).paragraphs[0].text == short.title
