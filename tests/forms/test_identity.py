from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import identity
from desktop.domain.identity import IdentityError, check_character, parse_id_number, parse_phone

# a real-format number: region 330102, born 1985-03-08, sequence 123 (odd: male)
VALID = "33010219850308123" + check_character("33010219850308123")


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(["110101", "330102", "440305", "510104"]))
    born = draw(st.dates(min_value=date(1920, 1, 1), max_value=date(2020, 12, 31)))
    sequence = draw(st.integers(0, 999))
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


@given(id_numbers())
def test_every_correct_number_parses_and_says_birth_date_and_sex(number: str) -> None:
    parsed = parse_id_number(number)
    assert parsed.text == number
    assert parsed.birth_date.strftime("%Y%m%d") == number[6:14]
    assert parsed.sex == ("男" if int(number[16]) % 2 else "女")


@given(id_numbers(), st.integers(0, 10))
def test_a_wrong_check_character_is_named(number: str, shift: int) -> None:
    alphabet = "0123456789X"
    wrong = alphabet[(alphabet.index(number[17]) + 1 + shift % 10) % 11]
    with pytest.raises(IdentityError, match=f"最后一位应为“{number[17]}”"):
        parse_id_number(number[:17] + wrong)


@given(id_numbers(), st.integers(0, 16), st.integers(1, 9))
def test_one_mistyped_digit_is_caught(number: str, position: int, delta: int) -> None:
    digit = (int(number[position]) + delta) % 10
    typo = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(IdentityError):
        parse_id_number(typo)


def test_lower_case_x_spaces_and_full_width_digits_are_accepted() -> None:
    first17 = "11010519491231002"
    assert check_character(first17) == "X"
    assert parse_id_number(" 110105 19491231 002x ").text == first17 + "X"
    assert parse_id_number("３３０１０２１９８５０３０８１２３" + VALID[-1]).text == VALID


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3301021985030812", "应为18位，现在是16位"),
        ("330102850308123", "15位的旧身份证号码"),
        ("33010219850308A23" + "4", "前17位应是数字"),
        ("330102198502301234", "“19850230”不存在"),
        ("330102209901011234", "不合理"),
    ],
)
def test_bad_numbers_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(IdentityError, match=message):
        parse_id_number(text)


def test_masks() -> None:
    assert identity.mask_id_number(VALID) == "330102********" + VALID[-4:]
    assert identity.mask_phone("13812345678") == "138****5678"
    assert identity.mask_phone("0571-88886666") == "0571-****6666"
    assert identity.mask_name("张丽") == "张*"
    assert identity.mask_name("欧阳娜娜") == "欧阳**"
    assert identity.mask_text("青山镇东岗村12号") == "青山镇东岗村****"


@given(st.sampled_from("3456789"), st.text("0123456789", min_size=9, max_size=9))
def test_mobiles_parse_in_every_common_spelling(second: str, rest: str) -> None:
    number = "1" + second + rest
    spaced = f"{number[:3]} {number[3:7]} {number[7:]}"
    for text in (number, spaced, f"+86 {number}", f"{number[:3]}-{number[3:7]}-{number[7:]}"):
        assert parse_phone(text) == number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0571-88886666", "0571-88886666"),
        ("(0571)88886666", "0571-88886666"),
        ("010 12345678", "010-12345678"),
        ("0571-88886666-123", "0571-88886666-123"),
        ("12338", "12338"),
    ],
)
def test_landlines_and_service_numbers(text: str, expected: str) -> None:
    assert parse_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("1381234567", "应为11位"), ("12812345678", "第二位应为3-9"), ("88886666", "区号")],
)
def test_bad_phones_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(IdentityError, match=message):
        parse_phone(text)


def _with_check(first17: str) -> str:
    return first17 + check_character(first17)


@pytest.mark.parametrize("region", ["000000", "999999", "100000", "160101", "910101", "840000"])
def test_unknown_province_is_refused(region: str) -> None:
    with pytest.raises(IdentityError, match="不是省级地区代码"):
        parse_id_number(_with_check(f"{region}19850308123"))


@pytest.mark.parametrize("province", sorted(identity.PROVINCES))
def test_every_province_code_is_accepted(province: str) -> None:
    assert len(identity.PROVINCES) == 35  # the 34 province-level codes and 83 (see module)
    region = f"{province}0000" if province in ("71", "81", "82", "83") else f"{province}0101"
    number = parse_id_number(_with_check(f"{region}19850308123"))
    assert number.warning == ""


@pytest.mark.parametrize("region", ["330000", "330100", "339901", "337101", "810101"])
def test_odd_county_code_warns_but_is_accepted(region: str) -> None:
    number = parse_id_number(_with_check(f"{region}19850308123"))
    assert region in number.warning
    assert "请核对" in number.warning


@pytest.mark.parametrize("region", ["110199", "330190", "350188"])
def test_county_code_no_list_knows_warns_but_is_accepted(region: str) -> None:
    number = parse_id_number(_with_check(f"{region}19850308123"))
    assert f"地区代码“{region}”不在国家行政区划代码中" in number.warning


@pytest.mark.parametrize("region", ["330102", "110103", "110110"])
def test_current_and_abolished_county_codes_pass_without_warning(region: str) -> None:
    # 110103 崇文区 and 110104 宣武区 were merged in 2010, 110110 燕山区 in 1986
    assert parse_id_number(_with_check(f"{region}19850308123")).warning == ""


def test_abolished_county_code_passes_without_warning() -> None:
    # 330121 was 萧山 before it became a district (330109) in 2001: numbers keep it
    assert parse_id_number(_with_check("33012119850308123")).warning == ""


def test_the_form_shows_the_warning_beside_the_field() -> None:
    from desktop.forms.field_text import IdNumberType

    text = IdNumberType.describe(_with_check("33000019850308122"))
    assert "出生日期 1985年3月8日，女" in text
    assert "地区代码“330000”" in text
