"""The wording of targets and amounts, as the 2021—2030 outlines write them."""

from __future__ import annotations

import re
from decimal import Decimal as D  # noqa: N817

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.indicator_text import (
    FINAL_TAG,
    NO_TARGET,
    YEAR_TAG,
    amount,
    change_text,
    period_label,
    period_tag,
    target_number,
    target_text,
    unit_suffix,
)
from desktop.domain.numbers import format_number
from desktop.paths import resource_path
from desktop.store import catalogue


@pytest.mark.parametrize(
    ("target", "direction", "unit", "decimals", "text"),
    [
        # each direction
        (D("99"), ">=", "%", 1, "99%以上"),
        (D("12"), "<=", "1/10万", 1, "12/10万以下"),
        (D("50"), "~", "%", 1, "50%左右"),
        (D("95"), "=", "%", 1, "95%"),
        # a rate cannot exceed 100%: "≥100%" is 达到100%, an exact target
        (D("100"), ">=", "%", 1, "100%"),
        (D("100.0"), ">=", "%", 0, "100%"),
        (D("100"), "<=", "%", 1, "100%以下"),
        # unit kinds
        (D("5.0"), "<=", "‰", 1, "5.0‰以下"),
        (D("3"), ">=", "个", 0, "3个以上"),
        (D("1"), ">=", "人", 0, "1人以上"),
        (D("1.12"), ">=", "名/千名儿童", 2, "1.12名/千名儿童以上"),
        (D("45"), "~", "％", 1, "45%左右"),  # a full-width unit as pasted
        (D("12"), "<=", " 1/10万 ", 1, "12/10万以下"),
        (D("12"), "<=", "/10万", 1, "12/10万以下"),
        # decimals: as the plan states them, never invented, never lost
        (D("12.0"), "<=", "1/10万", 1, "12/10万以下"),
        (D("90"), ">=", "%", 2, "90%以上"),
        (D("99.5"), ">=", "%", 1, "99.5%以上"),
        (D("99.25"), ">=", "%", 1, "99.25%以上"),  # never rounded: the target evaluated
        (D("99.5"), ">=", "%", 0, "99.5%以上"),  # not "100%": it is not a 100% target
        (D("99.95"), ">=", "%", 1, "99.95%以上"),
        (100.0, ">=", "%", 1, "100%"),
        (0.1 + 0.2, ">=", "%", 1, "0.3%以上"),  # a REAL's float noise
        (D("-0"), "<=", "%", 1, "0%以下"),
        (12, "<=", "１/10万", 0, "12/10万以下"),  # full-width digits as pasted
        (D("6"), "<=", "‰", 1, "6.0‰以下"),  # ‰ targets carry one decimal (6.0‰)
        (D("6"), "<=", "‰", 0, "6‰以下"),  # ... but never more than the indicator has
        (D("5.25"), "<=", "‰", 2, "5.25‰以下"),
        (D("3.17"), ">=", "张/千名儿童", 2, "3.17张/千名儿童以上"),
        (D("2"), "<=", "%", None, "2%以下"),  # no decimals given: the number's own
        (D("5"), "<=", "‰", None, "5.0‰以下"),
        (12.0, "<=", "1/10万", 1, "12/10万以下"),  # a float read from SQLite REAL
        (3, ">=", "个", 0, "3个以上"),
        # qualitative: the text itself
        ("逐步提高", ">=", "%", 1, "逐步提高"),
        (" 全覆盖 ", ">=", "%", 1, "全覆盖"),
        # none
        (None, ">=", "%", 1, NO_TARGET),
        ("", ">=", "%", 1, NO_TARGET),
    ],
)
def test_target_text(
    target: D | float | int | str | None, direction: str, unit: str, decimals: int | None, text: str
) -> None:
    assert target_text(target, direction, unit, decimals) == text


