"""Mid-term and final review (中期/终期评估) of one indicator. Pure: numbers in, a class out.

For a review year (2025 = mid-term, 2030 = final) each indicator gets one class:

- 已达标: the final (2030) target is met now and was met in the base year already;
- 提前达标: met now, not in the base year: reached ahead of time;
- 预期可达标: not met yet, but at or ahead of the straight line from the base year's value to
  the 2030 target;
- 进展缓慢: better than the base year, behind the straight line;
- 难以达标: no better than the base year (or worse);
- 无数据: no value in the review year, no final target, or (for the line) no base value.

The review also gives the required annual change (not met yet): (target − value) /
(2030 − year), in the indicator's unit per year. A "≈" target is reviewed on the distance to
it (inside the tolerance on its side counts as met).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from desktop.domain.evaluation import IndicatorRule, Status, status_of

PLAN_END = 2030


class Progress(Enum):
    MET = "已达标"
    EARLY = "提前达标"
    ON_TRACK = "预期可达标"
    SLOW = "进展缓慢"
    OFF_TRACK = "难以达标"
    NO_DATA = "无数据"

    @property
    def status(self) -> str:
        """The colour of the class (reports' status cells)."""
        return {
            "已达标": "met",
            "提前达标": "met",
            "预期可达标": "met",
            "进展缓慢": "missing",
            "难以达标": "missed",
            "无数据": "missing",
        }[self.value]


@dataclass(frozen=True)
class Review:
    progress: Progress
    base_year: int | None
    base_value: Decimal | None
    value: Decimal | None
    target: Decimal | None
    expected: Decimal | None  # on the straight line in the review year
    annual_change: Decimal | None  # needed each year from now to 2030
    reason: str = ""


def _gap(rule: IndicatorRule, value: Decimal, target: Decimal) -> Decimal:
    """How far from the target in the bad direction (≤ 0: met); "~": distance outside."""
    if rule.direction == ">=":
        return target - value
    if rule.direction == "<=":
        return value - target
    distance = abs(value - target)
    if rule.side == "below" and value >= target:
        distance = Decimal(0)
    if rule.side == "above" and value <= target:
        distance = Decimal(0)
    return distance - rule.tolerance


def review(
    rule: IndicatorRule,
    year: int,
    value: Decimal | None,
    target: Decimal | None,
    base_year: int | None,
    base_value: Decimal | None,
) -> Review:
    """The class of one indicator in the review ``year`` (see the module's text)."""

    def result(progress: Progress, expected: Decimal | None = None, reason: str = "") -> Review:
        change = None
        met = progress in (Progress.MET, Progress.EARLY)
        if value is not None and target is not None and year < PLAN_END and not met:
            change = (target - value) / (PLAN_END - year)
        return Review(progress, base_year, base_value, value, target, expected, change, reason)

    if value is None:
        return result(Progress.NO_DATA, reason="评估年度没有数据")
    if target is None:
        return result(Progress.NO_DATA, reason="没有设定2030年目标")
    met_now = status_of(rule, value, target) is Status.MET
    if met_now:
        met_before = base_value is not None and status_of(rule, base_value, target) is Status.MET
        return result(Progress.MET if met_before else Progress.EARLY)
    if base_value is None or base_year is None or base_year >= year:
        return result(Progress.NO_DATA, reason="缺少基期值，无法判断进度")
    share = Decimal(year - base_year) / Decimal(PLAN_END - base_year)
    base_gap, gap = _gap(rule, base_value, target), _gap(rule, value, target)
    expected_gap = base_gap * (1 - share)
    expected = base_value + (target - base_value) * share if rule.direction != "~" else None
    if gap <= expected_gap:
        return result(Progress.ON_TRACK, expected)
    if gap < base_gap:
        return result(Progress.SLOW, expected)
    return result(Progress.OFF_TRACK, expected)
