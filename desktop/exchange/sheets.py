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
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.exchange.cell_styles import CellStyles

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


def append_cells(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """``append_row`` that returns the row's cells, to be styled without looking each up
    again (every value becomes a cell, as ``sheet.append`` makes one for each)."""
    from openpyxl.cell.cell import Cell

    cells = [
        write(Cell(sheet, row=1, column=1), v)
        if isinstance(v, str)
        else Cell(sheet, row=1, column=1, value=v)
        for v in values
    ]
    sheet.append(cells)
    return cells


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
    sheet: str = ""  # the sheet that could not be read (a damaged part of the file)

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


#: What can go wrong inside a damaged .xlsx while it is opened or read: not a zip, a zip cut
#: short (CRC, deflate, EOF), XML that does not parse (ElementTree's ParseError is a
#: SyntaxError), a part missing (KeyError), values openpyxl refuses (ValueError, TypeError).
#: ``workbook_problem`` turns each into one Chinese sentence: never the library's English.
BROKEN_WORKBOOK = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,
    LookupError,
)

#: Rows read from one sheet at most: a clerk's workbook has hundreds; a million rows would
#: only fill the memory.
MAX_ROWS = 100_000


def workbook_problem(path: Path, exc: BaseException, sheet: str | None = None) -> ImportProblem:
    """The one place where errors of reading a workbook become Chinese (no ``BadZipFile``);
    ``sheet``: the sheet being read when it happened (sheets are parsed when first read)."""
    from desktop.domain.os_errors import describe_os_error

    if isinstance(exc, FileNotFoundError):
        text = "找不到这个文件（U盘是否已拔出？）。"
    elif isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        text = (
            "它不是有效的Excel工作簿（.xlsx），或文件已损坏、不完整（可能没有复制完）。"
            "请重新保存或重新复制后再导入。"
        )
    elif isinstance(exc, OSError):
        text = f"无法读取这个文件：{describe_os_error(exc)}。"
    elif isinstance(exc, SyntaxError):
        text = (
            "工作簿内部的内容已损坏（XML格式错误），无法读取。"
            "请在Excel或WPS中打开后另存为.xlsx再导入。"
        )
    elif isinstance(exc, MemoryError):
        text = "工作簿太大，无法读取。"
    else:
        text = (
            "它不是有效的Excel工作簿（.xlsx），或内容已损坏。请在Excel或WPS中另存为.xlsx后再导入。"
        )
    where = f"的工作表“{sheet}”" if sheet else ""
    message = f"无法读取文件“{path.name}”{where}：{text}"
    return ImportProblem(path, message=message, sheet=sheet or "")


def open_workbook(path: Path) -> Any:
    """Open an .xlsx read-only (values, not formulas), or raise ImportProblem with a clear
    message. Its sheets read their size when first used (``read_book``)."""
    from desktop.exchange.read_book import load_read_only

    if path.suffix.lower() in (".xls", ".et", ".csv"):
        raise ImportProblem(
            path,
            message=f"不支持“{path.suffix}”格式。请在Excel或WPS中"
            "“另存为”Excel工作簿（.xlsx）后再导入。",
        )
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise workbook_problem(path, exc) from exc
    try:
        book = load_read_only(handle)
    except (*BROKEN_WORKBOOK, MemoryError) as exc:
        handle.close()
        raise workbook_problem(path, exc) from exc
    # so that ``sheet_rows`` can name the file in its messages
    book.fulian_path = path
    return OpenBook(book, handle)


class OpenBook:
    """A read-only workbook and the file it reads from.

    We open the file ourselves: openpyxl's read-only mode keeps a zip member open per sheet
    being read, and when a damaged sheet breaks the parse that member (and the file) would
    stay open until garbage collection. ``close()`` closes the file whatever happened.
    """

    def __init__(self, book: Any, handle: Any) -> None:
        self._book = book
        self._handle = handle

    def __getattr__(self, name: str) -> Any:
        return getattr(self._book, name)

    def __getitem__(self, key: str) -> Any:
        return self._book[key]

    def close(self) -> None:
        try:
            self._book.close()
        finally:
            self._handle.close()


def sheet_rows(
    sheet: Any,
    *,
    max_col: int,
    min_row: int = 1,
    max_row: int | None = None,
    max_rows: int = MAX_ROWS,
    percent_as_shown: bool = False,
) -> list[tuple[Any, ...]]:
    """The values of a sheet's rows, at most ``max_col`` columns wide. With
    ``percent_as_shown``, a number in a percent-formatted cell is its text as the sheet shows
    it: "96%" typed in Excel or WPS is stored as 0.96 formatted as a percentage, and read as
    the bare number it went into a 96% indicator as 0.96.

    Bounded on purpose: openpyxl pads every row to the sheet's widest one, so a single cell in
    column XFD made each row 16,384 values (MemoryError). Errors of a damaged file raise
    ImportProblem in Chinese.
    """
    path = getattr(getattr(sheet, "parent", None), "fulian_path", None) or Path("工作簿")
    rows: list[tuple[Any, ...]] = []
    try:
        for row in sheet.iter_rows(
            min_row=min_row, max_row=max_row, max_col=max_col, values_only=not percent_as_shown
        ):
            if len(rows) >= max_rows:
                raise ImportProblem(
                    path,
                    message=f"工作表“{sheet.title}”超过 {max_rows} 行，太大，不能导入。"
                    "请删除多余的行后再导入。",
                )
            rows.append(tuple(_as_shown(cell) for cell in row) if percent_as_shown else tuple(row))
    except ImportProblem:
        raise
    except (*BROKEN_WORKBOOK, MemoryError) as exc:
        raise workbook_problem(path, exc, getattr(sheet, "title", None)) from exc
    return rows


