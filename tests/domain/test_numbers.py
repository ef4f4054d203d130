from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.numbers import NumberError, format_number, parse_number, round_half_up


@pytest.mark.parametrize(
    ("text", "measure", "value"),
    [
        ("85", "%", "85"),
        ("85%", "%", "85"),
        ("85％", "%", "85"),
        ("８５．３", "%", "85.3"),
        (" 1,234 ", "人", "1234"),
        ("1，234", "人", "1234"),
        ("12‰", "‰", "12"),
        ("\u300085.0\u3000", "%", "85.0"),
        ("-3.5", "%", "-3.5"),
        ("０", "人", "0"),
        (".5", "%", "0.5"),
        (85, "%", "85"),
        (85.25, "%", "85.25"),
    ],
)
def test_accepted_forms(text: object, measure: str, value: str) -> None:
    assert parse_number(text, measure=measure).value == Decimal(value)


@pytest.mark.parametrize("text", ["", "   ", None, "\u3000"])
def test_empty_is_not_entered(text: object) -> None:
    parsed = parse_number(text, measure="%")
    assert parsed.empty
    assert not parsed.no_data


@pytest.mark.parametrize("text", ["无", "-", "—", "／", "暂无", "N/A"])
def test_no_data_words(text: str) -> None:
    parsed = parse_number(text, measure="%")
    assert parsed.no_data
    assert parsed.value is None
    assert not parsed.empty


def test_zero_is_a_value_not_empty() -> None:
    parsed = parse_number("0", measure="%")
    assert parsed.value == 0
    assert not parsed.empty


@pytest.mark.parametrize(
    ("text", "measure", "words"),
    [
        ("12‰", "%", "单位不符"),
        ("85%", "‰", "单位不符"),
        ("3%", "1/10万", "单位不符"),
        ("3%", "人", "单位不符"),
        ("八十五", "%", "不是有效的数字"),
        ("85.3.1", "%", "不是有效的数字"),
        ("1,5", "%", "逗号位置不对"),
        ("12,34", "%", "逗号位置不对"),
        ("3e5", "%", "不是有效的数字"),
        ("约85", "%", "不是有效的数字"),
    ],
)
def test_errors_say_what_is_wrong(text: str, measure: str, words: str) -> None:
    with pytest.raises(NumberError) as info:
        parse_number(text, measure=measure)
    assert words in info.value.message


def test_bool_is_refused() -> None:
    with pytest.raises(NumberError):
        parse_number(True)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False))
def test_round_trip_any_decimal(value: Decimal) -> None:
    text = f"{value:f}"
    assert parse_number(text, measure="人").value == value
    assert parse_number(_fullwidth(text), measure="人").value == value
    assert parse_number(f"  {text}%  ", measure="%").value == value


@given(st.integers(min_value=1000, max_value=10**12))
def test_thousands_separators(value: int) -> None:
    assert parse_number(f"{value:,}", measure="人").value == value
    assert parse_number(f"{value:,}".replace(",", "，"), measure="人").value == value


@given(st.text(max_size=12))
def test_never_raises_anything_but_number_error(text: str) -> None:
    message = ""
    try:
        parsed = parse_number(text, measure="%")
    except NumberError as exc:
        message = exc.message
        assert message
        return
    assert parsed.value is None or parsed.value.is_finite()


def test_round_half_up_at_the_boundary() -> None:
    assert round_half_up(Decimal("84.95"), 1) == Decimal("85.0")
    assert round_half_up(Decimal("2.25"), 1) == Decimal("2.3")  # not banker's rounding
    assert format_number(2.675, 2) == "2.68"
    assert format_number(None, 1) == ""


@given(
    st.one_of(
        st.decimals(allow_nan=True, allow_infinity=True),
        st.sampled_from([Decimal("-0"), Decimal("1E+30"), Decimal("2.50"), Decimal("sNaN")]),
    ),
    st.integers(min_value=0, max_value=4),
)
def test_a_decimal_formats_as_its_text_would(value: Decimal, decimals: int) -> None:
    """``format_number`` takes a Decimal as it is (no round trip through its text, issue 21's
    import): the result is the one the text gives."""
    through_text = format_number(str(value), decimals)  # type: ignore[arg-type]
    assert format_number(value, decimals) == through_text
