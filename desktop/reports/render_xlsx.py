"""A ``Report`` to an Excel workbook: one sheet per table (header frozen and repeated on
printed pages, widths for Chinese text, number formats, status cells coloured, A4 fit to
width, page numbers in the footer), native Excel charts on a 图表 sheet beside their data,
reminder notices listed on their own sheet."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from desktop.exchange.register_excel import sheet_title
from desktop.exchange.sheets import add_sheet, append_cells, append_row
from desktop.reports.document import Chart, Page, Report, Table
from desktop.reports.xlsx_charts import write_charts
from desktop.reports.xlsx_stack import sheet_name, stackable, write_stacked
from desktop.reports.xlsx_styles import (
    MAX_WIDTH,
    CellStyles,
    fitted,
    status_fill,
    text_width,
    wrap_rows,
)


def _unique(book: Any, title: str) -> str:
    name, n = sheet_title(title) or "表", 2
    while name in book.sheetnames:
        name = sheet_title(f"{title[:27]}（{n}）")
        n += 1
    return name


def _write_table(book: Any, table: Table, header: str, styles: CellStyles) -> Any:
    from openpyxl.styles import Alignment, Font

    bold = styles.shared("bold", lambda: Font(bold=True))
    box = styles.box()
    right = styles.shared("right", lambda: Alignment(horizontal="right"))
    columns = len(table.columns)
    # a figure column's texts (—) right-aligned with its numbers, as in the PDF
    figures = {c for c, col in enumerate(table.columns, start=1) if col.numeric}
    body = table.body()  # one 无 row for a table without rows
    texts = [[cell.text for cell in row] for row in body]
    sizes = [[text_width(t) for t in row] for row in texts]  # each text measured once
    widths = [
        fitted(max([text_width(col.title), *(row[i] for row in sizes)]))
        for i, col in enumerate(table.columns)
    ]
    sheet = add_sheet(
        book,
        _unique(book, table.title),
        [c.title for c in table.columns],
        tuple(widths),
        styles=styles,
    )
    line = sheet.max_row  # counted here: max_row scans every cell, per call
    # thin borders round every cell of the table (header and rows), as printed tables
    # have: set with each cell's other styles as it is written, not by a second pass
    for c in range(1, columns + 1):
        styles.apply(sheet.cell(line, c), border=box)
    long: dict[int, list[str]] = {}
    for r, row in enumerate(body):
        cells = append_cells(sheet, [cell.excel for cell in row])
        line += 1
        total = r in table.totals
        if any(size > MAX_WIDTH for size in sizes[r]):
            long[line] = texts[r]
        for c, cell in enumerate(row, start=1):
            fill = status_fill(styles, cell.status)
            number_format = (
                cell.number_format
                if cell.number_format and isinstance(cell.value, int | float)
                else None
            )
            if c <= columns or fill is not None or total or number_format:
                styles.apply(
                    cells[c - 1],
                    number_format=number_format,
                    fill=fill,
                    font=bold if total else None,
                    border=box if c <= columns else None,
                    alignment=right if c in figures and isinstance(cell.excel, str) else None,
                )
    wrap_rows(sheet, long, widths, styles)
    if not columns:  # as ``_borders`` has always treated a table without columns
        _borders(sheet, line, columns, styles)
    if table.note:
        append_row(sheet, [])
        append_row(sheet, [table.note])
    sheet.oddHeader.center.text = header
    return sheet


def _notice_layout(sheet: Any, pages: list[Page], width: int, styles: CellStyles) -> None:
    """Notices wrap inside their cells, rows tall enough for every line (LibreOffice and WPS
    do not grow a row by themselves: the text would print over the next notice)."""
    from openpyxl.styles import Alignment

    wrap = styles.shared("wrap", lambda: Alignment(wrap_text=True, vertical="top"))
    for row, page in enumerate(pages, start=2):
        lines = sum(max(1, -(-int(text_width(p)) // (width - 2))) for p in page.paragraphs)
        sheet.row_dimensions[row].height = 15.5 * lines + 4
        for cell in sheet[row]:
            styles.apply(cell, alignment=wrap)
    _borders(sheet, len(pages) + 1, 2, styles)


def _borders(sheet: Any, rows: int, columns: int, styles: CellStyles) -> None:
    """Thin borders round every cell of the table (header and rows), as printed tables have."""
    box = styles.box()
    for row in sheet.iter_rows(min_row=1, max_row=rows, max_col=columns):
        for cell in row:
            styles.apply(cell, border=box)


def _write_notices_and_texts(
    book: Any, pages: list[Page], texts: list[str], header: str, styles: CellStyles
) -> None:
    if pages:
        sheet = add_sheet(book, _unique(book, "催报单"), ["标题", "内容"], (24, 90))
        for page in pages:
            append_row(sheet, [page.title, "\n".join(page.paragraphs)])
        _notice_layout(sheet, pages, 90, styles)
        sheet.oddHeader.center.text = header
    if texts:
        sheet = add_sheet(book, _unique(book, "说明"), ["说明"], (100,))
        for line in texts:
            append_row(sheet, [line])


def write_xlsx(path: Path, report: Report, *, today: date | None = None) -> int:
    """Write the workbook; returns the number of sheets."""
    from openpyxl import Workbook

    book = Workbook()
    styles = CellStyles(book)
    default = book.active
    day = today or date.today()
    header = (
        f"{report.township}{report.title}（{report.subtitle}）"
        f"　报告日期：{day.year}年{day.month}月{day.day}日"
    )
    charts: list[Chart] = []
    pages: list[Page] = []
    texts: list[str] = []
    for section in report.sections:
        tables = [b for b in section.blocks if isinstance(b, Table)]
        stacked = stackable(tables)
        if stacked:
            sheet = add_sheet(book, _unique(book, sheet_name(section.heading, tables)), [], ())
            write_stacked(sheet, tables, header, styles)
        for block in section.blocks:
            if isinstance(block, Table):
                if not stacked:
                    _write_table(book, block, header, styles)
            elif isinstance(block, Chart):
                charts.append(block)
            elif isinstance(block, Page):
                pages.append(block)
            else:
                texts.append(block)
    if charts:
        write_charts(book, _unique(book, "图表"), charts, header)
    _write_notices_and_texts(book, pages, texts, header, styles)
    if default is not None and len(book.sheetnames) > 1:
        book.remove(default)
    book.save(path)
    return len(book.sheetnames)
