"""Letters as Word (.docx), for adjusting one by hand in Word or WPS, laid out as the PDF is
(GB/T 9704-2012): A4, text area 156 × 225 mm at 37/28 mm, a line pitch of 225/22 mm, 28
characters a line, body 仿宋 三号 (16 pt), 一、 in 黑体, （一） in 楷体, the date 右空四字,
page numbers ``— 1 —`` as a PAGE field in 宋体 四号 (odd pages right, even pages left, one
character in), each letter a section of its own numbered from 1, the indicator table's
header repeated.

Fonts are named as government PCs have them (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体); the
document's font table gives each an alternative (``w:altName``: 仿宋, 楷体, 黑体) that Word and
WPS use on a PC without it, and the English name (FangSong, KaiTi, SimHei) for English Windows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop.domain.letter_template import chinese_dates, render
from desktop.reports.letters_pdf import LetterData
from desktop.reports.official_docx import number_from_one, page_number
from desktop.store import letters

FONTS = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "heading1": "黑体",
    "heading2": "楷体_GB2312",
    "song": "宋体",
}
#: font → what Word and WPS use on a PC without it (w:altName); the Chinese names' own
#: entries point on to the English names that English-language Windows lists
ALTERNATIVES = {
    "方正小标宋简体": "黑体",
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "仿宋": "FangSong",
    "楷体": "KaiTi",
    "黑体": "SimHei",
    "宋体": "SimSun",
}
BODY_PT = 16.0
LINE_TWIPS = 579  # 225 mm / 22 lines = 28.95 pt
#: 28 characters a line: a 16 pt glyph is 0.2 pt wider than the 156/28 mm cell, so body runs
#: are set 0.3 pt closer (w:spacing, in twentieths of a point). A run property, unlike a
#: document grid (w:docGrid charSpace), which Word, WPS and LibreOffice each read their own
#: way (LibreOffice 7.4 made 14 characters a line of it).
BODY_SPACING = -6
COLUMNS_MM = (14, 78, 44, 20)  # 序号, 指标, 目标值, 责任: the PDF's widths


def task_line(n: int, task: letters.Task) -> str:
    extra = "；".join(
        x
        for x in (
            f"目标：{chinese_dates(task.target)}" if task.target else "",
            f"完成时限：{chinese_dates(task.deadline)}" if task.deadline else "",
        )
        if x
    )
    return f"{n}.{chinese_dates(task.content)}" + (f"（{extra}）。" if extra else "。")


def _set_fonts(element: Any, font: str) -> None:
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), font)
    fonts.set(qn("w:hint"), "eastAsia")


class _Docx:
    """Writes letters into one python-docx Document (imported lazily: start-up cost)."""

    def __init__(self) -> None:
        from docx import Document
        from docx.shared import Pt

        self.document = Document()
        normal = self.document.styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        _set_fonts(normal.element, FONTS["body"])
        self.document.settings.odd_and_even_pages_header_footer = True
        self._font_table()

    def _font_table(self) -> None:
        """Alternatives for the official fonts in word/fontTable.xml."""
        from lxml import etree  # type: ignore[import-untyped]

        part = next(
            p
            for p in self.document.part.package.iter_parts()
            if p.partname == "/word/fontTable.xml"
        )
        ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        root = etree.fromstring(part.blob)
        for name, alternative in ALTERNATIVES.items():
            font = etree.SubElement(root, f"{{{ns}}}font")
            font.set(f"{{{ns}}}name", name)
            etree.SubElement(font, f"{{{ns}}}altName").set(f"{{{ns}}}val", alternative)
            etree.SubElement(font, f"{{{ns}}}charset").set(f"{{{ns}}}val", "86")  # GB2312
            etree.SubElement(font, f"{{{ns}}}family").set(f"{{{ns}}}val", "modern")
            etree.SubElement(font, f"{{{ns}}}pitch").set(f"{{{ns}}}val", "fixed")
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def run(self, para: Any, text: str, font: str, size: float) -> None:
        from docx.shared import Pt

        run = para.add_run(text)
        run.font.size = Pt(size)
        _set_fonts(run._element, font)
        if size == BODY_PT:
            from docx.oxml import OxmlElement
            from docx.oxml.ns import qn

            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:val"), str(BODY_SPACING))
            run._element.get_or_add_rPr().append(spacing)

    def paragraph(
        self,
        text: str,
        font: str,
        size: float = BODY_PT,
        *,
        indent: bool = True,
        align: str = "",
        keep_next: bool = False,
        right_chars: int = 0,
    ) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Pt

        para = self.document.add_paragraph()
        fmt = para.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_TWIPS / 20)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.widow_control = True
        fmt.keep_with_next = keep_next  # a heading goes over with the text that follows
        if indent:
            fmt.first_line_indent = Pt((size + BODY_SPACING / 20) * 2)  # two characters
        if right_chars:
            fmt.right_indent = Pt(BODY_PT * right_chars)
        if align:
            para.alignment = {
                "center": WD_ALIGN_PARAGRAPH.CENTER,
                "right": WD_ALIGN_PARAGRAPH.RIGHT,
            }[align]
        self.run(para, text, font, size)

    def table(
        self,
        rows: Sequence[Sequence[str]],
        font: str,
        size: float,
        *,
        grid: bool = True,
        widths_mm: Sequence[float] | None = None,
    ) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm

        table = self.document.add_table(rows=0, cols=len(rows[0]))
        if grid:
            table.style = "Table Grid"
        table.autofit = False
        widths = widths_mm or [156 / len(rows[0])] * len(rows[0])
        for index, values in enumerate(rows):
            row = table.add_row()
            if grid and index == 0:  # the header row repeats on every page (w:tblHeader)
                header = OxmlElement("w:tblHeader")
                header.set(qn("w:val"), "true")
                row._tr.get_or_add_trPr().append(header)
            for cell, text, width in zip(row.cells, values, widths, strict=True):
                cell.width = Mm(width)
                self.run(cell.paragraphs[0], text, font, size)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Mm(width)

    def page_setup(self, first: bool) -> None:
        from docx.enum.section import WD_SECTION
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm

        section = (
            self.document.sections[0] if first else self.document.add_section(WD_SECTION.NEW_PAGE)
        )
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        # the number's line sits 7 mm below the text area (which ends 35 mm above the edge)
        section.footer_distance = Mm(23)
        sect = section._sectPr
        for old in sect.findall(qn("w:docGrid")):
            sect.remove(old)
        number_from_one(sect)  # every letter numbered from 1
        grid = OxmlElement("w:docGrid")
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(LINE_TWIPS))
        sect.append(grid)
        page_number(section.footer, "right")  # — 1 —, as the official documents' (GB/T 9704)
        page_number(section.even_page_footer, "left")

    def letter(self, data: LetterData, template: str) -> None:
        placed = {
            "title": (FONTS["title"], 22, False, "center"),
            "number": (FONTS["body"], BODY_PT, False, "center"),
            "party": (FONTS["body"], BODY_PT, False, ""),
            "date": (FONTS["body"], BODY_PT, False, "right"),
            "heading1": (FONTS["heading1"], BODY_PT, True, ""),
            "heading2": (FONTS["heading2"], BODY_PT, True, ""),
            "paragraph": (FONTS["body"], BODY_PT, True, ""),
        }
        for line in render(template, data.values):
            if line.kind in placed:
                font, size, indent, align = placed[line.kind]
                self.paragraph(
                    line.text,
                    font,
                    size,
                    indent=indent,
                    align=align,
                    keep_next=line.kind in ("heading1", "heading2", "title", "number"),
                    right_chars=4 if line.kind == "date" else 0,
                )
            elif line.text == "指标表":
                if not data.indicators:
                    continue
                rows = [("序号", "指标", "目标值", "责任")]
                rows += [
                    (str(n), name, target, role)
                    for n, (_c, name, target, role) in enumerate(data.indicators, start=1)
                ]
                self.table(rows, FONTS["body"], 12, widths_mm=COLUMNS_MM)
            elif line.text == "任务清单":
                for n, task in enumerate(data.tasks, start=1):
                    self.paragraph(task_line(n, task), FONTS["body"])
            else:  # 签章
                self.table(
                    [
                        ("甲方（章）", "乙方（章）"),
                        (data.values["committee"], data.unit.name),
                        ("责任人（签字）：", "责任人（签字）："),
                    ],
                    FONTS["body"],
                    BODY_PT,
                    grid=False,
                )


def write_docx(
    path: Path, letters_data: list[LetterData], template: str, *, copies: int = 1
) -> None:
    """Each letter (``copies`` times) a section starting on a new page."""
    writer = _Docx()
    first = True
    for data in letters_data:
        for _copy in range(copies):
            writer.page_setup(first)
            first = False
            writer.letter(data, template)
    writer.document.save(str(path))
