"""Word and Excel letters as an office prints them (issue 19 items 5 and 6): python-docx and
openpyxl read the files back; LibreOffice converts them to PDF the way a clerk's WPS or
LibreOffice would, and the pages are read with pdftotext."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from desktop.cli import main
from desktop.reports.letters_office import safe_sheet_name
from tests.helpers.docx_order import sect_pr_in_order
from tests.helpers.official import layout_text, soffice_pdf


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.fulian"
    assert main(["demo", str(path)]) == 0
    return path


def _letters(demo: Path, out: Path, *extra: str) -> None:
    copy = out.with_suffix(".fulian")
    copy.write_bytes(demo.read_bytes())
    assert main(["letters", str(copy), "--year", "2025", *extra, "-o", str(out)]) == 0


def test_word_letter_page_numbers_fonts_table_and_copies(demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "d02.docx"
    _letters(demo, path, "--unit", "D02", "--format", "docx", "--copies", "2")
    document = Document(str(path))
    assert len(document.sections) == 2  # --copies 2: the letter twice, each its own section
    assert document.settings.odd_and_even_pages_header_footer
    for section in document.sections:
        odd, even = section.footer, section.even_page_footer
        for footer, side in ((odd, "right"), (even, "left")):
            xml = footer._element.xml
            assert "PAGE" in "".join(t.text or "" for t in footer._element.iter(qn("w:instrText")))
            assert "— " in footer.paragraphs[0].text
            assert footer.paragraphs[0].alignment is not None
            assert str(footer.paragraphs[0].alignment).lower().startswith(side.upper()[0].lower())
            assert "fldChar" in xml
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert {"pgNumType", "cols", "docGrid"} <= set(sect_pr_in_order(section._sectPr))
    table = document.tables[0]
    first = table.rows[0]._tr
    assert first.trPr is not None
    assert first.trPr.find(qn("w:tblHeader")) is not None  # header repeated on every page
    widths = [round(c.width.mm) for c in table.rows[1].cells]
    assert widths == [14, 78, 44, 20]
    body = next(p for p in document.paragraphs if p.text.startswith("为全面实施"))
    fonts = body.runs[0]._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    heading = next(p for p in document.paragraphs if p.text == "一、责任目标")
    assert heading.paragraph_format.keep_with_next
    party = next(p for p in document.paragraphs if p.text.startswith("乙方："))
    assert not party.paragraph_format.first_line_indent
    font_table = next(
        p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml"
    ).blob.decode("utf-8")
    assert re.search(r'w:name="仿宋_GB2312">\s*<w:altName w:val="仿宋"', font_table)
    assert re.search(r'w:name="方正小标宋简体">\s*<w:altName w:val="黑体"', font_table)


def test_word_letter_through_libreoffice(demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "d02.docx"
    _letters(demo, path, "--unit", "D02", "--format", "docx")
    pdf = soffice_pdf(path)
    pages = layout_text(pdf).split("\f")
    text = "".join(pages).replace(" ", "")
    assert "—1—" in text
    assert "—2—" in text  # a PAGE field, counted by the office
    lines = [line.replace(" ", "") for line in "".join(pages).splitlines()]
    # a paragraph of plain text (no quotation marks, which LibreOffice never breaks before):
    # its first line 26 characters after the two-character indent, the next a full 28
    start = next(i for i, line in enumerate(lines) if line.startswith("甲方于年底"))
    assert len(lines[start]) == 26, lines[start]
    assert len(lines[start + 1]) == 28, lines[start + 1]
    second = pages[1].replace(" ", "")
    assert "序号" in second  # the header row repeated on page 2


def test_excel_letters_every_sheet_one_page_wide(demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "all.xlsx"
    _letters(demo, path, "--format", "xlsx")
    book = load_workbook(path)
    assert len(book.sheetnames) > 5
    for sheet in book.worksheets:
        assert sheet.page_setup.fitToWidth == 1, sheet.title
        assert sheet.page_setup.fitToHeight == 0, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.page_setup.orientation == "portrait"
        assert sheet.freeze_panes is None, sheet.title  # no header row to hold
        assert sheet.print_title_rows is None, sheet.title
        title_row = sheet.row_dimensions[1].height
        assert title_row is not None
        assert title_row >= 30, sheet.title  # 16 pt bold title: room for it
    table = book.worksheets[0]
    header = next(r for r in table.iter_rows() if r[0].value == "序号")
    assert header[1].border.left.style == "thin"


def test_sheet_names_safe_from_unit_names() -> None:
    taken: list[str] = []
    for name in ("卫生院[东]:*?/\\", "卫生院[东]:*?/\\", "'引号'", "很" * 40):
        safe = safe_sheet_name(name, taken)
        assert not set("[]:*?/\\") & set(safe)
        assert len(safe) <= 31
        assert not safe.startswith("'")
        assert not safe.endswith("'")
        assert safe.lower() not in {t.lower() for t in taken}
        taken.append(safe)
    assert taken[1].endswith("（2）")
