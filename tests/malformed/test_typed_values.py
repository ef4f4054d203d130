"""Values typed by the clerk (the unit form's number parser, the record form's field types)
and values already stored before the bounds existed: a Chinese message, never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.cli import EXIT_OK, main
from desktop.domain.identity import check_character
from desktop.domain.numbers import NumberError, format_number, parse_number
from desktop.forms.field_numbers import DateType, DecimalType, IntegerType, MoneyType, PercentType
from desktop.forms.field_text import IdNumberType, PersonNameType, PhoneType
from desktop.forms.fields import FieldError, FieldType, Options
from tests.helpers.files import sha256
from tests.malformed.conftest import assert_clerk_message

# ----- the unit form (monitoring values): parse_number with the indicator's measure ---------
UNIT_FORM: list[tuple[str, str]] = [
    ("1E+30", "%"),
    ("1e30", ""),
    ("12345678901234567890123456789", ""),
    ("1234567890123456789012345678.5", "%"),
    ("0.1234567890123456789", ""),
    ("9999999999999999", ""),
    ("八十五", "%"),
    ("85‰", "%"),
    ("85%", ""),
    ("1,2345", ""),
    ("--5", ""),
    ("5-", ""),
    ("Infinity", ""),
    ("0x1F", ""),
]


@pytest.mark.parametrize(("text", "measure"), UNIT_FORM)
def test_unit_form_number(text: str, measure: str) -> None:
    with pytest.raises(NumberError) as info:
        parse_number(text, measure=measure)
    assert_clerk_message(info.value.message)


# ----- the record form: each field type ------------------------------------------------------
FIELDS: list[tuple[FieldType, str]] = [
    (IntegerType(Options()), "1E+30"),
    (IntegerType(Options()), "12345678901234567890123456789"),
    (IntegerType(Options()), "2.5"),
    (IntegerType(Options(minimum=0, maximum=500)), "501"),
    (DecimalType(Options()), "1234567890123456789012345678.5"),
    (DecimalType(Options()), "１２３abc"),
    (PercentType(Options()), "101%"),
    (PercentType(Options()), "12‰"),
    (MoneyType(Options()), "1000000000000000"),
    (MoneyType(Options()), "3万"),
    (MoneyType(Options()), "-5"),
    (DateType(Options()), "二〇二五年三月八日"),
    (DateType(Options()), "2025-02-30"),
    (DateType(Options()), "abc"),
    (IdNumberType(Options()), "00000019850308123" + check_character("00000019850308123")),
    (IdNumberType(Options()), "99999919850308123" + check_character("99999919850308123")),
    (IdNumberType(Options()), "330102198503081235"),
    (IdNumberType(Options()), "33010219850308123"),
    (PhoneType(Options()), "123"),
    (PhoneType(Options()), "电话"),
    (PersonNameType(Options()), "1"),
]


@pytest.mark.parametrize(("kind", "text"), FIELDS, ids=[f"{k.type_id}:{t[:16]}" for k, t in FIELDS])
def test_record_form_field(kind: FieldType, text: str) -> None:
    with pytest.raises(FieldError) as info:
        kind.parse(text)
    assert_clerk_message(str(info.value))


# ----- values stored before the bounds: reports, templates and the form keep working --------
@pytest.mark.parametrize("stored", [1e30, 1e300, float("inf"), -1e20, 12345678901234567890.0])
def test_format_of_a_stored_value_never_raises(stored: float) -> None:
    assert format_number(stored, 2)


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "{db}", "monitoring", "--year", "2025", "--format", "xlsx", "-o", "{out}.xlsx"],
        ["export", "{db}", "monitoring", "--year", "2025", "--format", "pdf", "-o", "{out}.pdf"],
        ["templates", "{db}", "--year", "2025", "-o", "{out}"],
    ],
    ids=["monitoring xlsx", "monitoring pdf", "templates"],
)
def test_reports_survive_a_huge_stored_value(
    case_db: Path, tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    con = sqlite3.connect(case_db)
    changed = con.execute("UPDATE value SET value = 1e30 WHERE value IS NOT NULL").rowcount
    con.commit()
    con.close()
    assert changed
    before = sha256(case_db)
    out = str(tmp_path / "输出")
    code = main([a.format(db=case_db, out=out) for a in argv])
    assert code == EXIT_OK, capsys.readouterr().err
    assert sha256(case_db) == before
