"""Print layout of a register workbook (台账清单, masked or full) after it is written.

The sheet's rows stay as the import reads them: the main sheet's title row (township,
register, period, 制表日期, written by the export) above the header row, both repeated on
every printed page; the title also goes into the printed page header. Landscape A4,
fitted to the page width only while the print stays legible (≥ ``MIN_POINTS`` pt); otherwise
the long text columns are narrowed and wrapped first, and the pages run down. Borders round
every cell, row heights that hold wrapped text (LibreOffice and WPS do not grow rows by
themselves and print the lines over the next row), amounts right-aligned with separators.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.exchange.cell_styles import CellStyles
from desktop.forms.definition import FormDef

BASE_POINTS = 11.0  # openpyxl's default font
MIN_POINTS = 9.0
PRINTABLE_MM = 297 - 2 * 0.7 * 25.4  # A4 landscape less openpyxl's default 0.7" margins
NARROW = 24  # a long text column wraps at this width (characters)
LINE_HEIGHT = 15.0  # points a wrapped line needs at 11 pt


def column_mm(width: float) -> float:
    """Excel's column width (characters of the default font) in millimetres on paper."""
    return (width * 7 + 5) * 25.4 / 96


def text_units(value: object) -> float:
    return sum(2.0 if ord(ch) > 0x2E7F else 1.0 for ch in str(value))


def fit_scale(widths: list[float]) -> float:
    return min(1.0, PRINTABLE_MM / max(1.0, sum(column_mm(w) for w in widths)))


def lay_out(
    book: Any, form: FormDef, *, township: str, period: str, today: date | None = None
) -> float:
    """Apply the print layout to every sheet of ``book`` (before it is saved: no second
    read and write of the file) but the hidden metadata one; returns the first sheet's
    print scale (the share of its natural size it prints at)."""
    day = today or date.today()
    styles = CellStyles(book)
    first_scale = 1.0
    for index, sheet in enumerate(s for s in book.worksheets if s.sheet_state == "visible"):
        title = form.title if index == 0 else sheet.title
        scale = _sheet(sheet, f"{township}{title}台账清单", period, day, styles)
        if index == 0:
            first_scale = scale
    return first_scale


def _sheet(sheet: Any, title: str, period: str, day: date, styles: CellStyles) -> float:
    from openpyxl.utils import get_column_letter

    columns = sheet.max_column
    letters = [get_column_letter(c) for c in range(1, columns + 1)]
    widths = [float(sheet.column_dimensions[x].width or 8.43) for x in letters]
    hidden = [bool(sheet.column_dimensions[x].hidden) for x in letters]
    shown = [w for w, h in zip(widths, hidden, strict=True) if not h]
    # narrow the widest text columns until the fitted print is legible again
    while fit_scale(shown) * BASE_POINTS < MIN_POINTS:
        widest = max(range(columns), key=lambda c: -1 if hidden[c] else widths[c])
        if widths[widest] <= NARROW:
            break
        widths[widest] = NARROW
        sheet.column_dimensions[letters[widest]].width = NARROW
        shown = [w for w, h in zip(widths, hidden, strict=True) if not h]
    scale = fit_scale(shown)
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    if scale * BASE_POINTS >= MIN_POINTS:
        setup.fitToWidth, setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    else:  # still too wide: print at the smallest legible size, pages across and down
        sheet.sheet_properties.pageSetUpPr.fitToPage = False
        setup.scale = int(MIN_POINTS / BASE_POINTS * 100)
        scale = MIN_POINTS / BASE_POINTS
        sheet.print_title_cols = "A:A"  # the row number on every page across
    made = f"{day.year}年{day.month}月{day.day}日"
    sheet.oddHeader.center.text = f"&B{title}&B"
    sheet.oddHeader.right.text = f"统计期间：{period}　制表日期：{made}"
    top = 2 if "A1" in sheet.merged_cells else 1  # the title row keeps its own look
    _cells(sheet, top, widths, styles)
    return scale


def _cells(sheet: Any, top: int, widths: list[float], styles: CellStyles) -> None:
    """Borders round every cell from row ``top``; numbers and dates right-aligned; text
    wrapped where it is longer than its column, its row tall enough for the lines."""
    from openpyxl.styles import Alignment

    box = styles.box()
    wrap_top = Alignment(wrap_text=True, vertical="top")
    right_top = Alignment(horizontal="right", vertical="top")
    at_top = styles.shared("top", lambda: Alignment(vertical="top"))
    room = [max(1.0, w - 1) for w in widths]
    for row in sheet.iter_rows(min_row=top, max_row=sheet.max_row, max_col=len(widths)):
        lines = 1
        plain = []  # one line of text: at the top of a tall row, level with the wrapped cells
        for cell in row:
            value = cell.value
            if value is None:
                styles.apply(cell, border=box)
                continue
            if not isinstance(value, str):  # numbers, dates: right, amounts with separators
                styles.apply(cell, border=box, alignment=right_top)
                continue
            need = -(-text_units(value) // room[cell.column - 1])
            if need > 1 or "\n" in value:
                styles.apply(cell, border=box, alignment=wrap_top)
                need += value.count("\n")
            else:
                styles.apply(cell, border=box)
                plain.append(cell)
            lines = max(lines, int(need))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines
            for cell in plain:
                styles.apply(cell, alignment=at_top)
