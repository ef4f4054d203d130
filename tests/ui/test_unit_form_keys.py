"""The unit form for a clerk who knows Excel (issue 22 item 4): Ctrl+Z / Ctrl+Y until saved,
the cursor where the highlight is after Ctrl+S, a confirmed unit asks before the first edit,
the unit drop-down shows each unit's state and jumps to the next pending one, and the
"请按本地规划核对" note once above the form."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.form_model import NAME, TARGET, VALUE
from desktop.ui.main_window import MainWindow
from tests.helpers.qt import ScriptedPrompts
from tests.ui.conftest import wait_for_backup
from tests.ui.test_unit_form import YEAR, _open_form, _type_cell, _unit_id

CTRL = Qt.KeyboardModifier.ControlModifier


def test_undo_redo_until_saved_and_the_cursor_stays_after_save(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = _open_form(qtbot, window, demo_db, "中心学校")  # 已填报, not confirmed
    assert QApplication.focusWidget() is page.view  # the cursor in its first value
    row = 0
    before = page.model.text(row, VALUE)
    first, second = str(int(float(before)) - 1), str(int(float(before)) - 2)  # no jump
    _type_cell(qtbot, page, row, VALUE, first)
    _type_cell(qtbot, page, row, VALUE, second)
    assert page.model.text(row, VALUE) == second
    page.view.setCurrentIndex(page.model.index(row + 1, VALUE))
    qtbot.keyClick(page.view, Qt.Key.Key_Z, CTRL)
    assert page.model.text(row, VALUE) == first
    assert page.view.currentIndex().row() == row  # the cursor goes to the undone cell
    qtbot.keyClick(page.view, Qt.Key.Key_Z, CTRL)
    assert page.model.text(row, VALUE) == before
    assert not page.model.dirty
    qtbot.keyClick(page.view, Qt.Key.Key_Y, CTRL)
    assert page.model.text(row, VALUE) == first
    assert page.model.dirty
    page.view.setCurrentIndex(page.model.index(row, VALUE))
    qtbot.keyClick(page.view, Qt.Key.Key_S, CTRL)
    assert not page.model.dirty
    assert (page.view.currentIndex().row(), page.view.currentIndex().column()) == (row, VALUE)
    qtbot.keyClick(page.view, Qt.Key.Key_Z, CTRL)  # saved: nothing left to undo
    assert page.model.text(row, VALUE) == first


def test_a_confirmed_unit_asks_before_the_first_edit(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    window.open_unit_form(YEAR, _unit_id(demo_db, "镇卫生院"))
    page = window.form_page
    assert page.unit_combo.currentText() == "镇卫生院（已确认）"
    prompts.confirm_answers.append(False)
    _type_cell(qtbot, page, 0, VALUE, "5")
    assert not page.model.dirty  # 取消: nothing changed
    assert any("修改已确认的填报" in a for a in prompts.asked)
    prompts.confirm_answers.append(True)
    _type_cell(qtbot, page, 0, VALUE, "5")
    _type_cell(qtbot, page, 1, VALUE, "6")  # asked once
    assert page.model.text(0, VALUE) == "5"
    assert page.model.text(1, VALUE) == "6"
    assert prompts.confirm_answers == []


def test_unit_states_next_pending_note_once_and_full_names(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = _open_form(qtbot, window, demo_db, "镇卫生院")
    texts = [page.unit_combo.itemText(i) for i in range(page.unit_combo.count())]
    assert all(t.endswith(("（未填报）", "（已填报）", "（已确认）")) for t in texts), texts
    assert any(t.endswith("（未填报）") for t in texts)
    assert page.next_pending()
    assert not page.unit_combo.currentText().endswith("（已确认）")
    assert QApplication.focusWidget() is page.view
    window.open_unit_form(YEAR, _unit_id(demo_db, "镇卫生院"))
    unverified = [r for r, s in enumerate(page.model.rows) if s.target and not s.verified]
    if unverified:
        assert page.target_note.isVisibleTo(page)
        assert "请按本地规划核对" in page.target_note.text()
        cells = [page.model.index(r, TARGET).data() for r in range(page.model.rowCount())]
        assert not any("请按本地规划核对" in (c or "") for c in cells)
    for r in range(page.model.rowCount()):  # the whole name on hover, however narrow
        name = page.model.index(r, NAME).data()
        tip = page.model.index(r, NAME).data(Qt.ItemDataRole.ToolTipRole)
        assert tip.startswith(name)
