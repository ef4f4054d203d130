"""Register workbooks (the full export, edited and re-imported), broken cell by cell and as a
package: every problem names the sheet, the row and the field; nothing is written."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop.exchange import register_excel
from desktop.exchange.sheets import ImportProblem
from desktop.forms.loader import load_file
from desktop.store import register_sync
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.units import unit_choices
from tests.forms.helpers import FIXTURE_FORMS, add_units
from tests.helpers.files import sha256
from tests.malformed.conftest import assert_clerk_message, edit_book, rewrite_part, truncate

FORM = load_file(FIXTURE_FORMS / "lecture.toml")
SHEET = "家长学校授课"


@pytest.fixture(scope="module")
def register_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("register")
    path = folder / "台账.fulian"
    db = Database.create(path)
    try:
        add_units(db)
        register_sync.sync(db, [FORM])
        store = RegisterStore(db, FORM)
        store.add(
            {"held_on": "2026-03-08", "topic": "亲子沟通", "speaker": "李秀兰", "listeners": 40},
            {"feedback": [{"date": "2026-03-09", "opinion": "很实用"}]},
        )
        store.add({"held_on": "2026-05-15", "topic": "隔代教育", "speaker": "王芳"})
        export = folder / "完整导出.xlsx"
        children = {s.id: store.all_children(s) for s in FORM.subforms}
        register_excel.export(
            export, FORM, store.list_records(), children, unit_choices(db), full=True
        )
    finally:
        db.close()
    return path, export


def _plan(db_path: Path, path: Path) -> register_excel.ImportPlan:
    before = sha256(db_path)
    db = Database.open(db_path, read_only=True)
    try:
        store = RegisterStore(db, FORM)
        records = {r.id: r for r in store.list_records()}
        children = {r: store.children(r) for r in records}
        return register_excel.plan_import(path, FORM, records, children, unit_choices(db))
    finally:
        db.close()
        assert sha256(db_path) == before


@pytest.fixture
def case(register_world: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    db_src, export = register_world
    db_path = tmp_path / "台账.fulian"
    shutil.copyfile(db_src, db_path)
    path = tmp_path / "台账-修改.xlsx"
    shutil.copyfile(export, path)
    return db_path, path


CELLS: list[tuple[str, object, str]] = [  # row 1 is the title row, row 2 the header
    ("G3", "1E+30", "听课人数"),
    ("G3", 1e30, "听课人数"),
    ("G3", "12345678901234567890123456789", "听课人数"),
    ("G3", 12345678901234567890123456789, "听课人数"),
    ("G3", "abc", "听课人数"),
    ("G3", 2.5, "听课人数"),
    ("G3", "四十", "听课人数"),
    ("B3", "二〇二五年三月", "授课日期"),
    ("B3", "2025-13-45", "授课日期"),
    ("B3", "abc", "授课日期"),
    ("E3", "123", "主讲人电话"),
    ("E3", "电话号码", "主讲人电话"),
    ("F3", "不存在的村", "所在村"),
    ("C3", "不在选项里", "主题"),
    ("D3", "1", "主讲人"),
    ("A3", "abc", "记录编号"),
    ("A3", 999999, "记录编号"),
    ("B2", "日期（改过）", "日期（改过）"),
]


@pytest.mark.parametrize(("cell", "value", "field"), CELLS, ids=lambda v: str(v)[:20])
def test_bad_cell_names_sheet_row_field(
    case: tuple[Path, Path], cell: str, value: object, field: str
) -> None:
    db_path, path = case

    def put(book: Any) -> None:
        book[SHEET][cell] = value

    edit_book(path, put)
    plan = _plan(db_path, path)
    assert plan.errors, "the bad cell was accepted"
    row = int(cell[1:])
    text = "\n".join(str(e) for e in plan.errors)
    assert_clerk_message(text, f"工作表“{SHEET}”第 {row} 行", field)


def _meta_part(path: Path) -> str:
    """The zip part that holds the hidden ``fulian`` sheet (its position follows the sheets the
    export writes before it)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        index = book.sheetnames.index(register_excel.META_SHEET) + 1
    finally:
        book.close()
    return f"xl/worksheets/sheet{index}.xml"


DAMAGE: dict[str, Callable[[Path], None]] = {
    "cut at 50%": lambda p: truncate(p, 0.5),
    "cut at 95%": lambda p: truncate(p, 0.95),
    "empty": lambda p: p.write_bytes(b""),
    "text": lambda p: p.write_text("记录编号,授课日期\n", "utf-8"),
    "random": lambda p: p.write_bytes(bytes(range(256)) * 9),
    "sheet xml cut": lambda p: rewrite_part(p, "xl/worksheets/sheet1.xml", lambda d: d[:-60]),
    "meta xml cut": lambda p: rewrite_part(p, _meta_part(p), lambda d: d[:-30]),
    "other register": lambda p: edit_book(p, lambda b: b["fulian"].__setitem__("B1", "other")),
    "masked layout": lambda p: edit_book(p, lambda b: b["fulian"].__setitem__("B2", "masked")),
    "sheet renamed": lambda p: edit_book(p, lambda b: setattr(b[SHEET], "title", "Sheet1")),
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=str)
def test_damaged_register_workbook_is_refused(case: tuple[Path, Path], damage: str) -> None:
    db_path, path = case
    DAMAGE[damage](path)
    with pytest.raises(ImportProblem) as info:
        _plan(db_path, path)
    assert_clerk_message(info.value.report(), path.name)


@pytest.mark.parametrize("cell", ["XFD1", "XFD2", "XFD1000"])
def test_far_columns_are_bounded(case: tuple[Path, Path], cell: str) -> None:
    db_path, path = case

    def far(book: Any) -> None:
        book[SHEET][cell] = 1

    edit_book(path, far)
    plan = _plan(db_path, path)
    assert not plan.errors
    assert plan.unchanged == 2
