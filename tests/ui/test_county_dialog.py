"""上报县级 / 乡镇上报 dialog: a township writes its submission, a county merges it; the work
runs through the TaskRunner (off the window's thread) and problems show in Chinese."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from pytestqt.qtbot import QtBot

from desktop.store import catalogue, profile, submissions
from desktop.store.database import Database
from desktop.ui.county_dialog import CountyDialog
from desktop.ui.runner import Task, TaskRunner


def _wait(qtbot: QtBot, task: Task | None) -> None:
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=30_000)


def test_township_submits_and_county_merges(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop import demo

    tasks = TaskRunner()
    town = Database.open(demo.build(tmp_path / "t.fulian"))
    dialog = CountyDialog(town, tasks)
    qtbot.addWidget(dialog)
    dialog.year.setValue(2024)
    dialog.draft.setChecked(True)
    _wait(qtbot, dialog.submit_to(tmp_path / "out"))
    assert "已生成" in dialog.status.text()
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1
    # units not confirmed and no draft asked: the dialog's words, no command-line option
    dialog.year.setValue(2025)
    dialog.draft.setChecked(False)
    _wait(qtbot, dialog.submit_to(tmp_path / "unconfirmed"))
    assert "个单位的数据未确认" in dialog.status.text()
    assert "生成草稿" in dialog.status.text()
    assert "--" not in dialog.status.text()
    # a year without data: the operation's Chinese message on the status line, no crash
    dialog.year.setValue(2001)
    _wait(qtbot, dialog.submit_to(tmp_path / "none"))
    assert dialog.status.text() == "2001年度还没有监测数据（没有该年度的分工安排）。"
    town.close()
    county = Database.create(tmp_path / "c.fulian")
    catalogue.seed_reference(county)
    submissions.set_level(county, "county")
    profile.save(county, profile.Profile(township="清河县"))
    view = CountyDialog(county, tasks)
    qtbot.addWidget(view)
    view.year.setValue(2024)
    asked: list[str] = []

    def confirm(text: str) -> bool:
        asked.append(text)
        return True

    _wait(qtbot, view.merge(sorted((tmp_path / "out").glob("*.xlsx")), confirm=confirm))
    assert len(asked) == 1
    assert "导入可以导入的文件？" in asked[0]
    _wait(qtbot, view.merging)
    assert "已导入 1 个文件" in view.status.text()
    assert view.table.item(0, 0).text() == "青山镇"
    assert view.table.item(0, 1).text() == "草稿"
    _wait(qtbot, view.export_to(tmp_path / "汇总.xlsx", "xlsx"))
    assert view.status.text() == f"已导出：{tmp_path / '汇总.xlsx'}"
    sheets = openpyxl.load_workbook(tmp_path / "汇总.xlsx").worksheets
    assert any(cell == "青山镇" for ws in sheets for row in ws.values for cell in row)
    view.grab().save(str(tmp_path / "county.png"))
    county.close()


def test_a_township_database_refuses_a_merge_in_chinese(qtbot: QtBot, tmp_path: Path) -> None:
    town = Database.create(tmp_path / "t.fulian")
    catalogue.seed_reference(town)
    dialog = CountyDialog(town, TaskRunner())
    qtbot.addWidget(dialog)
    _wait(qtbot, dialog.merge([tmp_path / "x.xlsx"], confirm=lambda _t: True))
    assert dialog.status.text().startswith("这是乡镇数据库，不能导入乡镇上报文件。")
    town.close()


def test_township_list_tab(qtbot: QtBot, tmp_path: Path) -> None:
    county = Database.create(tmp_path / "c.fulian")
    catalogue.seed_reference(county)
    submissions.set_level(county, "county")
    view = CountyDialog(county, TaskRunner())
    qtbot.addWidget(view)
    view.year.setValue(2024)
    names = view.townships
    names.name.setText("甲镇")
    names.code.setText("001")
    names.add()
    names.name.setText("乙乡")
    names.code.setText("")
    names.add()
    names.name.setText("甲镇")
    names.add()
    assert "名单中已有“甲镇”" in names.status.text()
    # both registered, never submitted: 未上报 in 乡镇上报进度
    assert [view.table.item(r, 1).text() for r in range(2)] == ["未上报", "未上报"]
    names.table.selectRow(1)
    assert names.name.text() == "乙乡"
    names.toggle()  # deactivated and never submitted: out of the progress
    assert view.table.rowCount() == 1
    names.table.selectRow(0)
    names.name.setText("甲镇（新）")
    names.save()
    assert view.table.item(0, 0).text() == "甲镇（新）"
    assert names.table.item(1, 3).text() == "尚未上报，已停用"
    view.grab().save(str(tmp_path / "townships.png"))
    county.close()
