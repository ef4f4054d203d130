"""The same letters as Excel (set up to print on A4; Word is ``letters_docx``). Content comes
from ``letters_pdf.gather`` and the template, so the formats say the same thing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop.domain.letter_template import render
from desktop.exchange.register_excel import sheet_title
from desktop.exchange.sheets import append_row, set_up_sheet
from desktop.reports.letters_pdf import LetterData

WIDTHS = (8, 52, 18, 10)  # 序号, 指标, 目标值, 责任 (the text above spans all four)
#: what a line of the merged text holds, in CJK characters at 11 pt (≈ 2 width units each)
LINE_CHARS = sum(WIDTHS) // 2 - 2


def safe_sheet_name(name: str, taken: Sequence[str]) -> str:
    """A valid, unique sheet name from a unit's name: no []:*?/\\, no leading or trailing
    apostrophe, at most 31 characters, ``（2）`` appended when taken (case-insensitively)."""
    base = sheet_title(name).strip("'") or "责任书"
    lowered = {t.lower() for t in taken}
    candidate, n = base[:31], 2
    while candidate.lower() in lowered:
        suffix = f"（{n}）"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    return candidate


def _rows_needed(text: str, chars: int) -> int:
    return max(1, -(-sum(1 if ord(c) < 0x2E80 else 2 for c in text) // (chars * 2)))


def _page_setup(sheet: Any) -> None:
    """A4 portrait, one page wide (every sheet, not only the first), pages running down."""
    set_up_sheet(sheet, [], WIDTHS)  # no header: no frozen pane, no print titles
    sheet.page_setup.orientation = "portrait"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.7
    sheet.page_margins.top, sheet.page_margins.bottom = 0.9, 0.8


def write_xlsx(
    path: Path, letters_data: list[LetterData], template: str, *, copies: int = 1
) -> None:
    """One sheet per letter (and copy), the text merged across the four columns and wrapped
    with row heights that hold it, the indicator table with borders; A4 portrait, every sheet
    fit to one page wide."""
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    from desktop.reports.letters_docx import task_line

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    book = Workbook()
    default = book.active
    for data in letters_data:
        for copy in range(copies):
            name = f"{data.unit.code}{data.unit.name}" + (f"-{copy + 1}" if copies > 1 else "")
            sheet = book.create_sheet(safe_sheet_name(name, book.sheetnames))
            _page_setup(sheet)
            _letter_sheet(sheet, data, template, box, task_line)
    if default is not None and len(book.sheetnames) > 1:
        book.remove(default)
    book.save(path)


def _letter_sheet(sheet: Any, data: LetterData, template: str, box: Any, task_line: Any) -> None:
    from openpyxl.styles import Alignment, Font

    def boxed(first: int, last: int) -> None:
        for row in sheet.iter_rows(min_row=first, max_row=last, max_col=4):
            for cell in row:
                cell.border = box
                cell.alignment = Alignment(wrap_text=True, vertical="center")
            sheet.row_dimensions[row[0].row].height = 15 * _rows_needed(
                str(row[1].value or ""), WIDTHS[1] // 2 - 1
            )

    for line in render(template, data.values):
        if line.kind == "block" and line.text == "指标表":
            if not data.indicators:
                continue
            first = sheet.max_row + 1
            append_row(sheet, ["序号", "指标", "目标值", "责任"])
            for n, (_code, name, target, role) in enumerate(data.indicators, start=1):
                append_row(sheet, [n, name, target, role])
            boxed(first, sheet.max_row)
            for cell in sheet[first]:
                cell.font = Font(bold=True)
            continue
        if line.kind == "block" and line.text == "任务清单":
            for n, task in enumerate(data.tasks, start=1):
                append_row(sheet, [task_line(n, task)])
                _merged_text(sheet, "paragraph", task_line(n, task))
            continue
        if line.kind == "block":
            append_row(
                sheet, ["甲方（章）", data.values["committee"], "乙方（章）", data.unit.name]
            )
            append_row(sheet, ["责任人（签字）：", "", "责任人（签字）：", ""])
            continue
        append_row(sheet, [line.text])
        _merged_text(sheet, line.kind, line.text)


def _merged_text(sheet: Any, kind: str, text: str) -> None:
    """The last row merged across the columns, wrapped, tall enough for its lines."""
    from openpyxl.styles import Alignment, Font

    row = sheet.max_row
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    cell = sheet.cell(row, 1)
    horizontal = {"title": "center", "number": "center", "date": "right"}.get(kind)
    cell.alignment = Alignment(
        wrap_text=True,
        vertical="center" if kind == "title" else "top",
        horizontal=horizontal,
        indent=2 if kind == "date" else 0,
    )
    if kind == "title":
        cell.font = Font(bold=True, size=16)
        lines = _rows_needed(text, LINE_CHARS * 11 // 16)
        sheet.row_dimensions[row].height = 24 * lines + 12
    else:
        if kind == "heading1":
            cell.font = Font(bold=True)
        text = ("　　" if kind in ("paragraph", "heading2") else "") + text
        sheet.row_dimensions[row].height = 16 * _rows_needed(text, LINE_CHARS)
