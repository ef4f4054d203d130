"""``official_doc.OfficialDoc`` as an editable Word file with the PDF's page set-up: A4,
margins 37/35/28/26 mm, 仿宋 三号 at a fixed 28.95 pt pitch, 一、 in 黑体, （一） in 楷体, page
numbers ``— 1 —`` as fields (odd pages right, even pages left, one character in: GB/T
9704-2012 7.5), tables with their header row repeated on every page and figures
right-aligned; each document a new section on a new page, numbered from 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop.reports.official_doc import (
    CUT_LINE,
    Block,
    OfficialDoc,
    body_rows,
    column_aligns,
    signature_spaces,
    title_lines,
)

FONTS = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "hei": "黑体",
    "kai": "楷体_GB2312",
    "song": "宋体",
}
BODY_PT = 16.0


def write_docx(path: Path, docs: Sequence[OfficialDoc]) -> None:
    from docx import Document
    from docx.enum.section import WD_SECTION

    document = Document()
    document.settings.odd_and_even_pages_header_footer = True
    for index, doc in enumerate(docs):
        section = document.sections[0] if index == 0 else document.add_section(WD_SECTION.NEW_PAGE)
        _set_up(section)
        _docx_doc(document, doc)
    document.save(str(path))


def _set_up(section: Any) -> None:
    from docx.shared import Mm

    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(23)  # the number 7 mm below the text area, as in the PDF
    number_from_one(section._sectPr)  # every document numbered from 1
    page_number(section.footer, "right")
    page_number(section.even_page_footer, "left")


#: what follows ``w:pgNumType`` in a section's properties (ECMA-376 CT_SectPr's order, which
#: Word holds files to)
_AFTER_PAGE_NUMBERS = (
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def number_from_one(sect: Any) -> None:
    """The section's pages numbered from 1, the element where the schema puts it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for old in sect.findall(qn("w:pgNumType")):
        sect.remove(old)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    sect.insert_element_before(numbering, *_AFTER_PAGE_NUMBERS)


def page_number(footer: Any, side: str) -> None:
    """``— PAGE —`` as a field, 宋体 四号, one character in from the side."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    footer.is_linked_to_previous = False
    para = footer.paragraphs[0]
    para.text = ""
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT
    if side == "right":
        para.paragraph_format.right_indent = Pt(14)
    else:
        para.paragraph_format.left_indent = Pt(14)
    _run(para, "— ", FONTS["song"], 14)
    for kind in ("begin", "instr", "separate", "end"):
        run = _run(para, "", FONTS["song"], 14)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        if kind == "separate":
            _run(para, "1", FONTS["song"], 14)  # shown until the field is updated
    _run(para, " —", FONTS["song"], 14)


def _docx_doc(document: Any, doc: OfficialDoc) -> None:  # noqa: PLR0912 (one branch per kind)
    from docx.enum.text import WD_BREAK

    title = _para(document, "", FONTS["title"], 22, indent=False, align="center")
    for n, line in enumerate(title_lines(doc.title)):  # broken between words, not inside one
        run = _run(title, line, FONTS["title"], 22)
        if n:
            run._r.addprevious(_line_break())
    _para(document, "", FONTS["body"], indent=False)  # the blank line under the title
    if doc.number:
        _para(document, doc.number, FONTS["body"], indent=False, align="center")
    tail = 0  # where the last paragraph before the 附件说明 and the signature starts
    for block in doc.blocks:
        if block.kind not in ("space", "note", "signature"):
            tail = len(document.paragraphs)
        if block.kind == "addressee":
            _para(document, block.text, FONTS["body"], indent=False)
        elif block.kind in ("paragraph", "note"):
            _para(document, block.text, FONTS["body"])
        elif block.kind in ("heading1", "heading2"):
            font = FONTS["hei" if block.kind == "heading1" else "kai"]
            _para(document, block.text, font).paragraph_format.keep_with_next = True
        elif block.kind == "caption":
            _para(document, block.text, FONTS["hei"], indent=False, align="center")
        elif block.kind == "table":
            _table(document, block)
        elif block.kind == "page_break":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif block.kind == "space":
            _para(document, "", FONTS["body"], indent=False)
        elif block.kind == "attachment":
            _para(document, block.text, FONTS["hei"], indent=False)
            _para(document, "", FONTS["body"], indent=False)
        elif block.kind == "signature":
            for para in document.paragraphs[tail:]:  # kept on the signature's page
                para.paragraph_format.keep_with_next = True
            _signature(document, block)
        elif block.kind == "slip":
            _para(document, CUT_LINE, FONTS["body"], indent=False, align="center")
            _para(document, block.text, FONTS["hei"], indent=False, align="center")
            for line in block.lines:
                _para(document, line, FONTS["body"], indent=False)


def _signature(document: Any, block: Block) -> None:
    """Two blank lines for the seal, the issuer centred on the date, the date 右空四字."""
    from docx.shared import Pt

    for _blank in range(2):
        _para(document, "", FONTS["body"], indent=False).paragraph_format.keep_with_next = True
    for line, space in zip(block.lines, signature_spaces(block.lines), strict=True):
        para = _para(document, line, FONTS["body"], indent=False, align="right")
        para.paragraph_format.right_indent = Pt(BODY_PT * space)
        para.paragraph_format.keep_with_next = line != block.lines[-1]


def _table(document: Any, block: Block) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    placed = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    aligns = column_aligns(block)
    table = document.add_table(rows=0, cols=len(block.rows[0]))
    table.style = "Table Grid"
    shares = block.widths or (1.0,) * len(block.rows[0])
    widths = [Mm(156 * w / sum(shares)) for w in shares]  # the 156 mm text area
    table.autofit = False
    header = table.add_row()
    flag = OxmlElement("w:tblHeader")  # repeated at the top of every page the table runs to
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for cell, text, width in zip(header.cells, block.rows[0], widths, strict=True):
        cell.width = width
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], text, FONTS["hei"], 11)
    for values in body_rows(block):
        row = table.add_row()
        whole = OxmlElement("w:cantSplit")  # a row never starts on one page and ends on the next
        whole.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(whole)
        for cell, text, width, align in zip(row.cells, values, widths, aligns, strict=True):
            cell.width = width
            cell.paragraphs[0].alignment = placed[align]
            _run(cell.paragraphs[0], text, FONTS["body"], 11)
    if len(block.rows) == 1:  # the 无 row across the table
        merged = row.cells[0].merge(row.cells[-1])
        for extra in merged.paragraphs[1:]:  # the merged cells' empty paragraphs
            extra._p.getparent().remove(extra._p)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid: what WPS and LibreOffice lay out by


def _line_break() -> Any:
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


def _run(para: Any, text: str, font: str, size: float) -> Any:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = para.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)  # Chinese
    return run


def _para(
    document: Any,
    text: str,
    font: str,
    size: float = BODY_PT,
    *,
    indent: bool = True,
    align: str = "",
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    para = document.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28.95)  # 225 mm / 22 lines
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align:
        para.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}[
            align
        ]
    _run(para, text, font, size)
    return para
