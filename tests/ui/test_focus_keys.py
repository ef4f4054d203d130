"""Focus and keyboard (issue 22 item 5): the cursor lands where the clerk types next, Enter
opens a register row, Esc closes a dialog with no edits, and every dialog asks before it
throws edits away (the letter template editor's 取消 included)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from tests.helpers.qt import ScriptedPrompts, type_text
from tests.ui.test_register_page import open_register


def test_register_new_enter_add_row_and_esc(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    page = open_register(qtbot, window, demo_db, "petition")
    dialog = page.new_record()  # 新增
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    first = next(iter(dialog.editors.values())).widget
    # the dialog's focus (offscreen, its window need not be the active one)
    assert dialog.focusWidget() is first
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: Esc just closes
    assert not dialog.isVisible()
    assert prompts.unsaved_answers == []

    page.view.setFocus()
    page.view.selectRow(0)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)  # Enter opens the row
    opened = page.dialog
    assert opened is not None
    assert opened is not dialog
    assert opened.isVisible()
    steps = opened.subs["steps"]
    add = next(b for b in steps.findChildren(QPushButton) if b.text() == "添加一行")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    last = steps.table.rowCount() - 1
    assert steps.table.currentRow() == last  # the cursor in the new row, editing
    assert steps.table.state() == steps.table.State.EditingState
    prompts.unsaved_answers.append("discard")
    opened.reject()
    assert not opened.isVisible()


def test_the_template_editors_cancel_asks_before_discarding(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    assert window.open_database(demo_db)
    window.show_page("letters")
    page = window.letters_page
    dialog = page.edit_template()
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # untouched: closes without a question
    assert not dialog.isVisible()
    assert not any(a.startswith("放弃修改") for a in prompts.asked)

    dialog = page.edit_template()
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    type_text(qtbot, dialog.editor, "补充一句。")
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "取消")
    prompts.confirm_answers.append(False)  # 继续编辑
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "补充一句。" in dialog.editor.toPlainText()
    prompts.confirm_answers.append(True)  # 放弃修改
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
