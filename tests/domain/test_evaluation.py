from __future__ import annotations

from decimal import Decimal as D  # noqa: N817 - short for the many literals

import pytest

from desktop.domain.evaluation import (
    Flag,
    IndicatorRule,
    Part,
    Status,
    Target,
    TownshipValue,
    Trend,
    evaluate,
    pick_target,
    status_of,
    township_value,
)

AT_LEAST = IndicatorRule("C-H-06", ">=", decimals=1)
AT_MOST = IndicatorRule("W-H-01", "<=", decimals=1)
ABOUT = IndicatorRule("W-EC-01", "~", decimals=1, tolerance=D("2"))


@pytest.mark.parametrize(
    ("rule", "value", "target", "status"),
    [
        (AT_LEAST, "90", "90", Status.MET),
        (AT_LEAST, "89.95", "90", Status.MET),  # rounds half-up to 90.0
        (AT_LEAST, "89.94", "90", Status.MISSED),
        (AT_LEAST, "120", "90", Status.MET),
        (AT_MOST, "12", "12", Status.MET),
        (AT_MOST, "12.04", "12", Status.MET),  # 12.0
        (AT_MOST, "12.05", "12", Status.MISSED),  # 12.1
        (AT_MOST, "0", "12", Status.MET),
        (ABOUT, "47", "45", Status.MET),
        (ABOUT, "43", "45", Status.MET),
        (ABOUT, "47.05", "45", Status.MISSED),  # 47.1
        (ABOUT, "42.9", "45", Status.MISSED),
    ],
)
def test_status_by_direction_and_rounding(rule, value, target, status) -> None:
    assert status_of(rule, D(value), D(target)) is status


def test_year_target_else_final() -> None:
    assert pick_target({2026: D("88"), 0: D("90")}, 2026) == Target(D("88"), final=False)
    chosen = pick_target({2025: D("88"), 0: D("90")}, 2026)
    assert chosen == Target(D("90"), final=True)
    assert chosen.label == "期末目标"
    assert pick_target({}, 2026) is None


def test_reported_value() -> None:
    assert township_value(AT_LEAST, {"value": [("卫生院", Part(D("91")))]}).value == D("91")
    missing = township_value(AT_LEAST, {"value": [("卫生院", None)]})
    assert missing.value is None
    assert missing.reason == "卫生院未填报"
    no_data = township_value(AT_LEAST, {"value": [("卫生院", Part(None, no_data=True))]})
    assert "无" in no_data.reason
    assert "没有安排" in township_value(AT_LEAST, {}).reason


COMPUTED = IndicatorRule("W-D-01", ">=", decimals=1, kind="computed", factor=D(100))


def test_computed_sums_parts_over_units() -> None:
    parts = {
        "numerator": [("东岗村", Part(D(2))), ("西岭村", Part(D(1)))],
        "denominator": [("东岗村", Part(D(5))), ("西岭村", Part(D(5)))],
    }
    assert township_value(COMPUTED, parts).value == D(30)


def test_computed_with_missing_part_has_no_data_with_reason() -> None:
    parts = {
        "numerator": [("东岗村", Part(D(2))), ("西岭村", None)],
        "denominator": [("东岗村", Part(D(5))), ("西岭村", Part(D(5)))],
    }
    result = township_value(COMPUTED, parts)
    assert result.value is None
    assert result.reason == "西岭村未填报分子"


def test_computed_with_zero_denominator() -> None:
    parts = {"numerator": [("东岗村", Part(D(0)))], "denominator": [("东岗村", Part(D(0)))]}
    result = township_value(COMPUTED, parts)
    assert result.value is None
    assert "分母合计为0" in result.reason


def test_many_missing_units_are_summarised() -> None:
    reports = [(f"村{i}", None) for i in range(6)]
    parts = {"numerator": reports, "denominator": [("村0", Part(D(1)))]}
    assert "等6个单位未填报分子" in township_value(COMPUTED, parts).reason


def test_verdict_flags_missed_and_worse() -> None:
    verdict = evaluate(AT_LEAST, TownshipValue(D("85")), Target(D("90"), False), D("88"))
    assert verdict.status is Status.MISSED
    assert verdict.trend is Trend.WORSE
    assert verdict.change == D("-3")
    assert verdict.flags == (Flag.MISSED, Flag.WORSE)


