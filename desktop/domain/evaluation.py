"""Evaluate plan indicators for the township in a year. Pure: data in, verdicts out.

- The township value of a *reported* indicator is the value its assigned unit reported (or, for
  a count, the sum over its units); of a *computed* indicator, Σ numerators / Σ denominators ×
  factor over every assigned unit. A unit that has not reported a part, a part reported as 无,
  or a zero denominator gives 无数据 with the reason. A computed indicator that used to be
  reported as one value (before the catalogue was re-scoped) keeps that value for the years
  that have no counts.
- An indicator whose rate the county computes (``counts``) shows the township's counts and its
  rate for information: status 只报计数, never 未达标 on a denominator of a few hundred births.
- Status compares the value and the target as decimals rounded half-up to the indicator's
  decimals: ``>=`` met when value ≥ target, ``<=`` when value ≤ target, ``~`` ("左右") within
  the tolerance on its side: ``both`` |value − target| ≤ tolerance, ``below`` only a shortfall
  counts (value ≥ target − tolerance), ``above`` only an excess (value ≤ target + tolerance).
- The target is the year's own, else the plan's final target; the verdict says which. An
  indicator with a value but no target at all is 未设目标: it has data (not 无数据) and the unit
  is not warned for it; setting the target is the clerk's own job.
- Change vs last year is one figure: this year's value rounded half-up to the indicator's
  decimals minus last year's rounded the same way (what the tables show beside it, never
  -0.0); better/worse by direction follows it. Early-warning flags: missed, worse, missing,
  outlier (outside the allowed range, or a jump beyond the configured share).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from desktop.domain.indicator_text import period_label
from desktop.domain.numbers import round_half_up

DEFAULT_JUMP_SHARE = Decimal("0.3")


class Status(Enum):
    MET = "met"
    MISSED = "missed"
    MISSING = "missing"
    COUNTS = "counts"  # the township reports counts; the county computes and judges the rate
    NO_TARGET = "no_target"  # a value but no target to judge it by: the clerk sets one

    @property
    def label(self) -> str:
        return {
            "met": "达标",
            "missed": "未达标",
            "missing": "无数据",
            "counts": "只报计数",
            "no_target": "未设目标",
        }[self.value]


NO_TARGET_REASON = "没有设定目标值"


class Trend(Enum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {"better": "好转", "worse": "变差", "same": "持平", "unknown": "—"}[self.value]


class Flag(Enum):
    MISSED = "missed"
    WORSE = "worse"
    MISSING = "missing"
    OUTLIER = "outlier"

    @property
    def label(self) -> str:
        return {
            "missed": "未达标",
            "worse": "较上年变差",
            "missing": "无数据",
            "outlier": "异常值",
        }[self.value]


@dataclass(frozen=True)
class IndicatorRule:
    code: str
    direction: str  # ">=", "<=", "~"
    decimals: int = 1
    tolerance: Decimal = Decimal(0)
    kind: str = "reported"  # or "computed"
    factor: Decimal = Decimal(1)
    range_min: Decimal | None = None
    range_max: Decimal | None = None
    aggregation: str = ""  # value | sum | rate | counts ("" = by kind)
    side: str = "both"  # of the tolerance of a "~" target: both | below | above


@dataclass(frozen=True)
class Part:
    """One unit's report of one data element: a number, 无 (no_data), or nothing (None)."""

    value: Decimal | None
    no_data: bool = False


@dataclass(frozen=True)
class Target:
    value: Decimal
    final: bool  # True: the plan's final target was used because the year has none

    @property
    def label(self) -> str:
        return period_label(final=self.final)


@dataclass(frozen=True)
class TownshipValue:
    value: Decimal | None
    reason: str = ""  # why there is no value
    numerator: Decimal | None = None  # the summed counts of a computed indicator
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Verdict:
    code: str
    value: Decimal | None
    target: Target | None
    status: Status
    reason: str
    last_value: Decimal | None
    change: Decimal | None
    trend: Trend
    flags: tuple[Flag, ...] = field(default=())


def pick_target(targets: Mapping[int, Decimal], year: int) -> Target | None:
    """The year's target, else the final target (stored under year 0)."""
    if year in targets:
        return Target(targets[year], final=False)
    if 0 in targets:
        return Target(targets[0], final=True)
    return None


def township_value(
    rule: IndicatorRule,
    parts: Mapping[str, Sequence[tuple[str, Part | None]]],
) -> TownshipValue:
    """``parts`` maps element role -> [(unit name, its report or None)] for assigned units."""
    if rule.kind == "reported" and rule.aggregation == "sum":
        return _summed(parts.get("value", []), "")
    if rule.kind == "reported" or (
        not parts.get("numerator") and not parts.get("denominator") and parts.get("value")
    ):
        return _single(parts.get("value", []))
    sums: dict[str, Decimal] = {}
    for role, label in (("numerator", "分子"), ("denominator", "分母")):
        total = _summed(parts.get(role, []), label)
        if total.value is None:
            return total
        sums[role] = total.value
    numerator, denominator = sums["numerator"], sums["denominator"]
    if denominator == 0:
        return TownshipValue(None, "分母合计为0，无法计算", numerator, denominator)
    return TownshipValue(numerator / denominator * rule.factor, "", numerator, denominator)


