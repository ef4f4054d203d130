"""上报县级 / 乡镇上报 dialog: a township writes its submission, a county merges it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.store import catalogue, profile, submissions
from desktop.store.database import Database
from desktop.ui.county_dialog import CountyDialog


def test_township_submits_and_county_merges(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop import demo

    town = Database.open(demo.build(tmp_path / "t.fulian"))
    dialog = CountyDialog(town)
    qtbot.addWidget(dialog)
    dialog.year.setValue(2024)
    dialog.draft.setChecked(True)
    dialog.submit_to(tmp_path / "out")
    assert "已生成" in dialog.status.text()
    town.close()
    county = Database.create(tmp_path / "c.fulian")
    catalogue.seed_reference(county)
    submissions.set_level(county, "county")
    profile.save(county, profile.Profile(township="清河县"))
    view = CountyDialog(county)
    qtbot.addWidget(view)
    view.year.setValue(2024)
    view.merge(sorted((tmp_path / "out").glob("*.xlsx")), confirm=lambda _text: True)
    assert "已导入 1 个文件" in view.status.text()
    assert view.table.item(0, 0).text() == "青山镇"
    assert view.table.item(0, 1).text() == "草稿"
    view.grab().save(str(tmp_path / "county.png"))
    county.close()


def test_township_list_tab(qtbot: QtBot, tmp_path: Path) -> None:
    county = Database.create(tmp_path / "c.fulian")
    catalogue.seed_reference(county)
    submissions.set_level(county, "county")
    view = CountyDialog(county)
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
