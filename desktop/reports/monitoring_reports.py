"""Reports on the plan indicators: the year's monitoring summary (统计监测汇总表), the
early-warning list (预警清单) and the trend of an indicator or a domain over the years."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from desktop.domain.evaluation import Flag, Status, Verdict
from desktop.domain.numbers import format_change, format_number
from desktop.reports.document import Cell, Chart, Col, Report, Section, Table, text
from desktop.store import evaluation, indicators, monitoring, profile, round_progress, units
from desktop.store import follow_ups as follow_up_store
from desktop.store.database import Database
from desktop.store.indicators import Indicator

STATUSES = (Status.MET, Status.MISSED, Status.MISSING)


def number_format(decimals: int) -> str:
    return "0" + ("." + "0" * decimals if decimals else "")


def value_cell(value: Decimal | None, decimals: int) -> Cell:
    if value is None:
        return Cell("")
    return Cell(format_number(value, decimals), float(value), number_format(decimals))


def target_cell(indicator: Indicator, verdict: Verdict) -> Cell:
    return Cell(indicator.target_text(verdict.target))


def change_cell(indicator: Indicator, verdict: Verdict) -> Cell:
    """The change as ``Verdict.change`` holds it (the rounded values' difference, never -0.0);
    the PDF text and Excel's format show the same figure and sign."""
    if verdict.change is None:
        return Cell("")
    shown = format_change(verdict.change, indicator.decimals)
    plain = number_format(indicator.decimals)
    return Cell(shown, float(verdict.change), f"+{plain};-{plain};{plain}")  # Excel: +2.0


def status_cell(status: Status) -> Cell:
    return Cell(status.label, status=status.value)


def _township(db: Database) -> str:
    return profile.load(db).township


def monitoring_summary(db: Database, year: int) -> Report:
    results = evaluation.evaluate_year(db, year)
    leads = evaluation.lead_units(db, year)
    report = Report("monitoring", f"{year}年度统计监测汇总表", _township(db), f"统计年度：{year}年")
    columns = [
        Col("领域", 10),
        Col("编码", 8),
        Col("指标", 26),
        Col("单位", 6),
        Col("目标", 10),  # text (90%以上（期末）), left-aligned as in the PDF
        Col("上年", 8, numeric=True),
        Col("本年", 8, numeric=True),
        Col("变化", 8, numeric=True),
        Col("状态", 7),
        Col("牵头单位", 14),
    ]
    totals: dict[str, Counter[Status]] = {}
    for plan, plan_label in indicators.PLANS.items():
        rows = [(i, v) for i, v in results if i.plan == plan]
        if not rows:
            continue
        table = Table(plan_label, columns)
        for indicator, verdict in rows:
            assert indicator.id is not None
            totals.setdefault(indicator.domain, Counter())[verdict.status] += 1
            table.rows.append(
                [
                    text(indicator.domain),
                    text(indicator.code),
                    text(indicator.name),
                    text(indicator.measure),
                    target_cell(indicator, verdict),
                    value_cell(verdict.last_value, indicator.decimals),
                    value_cell(verdict.value, indicator.decimals),
                    change_cell(indicator, verdict),
                    status_cell(verdict.status),
                    text("、".join(leads.get(indicator.id, []))),
                ]
            )
        report.sections.append(Section(plan_label, [table]))
    by_domain = Table(
        "按领域汇总",
        [
            Col("领域", 22),
            Col("指标数", 7, numeric=True),
            Col("达标", 7, numeric=True),
            Col("未达标", 7, numeric=True),
            Col("无数据", 7, numeric=True),
            Col("达标率", 8, numeric=True),
        ],
    )
    grand: Counter[Status] = Counter()
    for counts in totals.values():
        grand.update(counts)
    shown = STATUSES + ((Status.NO_TARGET,) if grand[Status.NO_TARGET] else ())
    if grand[Status.NO_TARGET]:  # has data, so not 无数据; not judged, so not in 达标率
        by_domain.columns.insert(5, Col(Status.NO_TARGET.label, 7, numeric=True))
    for domain, counts in totals.items():
        by_domain.rows.append(_count_row(domain, counts, shown))
    by_domain.rows.append(_count_row("合计", grand, shown))
    by_domain.totals.add(len(by_domain.rows) - 1)
    by_domain.note = "达标率 = 达标指标数 ÷ 有数据的指标数。"
    if grand[Status.NO_TARGET]:
        by_domain.note = "达标率 = 达标指标数 ÷ 有目标且有数据的指标数（未设目标的不计）。"
    chart = Chart(
        "各领域指标达标情况",
        "stacked",
        list(totals),
        [(s.label, [float(c[s]) for c in totals.values()]) for s in shown],
        unit="个",
    )
    report.sections.append(Section("按领域汇总", [by_domain, chart]))
    return report


def _count_row(label: str, counts: Counter[Status], shown: Sequence[Status]) -> list[Cell]:
    total = sum(counts.values())
    judged = counts[Status.MET] + counts[Status.MISSED]
    rate = None if judged == 0 else 100 * counts[Status.MET] / judged
    rate_cell = Cell("—") if rate is None else Cell(f"{rate:.1f}%", rate / 100, "0.0%")
    return [
        text(label),
        Cell(str(total), total, "0"),
        *(Cell(str(counts[s]), counts[s], "0") for s in shown),
        rate_cell,
    ]


def _units_by_role(db: Database, year: int) -> dict[tuple[int, str], list[str]]:
    names = {u.id: u.name for u in units.list_units(db)}
    result: dict[tuple[int, str], list[str]] = {}
    for (indicator_id, unit_id), role in monitoring.responsibilities(db, year).items():
        result.setdefault((indicator_id, role), []).append(names.get(unit_id, ""))
    return result


def _warning_colour(verdict: Verdict) -> str:
    """A warning is never green: red when the target is missed, grey without data, amber for
    the rest (worse than last year, outlier) even when the target is met."""
    if verdict.status is Status.MISSED:
        return "missed"
    if verdict.status is Status.MISSING:
        return "missing"
    return "warning"


def warnings(db: Database, year: int, today: date | None = None) -> Report:
    """Indicators missed, worse than last year, without data, or with an outlier value, and
    where their follow-up stands (预警通知书 sent, 整改, 督办)."""
    roles = _units_by_role(db, year)
    follow = follow_up_store.states_by_indicator(db, year, today or date.today())
    report = Report("warnings", f"{year}年度监测预警清单", _township(db), f"统计年度：{year}年")
    table = Table(
        "预警清单",
        [
            Col("领域", 10),  # names the plan (妇女与健康, 儿童与健康 ...)
            Col("指标", 25),
            Col("单位", 8),  # 1/10万 on one line
            Col("目标", 14),  # text: "12/10万以下（期末）" on one line, left-aligned
            Col("上年", 8, numeric=True),  # the summary's order: 上年, then 本年
            Col("本年", 8, numeric=True),
            Col("预警", 14),
            Col("说明", 17),
            Col("牵头单位", 12),
            Col("配合单位", 14),
            Col("整改跟进", 14),
        ],
    )
    counts: Counter[Flag] = Counter()
    for indicator, verdict in evaluation.evaluate_year(db, year):
        if not verdict.flags:
            continue
        assert indicator.id is not None
        counts[verdict.flags[0]] += 1  # each indicator counted once, by its first warning
        table.rows.append(
            [
                text(indicator.domain),
                text(f"{indicator.code} {indicator.name}"),
                text(indicator.measure),
                target_cell(indicator, verdict),
                value_cell(verdict.last_value, indicator.decimals),
                value_cell(verdict.value, indicator.decimals),
                Cell("、".join(f.label for f in verdict.flags), status=_warning_colour(verdict)),
                text(verdict.reason),
                text("、".join(roles.get((indicator.id, "lead"), []))),
                text("、".join(roles.get((indicator.id, "support"), []))),
                _follow_cell(follow.get(indicator.id, "")),
            ]
        )
    summary = "，".join(f"{flag.label} {counts[flag]} 项" for flag in Flag if counts[flag])
    table.note = (
        f"共 {len(table.rows)} 项预警：{summary or '无'}"
        f"{'（同时有几种预警的指标按第一种计）' if len(counts) > 1 else ''}。"
        "请牵头单位会同配合单位分析原因、落实整改。"
    )
    report.sections.append(Section("", [table]))
    return report


def _follow_cell(state: str) -> Cell:
    if not state:
        return Cell("未发通知")
    if state.startswith("已整改"):
        return Cell(state, status="met")
    return Cell(state, status="missed" if state.startswith("整改逾期") else None)


def trend(
    db: Database,
    key: str,
    years: Sequence[int] | None = None,
    *,
    verdicts: Mapping[int, Mapping[str, Verdict]] | None = None,
) -> Report:
    """One indicator (``key`` a code) or a domain (``key`` its name) over the years.
    ``verdicts``: year → code → verdict already evaluated (every domain's trend at once)."""
    all_years = list(years or round_progress.years(db))
    catalogue = indicators.list_indicators(db)
    catalogue = [i for i in catalogue if i.level != "county"]  # evaluated for the township
    chosen = [i for i in catalogue if i.code == key] or [i for i in catalogue if i.domain == key]
    if not chosen:
        raise KeyError(f"没有编码或领域为“{key}”的指标")
    only = frozenset(i.id for i in chosen if i.id is not None)  # only what the report prints
    by_year = verdicts or {
        y: {i.code: v for i, v in results}
        for y, results in evaluation.evaluate_years(db, all_years, only=only).items()
    }
    span = f"{all_years[0]}—{all_years[-1]}年" if all_years else ""
    township = _township(db)
    if len(chosen) == 1 and chosen[0].code == key:
        indicator = chosen[0]
        report = Report("trend", f"{indicator.name}变化趋势", township, f"{indicator.code}，{span}")
        table = Table(
            "逐年数据",
            [
                Col("年度", 8),
                Col(f"数值（{indicator.measure}）", 10, numeric=True),
                Col("目标", 12),
                Col("状态", 8),
                Col("说明", 30),
            ],
        )
        values: list[float | None] = []
        target_value: float | None = None
        for year in all_years:
            verdict = by_year[year][indicator.code]
            values.append(  # as the table shows it: a computed rate is not 26.0869565…
                None
                if verdict.value is None
                else float(format_number(verdict.value, indicator.decimals))
            )
            if verdict.target is not None:
                target_value = float(verdict.target.value)
            table.rows.append(
                [
                    text(f"{year}年"),
                    value_cell(verdict.value, indicator.decimals),
                    target_cell(indicator, verdict),
                    status_cell(verdict.status),
                    text(verdict.reason),
                ]
            )
        chart = Chart(
            f"{indicator.name}（{indicator.measure}）",
            "line",
            [str(y) for y in all_years],
            [(indicator.name, values)],
            target=target_value,
            unit=indicator.measure,
            decimals=indicator.decimals,
            direction=indicator.direction,
        )
        report.sections.append(Section("", [table, chart]))
        return report
    report = Report("trend", f"{key}领域指标变化趋势", township, span)
    table = Table(
        "逐年数据",
        [Col("指标", 26), Col("单位", 6), *(Col(f"{y}年", 8, numeric=True) for y in all_years)],
    )
    met: list[float | None] = []
    for indicator in chosen:
        row = [text(f"{indicator.code} {indicator.name}"), text(indicator.measure)]
        for year in all_years:
            verdict = by_year[year][indicator.code]
            cell = value_cell(verdict.value, indicator.decimals)
            row.append(
                Cell(cell.text or "无", cell.value, cell.number_format, verdict.status.value)
            )
        table.rows.append(row)
    for year in all_years:
        met.append(float(sum(1 for i in chosen if by_year[year][i.code].status is Status.MET)))
    chart = Chart(
        f"{key}领域达标指标数",
        "line",
        [str(y) for y in all_years],
        [("达标指标数", met)],
        target=float(len(chosen)),
        unit="个",
    )
    report.sections.append(Section("", [table, chart]))
    return report


def domain_trends(db: Database, year: int) -> Report:
    """Every domain's indicators over the years up to ``year`` (the 年度工作汇总's trend
    section): per domain the values year by year and the number of targets met."""
    years = [y for y in round_progress.years(db) if y <= year] or [year]
    report = Report("trend", "指标变化趋势", _township(db), f"{years[0]}—{years[-1]}年，按领域")
    domains = list(
        dict.fromkeys(i.domain for i in indicators.list_indicators(db) if i.level != "county")
    )
    verdicts = {
        y: {i.code: v for i, v in results}
        for y, results in evaluation.evaluate_years(db, years).items()
    }
    for domain in domains:
        part = trend(db, domain, years, verdicts=verdicts)
        blocks = part.sections[0].blocks
        for block in blocks:
            if isinstance(block, Table):
                block.title = f"{domain}·逐年数据"
        report.sections.append(Section(domain, blocks))
    return report
