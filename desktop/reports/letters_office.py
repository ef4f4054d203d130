"""The same letters as Word (.docx, for adjusting one by hand in Word or WPS) and Excel
(set up to print on A4). Content comes from ``letters_pdf.gather`` and the template, so the
three formats say the same thing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop.domain.letter_template import render
from desktop.reports.letters_pdf import LetterData
from desktop.store import letters

# Windows font names: Word and WPS substitute what the PC has.
FONTS = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "heading1": "黑体",
    "heading2": "楷体_GB2312",
    "song": "宋体",
}


def _task_line(n: int, task: letters.Task) -> str:
    extra = "；".join(
        x
        for x in (
            f"目标：{task.target}" if task.target else "",
            f"完成时限：{task.deadline}" if task.deadline else "",
        )
        if x
    )
    return f"{n}.{task.content}" + (f"（{extra}）。" if extra else "。")


class _Docx:
    """Writes letters into one python-docx Document (imported lazily: start-up cost)."""

    def __init__(self) -> None:
        from docx import Document

        self.document = Document()

    def run(self, para: Any, text: str, font: str, size: float) -> None:
        from docx.oxml.ns import qn
        from docx.shared import Pt

        run = para.add_run(text)
        run.font.name = font
        run.font.size = Pt(size)
        run._element.rPr.rFonts.set(qn("w:eastAsia"), font)  # East Asian font for Chinese

    def paragraph(
        self, text: str, font: str, size: float = 16, *, indent: bool = True, align: str = ""
    ) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Pt

        para = self.document.add_paragraph()
        fmt = para.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28.95)  # 225 mm / 22 lines
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        if align:
            para.alignment = {
                "center": WD_ALIGN_PARAGRAPH.CENTER,
                "right": WD_ALIGN_PARAGRAPH.RIGHT,
            }[align]
        self.run(para, text, font, size)

    def table(
        self, rows: Sequence[Sequence[str]], font: str, size: float, *, grid: bool = True
    ) -> None:
        table = self.document.add_table(rows=0, cols=len(rows[0]))
        if grid:
            table.style = "Table Grid"
        for values in rows:
            for cell, text in zip(table.add_row().cells, values, strict=True):
                self.run(cell.paragraphs[0], text, font, size)

    def page_setup(self, first: bool) -> None:
        from docx.enum.section import WD_SECTION
        from docx.shared import Mm

        section = (
            self.document.sections[0] if first else self.document.add_section(WD_SECTION.NEW_PAGE)
        )
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)

    def letter(self, data: LetterData, template: str) -> None:
        placed = {
            "title": (FONTS["title"], 22, False, "center"),
            "number": (FONTS["body"], 16, False, "center"),
            "date": (FONTS["body"], 16, False, "right"),
            "heading1": (FONTS["heading1"], 16, True, ""),
            "heading2": (FONTS["heading2"], 16, True, ""),
            "paragraph": (FONTS["body"], 16, True, ""),
        }
        for line in render(template, data.values):
            if line.kind in placed:
                font, size, indent, align = placed[line.kind]
                self.paragraph(line.text, font, size, indent=indent, align=align)
            elif line.text == "指标表":
                rows = [("序号", "指标", "目标值", "责任")]
                rows += [
                    (str(n), name, target, role)
                    for n, (_c, name, target, role) in enumerate(data.indicators, start=1)
                ]
                self.table(rows, FONTS["body"], 12)
            elif line.text == "任务清单":
                for n, task in enumerate(data.tasks, start=1):
                    self.paragraph(_task_line(n, task), FONTS["body"])
            else:  # 签章
                self.table(
                    [
                        ("甲方（章）", "乙方（章）"),
                        (data.values["committee"], data.unit.name),
                        ("责任人（签字）：", "责任人（签字）："),
                    ],
                    FONTS["body"],
                    16,
                    grid=False,
                )


def write_docx(path: Path, letters_data: list[LetterData], template: str) -> None:
    """GB/T 9704 page set-up: A4, margins 37/35 mm top/bottom, 28/26 mm left/right; body 仿宋
    三号 (16 pt) at a fixed 28.95 pt line pitch; 一、 in 黑体, （一） in 楷体; each letter a
    new section starting on a new page."""
    writer = _Docx()
    for index, data in enumerate(letters_data):
        writer.page_setup(index == 0)
        writer.letter(data, template)
    writer.document.save(str(path))


def write_xlsx(path: Path, letters_data: list[LetterData], template: str) -> None:
    """One sheet per letter, the text in column A (wrapped), the indicator table below its
    heading; A4 portrait, fit to one page wide."""
    from openpyxl.styles import Alignment, Font

    from desktop.exchange.register_excel import sheet_title
    from desktop.exchange.sheets import append_row, new_sheet

    book, sheet = new_sheet("责任书", [], (8, 52, 18, 10))
    sheet.freeze_panes = None
    sheet.print_title_rows = None
    sheet.page_setup.orientation = "portrait"
    first = True
    for data in letters_data:
        if not first:
            sheet = book.create_sheet()
            for letter, width in zip("ABCD", (8, 52, 18, 10), strict=True):
                sheet.column_dimensions[letter].width = width
            sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
            sheet.page_setup.fitToWidth = 1
        first = False
        sheet.title = sheet_title(f"{data.unit.code}{data.unit.name}")  # no [ ] : * ? / \\
        for line in render(template, data.values):
            if line.kind == "block" and line.text == "指标表":
                append_row(sheet, ["序号", "指标", "目标值", "责任"])
                for n, (_code, name, target, role) in enumerate(data.indicators, start=1):
                    append_row(sheet, [n, name, target, role])
                continue
            if line.kind == "block" and line.text == "任务清单":
                for n, task in enumerate(data.tasks, start=1):
                    append_row(
                        sheet,
                        [
                            f"{n}.",
                            f"{task.content}（目标：{task.target}；完成时限：{task.deadline}）",
                        ],
                    )
                continue
            if line.kind == "block":
                append_row(
                    sheet, ["甲方（章）", data.values["committee"], "乙方（章）", data.unit.name]
                )
                append_row(sheet, ["责任人（签字）：", "", "责任人（签字）：", ""])
                continue
            append_row(sheet, [line.text])
            row = sheet.max_row
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
            cell = sheet.cell(row, 1)
            cell.alignment = Alignment(
                wrap_text=True,
                vertical="top",
                horizontal="center" if line.kind == "title" else None,
            )
            if line.kind == "title":
                cell.font = Font(bold=True, size=16)
            elif line.kind == "heading1":
                cell.font = Font(bold=True)
            sheet.row_dimensions[row].height = 15 * max(1, len(line.text) // 34 + 1)
    book.save(path)
