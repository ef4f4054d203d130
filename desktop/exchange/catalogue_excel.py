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
    sheet_rows,
)
from desktop.store import indicators
from desktop.store.database import Database

YEARS = range(2021, indicators.PLAN_END + 1)

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
    "data_source": "资料来源",
    "level": "层级",
    "calculation": "计算方法",
    "frequency": "报送频率",
    "tolerance_side": "偏差方向",
    "target_note": "目标依据",
    **{f"y{year}": f"{year}年目标" for year in YEARS},
}
#: older workbooks said 数据来源
ALIASES = {"数据来源": "data_source"}
REQUIRED = ("plan", "domain", "code", "name", "direction")
_PLAN = {label: key for key, label in indicators.PLANS.items()} | {
    "妇女": "women",
    "儿童": "children",
}
_DIRECTION = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", "≈": "~", "~": "~"}
_SOURCE = {label: key for key, label in indicators.SOURCES.items()}
_LEVEL = {label: key for key, label in indicators.LEVELS.items()} | {
    "乡镇": "township",
    "县级": "county",
    "本地": "local",
}
_SIDE = {label: key for key, label in indicators.SIDES.items()} | {"": "both"}


def export_catalogue(db: Database, path: Path) -> None:
    from openpyxl.styles import PatternFill

    widths = (8, 16, 9, 40, 10, 6, 6, 8, 6, 6, 10, 9, 7, 30, 30, 9, 30, 8, 12, 24) + (9,) * len(
        YEARS
    )
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
                indicators.LEVELS[i.level],
                i.calculation,
                i.frequency,
                indicators.SIDES[i.tolerance_side] if i.direction == "~" else "",
                i.target_note,
                *(
                    float(t) if (t := targets.get(i.id or 0, {}).get(year)) is not None else None
                    for year in YEARS
                ),
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
) -> tuple[indicators.Indicator, dict[int, Decimal | None]] | None:
    before = len(errors)
    if values.get("level") and values["level"] not in _LEVEL:
        errors.append(
            RowError(sheet, row, HEADERS["level"], "应为“乡镇指标”“县级指标”或“本地指标”")
        )
    if values.get("tolerance_side", "") not in _SIDE:
        errors.append(RowError(sheet, row, HEADERS["tolerance_side"], "应为“上下均可”等"))
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
    year_targets = {
        year: _number(sheet, row, f"y{year}", text, errors, measure)
        for year in YEARS
        if (text := values.get(f"y{year}", ""))
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
        level=_LEVEL.get(values.get("level", ""), "local"),
        calculation=values.get("calculation", ""),
        frequency=values.get("frequency", "") or "年报",
        tolerance_side=_SIDE.get(values.get("tolerance_side", ""), "both"),
        target_note=values.get("target_note", ""),
    )
    for problem in indicators.validate(indicator):
        errors.append(RowError(sheet, row, "", problem))
    targets: dict[int, Decimal | None] = {indicators.FINAL: numbers["target"]}
    targets.update(year_targets)
    return indicator, targets


def _columns(header: tuple[object, ...]) -> dict[str, int]:
    columns = header_map(header, HEADERS)
    aliased = header_map(header, {f: label for label, f in ALIASES.items()})
    for field, index in aliased.items():
        columns.setdefault(field, index)
    return columns


def import_catalogue(db: Database, path: Path) -> tuple[int, int]:
    """Update indicators by 编码 and add new (local, reported) ones; all or nothing.

    Returns (added, updated).
    """
    book = open_workbook(path)
    try:
        sheet = book.worksheets[0]
        # "90%" typed in Excel is 0.9 formatted as a percentage: read as shown, 90 (a % target)
        rows = iter(sheet_rows(sheet, max_col=len(HEADERS) + 20, percent_as_shown=True))
        columns = _columns(tuple(next(rows, ())))
        missing = [HEADERS[f] for f in REQUIRED if f not in columns]
        if missing:
            raise ImportProblem(
                path, message=f"工作表“{sheet.title}”第 1 行缺少表头：{'、'.join(missing)}。"
            )
        errors: list[RowError] = []
        parsed: list[tuple[indicators.Indicator, dict[int, Decimal | None]]] = []
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
        for indicator, targets in parsed:
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
                    aggregation=current.aggregation,
                    level=current.level if "level" not in columns else indicator.level,
                    base_year=current.base_year,
                    base_value=current.base_value,
                    target_change=current.target_change,
                    register=current.register,
                    factor=current.factor,
                    lead_hint=current.lead_hint,
                    sort_order=current.sort_order,
                    active=current.active,
                )
                if indicators.update(db, merged):
                    updated += 1
            for year, target in targets.items():
                if target is not None:
                    indicators.set_target(db, indicator_id, year, target)
    return added, updated
