"""Work statistics from the registers (工作统计) for a year or a date range: counts by
category, month and village; petitions with their closure rate and domestic-violence cases;
activities and trainings with participants; honours and sites. Personal data is never read
into a report (statistics count choice fields only), so it prints without the password."""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.forms import statistics
from desktop.forms.definition import FormDef
from desktop.reports.document import Block, Cell, Chart, Col, Report, Section, Table, text
from desktop.store import profile, register_stats, register_sums
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.units import list_units, unit_choices
from desktop.store.vault import LOCKED


def period_text(date_from: str | None, date_to: str | None) -> str:
    if (
        date_from
        and date_to
        and date_from[:4] == date_to[:4]
        and date_from[5:] == "01-01"
        and (date_to[5:] == "12-31")
    ):
        return f"{date_from[:4]}年"
    if not date_from and not date_to:
        return "全部记录"
    return f"{date_from or '最早'} 至 {date_to or '最近'}"


def all_months(
    counted: Sequence[tuple[str, int]], date_from: str | None, date_to: str | None
) -> list[tuple[str, int]]:
    """Every month of the period (or from the first to the last month with records), the
    empty ones with 0: a month without a record is a fact, not a gap in the table."""
    have = dict(counted)
    first = (date_from or min(have))[:7]
    last = (date_to or max(have))[:7]
    year, month = int(first[:4]), int(first[5:7])
    result = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        result.append((key, have.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _amount(value: float) -> str:
    """``1,002,300`` or ``3,702.5``: never scientific notation."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _count(n: int) -> Cell:
    return Cell(str(n), n, "0")


def _closed_word(form: FormDef) -> str:
    """What closing a record is called: its closed values' labels without 已 (已化解 → 化解)."""
    field = form.field(form.statistics.closure_field or "")
    return "、".join(field.kind.format(v).removeprefix("已") for v in form.statistics.closed_values)


def _rates(form: FormDef, stats: statistics.RegisterStatistics) -> list[str]:
    """母婴设施配置率 (a coverage), 办结率 / 化解率 (a closure), as overview points."""
    points = []
    if stats.coverage is not None:
        rate = stats.coverage.rate
        rate_text = "—" if rate is None else f"{rate:.1f}%"
        points.append(
            f"{stats.coverage_label} {rate_text}（应配置 {stats.coverage.total} 个，"
            f"已配置 {stats.coverage.closed} 个）"
        )
    if stats.unit_coverage is not None:
        cover = stats.unit_coverage
        rate_text = "—" if cover.rate is None else f"{cover.rate:.1f}%"
        points.append(
            f"{stats.unit_coverage_label} {rate_text}（{cover.total} 个村（社区）中 "
            f"{cover.closed} 个有）"
        )
    if stats.closure is not None:
        rate = stats.closure.rate
        word = _closed_word(form)  # 办结 (信访), 化解 (纠纷)
        rate_text = "—" if rate is None else f"{rate:.1f}%"
        # 办结率 / 化解率: the word the 信访统计表 and the 纠纷月报 print for the same figure
        points.append(f"{word} {stats.closure.closed} 件，{word}率 {rate_text}")
    return points


def _coverage_units(db: Database, form: FormDef) -> list[tuple[int, str]]:
    """The active units a per-unit coverage covers: those of the unit field's kinds."""
    if form.statistics.unit_coverage is None or form.unit_field is None:
        return []
    kinds = set(form.field(form.unit_field).kind.options.unit_kinds)
    return [
        (u.id, u.name)
        for u in list_units(db, active_only=True)
        if u.id is not None and (not kinds or u.kind in kinds)
    ]


def _unit_blocks(form: FormDef, stats: statistics.RegisterStatistics) -> list[Block]:
    """Per unit, its records in the period; then the units with none (a per-unit coverage)."""
    if stats.unit_coverage is None:
        return []
    label = stats.unit_coverage_label
    table = Table(
        f"{form.title}·{label}",
        [Col("村（社区）", 18), Col(f"{form.record_name}数", 10, numeric=True)],
        [[text(name), _count(n)] for name, n in stats.unit_counts],
    )
    cover = stats.unit_coverage
    rate = "—" if cover.rate is None else f"{cover.rate:.1f}%"
    table.rows.append([text(f"有{form.record_name}的村（社区）"), _count(cover.closed)])
    table.rows.append([text(f"{label}"), Cell(rate, (cover.rate or 0) / 100, "0.0%")])
    table.totals.update({len(table.rows) - 2, len(table.rows) - 1})
    none = [name for name, n in stats.unit_counts if not n]
    missing = Table(
        f"{form.title}·尚无{form.record_name}的村（社区）",
        [Col("村（社区）", 30)],
        [[text(name)] for name in none] or [[text("（无）")]],
        note=f"共 {len(none)} 个",
    )
    return [table, missing]


def _tally(
    db: Database, form: FormDef, date_from: str | None, date_to: str | None
) -> statistics.Tally:
    """Counted in Python over the decoded records: a register SQL cannot count
    (``register_stats.tally_sql``)."""
    # statistics never need personal data: read with the locked codec, never decrypt
    store = RegisterStore(db, form, LOCKED)
    read = store.list_table(fields=statistics.needed_fields(form))  # only what it counts
    records = [read.record(row) for row in range(len(read))]
    sub_rows = {
        sub_id: register_sums.dated_rows(db, form, sub_id, [field_id])
        for sub_id, field_id in statistics.needed_sub_rows(form).items()
    }
    return statistics.tally(form, records, date_from=date_from, date_to=date_to, sub_rows=sub_rows)


def _measure_word(form: FormDef) -> str:
    """``人`` for a register of people (志愿者, 执委: each record a named person), else ``个``."""
    people = any(f.type_id == "person_name" and f.required for f in form.fields)
    return "人" if people else "个"


def register_statistics(
    db: Database, forms: Sequence[FormDef], date_from: str | None, date_to: str | None
) -> Report:
    units = unit_choices(db)
    unit_order = {u.name: n for n, u in enumerate(list_units(db))}
    period = period_text(date_from, date_to)
    title = f"{period[:4]}年度工作台账统计" if re.fullmatch(r"\d{4}年", period) else "工作台账统计"
    report = Report("statistics", title, profile.load(db).township, f"统计期间：{period}")
    overview = Table("总览", [Col("台账", 14), Col("记录数", 8, numeric=True), Col("要点", 50)])
    totals: list[tuple[str, int]] = []
    sections: list[Section] = []
    for form in forms:
        counted = register_stats.tally_sql(db, form, date_from, date_to) or _tally(
            db, form, date_from, date_to
        )
        stats = statistics.finish(form, counted, units, unit_list=_coverage_units(db, form))
        totals.append((form.title, stats.total))
        points = [f"{label}合计 {_amount(value)}" for label, value in stats.sums]
        points += [f"{label} {_amount(value)}" for label, value in stats.sub_sums]
        if stats.added is not None:
            word = _measure_word(form)
            points.insert(0, f"期末在册 {stats.total} {word}，其中本期新增 {stats.added} {word}")
        points += _rates(form, stats)
        for breakdown in stats.breakdowns:
            hits = dict(breakdown.counts)
            if "家庭暴力" in hits:
                points.append(f"家庭暴力 {hits['家庭暴力']} 件")
        overview.rows.append([text(form.title), _count(stats.total), text("；".join(points))])
        if not stats.total and stats.unit_coverage is None:
            continue
        blocks: list[Block] = _unit_blocks(form, stats)
        for breakdown in stats.breakdowns:
            table = Table(
                f"{form.title}·{breakdown.title}",
                [
                    Col(breakdown.title, 18),
                    Col("数量", 8, numeric=True),
                    Col("占比", 8, numeric=True),
                ],
            )
            counts = list(breakdown.counts)
            if breakdown.field_id == form.unit_field:  # villages in the units' own order
                counts.sort(key=lambda c: unit_order.get(c[0], len(unit_order)))
            for label, count in counts:
                share = count / stats.total
                table.rows.append([text(label), _count(count), Cell(f"{share:.1%}", share, "0.0%")])
            blocks.append(table)
        if stats.by_month:
            by_month = all_months(stats.by_month, date_from, date_to)
            months = Table(
                f"{form.title}·按月",
                [Col("月份", 10), Col("数量", 8, numeric=True)],
                [[text(m), _count(n)] for m, n in by_month],
            )
            blocks.append(months)
            if len(by_month) > 1:
                blocks.append(
                    Chart(
                        f"{form.title}按月数量",
                        "bar",
                        [m for m, _n in by_month],
                        [("数量", [float(n) for _m, n in by_month])],
                        unit="条",
                    )
                )
        sections.append(Section(f"{form.title}（{stats.total} 条）", blocks))
    overview.rows.append([text("合计"), _count(sum(n for _t, n in totals)), text("")])
    overview.totals.add(len(overview.rows) - 1)
    chart = Chart(
        "各台账记录数",
        "bar",
        [t for t, _n in totals],
        [("记录数", [float(n) for _t, n in totals])],
        unit="条",
    )
    report.sections = [Section("总览", [overview, chart]), *sections]
    return report
