"""Returned fill-in templates, broken in every way we have seen: values, the hidden ``_meta``,
the package itself (zip, XML), and sheets that reach column XFD."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import EXIT_DATA, EXIT_OK, main
from desktop.exchange import templates
from tests.helpers.files import sha256
from tests.malformed.conftest import (
    World,
    assert_clerk_message,
    edit_book,
    edit_meta,
    rewrite_part,
    sheet_part,
    truncate,
)

ROW = templates.FIRST_ROW  # the first data row: 5


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _import(
    world: World, db: Path, path: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str]:
    before = sha256(db)
    code, text = _run(capsys, "import", str(db), str(path), *extra)
    assert sha256(db) == before, "the database changed"
    return code, text


def _copy(world: World, tmp_path: Path, name: str = "填报表-回收.xlsx") -> Path:
    path = tmp_path / name
    shutil.copyfile(world.template, path)
    return path


# ----- values typed into 本年值 --------------------------------------------------------------
BAD_VALUES: list[object] = [
    "1E+30",
    1e30,
    "12345678901234567890123456789",
    12345678901234567890123456789,
    "1234567890123456789012345678.5",
    "0.12345678901234567890123456789",
    1e300,
    "１２３abc",
    "NaN",
    "inf",
    "1,23,4",
    "12‰",
    True,
    datetime(2025, 3, 8),
    "八十五",
    "x" * 5000,
    "0x10",
    "1e5",
]


@pytest.mark.parametrize("value", BAD_VALUES, ids=lambda v: repr(v)[:24])
def test_bad_value_names_sheet_row_and_field(
    world: World, case_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], value: object
) -> None:
    path = _copy(world, tmp_path)

    def put(book: Any) -> None:
        book[templates.DATA_SHEET].cell(ROW, templates.VALUE_COL).value = value

    edit_book(path, put)
    code, text = _import(world, case_db, path, capsys)
    assert code == EXIT_DATA, text
    assert_clerk_message(text, f"工作表“{templates.DATA_SHEET}”第 {ROW} 行“本年值”")


# ----- the hidden _meta sheet edited by hand ------------------------------------------------
def _drop(key: str) -> Callable[[dict[str, Any]], object]:
    return lambda meta: meta.pop(key)


def _set(key: str, value: object) -> Callable[[dict[str, Any]], object]:
    def change(meta: dict[str, Any]) -> None:
        meta[key] = value

    return change


META_EDITS: dict[str, Callable[[dict[str, Any]], object]] = {
    "no year": _drop("year"),
    "no unit_id": _drop("unit_id"),
    "no rows": _drop("rows"),
    "no checksum": _drop("checksum"),
    "no db_id": _drop("db_id"),
    "year 二〇二五": _set("year", "二〇二五"),
    "year abc": _set("year", "abc"),
    "year null": _set("year", None),
    "year 2025.5": _set("year", 2025.5),
    "year true": _set("year", True),
    "year list": _set("year", [2025]),
    "unit_id abc": _set("unit_id", "abc"),
    "unit_id null": _set("unit_id", None),
    "template_version abc": _set("template_version", "abc"),
    "template_version null": _set("template_version", None),
    "rows text": _set("rows", "abc"),
    "rows short pair": _set("rows", [[1]]),
    "rows of text": _set("rows", [["a", "b"]]),
    "rows null": _set("rows", None),
    "checksum number": _set("checksum", 12),
    "db_id number": _set("db_id", 12),
    "not json": lambda meta: "{year: 2025",
    "json list": lambda meta: "[1, 2, 3]",
    "empty": lambda meta: "",
    "another app": _set("app", "Other"),
    "unknown unit": _set("unit_id", 999999),
    "other database": _set("db_id", "00000000-0000-0000-0000-000000000000"),
    "newer template": _set("template_version", 99),
}


@pytest.mark.parametrize("edit", list(META_EDITS), ids=str)
def test_edited_meta_is_refused_with_a_message(
    world: World, case_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: str
) -> None:
    path = _copy(world, tmp_path)
    edit_meta(path, META_EDITS[edit])
    code, text = _import(world, case_db, path, capsys)
    assert code == EXIT_DATA, text
    assert_clerk_message(text, path.name, "不能导入")


def test_meta_sheet_deleted(
    world: World, case_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _copy(world, tmp_path)
    edit_book(path, lambda book: book.remove(book[templates.META_SHEET]))
    code, text = _import(world, case_db, path, capsys)
    assert code == EXIT_DATA
    assert_clerk_message(text, path.name, "标识信息")


# ----- the package itself -------------------------------------------------------------------
_TEXT_IN_NUMBER_CELL = b'<row r="5"><c r="Z5"><v>abc</v></c></row><row r="99"'


def _broken_xml(data: bytes) -> bytes:
    return data.replace(b"<sheetData>", b"<sheetData", 1).replace(b"</row>", b"</rw>", 1)


PACKAGE_DAMAGE: dict[str, Callable[[Path], None]] = {
    "cut at 10%": lambda p: truncate(p, 0.10),
    "cut at 50%": lambda p: truncate(p, 0.50),
    "cut at 90%": lambda p: truncate(p, 0.90),
    "cut at 99%": lambda p: truncate(p, 0.99),
    "empty file": lambda p: p.write_bytes(b""),
    "text file": lambda p: p.write_text("姓名,人数\n张三,3\n", "utf-8"),
    "random bytes": lambda p: p.write_bytes(bytes(range(256)) * 20),
    "zip of nothing": lambda p: rewrite_part(p, "[Content_Types].xml", lambda d: b""),
    "no workbook part": lambda p: rewrite_part(p, "xl/workbook.xml", lambda d: b""),
    "workbook xml broken": lambda p: rewrite_part(p, "xl/workbook.xml", lambda d: d[:-40]),
    "data sheet xml broken": lambda p: rewrite_part(
        p, sheet_part(p, templates.DATA_SHEET), _broken_xml
    ),
    "data sheet not xml": lambda p: rewrite_part(
        p, sheet_part(p, templates.DATA_SHEET), lambda d: b"\x00\x01garbage"
    ),
    "meta sheet xml broken": lambda p: rewrite_part(
        p, sheet_part(p, templates.META_SHEET), lambda d: d[: len(d) // 2]
    ),
    "content types broken": lambda p: rewrite_part(
        p, "[Content_Types].xml", lambda d: d[: len(d) // 2]
    ),
    "relations broken": lambda p: rewrite_part(
        p, "xl/_rels/workbook.xml.rels", lambda d: d.replace(b"Target", b"Tar get", 1)
    ),
    "styles broken": lambda p: rewrite_part(p, "xl/styles.xml", lambda d: d[:100]),
    "number cell holding text": lambda p: rewrite_part(
        p,
        sheet_part(p, templates.DATA_SHEET),
        lambda d: d.replace(
            b'<row r="5"', b'<row r="5"><c r="Z5"><v>abc</v></c></row><row r="99"', 1
        ),
    ),
}


@pytest.mark.parametrize("damage", list(PACKAGE_DAMAGE), ids=str)
def test_damaged_package_is_refused_in_chinese(
    world: World, case_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    path = _copy(world, tmp_path)
    PACKAGE_DAMAGE[damage](path)
    code, text = _import(world, case_db, path, capsys)
    assert code == EXIT_DATA, text
    assert_clerk_message(text, path.name)


@pytest.mark.parametrize("name", ["回收.xls", "回收.csv", "不存在.xlsx"])
def test_wrong_format_or_missing_file(
    world: World, case_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = tmp_path / name
    if not name.startswith("不存在"):
        shutil.copyfile(world.template, path)
    code, text = _import(world, case_db, path, capsys)
    assert code == EXIT_DATA
    assert_clerk_message(text, path.name)


def test_a_folder_given_as_the_file(
    world: World, case_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "文件夹.xlsx"
    path.mkdir()
    code, text = _import(world, case_db, path, capsys)
    assert code == EXIT_DATA
    assert_clerk_message(text, path.name)


# ----- sheets that reach column XFD or row 1,048,576 -----------------------------------------
@pytest.mark.parametrize("cell", ["XFD5", "XFD4", "AAA6", "XFD1"])
def test_far_cells_are_not_read(
    world: World, case_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str
) -> None:
    path = _copy(world, tmp_path)

    def far(book: Any) -> None:
        book[templates.DATA_SHEET][cell] = "远处的格子"

    edit_book(path, far)
    code, text = _import(world, case_db, path, capsys, "--dry-run")
    assert code == EXIT_OK, text
    assert "预览" in text


def test_far_cells_with_a_bad_value_still_name_the_row(
    world: World, case_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _copy(world, tmp_path)

    def far(book: Any) -> None:
        sheet = book[templates.DATA_SHEET]
        for row in range(1, 40):
            sheet.cell(row, 16384).value = row
        sheet.cell(ROW, templates.VALUE_COL).value = "abc"

    edit_book(path, far)
    code, text = _import(world, case_db, path, capsys)
    assert code == EXIT_DATA
    assert_clerk_message(text, f"第 {ROW} 行“本年值”")


def test_a_cell_in_the_last_row_is_refused_not_a_memory_error(
    world: World, case_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _copy(world, tmp_path)

    def bottom(book: Any) -> None:
        book[templates.DATA_SHEET]["XFD1048576"] = 1

    edit_book(path, bottom)
    code, text = _import(world, case_db, path, capsys, "--dry-run")
    assert code == EXIT_DATA
    assert_clerk_message(text, path.name, "行")
