"""Sheet titles from user text: Excel forbids ``/ \\ : * ? [ ]``, a leading or trailing ``'``
and more than 31 characters; a unit called “妇联/妇委会” crashed the Excel letters."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop import demo
from desktop.cli import EXIT_OK, main
from desktop.exchange.sheets import safe_sheet_title
from desktop.store import units
from desktop.store.database import Database

BAD_NAMES = ["妇联/妇委会", "a\\b", "时间:上午", "重点*单位", "是否?", "[一]组"]


@pytest.mark.parametrize(
    "name",
    [
        "妇联/妇委会",
        "a\\b",
        "时间:上午",
        "重点*单位",
        "是否?",
        "[一]组",
        "'引号'",
        "",
        "   ",
        "长" * 40,
    ],
)
def test_safe_title_is_accepted_by_excel(tmp_path: Path, name: str) -> None:
    title = safe_sheet_title(name)
    assert 1 <= len(title) <= 31
    assert not set(title) & set("/\\:*?[]")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title  # openpyxl raises on a title Excel would refuse
    book.save(tmp_path / "x.xlsx")
    assert load_workbook(tmp_path / "x.xlsx").sheetnames == [title]


def test_titles_stay_unique() -> None:
    first = safe_sheet_title("妇联/妇委会")
    second = safe_sheet_title("妇联:妇委会", [first])
    assert second != first
    assert safe_sheet_title("x" * 40, ["x" * 31]) == "x" * 28 + "(2)"


def test_excel_letters_with_forbidden_characters_in_unit_names(tmp_path: Path) -> None:
    path = demo.build(tmp_path / "演示.fulian")
    db = Database.open(path)
    try:
        with db.transaction():
            listed = units.list_units(db)
            for unit, name in zip(
                listed, ["妇联/妇委会", "卫生院[中心]", "学校:小学"], strict=False
            ):
                units.update(db, unit._replace(name=name))
    finally:
        db.close()
    out = tmp_path / "责任书.xlsx"
    assert main(["letters", str(path), "--year", "2025", "--format", "xlsx", "-o", str(out)]) == (
        EXIT_OK
    )
    titles = load_workbook(out, read_only=True).sheetnames
    assert len(titles) == len(set(titles))
    assert any("妇联_妇委会" in t for t in titles) or any("卫生院_中心_" in t for t in titles)
