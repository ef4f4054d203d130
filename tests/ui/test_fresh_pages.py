"""Each database opens with fresh pages; messages clear when their cause is gone (issue 22
item 3)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.message_bar import Level
from tests.helpers.qt import type_text


def test_another_database_opens_with_fresh_pages(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    other = demo_db.with_name("另一个.fulian")
    shutil.copyfile(demo_db, other)
    assert window.open_database(demo_db)
    window.show_page("registers:petition")
    page = window.registers_page
    total = page.model.rowCount()
    assert total > 0
    type_text(qtbot, page.search, "no-such-person")
    page.apply_filters()
    assert page.model.rowCount() == 0
    page.trash.setChecked(True)
    page.message.show_message(Level.ERROR, "密码不正确，请重新输入。")
    window.show_page("form")
    form = window.form_page
    form.unit_combo.setCurrentIndex(form.unit_combo.count() - 1)
    chosen = form.unit_combo.currentText()
    form.message.show_message(Level.ERROR, "第 1 行：不是数字")

    assert window.open_database(other)
    window.show_page("registers:petition")
    assert page.search.text() == ""
    assert not page.trash.isChecked()
    assert page.message.text() == ""
    assert page.model.rowCount() == total
    window.show_page("form")
    assert form.message.text() == ""
    assert form.unit_combo.currentIndex() == 0
    assert form.unit_combo.currentText() != chosen
