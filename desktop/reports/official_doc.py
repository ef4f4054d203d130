"""Official documents other than the letters (考核通报, 预警通知书, 督办单): one simple model,
written as PDF on the letters' GB/T 9704 page (``pdf/official.py``) and as an editable Word
file with the same page set-up. Each document starts on a new page and numbers its own pages.
reportlab is imported only when a PDF is written (it costs start-up time).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: the line to cut the reply slip off along (full-width dashes keep to the character grid)
CUT_LINE = "－" * 10 + "（沿此线剪下）" + "－" * 10
Kind = str  # addressee, paragraph, heading1, heading2, caption, table, signature, slip, page_break


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()  # table: the header first
    widths: tuple[float, ...] = ()  # table: shares of the line
    lines: tuple[str, ...] = ()  # signature: organisation, date; slip: its lines


@dataclass
class OfficialDoc:
    title: str
    number: str = ""
    blocks: list[Block] = field(default_factory=list)

    def add(self, kind: Kind, text: str = "", **more: Any) -> None:
        self.blocks.append(Block(kind, text, **more))

    def plain_text(self) -> str:
        """What the document says, for checks and previews."""
        out = [self.title, self.number]
        for b in self.blocks:
            out += [b.text, *("\t".join(r) for r in b.rows), *b.lines]
        return "\n".join(x for x in out if x)


# ----- PDF ------------------------------------------------------------------------------------
def write_pdf(path: Path, docs: Sequence[OfficialDoc], fonts: Any, *, title: str) -> int:
    """All documents in one PDF; returns the page count."""
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, PageBreak, PageTemplate

    from desktop.reports.pdf.official import DocStart, text_frame

    frame = text_frame()
    document = BaseDocTemplate(
        str(path),
        pagesize=(210 * mm, 297 * mm),
        initialFontName=fonts.name("song"),
        title=title,
        author="妇联工作台",
    )
    document.addPageTemplates([PageTemplate("official", [frame], onPageEnd=_page_numbers(fonts))])
    flow: list[Any] = []
    for doc in docs:
        if flow:
            flow.append(PageBreak())
        flow.append(DocStart())
        flow += _story(doc, fonts)
    document.build(flow)
    return int(document.page)


def _story(doc: OfficialDoc, fonts: Any) -> list[Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph

    from desktop.reports.pdf.base import escape
    from desktop.reports.pdf.official import PITCH, GridParagraph, GridSpace, GridStyle, SnapToGrid

    body = GridStyle(fonts.name("fang"))
    title = ParagraphStyle(
        "t",
        fontName=fonts.name("title"),
        fontSize=22,
        leading=PITCH * 1.5,
        alignment=TA_CENTER,
        wordWrap="CJK",
    )
    flow: list[Any] = [SnapToGrid(Paragraph(escape(doc.title), title)), GridSpace(1)]
    if doc.number:
        flow.append(GridParagraph(doc.number, GridStyle(body.font, indent=0, align="center")))
    for block in doc.blocks:
        if block.kind == "addressee":
            flow.append(GridParagraph(block.text, GridStyle(body.font, indent=0)))
        elif block.kind == "paragraph":
            flow.append(GridParagraph(block.text, body))
        elif block.kind in ("heading1", "heading2"):
            font = fonts.name("hei" if block.kind == "heading1" else "kai")
            heading = GridParagraph(block.text, GridStyle(font))
            heading.keepWithNext = True  # never the last line of a page
            flow.append(heading)
        elif block.kind == "caption":  # a table's title, centred
            style = GridStyle(fonts.name("hei"), indent=0, align="center")
            flow.append(GridParagraph(block.text, style))
        elif block.kind == "table":
            flow.append(_pdf_table(block, fonts))
        elif block.kind == "page_break":
            flow.append(PageBreak())
        elif block.kind == "signature":  # kept with the paragraph before it, right-aligned
            right = GridStyle(body.font, indent=0, align="right")
            last = flow.pop() if flow else GridSpace(1)
            lines = [GridParagraph(line + "　　", right) for line in block.lines]
            flow.append(KeepTogether([last, GridSpace(2), *lines]))
        elif block.kind == "slip":  # a reply slip below a cut line, kept whole
            cut = GridParagraph(CUT_LINE, GridStyle(body.font, indent=0, align="center"))
            centre = GridStyle(fonts.name("hei"), indent=0, align="center")
            items = [GridSpace(1), cut, GridParagraph(block.text, centre)]
            items += [
                GridParagraph(line, GridStyle(body.font, indent=0)) if line else GridSpace(1)
                for line in block.lines
            ]
            flow.append(KeepTogether(items))
    return flow


def _pdf_table(block: Block, fonts: Any) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, Paragraph, TableStyle

    from desktop.reports.pdf.base import escape
    from desktop.reports.pdf.official import AREA_WIDTH, SnapToGrid

    head = ParagraphStyle(
        "h", fontName=fonts.name("hei"), fontSize=11, leading=14, alignment=TA_CENTER
    )
    head.wordWrap = "CJK"
    cell = ParagraphStyle("c", fontName=fonts.name("fang"), fontSize=11, leading=14)
    cell.wordWrap = "CJK"
    rows = [[Paragraph(escape(t), head) for t in block.rows[0]]]
    rows += [[Paragraph(escape(t), cell) for t in row] for row in block.rows[1:]]
    total = sum(block.widths) or len(block.rows[0])
    widths = [AREA_WIDTH * w / total for w in (block.widths or [1] * len(block.rows[0]))]
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONTNAME", (0, 0), (-1, -1), fonts.name("fang")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return SnapToGrid(table)


def _page_numbers(fonts: Any) -> Callable[[Any, Any], None]:
    from reportlab.lib.units import mm

    from desktop.reports.pdf.official import AREA_HEIGHT, AREA_WIDTH, LEFT, PAGE_HEIGHT, TOP

    size = 14.0

    def draw(canvas: Any, document: Any) -> None:
        number = canvas.getPageNumber() - getattr(canvas, "doc_start", 1) + 1
        text = f"— {number} —"
        canvas.saveState()
        canvas.setFont(fonts.name("song"), size)
        y = PAGE_HEIGHT - TOP - AREA_HEIGHT - 7 * mm - size * 0.8
        width = canvas.stringWidth(text, fonts.name("song"), size)
        x = LEFT + AREA_WIDTH - width - size if number % 2 else LEFT + size
        canvas.drawString(x, y, text)
        canvas.restoreState()

    return draw


# ----- Word -----------------------------------------------------------------------------------
FONTS = {"title": "方正小标宋简体", "body": "仿宋_GB2312", "hei": "黑体", "kai": "楷体_GB2312"}


def write_docx(path: Path, docs: Sequence[OfficialDoc]) -> None:
    """The same documents as Word: A4, margins 37/35/28/26 mm, 仿宋 三号 at a fixed 28.95 pt
    pitch, 一、 in 黑体, （一） in 楷体; each document a new section on a new page."""
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.shared import Mm

    document = Document()
    for index, doc in enumerate(docs):
        section = document.sections[0] if index == 0 else document.add_section(WD_SECTION.NEW_PAGE)
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        _docx_doc(document, doc)
    document.save(str(path))


def _docx_doc(document: Any, doc: OfficialDoc) -> None:  # noqa: PLR0912 (one branch per kind)
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm

    _para(document, doc.title, FONTS["title"], 22, indent=False, align="center")
    _para(document, "", FONTS["body"], indent=False)  # the blank line under the title
    if doc.number:
        _para(document, doc.number, FONTS["body"], indent=False, align="center")
    for block in doc.blocks:
        if block.kind == "addressee":
            _para(document, block.text, FONTS["body"], indent=False)
        elif block.kind == "paragraph":
            _para(document, block.text, FONTS["body"])
        elif block.kind in ("heading1", "heading2"):
            font = FONTS["hei" if block.kind == "heading1" else "kai"]
            _para(document, block.text, font).paragraph_format.keep_with_next = True
        elif block.kind == "caption":
            _para(document, block.text, FONTS["hei"], indent=False, align="center")
        elif block.kind == "table":
            table = document.add_table(rows=0, cols=len(block.rows[0]))
            table.style = "Table Grid"
            shares = block.widths or (1.0,) * len(block.rows[0])
            widths = [Mm(156 * w / sum(shares)) for w in shares]  # the 156 mm text area
            table.autofit = False
            for values in block.rows:
                for cell, text, width in zip(table.add_row().cells, values, widths, strict=True):
                    cell.width = width
                    _run(cell.paragraphs[0], text, FONTS["body"], 11)
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width  # the grid: what WPS and LibreOffice lay out by
        elif block.kind == "page_break":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif block.kind == "signature":
            _para(document, "", FONTS["body"], indent=False)
            for line in block.lines:
                _para(document, line + "　　", FONTS["body"], indent=False, align="right")
        elif block.kind == "slip":
            _para(document, CUT_LINE, FONTS["body"], indent=False, align="center")
            _para(document, block.text, FONTS["hei"], indent=False, align="center")
            for line in block.lines:
                _para(document, line, FONTS["body"], indent=False)


def _run(para: Any, text: str, font: str, size: float) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = para.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run._element.rPr.rFonts.set(qn("w:eastAsia"), font)  # East Asian font for Chinese


def _para(
    document: Any, text: str, font: str, size: float = 16, *, indent: bool = True, align: str = ""
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
