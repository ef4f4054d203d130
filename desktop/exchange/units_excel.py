"""Responsibility units to and from an Excel sheet (one row a unit, matched by 编码)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.domain import unit_kinds
from desktop.exchange.sheets import (
    ImportProblem,
    RowError,
    append_row,
    cell_text,
    header_map,
    new_sheet,
    open_workbook,
    sheet_rows,
)
from desktop.store import units
from desktop.store.database import Database

HEADERS = {
    "code": "编码",
    "name": "名称",
    "kind": "类型",
    "liaison": "联络员",
    "phone": "电话",
    "address": "地址",
    "sort_order": "排序",
    "active": "状态",
}
REQUIRED = ("code", "name")
#: what clerks' own lists call the same columns
SYNONYMS = {
    "单位编码": "code",
    "代码": "code",
    "编号": "code",
    "单位名称": "name",
    "单位": "name",
    "单位类型": "kind",
    "联系人": "liaison",
    "联络人": "liaison",
    "联系电话": "phone",
    "手机": "phone",
    "办公地址": "address",
    "序号": "sort_order",
}
_KIND_BY_LABEL = {label: key for key, label in unit_kinds.KINDS.items()} | {
    "政府部门": "department",
    "成员单位": "department",
    "部门": "department",
}


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    #: rows left out (``skip_bad``): each with why
    skipped: tuple[RowError, ...] = ()


def write_blank(path: Path) -> None:
    """An empty 责任单位 sheet with the headers and the 类型 list, to fill and import."""
    from openpyxl.worksheet.datavalidation import DataValidation

    book, sheet = new_sheet("责任单位", list(HEADERS.values()), (8, 18, 16, 10, 14, 28, 6, 6))
    kinds = DataValidation(
        type="list", formula1='"' + ",".join(unit_kinds.KINDS.values()) + '"', allow_blank=True
    )
    kinds.add("C2:C1000")
    sheet.add_data_validation(kinds)
    book.save(path)


def export_units(db: Database, path: Path) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    book, sheet = new_sheet("责任单位", list(HEADERS.values()), (8, 18, 16, 10, 14, 28, 6, 6))
    for unit in units.list_units(db):
        append_row(
            sheet,
            [
                unit.code,
                unit.name,
                unit_kinds.KINDS[unit.kind],
                unit.liaison,
                unit.phone,
                unit.address,
                unit.sort_order,
                "启用" if unit.active else "停用",
            ],
        )
    kinds = DataValidation(
        type="list", formula1='"' + ",".join(unit_kinds.KINDS.values()) + '"', allow_blank=True
    )
    kinds.add("C2:C1000")
    sheet.add_data_validation(kinds)
    book.save(path)


def _parse_row(
    sheet: str, number: int, values: dict[str, str], errors: list[RowError]
) -> units.Unit | None:
    before = len(errors)
    for field in REQUIRED:
        if not values.get(field):
            errors.append(RowError(sheet, number, HEADERS[field], "不能为空"))
    kind = values.get("kind") or unit_kinds.KINDS["department"]
    if kind not in _KIND_BY_LABEL and kind not in unit_kinds.KINDS:
        errors.append(
            RowError(
                sheet,
                number,
                HEADERS["kind"],
                f"“{kind}”不是有效类型，应为：{'、'.join(unit_kinds.KINDS.values())}",
            )
        )
    order_text = values.get("sort_order") or "0"
    if not order_text.isdigit():
        errors.append(RowError(sheet, number, HEADERS["sort_order"], f"“{order_text}”不是整数"))
    state = values.get("active") or "启用"
    if state not in ("启用", "停用", "是", "否"):
        errors.append(RowError(sheet, number, HEADERS["active"], "应填“启用”或“停用”"))
    if len(errors) > before:
        return None
    return units.Unit(
        code=values["code"],
        name=values["name"],
        kind=_KIND_BY_LABEL.get(kind, kind),
        liaison=values.get("liaison", ""),
        phone=values.get("phone", ""),
        address=values.get("address", ""),
        sort_order=int(order_text),
        active=state in ("启用", "是"),
    )


def read_units(
    path: Path, *, skip_bad: bool = False
) -> tuple[str, list[tuple[int, units.Unit]], list[RowError]]:
    """Rows of the first sheet as units, or ImportProblem naming every bad cell (with
    ``skip_bad``: the good rows, and the bad ones' problems beside them)."""
    book = open_workbook(path)
    try:
        sheet = book.worksheets[0]
        rows = iter(sheet_rows(sheet, max_col=len(HEADERS) + 20))
        header = next(rows, ())
        columns = header_map(tuple(header), HEADERS, SYNONYMS)
        missing = [HEADERS[f] for f in REQUIRED if f not in columns]
        if missing:
            raise ImportProblem(
                path,
                message=f"工作表“{sheet.title}”第 1 行缺少表头："
                f"{'、'.join(missing)}（应有：{'、'.join(HEADERS.values())}）。",
            )
        errors: list[RowError] = []
        parsed: list[tuple[int, units.Unit]] = []
        seen: dict[str, int] = {}
        for number, row in enumerate(rows, start=2):
            values = {f: cell_text(row[i]) if i < len(row) else "" for f, i in columns.items()}
            if not any(values.values()):
                continue
            unit = _parse_row(sheet.title, number, values, errors)
            if unit is None:
                continue
            if unit.code in seen:
                errors.append(
                    RowError(
                        sheet.title, number, "编码", f"与第 {seen[unit.code]} 行重复：{unit.code}"
                    )
                )
                continue
            seen[unit.code] = number
            parsed.append((number, unit))
    finally:
        book.close()
    if errors and not skip_bad:
        raise ImportProblem(path, errors)
    return sheet.title, parsed, errors


def import_units(db: Database, path: Path, *, skip_bad: bool = False) -> ImportResult:
    """Validate the whole sheet, then add new units and update existing ones (by 编码) in
    one transaction. Any problem: nothing changes; with ``skip_bad`` (the clerk saw the bad
    rows and chose to go on) the good rows are imported and the bad ones reported."""
    sheet, parsed, skipped = read_units(path, skip_bad=skip_bad)
    existing = {u.code: u for u in units.list_units(db)}
    added = updated = 0
    errors: list[RowError] = []
    with db.transaction():
        for number, unit in parsed:
            current = existing.get(unit.code)
            candidate = unit._replace(id=current.id) if current else unit
            problems = units.validate(db, candidate)
            if problems:
                (skipped if skip_bad else errors).extend(
                    RowError(sheet, number, "", p) for p in problems
                )
                continue
            if current is None:
                units.add(db, candidate)
                added += 1
            elif units.update(db, candidate):
                updated += 1
        if errors:
            raise ImportProblem(path, errors)  # rolls the transaction back
    return ImportResult(added, updated, tuple(skipped))