def test_lower_is_better_trend() -> None:
    verdict = evaluate(AT_MOST, TownshipValue(D("10")), Target(D("12"), True), D("11"))
    assert verdict.status is Status.MET
    assert verdict.trend is Trend.BETTER
    assert verdict.flags == ()


def test_about_trend_uses_distance_to_target() -> None:
    verdict = evaluate(ABOUT, TownshipValue(D("44")), Target(D("45"), True), D("48"))
    assert verdict.trend is Trend.BETTER


def test_missing_value_and_missing_target() -> None:
    verdict = evaluate(AT_LEAST, TownshipValue(None, "卫生院未填报"), Target(D(90), False), None)
    assert verdict.status is Status.MISSING
    assert verdict.reason == "卫生院未填报"
    assert verdict.flags == (Flag.MISSING,)
    no_target = evaluate(AT_LEAST, TownshipValue(D(95)), None, None)
    assert no_target.status is Status.NO_TARGET  # it has data: not 无数据
    assert no_target.status.label == "未设目标"
    assert no_target.reason == "没有设定目标值"
    assert no_target.flags == ()  # the clerk's to fix, not a warning to the unit


def test_no_target_with_last_year_unchanged() -> None:
    """C-W-03 儿童之家数 on the demo: 18 and 18, no target: not 无数据, no warning."""
    count = IndicatorRule("C-W-03", ">=", decimals=0, kind="reported", aggregation="sum")
    verdict = evaluate(count, TownshipValue(D(18)), None, D(18))
    assert (verdict.status, verdict.flags, verdict.trend) == (Status.NO_TARGET, (), Trend.SAME)
    assert str(verdict.change) == "0"


@pytest.mark.parametrize(
    ("last", "value", "change"),
    [
        # the demo's C-H-06, C-H-08, C-H-14 (2024 → 2025): the rounded values' difference
        ("90.90106007067137809187279152", "93.75", "2.9"),  # not 2.8 (93.75 − 90.90…)
        ("88.56416772554002541296060991", "88.74531054606085869112130054", "0.1"),  # not 0.2
        ("58.00330033003300330033003300", "57.97101449275362318840579710", "0.0"),  # not -0.0
        ("-0.04", "0.04", "0.0"),  # -0.0 − 0.0 rounds to -0.0: shown as 0.0
        ("90.05", "90.04", "-0.1"),  # half-up: 90.1 → 90.0
    ],
)
def test_change_is_the_difference_of_the_rounded_values(last: str, value: str, change: str) -> None:
    verdict = evaluate(AT_LEAST, TownshipValue(D(value)), Target(D(50), False), D(last))
    assert verdict.change is not None
    assert str(verdict.change) == change
    assert not verdict.change.is_signed() or verdict.change < 0  # never -0.0
    expected = Trend.SAME if D(change) == 0 else Trend.BETTER if D(change) > 0 else Trend.WORSE
    assert verdict.trend is expected
    assert (Flag.WORSE in verdict.flags) == (expected is Trend.WORSE)


def test_outliers_jump_and_range() -> None:
    jumped = evaluate(AT_LEAST, TownshipValue(D("95")), Target(D(50), False), D("60"))
    assert Flag.OUTLIER in jumped.flags
    ranged = IndicatorRule("X", ">=", range_min=D(0), range_max=D(100))
    over = evaluate(ranged, TownshipValue(D("120")), Target(D(50), False), D("119"))
    assert Flag.OUTLIER in over.flags


# ----- monitoring v2: tolerance sides, counts, sums, legacy values --------------------------
WOMEN_RC = IndicatorRule("W-D-02", "~", tolerance=D("5"), side="below")  # 居委会 ≈ 50%