def _single(reports: Sequence[tuple[str, Part | None]]) -> TownshipValue:
    if not reports:
        return TownshipValue(None, "没有安排填报单位")
    unit, part = reports[0]
    if part is None:
        return TownshipValue(None, f"{unit}未填报")
    if part.no_data or part.value is None:
        return TownshipValue(None, f"{unit}填报为“无”")
    return TownshipValue(part.value)


def _summed(reports: Sequence[tuple[str, Part | None]], label: str) -> TownshipValue:
    """A count that units report and that adds up."""
    if not reports:
        return TownshipValue(None, f"{label}没有安排填报单位")
    missing = [unit for unit, part in reports if part is None]
    if missing:
        shown = "、".join(missing[:3]) + (f"等{len(missing)}个单位" if len(missing) > 3 else "")
        return TownshipValue(None, f"{shown}未填报{label}")
    empty = [unit for unit, part in reports if part is not None and part.value is None]
    if empty:
        return TownshipValue(None, f"{empty[0]}的{label}填报为“无”")
    total = sum((p.value for _u, p in reports if p is not None and p.value is not None), Decimal(0))
    return TownshipValue(total)


def status_of(rule: IndicatorRule, value: Decimal, target: Decimal) -> Status:
    v = round_half_up(value, rule.decimals)
    t = round_half_up(target, rule.decimals)
    if rule.direction == ">=":
        met = v >= t
    elif rule.direction == "<=":
        met = v <= t
    elif rule.side == "below":
        met = v >= t - rule.tolerance
    elif rule.side == "above":
        met = v <= t + rule.tolerance
    else:
        met = abs(v - t) <= rule.tolerance
    return Status.MET if met else Status.MISSED


def counts_reason(value: TownshipValue) -> str:
    """What the township shows of an indicator whose rate the county computes."""
    if value.numerator is None or value.denominator is None:
        return "县级汇总计算比率"

    def count(x: Decimal) -> str:
        return f"{x:,.0f}" if x == x.to_integral_value() else f"{x:f}"

    return f"计数 {count(value.numerator)} / {count(value.denominator)}，比率由县级汇总计算"


def change_of(rule: IndicatorRule, value: Decimal | None, last: Decimal | None) -> Decimal | None:
    """This year's value minus last year's, each rounded half-up to the indicator's decimals
    as the tables show them (90.9 → 93.8 is +2.9, whatever the digits behind); never -0.0."""
    if value is None or last is None:
        return None
    change = round_half_up(value, rule.decimals) - round_half_up(last, rule.decimals)
    return change.copy_abs() if change.is_zero() else change


def trend_of(
    rule: IndicatorRule, value: Decimal | None, last: Decimal | None, target: Decimal | None
) -> Trend:
    """Better or worse by the rounded values (``change_of``): a change shown as 0.0 is 持平."""
    if value is None or last is None:
        return Trend.UNKNOWN
    v = round_half_up(value, rule.decimals)
    lv = round_half_up(last, rule.decimals)
    if rule.direction == "~":
        if target is None:
            return Trend.UNKNOWN
        t = round_half_up(target, rule.decimals)
        now_gap, last_gap = abs(v - t), abs(lv - t)
        if now_gap == last_gap:
            return Trend.SAME
        return Trend.BETTER if now_gap < last_gap else Trend.WORSE
    if v == lv:
        return Trend.SAME
    up_is_good = rule.direction == ">="
    return Trend.BETTER if (v > lv) == up_is_good else Trend.WORSE


def is_jump(value: Decimal, last: Decimal | None, share: Decimal) -> bool:
    """A change larger than ``share`` of last year's value (from 0, any change counts)."""
    if last is None:
        return False
    if last == 0:
        return value != 0
    return abs(value - last) / abs(last) > share


def out_of_range(rule: IndicatorRule, value: Decimal) -> bool:
    return (rule.range_min is not None and value < rule.range_min) or (
        rule.range_max is not None and value > rule.range_max
    )


def evaluate(
    rule: IndicatorRule,
    value: TownshipValue,
    target: Target | None,
    last_value: Decimal | None,
    *,
    jump_share: Decimal = DEFAULT_JUMP_SHARE,
) -> Verdict:
    flags: list[Flag] = []
    if value.value is None:
        status, reason = Status.MISSING, value.reason or "无数据"
    elif rule.aggregation == "counts":
        status, reason = Status.COUNTS, counts_reason(value)
    elif target is None:
        status, reason = Status.NO_TARGET, NO_TARGET_REASON
    else:
        status, reason = status_of(rule, value.value, target.value), ""
    if status is Status.MISSED:
        flags.append(Flag.MISSED)
    if status is Status.MISSING:
        flags.append(Flag.MISSING)
    trend = trend_of(rule, value.value, last_value, target.value if target else None)
    if status is Status.COUNTS:  # a rate of 0-2 deaths moves by chance: no trend, no change
        trend, last_value = Trend.UNKNOWN, None
    if trend is Trend.WORSE and status is not Status.COUNTS:
        flags.append(Flag.WORSE)
    if (
        status is not Status.COUNTS
        and value.value is not None
        and (out_of_range(rule, value.value) or is_jump(value.value, last_value, jump_share))
    ):
        flags.append(Flag.OUTLIER)
    change = change_of(rule, value.value, last_value)
    return Verdict(
        rule.code, value.value, target, status, reason, last_value, change, trend, tuple(flags)
    )
