from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.forms.field_choices import ChoiceType, MultiChoiceType, UnitType
from desktop.forms.field_numbers import BoolType, DateType, IntegerType, MoneyType, PercentType
from desktop.forms.field_text import PersonNameType, TextType
from desktop.forms.field_types import TYPES
from desktop.forms.fields import Choice, FieldError, Options, UnitChoices

UNITS = UnitChoices(
    names={1: "派出所", 2: "东岗村"}, kinds={1: "department", 2: "village"}, codes={2: "C01"}
)


def test_every_declared_type_id_has_one_class() -> None:
    assert set(TYPES) == {
        "text",
        "multiline",
        "integer",
        "decimal",
        "percent",
        "money",
        "date",
        "bool",
        "choice",
        "multichoice",
        "choices",
        "unit",
        "person_name",
        "id_number",
        "phone",
    }


@pytest.mark.parametrize(
    "text", ["2026-3-8", "2026/03/08", "2026年3月8日", "2026.3.8", "20260308", "２０２６－３－８"]
)
def test_dates_in_the_ways_clerks_write_them(text: str) -> None:
    assert DateType(Options()).parse(text) == "2026-03-08"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_round_trip_through_their_text(day: dt.date) -> None:
    kind = DateType(Options())
    value = kind.parse(f"{day.year}年{day.month}月{day.day}日")
    assert kind.parse(kind.format(value)) == value == day.isoformat()


@pytest.mark.parametrize(("text", "message"), [("2026-2-30", "不存在"), ("3月8日", "格式不对")])
def test_bad_dates(text: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        DateType(Options()).parse(text)


def test_excel_date_cells() -> None:
    kind = DateType(Options())
    assert kind.cell_text(dt.datetime(2026, 3, 8)) == "2026-03-08"


def test_blank_is_not_filled_in_for_every_type() -> None:
    for cls in TYPES.values():
        options = Options(choices=(Choice("a", "甲"),))
        assert cls(options).parse("  ") is None


def test_numbers_ranges_and_units() -> None:
    assert IntegerType(Options(minimum=0)).parse("1,200") == 1200
    with pytest.raises(FieldError, match="请填写整数"):
        IntegerType(Options()).parse("2.5")
    with pytest.raises(FieldError, match="不能小于0"):
        IntegerType(Options(minimum=0)).parse("-1")
    assert PercentType(Options()).parse("85%") == 85.0
    assert PercentType(Options()).parse("85") == 85.0
    assert PercentType(Options()).format(85.0) == "85%"
    with pytest.raises(FieldError, match="0%到100%"):
        PercentType(Options()).parse("120")
    money = MoneyType(Options())
    assert money.parse("￥1,234.5元") == 1234.5
    assert money.format(1234.5) == "1234.50"
    with pytest.raises(FieldError, match="以“元”为单位"):
        money.parse("1.2万")
    with pytest.raises(FieldError, match="负数"):
        money.parse("-5")


def test_yes_no() -> None:
    kind = BoolType(Options())
    assert [kind.parse(t) for t in ("是", "否", "√", "×", "有")] == [True, False, True, False, True]
    assert kind.format(True) == "是"
    with pytest.raises(FieldError, match=r"是.*否"):
        kind.parse("也许")


def test_choices_by_label_or_value_and_a_clear_list_when_wrong() -> None:
    kind = ChoiceType(Options(choices=(Choice("closed", "已办结"), Choice("received", "受理"))))
    assert kind.parse("已办结") == "closed"
    assert kind.parse("closed") == "closed"
    assert kind.format("closed") == "已办结"
    with pytest.raises(FieldError, match="可选：已办结、受理"):
        kind.parse("结了")


def test_multichoice_accepts_any_separator_and_keeps_the_declared_order() -> None:
    kind = MultiChoiceType(Options(choices=(Choice("法律", "法律"), Choice("心理", "心理"))))
    assert kind.parse("心理，法律") == ("法律", "心理")
    assert kind.parse("心理、心理") == ("心理",)
    assert kind.format(("法律", "心理")) == "法律、心理"
    assert kind.from_db(kind.to_db(("法律", "心理"))) == ("法律", "心理")


def test_unit_references_by_name_or_code_and_kind() -> None:
    kind = UnitType(Options(unit_kinds=("village", "community")))
    assert kind.parse("东岗村", UNITS) == 2
    assert kind.parse("C01", UNITS) == 2
    assert kind.format(2, UNITS) == "东岗村"
    with pytest.raises(FieldError, match="不是村或社区"):
        kind.parse("派出所", UNITS)
    with pytest.raises(FieldError, match="没有名为“西村”"):
        kind.parse("西村", UNITS)


def test_text_limits_patterns_and_names() -> None:
    with pytest.raises(FieldError, match="不能超过5个字"):
        TextType(Options(max_length=5)).parse("一二三四五六")
    coded = TextType(Options(pattern=r"[A-Z]\d{2}", pattern_message="编号如 A01"))
    assert coded.parse("A01") == "A01"
    with pytest.raises(FieldError, match="编号如 A01"):
        coded.parse("a1")
    names = PersonNameType(Options())
    assert names.parse("阿依古丽•买买提") == "阿依古丽·买买提"
    with pytest.raises(FieldError, match="姓名只能包含"):
        names.parse("张3")
    assert names.mask("王小红") == "王**"