@pytest.mark.parametrize(
    ("rule", "value", "status"),
    [
        (WOMEN_RC, "55", Status.MET),  # above "50%左右" is not a miss when only a shortfall counts
        (WOMEN_RC, "80", Status.MET),
        (WOMEN_RC, "45", Status.MET),  # 50 − 5
        (WOMEN_RC, "44.9", Status.MISSED),
        (IndicatorRule("X", "~", tolerance=D("5"), side="both"), "55", Status.MET),
        (IndicatorRule("X", "~", tolerance=D("5"), side="both"), "55.1", Status.MISSED),
        (IndicatorRule("X", "~", tolerance=D("5"), side="both"), "44.9", Status.MISSED),
        (IndicatorRule("X", "~", tolerance=D("2"), side="above"), "30", Status.MET),
        (IndicatorRule("X", "~", tolerance=D("2"), side="above"), "52.1", Status.MISSED),
    ],
)
def test_about_target_tolerance_has_a_side(rule: IndicatorRule, value: str, status: Status) -> None:
    assert status_of(rule, D(value), D("50")) is status


def test_counts_show_the_counts_and_never_miss() -> None:
    rule = IndicatorRule(
        "W-H-04", "<=", kind="computed", factor=D(100000), aggregation="counts", decimals=1
    )
    value = township_value(
        rule, {"numerator": [("卫生院", Part(D(1)))], "denominator": [("卫生院", Part(D(312)))]}
    )
    assert round(value.value or 0, 1) == D("320.5")  # 1/312: meaningless for a township
    verdict = evaluate(rule, value, Target(D(12), final=True), D(0))
    assert verdict.status is Status.COUNTS
    assert verdict.reason == "计数 1 / 312，比率由县级汇总计算"
    assert verdict.flags == ()
    assert verdict.trend is Trend.UNKNOWN  # 0 → 1 death is chance, not a trend
    assert verdict.change is None


def test_a_count_adds_up_over_units() -> None:
    rule = IndicatorRule("C-W-03", ">=", decimals=0, aggregation="sum")
    parts = {"value": [("东岗村", Part(D(1))), ("西岭村", Part(D(2)))]}
    assert township_value(rule, parts).value == D(3)
    missing = {"value": [("东岗村", Part(D(1))), ("西岭村", None)]}
    assert township_value(rule, missing).reason == "西岭村未填报"


def test_a_rate_that_was_one_value_keeps_its_old_years() -> None:
    rule = IndicatorRule("C-H-06", ">=", kind="computed", factor=D(100), aggregation="rate")
    old_year = {"value": [("镇卫生院", Part(D("93.2")))]}
    assert township_value(rule, old_year).value == D("93.2")
    new_year = {
        "value": [],
        "numerator": [("镇卫生院", Part(D(930)))],
        "denominator": [("镇卫生院", Part(D(1000)))],
    }
    assert township_value(rule, new_year).value == D(93)


# ----- mid-term review: one indicator of each class, worked by hand -------------------------
def _review(value: str | None, base: str | None, rule: IndicatorRule = AT_LEAST):
    from desktop.domain.midterm import review

    return review(
        rule,
        2025,
        None if value is None else D(value),
        D(90),
        2020,
        None if base is None else D(base),
    )


def test_midterm_classes_worked_by_hand() -> None:
    from desktop.domain.midterm import Progress

    # ≥ 90 by 2030 from 80 in 2020: the line passes 85 in 2025 (half-way)
    assert _review("92", "91").progress is Progress.MET  # met in 2020 already
    assert _review("90.5", "80").progress is Progress.EARLY  # met five years early
    on_track = _review("86", "80")
    assert on_track.progress is Progress.ON_TRACK  # 86 ≥ 85 on the line
    assert on_track.expected == D(85)
    assert on_track.annual_change == D("0.8")  # (90 − 86) / 5 years
    assert _review("83", "80").progress is Progress.SLOW  # better than 80, behind 85
    assert _review("79", "80").progress is Progress.OFF_TRACK  # worse than the base
    assert _review(None, "80").progress is Progress.NO_DATA
    assert _review("86", None).progress is Progress.NO_DATA  # no base: no line
    # ≤ 12 from 20: the line passes 16 in 2025; 15 is on track, 18 slow
    at_most = IndicatorRule("X", "<=")
    from desktop.domain.midterm import review

    assert review(at_most, 2025, D(15), D(12), 2020, D(20)).progress is Progress.ON_TRACK
    assert review(at_most, 2025, D(18), D(12), 2020, D(20)).progress is Progress.SLOW
