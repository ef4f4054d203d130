"""Small tables of one section stacked on one sheet (工作台账统计, 年度工作汇总).

One sheet per table printed each little table on a page of its own: 52 pages for the demo's
statistics, most of them nearly empty. A section's small tables now go one below another on a
sheet named after the section, each with its title and header row, bordered, so the sheet
prints compactly; the report's title is in the page header of every printed page.
"""

from __future__ import annotations

from typing import Any

from desktop.exchange.sheets import append_row
from desktop.reports.document import Table
from desktop.reports.xlsx_styles import (
    MAX_WIDTH,
    CellStyles,
    fitted_width,
    status_fill,
    text_width,
    wrap_rows,
)

STACK_ROWS = 40  # tables this short are stacked; a longer one keeps a sheet of its own


def stackable(tables: list[Table]) -> bool:
    return len(tables) > 1 and all(len(t.rows) <= STACK_ROWS for t in tables)


def sheet_name(heading: str, tables: list[Table]) -> str:
    """``信访台账`` for tables titled ``信访台账·来源方式`` …; else the section's heading."""
    prefixes = {t.title.split("·")[0] for t in tables if "·" in t.title}
    if len(prefixes) == 1:
        return prefixes.pop()
    return heading.split("（", maxsplit=1)[0] or tables[0].title


def write_stacked(sheet: Any, tables: list[Table], header: str, styles: CellStyles) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    box = styles.box()
    grey = styles.shared(
        "grey", lambda: PatternFill("solid", start_color="EEEEEE", end_color="EEEEEE")
    )
    bold = styles.shared("bold", lambda: Font(bold=True))
    big = styles.shared("bold12", lambda: Font(bold=True, size=12))
    columns = max(len(t.columns) for t in tables)
    texts: list[list[str]] = [[] for _ in range(columns)]
    long: dict[int, list[str]] = {}
    line = 0
    for index, table in enumerate(tables):
        if index:
            append_row(sheet, [])
            line += 1
        append_row(sheet, [table.title.split("·")[-1]])
        line += 1
        styles.apply(sheet.cell(line, 1), font=big)
        append_row(sheet, [c.title for c in table.columns])
        line += 1
        for c in range(1, len(table.columns) + 1):
            styles.apply(sheet.cell(line, c), font=bold, fill=grey, border=box)
        body = table.body()  # one 无 row for a table without rows
        for r, row in enumerate(body):
            append_row(sheet, [cell.excel for cell in row])
            line += 1
            total = r in table.totals
            shown = [cell.text for cell in row]
            if any(text_width(t) > MAX_WIDTH for t in shown):
                long[line] = shown
            for c, source in enumerate(row, start=1):
                number_format = (
                    source.number_format
                    if source.number_format and isinstance(source.value, int | float)
                    else None
                )
                styles.apply(
                    sheet.cell(line, c),
                    border=box,
                    number_format=number_format,
                    fill=status_fill(styles, source.status),
                    font=bold if total else None,
                )
        for i, column in enumerate(table.columns):
            texts[i] += [column.title, *(row[i].text for row in body)]
    widths = [fitted_width(texts[i]) for i in range(columns)]
    for i, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(i + 1)].width = width
    wrap_rows(sheet, long, widths, styles)
    sheet.page_setup.orientation = "portrait"
    sheet.oddHeader.center.text = header
