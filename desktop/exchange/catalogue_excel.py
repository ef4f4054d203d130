"""The indicator catalogue to and from Excel: the clerk edits targets and local indicators in
a spreadsheet, or hands the catalogue to the county. Rows match by 编码."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from desktop.domain.numbers import NumberError, parse_number
from desktop.exchange.sheets import (
    ImportProblem,
    RowError,
    append_row,
    cell_text,
    header_map,
    new_sheet,
    open_workbook,
)
from desktop.store import indicators
from desktop.store.database import Database

HEADERS = {
    "plan": "规划",
    "domain": "领域",
    "code": "编码",
    "name": "指标名称",
    "measure": "单位",
    "decimals": "小数位",
    "direction": "方向",
    "tolerance": "允许偏差",
    "range_min": "下限",
    "range_max": "上限",
    "target": "期末目标值",
    "source": "来源",
    "verified": "已核对",
    "definition": "指标定义",
    "data_source": "数据来源",
}
REQUIRED = ("plan", "domain", "code", "name", "direction")
_PLAN = {label: key for key, label in indicators.PLANS.items()} | {
    "妇女": "women",
    "儿童": "children",
}
_DIRECTION = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", "≈": "~", "~": "~"}
_SOURCE = {label: key for key, label in indicators.SOURCES.items()}


def export_catalogue(db: Database, path: Path) -> None:
    from openpyxl.styles import PatternFill

    widths = (8, 16, 9, 40, 10, 6, 6, 8, 6, 6, 10, 9, 7, 30, 30)
    book, sheet = new_sheet("指标目录", list(HEADERS.values()), widths)
    targets = indicators.all_targets(db)
    unverified = PatternFill("solid", fgColor="FFF0D0")
    for i in indicators.list_indicators(db):
        final = targets.get(i.id or 0, {}).get(indicators.FINAL)
        append_row(
            sheet,
            [
                indicators.PLANS[i.plan],
                i.domain,
                i.code,
                i.name,
                i.measure,
                i.decimals,
                i.direction_symbol,
                i.tolerance,
                i.range_min,
                i.range_max,
                float(final) if final is not None else None,
                indicators.SOURCES[i.source],
                "是" if i.verified else "否",
                i.definition,
                i.data_source,
            ],
        )
        if not i.verified:
            sheet.cell(sheet.max_row, 11).fill = unverified
    sheet.freeze_panes = "D2"
    book.save(path)


def _number(
    sheet: str, row: int, field: str, text: str, errors: list[RowError], measure: str = ""
) -> Decimal | None:
    try:
        parsed = parse_number(text, measure=measure)
    except NumberError as exc:
        errors.append(RowError(sheet, row, HEADERS[field], exc.message))
        return None
    return parsed.value


def _parse(
    sheet: str, row: int, values: dict[str, str], errors: list[RowError]
) -> tuple[indicators.Indicator, Decimal | None] | None:
    before = len(errors)
    for field in REQUIRED:
        if not values.get(field):
            errors.append(RowError(sheet, row, HEADERS[field], "不能为空"))
    if values.get("plan") and values["plan"] not in _PLAN:
        errors.append(RowError(sheet, row, HEADERS["plan"], "应为“妇女”或“儿童”"))
    if values.get("direction") and values["direction"] not in _DIRECTION:
        errors.append(RowError(sheet, row, HEADERS["direction"], "应为 ≥、≤ 或 ≈"))
    measure = values.get("measure", "")
    numbers = {
        f: _number(
            sheet,
            row,
            f,
            values.get(f, ""),
            errors,
            measure if f in ("range_min", "range_max", "target") else "",
        )
        for f in ("decimals", "tolerance", "range_min", "range_max", "target")
    }
    if len(errors) > before:
        return None
    indicator = indicators.Indicator(
        code=values["code"],
        plan=_PLAN[values["plan"]],
        domain=values["domain"],
        name=values["name"],
        measure=values.get("measure", ""),
        decimals=1 if numbers["decimals"] is None else int(numbers["decimals"]),
        direction=_DIRECTION[values["direction"]],
        tolerance=float(numbers["tolerance"] or 0),
        range_min=None if numbers["range_min"] is None else float(numbers["range_min"]),
        range_max=None if numbers["range_max"] is None else float(numbers["range_max"]),
        source=_SOURCE.get(values.get("source", ""), "local"),
        verified=values.get("verified", "否") in ("是", "已核对", "yes"),
        definition=values.get("definition", ""),
        data_source=values.get("data_source", ""),
    )
    for problem in indicators.validate(indicator):
        errors.append(RowError(sheet, row, "", problem))
    return indicator, numbers["target"]


def import_catalogue(db: Database, path: Path) -> tuple[int, int]:
    """Update indicators by 编码 and add new (local, reported) ones; all or nothing.

    Returns (added, updated).
    """
    book = open_workbook(path)
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        columns = header_map(tuple(next(rows, ())), HEADERS)
        missing = [HEADERS[f] for f in REQUIRED if f not in columns]
        if missing:
            raise ImportProblem(
                path, message=f"工作表“{sheet.title}”第 1 行缺少表头：{'、'.join(missing)}。"
            )
        errors: list[RowError] = []
        parsed: list[tuple[indicators.Indicator, Decimal | None]] = []
        for number, row in enumerate(rows, start=2):
            values = {f: cell_text(row[i]) if i < len(row) else "" for f, i in columns.items()}
            if any(values.values()):
                result = _parse(sheet.title, number, values, errors)
                if result is not None:
                    parsed.append(result)
    finally:
        book.close()
    if errors:
        raise ImportProblem(path, errors)
    existing = {i.code: i for i in indicators.list_indicators(db, active_only=False)}
    added = updated = 0
    with db.transaction():
        for indicator, target in parsed:
            current = existing.get(indicator.code)
            if current is None:
                indicator_id = indicators.add(db, indicator)
                added += 1
            else:
                indicator_id = current.id or 0
                merged = replace(
                    indicator,
                    id=indicator_id,
                    kind=current.kind,
                    factor=current.factor,
                    lead_hint=current.lead_hint,
                    sort_order=current.sort_order,
                    active=current.active,
                )
                if indicators.update(db, merged):
                    updated += 1
            if target is not None:
                indicators.set_target(db, indicator_id, indicators.FINAL, target)
    return added, updated
