"""Shared pieces for workbooks: the one formula-safe cell writer every workbook writer uses,
sheet set-up, and, for reading clerk-made workbooks, header lookup and row-level problems.

Every problem names the file, sheet, row and field in Chinese; an import with any problem
changes nothing.

**Writing cells.** openpyxl stores any ``str`` that starts with ``=`` as a live formula (and
``#N/A`` and friends as error values), so a petition's content ``=HYPERLINK("http://x","a")``
would become a clickable link in every export, and a re-import would read it back as nothing
(tech-notes). So every cell that may hold text is written through ``put`` / ``append_row`` /
``write``: a string is always stored as a string (``data_type = "s"``), and one that starts
with a character a spreadsheet treats as the start of a formula (``=`` ``+`` ``-`` ``@``, tab,
CR, LF: OWASP's CSV-injection list, ASVS 1.2.10) also carries Excel's own "typed with a leading
apostrophe" mark (``quotePrefix``), so editing the cell in Excel/WPS keeps it text. The text
itself is not changed (no apostrophe is added), so a full export imports back exactly.
Characters XML cannot hold (C0 controls other than tab/CR/LF) are dropped instead of crashing
the export. ``tests/exchange/test_formula_safety.py`` checks no writer bypasses this.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write(cell: Any, value: object) -> Any:
    """Store ``value`` in ``cell``; text is always text, never a formula or an error value."""
    if isinstance(value, str):
        text = _NOT_XML.sub("", value)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_LEADS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def put(sheet: Any, row: int, column: int, value: object) -> Any:
    """``sheet.cell(row, column, value)``, formula-safe; returns the cell."""
    return write(sheet.cell(row=row, column=column), value)


def append_row(sheet: Any, values: Iterable[object]) -> None:
    """``sheet.append(values)``, formula-safe: strings go in as prepared text cells."""
    from openpyxl.cell.cell import Cell

    sheet.append(
        [write(Cell(sheet, row=1, column=1), v) if isinstance(v, str) else v for v in values]
    )


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”第 {self.row} 行"
        return (
            f"{where}“{self.field}”：{self.message}" if self.field else f"{where}：{self.message}"
        )


@dataclass
class ImportProblem(Exception):
    file: Path
    errors: list[RowError] = field(default_factory=list)
    message: str = ""

    def report(self, limit: int = 8) -> str:
        head = f"文件“{self.file.name}”未导入，数据库没有任何改动。"
        if self.message:
            return f"{head}\n{self.message}"
        lines = [str(e) for e in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(f"……另有 {len(self.errors) - limit} 处问题")
        return head + "\n" + "\n".join(lines)

    def __str__(self) -> str:
        return self.report()


def open_workbook(path: Path) -> Any:
    """Open an .xlsx read-only, or raise ImportProblem with a clear message."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    if path.suffix.lower() in (".xls", ".et", ".csv"):
        raise ImportProblem(
            path,
            message=f"不支持“{path.suffix}”格式。请在Excel或WPS中"
            "“另存为”Excel工作簿（.xlsx）后再导入。",
        )
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportProblem(
            path,
            message=f"无法读取这个文件（{exc.__class__.__name__}）："
            "它不是有效的Excel工作簿（.xlsx）。",
        ) from exc


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def header_map(row: tuple[object, ...], wanted: dict[str, str]) -> dict[str, int]:
    """Column index of each wanted field, by its Chinese header (``wanted``: field -> label)."""
    labels = {cell_text(v): i for i, v in enumerate(row)}
    return {f: labels[label] for f, label in wanted.items() if label in labels}


def new_sheet(title: str, headers: list[str], widths: tuple[int, ...]) -> tuple[Any, Any]:
    """A workbook with one sheet: bold frozen header row, column widths, A4 fit to width."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    set_up_sheet(sheet, headers, widths)
    return book, sheet


def add_sheet(book: Any, title: str, headers: list[str], widths: tuple[int, ...]) -> Any:
    """Another sheet of a workbook, set up like ``new_sheet``'s."""
    sheet = book.create_sheet(title)
    set_up_sheet(sheet, headers, widths)
    return sheet


def set_up_sheet(sheet: Any, headers: list[str], widths: tuple[int, ...]) -> None:
    """Header row (bold, frozen, repeated on every printed page), widths, A4 landscape fit
    to width, page numbers in the footer."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    if headers:
        append_row(sheet, headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    footer: Any = sheet.oddFooter
    footer.center.text = "第 &P 页 共 &N 页"