def test_period_tags() -> None:
    assert target_text(D("99"), ">=", "%", 1, final=True) == "99%以上（期末）"
    assert target_text(D("90"), ">=", "%", 1, final=False) == "90%以上（年度）"
    assert target_text("逐步提高", ">=", "%", 1, final=True) == "逐步提高（期末）"
    assert target_text(None, ">=", "%", 1, final=True) == NO_TARGET  # nothing to tag
    assert (period_tag(final=True), period_tag(final=False)) == (FINAL_TAG, YEAR_TAG)
    assert (period_label(final=True), period_label(final=False)) == ("期末目标", "年度目标")


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "text"),
    [
        (D("98.5"), "%", 1, "98.5%"),
        (D("98"), "%", 1, "98.0%"),  # a value shows the indicator's decimals, as in tables
        (D("5.12"), "‰", 1, "5.1‰"),
        (D("18"), "1/10万", 1, "18.0/10万"),  # never 18.01/10万
        (D("18"), "1/10万", 0, "18/10万"),  # integral data: never 18.0/10万
        (D("3"), "个", 0, "3个"),
        (D("1.115"), "名/千名儿童", 2, "1.12名/千名儿童"),
        (D("0"), "人", 0, "0人"),
        (D("-2.5"), "%", 1, "-2.5%"),
        (85.30000000000001, "%", 1, "85.3%"),
        (D("7"), "", 0, "7"),
    ],
)
def test_amount(value: D | float, unit: str, decimals: int, text: str) -> None:
    assert amount(value, unit, decimals) == text


def test_an_invalid_number_gets_no_unit_glued_on() -> None:
    assert amount(float("inf"), "1/10万", 1) == "（无效数值）"
    assert target_text(float("nan"), ">=", "%", 1, final=True) == "（无效数值）"


def test_units_and_numbers() -> None:
    assert unit_suffix("1/10万") == "/10万"
    assert unit_suffix("1／10万") == "/10万"
    assert unit_suffix("%") == "%"
    assert unit_suffix("名/千名儿童") == "名/千名儿童"
    assert target_number(D("5.0"), "‰", 1) == "5.0"
    assert target_number(D("90.0"), "%", 1) == "90"


def test_change_targets() -> None:
    assert change_text(2020, -20) == "较2020年下降20%"
    assert change_text(2020, D("5.5")) == "较2020年提高5.5%"
    assert change_text(2020, 0) == "与2020年持平"


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, places=4),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(["%", "‰", "1/10万", "个", "名/千名儿童"]),
)
def test_amount_is_the_displayed_number_and_the_unit(value: D, decimals: int, unit: str) -> None:
    text = amount(value, unit, decimals)
    assert text == format_number(value, decimals) + unit_suffix(unit)


@given(
    st.decimals(min_value=0, max_value=10**6, allow_nan=False, places=3),
    st.integers(min_value=0, max_value=3),
    st.sampled_from([">=", "<=", "~"]),
)
def test_a_target_never_gains_precision_nor_changes_value(
    value: D, decimals: int, direction: str
) -> None:
    number = target_number(value, "%", decimals)
    assert D(number) == value  # never rounded: only trailing zeros dropped
    assert not re.search(r"\.\d*0$", number)
    assert len(number.partition(".")[2]) <= max(decimals, 3)
    text = target_text(value, direction, "%", decimals)
    suffix = (
        ""
        if direction == ">=" and value == 100
        else {">=": "以上", "<=": "以下"}.get(direction, "左右")
    )
    assert text == number + "%" + suffix


def test_the_catalogue_targets_read_as_the_outlines_quoted_in_it() -> None:
    """Where a catalogue row quotes its outline (``降至5.0‰以下``), the target is written the
    same way, from the number as SQLite stores it (a REAL)."""
    quoted = 0
    for order, row in enumerate(catalogue.read_rows(resource_path("indicators.csv"))):
        _outline, quoting, note = row["source_note"].partition("（2021—2030年）：")
        phrase = re.search(r"\d+(\.\d+)?(%|‰|/10万|个|人)?(以上|以下|左右)", note)
        if not row["target"] or not quoting or phrase is None:
            continue
        indicator = catalogue.indicator_of(row, order)
        stored = D(str(float(row["target"])))
        text = target_text(stored, indicator.direction, indicator.measure, indicator.decimals)
        assert text == phrase.group(0), row["code"]
        quoted += 1
    assert quoted >= 12
