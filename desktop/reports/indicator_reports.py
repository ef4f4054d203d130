"""The indicator booklet (指标解释手册: every township row's definition, calculation, unit,
source, frequency and targets) and the mid-term / final review (中期/终期评估)."""

from __future__ import annotations

from decimal import Decimal

from desktop.domain.indicator_text import change_text
from desktop.domain.midterm import PLAN_END, Progress, review
from desktop.domain.numbers import format_number
from desktop.reports.document import Cell, Col, Report, Section, Table, text
from desktop.reports.monitoring_reports import number_format, value_cell
from desktop.store import evaluation, indicators, profile
from desktop.store.database import Database
from desktop.store.indicators import Indicator

BASE_YEAR = 2020  # the outlines' base: 2021-2030 plans measure from 2020


def target_text(indicator: Indicator, targets: dict[int, Decimal]) -> str:
    """The final target and the year targets, e.g. ``90%以上（2030年）；2025年85%以上``."""
    parts = []
    if indicators.FINAL in targets:
        parts.append(f"{indicator.target_text(targets[indicators.FINAL])}（{PLAN_END}年）")
    elif indicator.target_change is not None and indicator.base_year is not None:
        change = change_text(indicator.base_year, indicator.target_change)
        parts.append(f"{change}（{PLAN_END}年）")
    parts += [
        f"{year}年{indicator.target_text(value)}"
        for year, value in sorted(targets.items())
        if year != indicators.FINAL
    ]
    if indicator.direction == "~" and indicator.tolerance:
        side = {"both": "上下", "below": "低于目标", "above": "高于目标"}[indicator.tolerance_side]
        parts.append(f"{side}允许偏差{format_number(Decimal(str(indicator.tolerance)), 1)}")
    if not parts:
        return "—"
    note = "" if indicator.verified else f"（{indicators.UNVERIFIED_NOTE}）"
    return "；".join(parts) + note


def booklet(db: Database) -> Report:
    """指标解释: every row the township's units report (county rows are listed by name)."""
    township = profile.load(db).township
    report = Report("indicators", "妇女儿童发展规划监测指标解释", township, "乡镇填报指标")
    targets = indicators.all_targets(db)
    catalogue = indicators.list_indicators(db)
    columns = [
        Col("编码", 7),
        Col("指标名称", 14),
        Col("定义", 28),
        Col("计算方法", 25),
        Col("单位", 7),
        Col("资料来源", 16),
        Col("报送", 6),  # 报送 and 年报 on one line
        Col("目标", 16),
    ]
    for plan, plan_label in indicators.PLANS.items():
        table = Table(plan_label, columns)
        for i in catalogue:
            if i.plan != plan or i.level == "county":
                continue
            unit = i.measure
            if i.aggregation in ("rate", "counts"):
                unit = f"{i.measure}（填报计数）"
            table.rows.append(
                [
                    text(i.code),
                    text(i.name + ("（本地）" if i.level == "local" else "")),
                    text(i.definition),
                    text(i.calculation),
                    text(unit),
                    text(i.data_source),
                    text(i.frequency),
                    text(target_text(i, targets.get(i.id or 0, {}))),
                ]
            )
        report.sections.append(Section(plan_label, [table]))
    county = [i for i in catalogue if i.level == "county"]
    if county:
        table = Table(
            "县级指标",
            [Col("编码", 8), Col("指标名称", 40), Col("资料来源", 40)],
            note="县级指标，乡镇不填：由县级部门统计或由县级汇总各乡镇计数后计算。",
        )
        table.rows += [[text(i.code), text(i.name), text(i.data_source)] for i in county]
        report.sections.append(Section("县级指标（乡镇不填）", [table]))
    return report


def _values_by_year(db: Database, years: range) -> dict[int, dict[int, Decimal | None]]:
    """year -> indicator id -> township value (the catalogue, targets and figures read once
    for all the years, not once a year)."""
    return {
        y: {i.id or 0: v.value for i, v in results}
        for y, results in evaluation.evaluate_years(db, list(years)).items()
    }


