"""Registers to Excel and back: the masked layout for handing out, the full layout that
imports, and row-level errors that change nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.exchange import register_excel
from desktop.exchange.sheets import ImportProblem
from desktop.forms.loader import load_file
from desktop.store import register_sync
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.units import unit_choices
from tests.forms.helpers import FIXTURE_FORMS, add_units

FORM = load_file(FIXTURE_FORMS / "lecture.toml")


@pytest.fixture
def store(db: Database) -> RegisterStore:
    add_units(db)
    register_sync.sync(db, [FORM])
    store = RegisterStore(db, FORM)
    units = unit_choices(db)
    store.add(
        {
            "held_on": "2026-03-08",
            "topic": "亲子沟通",
            "speaker": "李秀兰",
            "phone": "13812345678",
            "village": units.find("东岗村"),
            "listeners": 40,
        },
        {"feedback": [{"date": "2026-03-09", "opinion": "很实用"}]},
    )
    store.add({"held_on": "2026-05-15", "topic": "隔代教育", "speaker": "王芳"})
    return store


def export(store: RegisterStore, path: Path, *, full: bool) -> Path:
    children = {s.id: store.all_children(s) for s in FORM.subforms}
    units = unit_choices(store.db)
    register_excel.export(path, FORM, store.list_records(), children, units, full=full)
    return path


def plan(store: RegisterStore, path: Path) -> register_excel.ImportPlan:
    records = {r.id: r for r in store.list_records()}
    children = {r: store.children(r) for r in records}
    units = unit_choices(store.db)
    return register_excel.plan_import(path, FORM, records, children, units)


def test_masked_export_for_printing(store: RegisterStore, tmp_path: Path) -> None:
    path = export(store, tmp_path / "masked.xlsx", full=False)
    book = load_workbook(path)
    sheet = book["家长学校授课"]
    rows = list(sheet.iter_rows(values_only=True))
    assert str(rows[0][0]).startswith("家长学校授课台账")
    assert rows[1][:4] == ("序号", "授课日期", "主题", "主讲人")
    assert rows[2][3] == "李**"
    assert rows[2][4] == "138****5678"
    assert rows[2][5] == "东岗村"
    assert rows[2][6] == 40
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.fitToWidth == 1
    assert "&P" in sheet.oddFooter.center.text
    assert sheet.cell(3, 2).number_format == "yyyy-mm-dd"
    feedback = list(book["反馈"].iter_rows(values_only=True))
    assert feedback[1] == (1, feedback[1][1], "很实用")
    assert book["fulian"].sheet_state == "hidden"


def test_a_masked_export_is_refused_on_import(store: RegisterStore, tmp_path: Path) -> None:
    path = export(store, tmp_path / "masked.xlsx", full=False)
    with pytest.raises(ImportProblem, match="脱敏导出文件"):
        plan(store, path)


def test_full_export_round_trips_unchanged(store: RegisterStore, tmp_path: Path) -> None:
    path = export(store, tmp_path / "full.xlsx", full=True)
    sheet = load_workbook(path)["家长学校授课"]
    assert sheet.column_dimensions["A"].hidden
    assert sheet.cell(3, 4).value == "李秀兰"
    result = plan(store, path)
    assert (result.added, result.updated, result.errors, result.unchanged) == ([], [], [], 2)


def test_full_export_edited_updates_and_adds(store: RegisterStore, tmp_path: Path) -> None:
    path = export(store, tmp_path / "full.xlsx", full=True)
    book = load_workbook(path)
    sheet = book["家长学校授课"]
    sheet.cell(3, 7).value = 48  # listeners of the first record
    sheet.append([None, "2026-06-01", "青春期教育", "赵敏", "0571-88886666", "西岭村", 30])
    book["反馈"].append([1, "2026-03-10", "希望多办"])
    book.save(path)
    result = plan(store, path)
    assert result.errors == []
    assert result.summary() == "新增 1 条，修改 1 条，未变 1 条"
    store.apply_import(result.added, result.updated, "导入测试")
    records = {r.values["speaker"]: r for r in store.list_records()}
    assert records["李秀兰"].values["listeners"] == 48
    assert records["赵敏"].values["phone"] == "0571-88886666"
    first = records["李秀兰"].id
    assert [r["opinion"] for r in store.children(first)["feedback"]] == ["很实用", "希望多办"]


def test_bad_rows_are_named_and_nothing_changes(store: RegisterStore, tmp_path: Path) -> None:
    path = export(store, tmp_path / "full.xlsx", full=True)
    book = load_workbook(path)
    sheet = book["家长学校授课"]
    sheet.cell(3, 5).value = "1381234567"  # a digit short
    sheet.cell(4, 3).value = "家风"  # not a choice
    sheet.append([99, "2026-06-01", "青春期教育", "赵敏", None, None, None])
    sheet.append([None, "2026-13-01", "青春期教育", None, None, None, None])
    book.save(path)
    before = [r.values for r in store.list_records()]
    result = plan(store, path)
    messages = [str(e) for e in result.errors]
    assert messages[0] == "工作表“家长学校授课”第 3 行“主讲人电话”：手机号码应为11位，现在是10位"
    assert any("第 4 行“主题”：“家风”不在选项中" in m for m in messages)
    assert any("第 5 行“记录编号”：记录编号 99 在数据库中不存在" in m for m in messages)
    assert any("第 6 行“授课日期”：日期“2026-13-01”不存在" in m for m in messages)
    assert any("第 6 行“主讲人”：必填" in m for m in messages)
    assert [r.values for r in store.list_records()] == before


def test_the_wrong_register_or_a_foreign_file_is_refused(
    store: RegisterStore, tmp_path: Path
) -> None:
    path = export(store, tmp_path / "full.xlsx", full=True)
    book = load_workbook(path)
    book["fulian"]["B1"] = "petition"
    book.save(path)
    with pytest.raises(ImportProblem, match="不是“家长学校授课”的导出文件"):
        plan(store, path)
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(ImportProblem, match="不是有效的Excel工作簿"):
        plan(store, text)


# ----- the title row (township, register, period, 制表日期) above the column headers --------
DAY = date(2026, 11, 30)
PERIOD = "2026-01-01至2026-12-31"


def _export_titled(store: RegisterStore, path: Path, *, full: bool) -> Path:
    children = {s.id: store.all_children(s) for s in FORM.subforms}
    units = unit_choices(store.db)
    register_excel.export(
        path,
        FORM,
        store.list_records(),
        children,
        units,
        full=full,
        township="青山镇妇联",
        period=PERIOD,
        today=DAY,
    )
    return path


def test_row_one_holds_the_title_and_row_two_the_headers(
    store: RegisterStore, tmp_path: Path
) -> None:
    for full, key in ((False, "序号"), (True, "记录编号")):
        book = load_workbook(_export_titled(store, tmp_path / f"{full}.xlsx", full=full))
        sheet = book["家长学校授课"]
        title = sheet["A1"].value
        assert title == f"青山镇妇联家长学校授课台账（{PERIOD}）　　制表日期：2026年11月30日"
        assert sheet["A1"].font.bold
        assert sheet["A1"].font.size > 11
        assert sheet.row_dimensions[1].height >= 24
        assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:G1"]
        assert [c.value for c in sheet[2]][:4] == [key, "授课日期", "主题", "主讲人"]
        assert sheet["D3"].value in ("李**", "李秀兰")
        assert sheet.freeze_panes == "A3"
        assert sheet.print_title_rows == "$1:$2"
        if full:  # the checks start on the first data row
            refs = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
            assert refs
            assert all(ref[1:] == "3" for ref in refs)


def test_a_new_file_round_trips_with_real_row_numbers(store: RegisterStore, tmp_path: Path) -> None:
    path = _export_titled(store, tmp_path / "new.xlsx", full=True)
    result = plan(store, path)
    assert (result.added, result.updated, result.errors, result.unchanged) == ([], [], [], 2)
    book = load_workbook(path)
    sheet = book["家长学校授课"]
    sheet["G3"].value = 48
    sheet.append([None, "2026-06-01", "青春期教育", "赵敏", "0571-88886666", "西岭村", 30])
    sheet.append([None, "2026-06-02", "不在选项里", "孙丽"])
    book.save(path)
    result = plan(store, path)
    assert any("第 6 行“主题”" in str(e) for e in result.errors), result.errors
    sheet.delete_rows(6)
    book.save(path)
    result = plan(store, path)
    assert result.errors == []
    assert result.summary() == "新增 1 条，修改 1 条，未变 1 条"
    assert result.added_rows == [5]


def test_an_old_file_with_its_header_in_row_one_still_imports(
    store: RegisterStore, tmp_path: Path
) -> None:
    path = _export_titled(store, tmp_path / "old.xlsx", full=True)
    book = load_workbook(path)
    sheet = book["家长学校授课"]
    sheet.unmerge_cells("A1:G1")
    sheet.delete_rows(1)  # the layout before the title row
    assert sheet["A1"].value == "记录编号"
    sheet["G2"].value = 48
    sheet.append([None, "2026-06-01", "青春期教育", "赵敏", "0571-88886666", "西岭村", 30])
    sheet.append([None, "2026-06-02", "不在选项里", "孙丽"])
    book.save(path)
    result = plan(store, path)
    assert any("第 5 行“主题”" in str(e) for e in result.errors), result.errors
    sheet.delete_rows(5)
    book.save(path)
    result = plan(store, path)
    assert result.errors == []
    assert result.summary() == "新增 1 条，修改 1 条，未变 1 条"
    assert result.added_rows == [4]
    store.apply_import(result.added, result.updated, "导入测试")
    speakers = {r.values["speaker"]: r for r in store.list_records()}
    assert speakers["李秀兰"].values["listeners"] == 48
    assert "赵敏" in speakers
