"""首页's register reminders as the clerk uses them: each names its records so she knows them,
and opening one (Enter) shows exactly the records it counts in their register."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.store import register_facts, units
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import wait_for_backup
from tests.ui.test_register_page import count


def test_home_lists_overdue_petitions_and_navigates(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    home = window.home
    texts = home.texts()
    overdue = [t for t in texts if "信访件已超过办理期限" in t]
    assert overdue
    assert "*" in overdue[0]
    # a red dispute is named by its village and date, then its type (not by its type alone)
    (disputes,) = [t for t in texts if "红色风险婚姻家庭纠纷尚未化解" in t]
    assert re.search(r"：\S+ \d{4}-\d{2}-\d{2}（[^）]+）", disputes), disputes
    assert window.session is not None
    session = window.session
    # every record each reminder is about, as the full read finds them (every id carried)
    full = {
        (d.form_id, d.text): d.record_ids
        for d in register_facts.due_reminders(
            session.db,
            session.forms,
            session.protection.codec,
            units.unit_choices(session.db),
            date.today(),
        )
    }
    assert {text for _form, text in full} >= {"帮扶对象到期未走访", "红色风险婚姻家庭纠纷尚未化解"}
    page = window.registers_page
    for (form_id, text), record_ids in full.items():
        row = next(i for i, t in enumerate(home.texts()) if text in t)
        shown_count = re.search(r"等 (\d+) 条", home.texts()[row])
        number = int(shown_count.group(1)) if shown_count else len(record_ids)
        window.show_page("home")
        home.items.setFocus()
        home.items.setCurrentRow(row)
        with qtbot.waitSignal(home.navigate_records):  # the clerk presses Enter on it
            qtbot.keyClick(home.items, Qt.Key.Key_Return)
        assert page.form is not None
        assert page.form.id == form_id
        # the register opens on exactly the records the reminder is about (issue 22 item 6),
        # as many as the reminder says
        shown = [r.id for r in page.visible_records()]
        assert set(shown) == set(record_ids)
        assert len(shown) == number == len(record_ids)
        assert 0 < len(shown) < count(page)
        assert "首页提醒的记录" in page.count_label.text()
    page.clear_button.click()
    assert len(page.visible_records()) == count(page)
    assert "首页提醒" not in page.count_label.text()


def test_a_reminder_no_longer_due_opens_its_whole_register(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    """Handled elsewhere since the home page was read (another window, an import): the click
    finds nothing due and shows the register as it is, not an empty filter."""
    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    home = window.home
    row = next(i for i, t in enumerate(home.texts()) if "信访件已超过办理期限" in t)
    session = window.session
    assert session is not None
    with session.db.transaction():  # every petition closed, the home page not read again
        session.db.execute("UPDATE reg_petition SET status = 'closed'")
    home.items.setFocus()
    home.items.setCurrentRow(row)
    with qtbot.waitSignal(home.navigate):
        qtbot.keyClick(home.items, Qt.Key.Key_Return)
    page = window.registers_page
    assert page.form is not None
    assert page.form.id == "petition"
    assert len(page.visible_records()) == count(page) > 0
    assert "首页提醒" not in page.count_label.text()


def test_a_backup_under_way_is_not_reported_missing(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    """The first open on this PC backs the file up: meanwhile the home page says so, as the
    status bar does, instead of "这个数据库在本机还没有备份"."""
    assert window.open_database(demo_db)
    assert window.control.backup_running
    texts = "\n".join(window.home.texts())
    assert "正在备份到本机" in texts
    assert "还没有备份" not in texts
    wait_for_backup(qtbot, window)
    texts = "\n".join(window.home.texts())
    assert "最近备份" in texts
    assert "正在备份" not in texts