def midterm(db: Database, year: int) -> Report:
    """中期评估 (2025) / 终期评估 (2030): each township indicator's class against 2030."""
    kind = "终期评估" if year >= PLAN_END else "中期评估"
    township = profile.load(db).township
    report = Report(
        "midterm",
        f"妇女儿童发展规划{kind}（{year}年）",
        township,
        f"评估年度：{year}年；对照{PLAN_END}年目标，基期为{BASE_YEAR}年（无基期数据时取最早有数据的年度）",
    )
    targets = indicators.all_targets(db)
    values = _values_by_year(db, range(BASE_YEAR, year + 1))
    columns = [
        Col("编码", 7),
        Col("指标", 20),
        Col("单位", 5),
        Col("基期", 11),
        Col(f"{year}年", 8, numeric=True),
        Col("2030年目标", 10, numeric=True),
        Col("按进度应达", 9, numeric=True),
        Col("每年需变化", 9, numeric=True),
        Col("评估结果", 9),
        Col("说明", 14),
    ]
    counts: dict[Progress, int] = dict.fromkeys(Progress, 0)
    for plan, plan_label in indicators.PLANS.items():
        table = Table(plan_label, columns)
        for i in indicators.list_indicators(db):
            if i.plan != plan or i.level == "county" or i.aggregation == "counts":
                continue
            assert i.id is not None
            base_year, base_value = _base(i, values, year)
            final = targets.get(i.id, {}).get(indicators.FINAL)
            result = review(i.rule(), year, values[year].get(i.id), final, base_year, base_value)
            counts[result.progress] += 1
            base_text = (
                f"{base_year}年 {format_number(base_value, i.decimals)}"
                if base_year is not None and base_value is not None
                else "—"
            )
            table.rows.append(
                [
                    text(i.code),
                    text(i.name),
                    text(i.measure),
                    text(base_text),
                    value_cell(result.value, i.decimals),
                    text(i.target_text(final)),
                    value_cell(result.expected, i.decimals),
                    _change_cell(result.annual_change, i.decimals),
                    Cell(result.progress.value, status=result.progress.status),
                    text(result.reason),
                ]
            )
        report.sections.append(Section(plan_label, [table]))
    summary = Table("评估结果汇总", [Col("评估结果", 14), Col("指标数", 8, numeric=True)])
    summary.rows += [
        [Cell(p.value, status=p.status), Cell(str(n), n, "0")] for p, n in counts.items()
    ]
    report.sections.append(
        Section(
            "评估结果汇总",
            [
                summary,
                "只报计数、由县级计算比率的指标（如孕产妇、儿童死亡）不在乡镇评估之列。",
            ],
        )
    )
    return report


def _base(
    indicator: Indicator, values: dict[int, dict[int, Decimal | None]], year: int
) -> tuple[int | None, Decimal | None]:
    """The base year and value: the indicator's base year (2020 by default) if it has a
    value there (from the database or the catalogue), else the earliest year with data."""
    first = indicator.base_year or BASE_YEAR
    stored = values.get(first, {}).get(indicator.id or 0)
    if stored is not None:
        return first, stored
    if indicator.base_value is not None:
        return first, Decimal(str(indicator.base_value))
    for candidate in range(first + 1, year):
        value = values.get(candidate, {}).get(indicator.id or 0)
        if value is not None:
            return candidate, value
    return None, None


def _change_cell(change: Decimal | None, decimals: int) -> Cell:
    if change is None:
        return Cell("")
    shown = format_number(change, decimals + 1)
    shown = shown if shown.startswith("-") else "+" + shown
    plain = number_format(decimals + 1)
    return Cell(shown, float(change), f"+{plain};-{plain};{plain}")  # Excel shows +0.25 too