def _as_shown(cell: Any) -> Any:
    """A cell's value; a number formatted as a percentage as its text (0.96 → "96%")."""
    value = cell.value
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and "%" in (getattr(cell, "number_format", None) or ""):
        shown = Decimal(format(value, ".15g")) * 100
        return f"{shown.normalize():f}%"
    return value


_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def safe_sheet_title(text: str, taken: Any = ()) -> str:
    """A title Excel accepts: no ``/ \\ : * ? [ ]``, no ``'`` at either end, 1-31 characters,
    unique (case-insensitively) among ``taken``. openpyxl raises on the forbidden characters
    (a unit named “妇联/妇委会” crashed the Excel letters)."""
    title = text.translate(_BAD_SHEET_CHARS).strip().strip("'").strip() or "工作表"
    title = title[:31]
    used = {str(t).casefold() for t in taken}
    candidate, n = title, 1
    while candidate.casefold() in used:
        n += 1
        suffix = f"({n})"
        candidate = title[: 31 - len(suffix)] + suffix
    return candidate


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def loose_header(text: str) -> str:
    """A header as typed by hand: full-width letters and brackets, spaces, a "*" or "（必填）"
    marking a required column all match the plain label (issue 22)."""
    plain = unicodedata.normalize("NFKC", text)
    plain = re.sub(r"\s+|\*|[(（]必填[)）]", "", plain)
    return plain


def header_map(
    row: tuple[object, ...], wanted: dict[str, str], synonyms: dict[str, str] | None = None
) -> dict[str, int]:
    """Column index of each wanted field, by its Chinese header (``wanted``: field -> label),
    matched loosely; ``synonyms`` (another label -> field) name the same columns."""
    labels: dict[str, int] = {}
    for i, v in enumerate(row):
        labels.setdefault(loose_header(cell_text(v)), i)
    found = {
        f: labels[loose_header(label)]
        for f, label in wanted.items()
        if loose_header(label) in labels
    }
    for label, f in (synonyms or {}).items():
        if f not in found and loose_header(label) in labels:
            found[f] = labels[loose_header(label)]
    return found


def new_sheet(
    title: str, headers: list[str], widths: tuple[int, ...], *, heading: str = ""
) -> tuple[Any, Any]:
    """A workbook with one sheet: bold frozen header row, column widths, A4 fit to width;
    with ``heading``, a title row above the header (see ``set_up_sheet``)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    set_up_sheet(sheet, headers, widths, heading=heading)
    return book, sheet


def add_sheet(
    book: Any,
    title: str,
    headers: list[str],
    widths: tuple[int, ...],
    *,
    styles: CellStyles | None = None,
) -> Any:
    """Another sheet of a workbook, set up like ``new_sheet``'s (``styles``: the workbook's
    ``CellStyles``, to share its bold font instead of registering one per header cell)."""
    sheet = book.create_sheet(title)
    set_up_sheet(sheet, headers, widths, styles=styles)
    return sheet


#: points of a title row (``set_up_sheet(heading=...)``)
TITLE_HEIGHT = 30.0


def set_up_sheet(
    sheet: Any,
    headers: list[str],
    widths: tuple[int, ...],
    *,
    heading: str = "",
    styles: CellStyles | None = None,
) -> None:
    """Header row (bold, frozen, repeated on every printed page), widths, A4 landscape fit
    to width, page numbers in the footer. With ``heading`` the sheet starts with a title row
    (merged across the header's columns, bold, larger) and the header is row 2; readers find
    the header row themselves (``register_excel._header``)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    top = 1
    if heading:
        cell = put(sheet, 1, 1, heading)
        cell.font = Font(bold=True, size=14)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.row_dimensions[1].height = TITLE_HEIGHT
        if len(headers) > 1:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        top = 2
    if headers:
        cells = append_cells(sheet, headers)
        if styles is None:
            for cell in cells:
                cell.font = Font(bold=True)
        else:
            bold = styles.shared("bold", lambda: Font(bold=True))
            for cell in cells:
                styles.apply(cell, font=bold)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if headers or heading:  # openpyxl cannot unset print titles: set them only when wanted
        sheet.freeze_panes = f"A{top + 1}"
        sheet.print_title_rows = f"1:{top}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    footer: Any = sheet.oddFooter
    footer.center.text = "第 &P 页 共 &N 页"
