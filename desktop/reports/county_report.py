"""The county's reports over the townships' submissions: 乡镇上报进度 (township × state, late),
township × indicator values with the county total from summed counts, and the county's
evaluation (status against the target; the townships that pull a missed indicator down).
One ``Report`` model: the Excel and PDF renderers of the catalogue write it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from desktop.domain.county import Shape, county_value, township_value
from desktop.domain.evaluation import Status, evaluate, pick_target, status_of
from desktop.domain.numbers import format_number
from desktop.forms.submission_format import DEFAULT_ID, available
from desktop.reports.document import Cell, Col, Report, Section, Table, text
from desktop.store import county, indicators, profile
from desktop.store.database import Database


@dataclass(frozen=True)
class Progress:
    township: str
    state: str  # 已上报 / 草稿 / 未上报
    generated_at: str
    imported_at: str
    times: int
    late: bool


def due_date(year: int) -> str:
    try:
        fmt = available().get(DEFAULT_ID)
    except ValueError:
        fmt = None
    return fmt.due_date(year) if fmt else f"{year + 1}-01-31"


def progress(db: Database, year: int, *, today: date | None = None) -> list[Progress]:
    due = due_date(year)
    today_text = (today or date.today()).isoformat()
    done = county.submissions(db, year)
    result = []
    for township in county.townships(db):
        mine = [s for s in done if s.township_id == township.id]
        if not mine and not township.active:  # taken off the list, never submitted
            continue
        if not mine:
            result.append(Progress(township.name, "未上报", "", "", 0, today_text > due))
            continue
        latest = mine[-1]
        first = min(s.generated_at for s in mine)
        state = "草稿" if latest.draft else ("重新上报" if len(mine) > 1 else "已上报")
        result.append(
            Progress(
                township.name,
                state,
                latest.generated_at[:16],
                latest.imported_at[:16],
                len(mine),
                first[:10] > due,
            )
        )
    return result


def shapes(db: Database) -> list[tuple[indicators.Indicator, Shape]]:
    """Township-level indicators in catalogue order, with their element codes."""
    elements = indicators.elements(db)
    by_id = {e.id: e for e in elements}
    codes: dict[tuple[int, str], str] = {}
    for e in elements:
        shared = by_id.get(e.shared_with) if e.shared_with else None
        codes[(e.indicator_id, e.role)] = (shared or e).code
    result = []
    for indicator in indicators.list_indicators(db):
        if indicator.level == "county" or indicator.id is None:
            continue
        rule = indicator.rule()
        if indicator.aggregation == "counts":  # the county computes and judges the rate
            rule = replace(rule, aggregation="rate")
        if indicator.register:
            rule = replace(rule, aggregation="sum")
        if indicator.kind == "computed":
            shape = Shape(
                rule,
                numerator_code=codes.get((indicator.id, "numerator"), ""),
                denominator_code=codes.get((indicator.id, "denominator"), ""),
            )
        else:
            shape = Shape(rule, value_code=codes.get((indicator.id, "value"), indicator.code))
        result.append((indicator, shape))
    return result


def _numbers(db: Database, year: int) -> list[tuple[str, dict[str, Decimal | None]]]:
    figures = county.year_figures(db, year)
    return [
        (t.name, {code: f.number for code, f in figures[t.id].items()})
        for t in county.townships(db)
        if t.id in figures
    ]


def build(db: Database, year: int, *, today: date | None = None) -> Report:
    name = profile.load(db).township
    now, before = _numbers(db, year), _numbers(db, year - 1)
    targets = indicators.all_targets(db)
    report = Report(
        "county", "乡镇上报汇总", name, f"{year}年度（各乡镇上报数据，合计由计数相加后计算）"
    )
    rows = progress(db, year, today=today)
    report.sections.append(
        Section(
            "一、乡镇上报进度",
            [
                Table(
                    "乡镇上报进度",
                    [
                        Col("乡镇", 14),
                        Col("状态", 8),
                        Col("报出时间", 16),
                        Col("导入时间", 16),
                        Col("上报次数", 8, True),
                        Col("逾期", 6),
                    ],
                    [
                        [
                            text(p.township),
                            text(p.state),
                            text(p.generated_at),
                            text(p.imported_at),
                            Cell(str(p.times), p.times),
                            Cell("逾期" if p.late else "", status="missed" if p.late else None),
                        ]
                        for p in rows
                    ],
                    note=f"截止日期：{due_date(year)}",
                )
            ],
        )
    )
    names = [n for n, _f in now]
    values = Table(
        "乡镇指标值",
        [Col("编码", 8), Col("指标", 21), Col("单位", 6)]  # C-EN-01, 单位 on one line
        + [Col(n, 7, True) for n in names]
        + [Col("全县合计", 8, True)],
    )
    evaluation = Table(
        "县级评价",
        [
            Col("编码", 8),
            Col("指标", 22),
            Col("单位", 5),
            Col("全县", 8, True),
            Col("计数（分子/分母）", 14),
            Col("目标", 14, True),  # 12/10万以下（期末） on one line
            Col("状态", 7),
            Col("拉低的乡镇", 24),
        ],
    )
    for indicator, shape in shapes(db):
        assert indicator.id is not None
        decimals = indicator.decimals if shape.rule.aggregation != "sum" else 0
        total = county_value(shape, now)
        cells = [text(indicator.code), text(indicator.name), text(indicator.measure)]
        own = {}
        for township, figures in now:
            value = township_value(shape, figures).value
            own[township] = value
            cells.append(_number(value, decimals))
        cells.append(_number(total.value, decimals, empty="—"))
        values.rows.append(cells)
        target = pick_target(targets.get(indicator.id, {}), year)
        last = county_value(shape, before).value
        verdict = evaluate(shape.rule, total, target, last)
        pulling = ""
        if verdict.status is Status.MISSED and target is not None:
            low = _below(shape, own, target.value)
            pulling = "、".join(f"{t}（{format_number(v, decimals)}）" for t, v in low)
        counts = (
            f"{format_number(total.numerator, 0)} / {format_number(total.denominator, 0)}"
            if total.numerator is not None and total.denominator is not None
            else ""
        )
        evaluation.rows.append(
            [
                text(indicator.code),
                text(indicator.name),
                text(indicator.measure),
                _number(total.value, decimals, empty="—"),
                text(counts),
                text(indicator.target_text(target)),
                Cell(verdict.status.label, status=verdict.status.value),
                text(pulling or (verdict.reason if verdict.status is Status.MISSING else "")),
            ]
        )
    report.sections.append(Section("二、各乡镇指标值与全县合计", [values]))
    report.sections.append(Section("三、全县指标评价", [evaluation]))
    return report


def _below(
    shape: Shape, own: dict[str, Decimal | None], target: Decimal
) -> list[tuple[str, Decimal]]:
    """The townships whose own value misses ``target``, the furthest first."""
    low = [
        (t, v)
        for t, v in own.items()
        if v is not None and status_of(shape.rule, v, target) is Status.MISSED
    ]
    low.sort(key=lambda tv: tv[1], reverse=shape.rule.direction == "<=")
    return low


def pulling_down(db: Database, year: int) -> dict[int, list[tuple[str, Decimal]]]:
    """indicator id -> the townships that miss its target of ``year`` themselves (furthest
    first), for every indicator with a target."""
    now = _numbers(db, year)
    targets = indicators.all_targets(db)
    result = {}
    for indicator, shape in shapes(db):
        assert indicator.id is not None
        target = pick_target(targets.get(indicator.id, {}), year)
        if target is not None:
            own = {t: township_value(shape, f).value for t, f in now}
            result[indicator.id] = _below(shape, own, target.value)
    return result


def _number(value: Decimal | None, decimals: int, *, empty: str = "") -> Cell:
    """A figure as printed (rounded half-up) and as an Excel number with that format."""
    if value is None:
        return Cell(empty)
    shown = format_number(value, decimals)
    pattern = "0" if decimals == 0 else "0." + "0" * decimals
    try:
        return Cell(shown, float(shown), number_format=pattern)
    except ValueError:  # a value stored before the number bounds existed
        return Cell(shown)
