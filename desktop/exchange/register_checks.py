"""The checks and drop-downs of a register workbook (the 完整导出 and the blank template):
choices, 是/否 and units as drop-down lists (kept on a hidden sheet, so long lists and Chinese
work), whole numbers, numbers with their range, dates. Excel warns; the import checks again,
so a value typed past a warning is still caught, row by row.

The blank register workbook (``fulian templates --register``) is the full export's layout
with no rows (``operations/registers.py``); every row filled in is added on import.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop.exchange.sheets import put
from desktop.forms.definition import FieldDef
from desktop.forms.field_choices import UnitType
from desktop.forms.fields import UnitChoices

LISTS_SHEET = "_lists"
#: the first column's header of a register sheet (register_excel.ID_HEADER / ROW_HEADER)
KEY_HEADERS = ("记录编号", "序号")
#: rows the checks cover below the data (room for new rows)
SPARE_ROWS = 1000


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _choices(f: FieldDef, units: UnitChoices) -> list[str] | None:
    if f.multiple:
        return None  # several choices in one cell: 、-separated, checked on import
    if f.choice is not None:
        return f.choice.labels()
    if f.type_id == "bool":
        return ["是", "否"]
    if isinstance(f.kind, UnitType):
        kinds = f.kind.options.unit_kinds
        return [
            name
            for unit_id, name in units.names.items()
            if unit_id not in units.inactive and (not kinds or units.kinds.get(unit_id) in kinds)
        ]
    return None


def _validation(f: FieldDef, lists: Any, units: UnitChoices) -> Any | None:
    from openpyxl.worksheet.datavalidation import DataValidation

    choices = _choices(f, units)
    if choices:
        lists.used = getattr(lists, "used", 0) + 1
        column = lists.used
        letter = _column_letter(column)
        for row, text in enumerate(choices, start=1):
            put(lists, row, column, text)
        check = DataValidation(
            type="list", formula1=f"{LISTS_SHEET}!${letter}$1:${letter}${len(choices)}"
        )
        check.error = f"请从下拉列表中选择“{f.label}”"
    elif f.multiple and f.choice is not None:
        check = DataValidation(type=None)
        check.prompt = "可选多项，用“、”分隔：" + "、".join(f.choice.labels())[:200]
    elif f.type_id == "integer":
        check = DataValidation(type="whole", operator="between", formula1="-999999999")
        check.formula2 = "999999999"
        _bounds(check, f)
        check.error = f"“{f.label}”应填整数"
    elif f.kind.numeric:
        check = DataValidation(type="decimal", operator="between", formula1="-1E+15")
        check.formula2 = "1E+15"
        _bounds(check, f)
        check.error = f"“{f.label}”应填数字"
    elif f.type_id == "date":
        check = DataValidation(type="date", operator="between", formula1="1")
        check.formula2 = "73415"  # 2100-12-31
        check.error = f"“{f.label}”应填日期，如 2026-03-08"
    else:
        return None
    check.allow_blank = True
    check.showErrorMessage = True
    check.showInputMessage = bool(check.prompt)
    check.errorStyle = "warning"
    check.errorTitle = "请检查"
    return check


def _bounds(check: Any, f: FieldDef) -> None:
    low, high = f.kind.options.minimum, f.kind.options.maximum
    if f.type_id == "percent":
        low = 0 if low is None else low
        high = 100 if high is None else high
    if low is not None:
        check.formula1 = f"{low:g}"
    if high is not None:
        check.formula2 = f"{high:g}"


def header_row(sheet: Any) -> int:
    """The sheet row of the column headers: row 1, or row 2 below a title row."""
    for row in range(1, 6):
        if str(sheet[f"A{row}"].value or "").strip() in KEY_HEADERS:
            return row
    return 1


def add_checks(
    book: Any,
    sheets: Sequence[tuple[str, Sequence[FieldDef]]],
    units: UnitChoices,
    rows: int,
) -> None:
    """Drop-downs and checks on a register's sheets (title, fields; column A is the record
    id)."""
    if LISTS_SHEET in book.sheetnames:
        book.remove(book[LISTS_SHEET])
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    for title, fields in sheets:
        if title not in book.sheetnames:
            continue
        sheet = book[title]
        first = header_row(sheet) + 1
        last = max(sheet.max_row, 1) + SPARE_ROWS + rows
        for column, f in enumerate(fields, start=2):
            check = _validation(f, lists, units)
            if check is None:
                continue
            letter = _column_letter(column)
            check.add(f"{letter}{first}:{letter}{last}")
            sheet.add_data_validation(check)
