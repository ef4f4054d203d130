"""Issue 17 item 5: importing the same register workbook twice does not add its new rows twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.exchange.sheets import ImportProblem
from desktop.operations import register_import
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.units import unit_choices
from tests.exchange import test_register_excel as base
from tests.exchange.test_register_excel import FORM, export

store = base.store  # the fixture: a lecture register with two records

SHEET = "家长学校授课"
NEW_ROWS = (
    [None, "2026-06-01", "青春期教育", "赵敏", "0571-88886666", "西岭村", 30],
    [None, "2026-06-08", "亲子沟通", "孙丽", None, "东岗村", 25],
)


def _add_rows(path: Path, rows: tuple[list[object], ...]) -> None:
    book = load_workbook(path)
    for row in rows:
        book[SHEET].append(row)
    book.save(path)


def _speakers(store: RegisterStore) -> list[str]:
    return sorted(str(r.values["speaker"]) for r in store.list_records())


def _import(store: RegisterStore, path: Path) -> str:
    plan = register_import.prepare(store, path, unit_choices(store.db))
    assert plan.errors == []
    register_import.apply(store, plan)
    return plan.summary()


def test_the_same_file_twice_is_refused(store: RegisterStore, tmp_path: Path) -> None:
    path = export(store, tmp_path / "完整.xlsx", full=True)
    _add_rows(path, NEW_ROWS)
    assert _import(store, path).startswith("新增 2 条")
    with pytest.raises(ImportProblem, match="导入过"):
        register_import.prepare(store, path, unit_choices(store.db))
    assert _speakers(store) == sorted(["李秀兰", "王芳", "赵敏", "孙丽"])


def test_an_edited_copy_adds_only_its_new_rows(store: RegisterStore, tmp_path: Path) -> None:
    path = export(store, tmp_path / "完整.xlsx", full=True)
    _add_rows(path, NEW_ROWS)
    _import(store, path)
    # the clerk keeps working in the same workbook: one more row, then imports it again
    _add_rows(path, ([None, "2026-07-01", "隔代教育", "周红", None, None, 12],))
    plan = register_import.prepare(store, path, unit_choices(store.db))
    assert len(plan.added) == 1
    assert plan.repeated == [5, 6]  # the real sheet rows: a title row stands above the header
    assert "第 5、6 行（共 2 条）已由这个文件的上次导入添加过，不再重复添加" in plan.summary()
    register_import.apply(store, plan)
    assert _speakers(store) == sorted(["李秀兰", "王芳", "赵敏", "孙丽", "周红"])
    # a workbook exported afterwards is another workbook: its rows carry record ids anyway
    again = export(store, tmp_path / "再次导出.xlsx", full=True)
    plan = register_import.prepare(store, again, unit_choices(store.db))
    assert (plan.added, plan.updated, plan.repeated) == ([], [], [])


def test_the_log_names_the_workbook(store: RegisterStore, tmp_path: Path) -> None:
    path = export(store, tmp_path / "完整.xlsx", full=True)
    _add_rows(path, NEW_ROWS)
    _import(store, path)
    db: Database = store.db
    row = db.query_one("SELECT form_id, file_name, added, updated FROM register_import")
    assert row is not None
    assert tuple(row) == (FORM.id, "完整.xlsx", 2, 0)
    # fingerprints are keyed: no personal data in clear in the log
    prints = [r[0] for r in db.query_all("SELECT fingerprint FROM register_import_row")]
    assert len(prints) == 2
    assert all(len(p) == 64 and "赵敏" not in p for p in prints)
