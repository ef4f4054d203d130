"""Shared pieces for reading clerk-made workbooks: header lookup and row-level problems.

Every problem names the file, sheet, row and field in Chinese; an import with any problem
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
        sheet.append(headers)
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
