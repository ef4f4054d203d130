from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.store import lock as lockfile
from desktop.store import profile, units
from desktop.store.database import Database
from desktop.ui.main_window import MainWindow
from desktop.ui.message_bar import Level
from tests.helpers.qt import ScriptedPrompts, type_text
from tests.ui.conftest import wait_for_backup


def _fill_profile(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.profile_dialog
    assert dialog is not None
    assert dialog.isVisible()
    type_text(qtbot, dialog.edits["township"], "青山镇")
    type_text(qtbot, dialog.edits["federation"], "青山镇妇女联合会")
    type_text(qtbot, dialog.edits["committee"], "青山镇妇女儿童工作委员会")
    type_text(qtbot, dialog.edits["doc_prefix"], "青妇儿")
    type_text(qtbot, dialog.edits["phone"], "0571-88001234")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    type_text(qtbot, dialog.edits["division_code"], "3301101")  # too short: refused, named
    assert not save.isEnabled()
    assert "统计用区划代码应为12位数字" in dialog.problem.text()
    type_text(qtbot, dialog.edits["division_code"], "330110102")  # 9 digits: the township
    assert save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def test_create_fill_profile_close_and_reopen_from_recent(
    qtbot: QtBot, window: MainWindow, prompts: ScriptedPrompts, stick: Path
) -> None:
    path = stick / "青山镇妇联.fulian"
    prompts.new_paths.append(path)
    assert window.stack.currentWidget() is window.welcome
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    assert path.is_file()
    assert str(path) in window.windowTitle()
    _fill_profile(qtbot, window)
    assert window.profile_dialog is None or not window.profile_dialog.isVisible()
    wait_for_backup(qtbot, window)

    assert window.menus.county.isEnabled()
    window.menus.close.trigger()
    assert window.session is None
    assert window.stack.currentWidget() is window.welcome
    # what needs a database waits for one (上报 did nothing without one)
    menus = window.menus
    assert not any(a.isEnabled() for a in (menus.close, menus.profile, menus.county, menus.backups))
    assert not lockfile.lock_path(path).exists()
    assert "可以安全拔出U盘" in window.status_stick.text()
    assert window.windowTitle() == "妇联工作台"

    db = Database.open(path, read_only=True)
    try:
        saved = profile.load(db)
    finally:
        db.close()
    assert saved.federation == "青山镇妇女联合会"
    assert saved.doc_prefix == "青妇儿"
    assert saved.division_code == "330110102000"  # stored as the 12-digit code

    recent = window.welcome.recent
    assert recent.count() == 1
    assert "青山镇妇女联合会" in recent.item(0).text()
    recent.itemActivated.emit(recent.item(0))
    assert window.session is not None
    assert str(path) in window.windowTitle()
    assert window.profile_dialog is None  # complete profile: not asked again
    assert lockfile.lock_path(path).exists()
    assert "青山镇妇女联合会" in window.home.heading.text()
    wait_for_backup(qtbot, window)


def test_cancelled_new_creates_nothing(
    qtbot: QtBot, window: MainWindow, prompts: ScriptedPrompts, stick: Path
) -> None:
    prompts.new_paths.append(None)
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    assert window.session is None
    assert list(stick.iterdir()) == []


def test_write_failure_keeps_typed_values_and_window_usable(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    assert window.open_database(db_path)
    wait_for_backup(qtbot, window)
    dialog = window.profile_dialog  # empty profile: asked on open
    assert dialog is not None
    assert window.session is not None
    window.session.db.connection.execute("PRAGMA busy_timeout = 50")
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another program holds the file
    try:
        _fill_profile(qtbot, window)
        assert dialog.isVisible()
        assert dialog.message.level is Level.ERROR
        assert "占用" in dialog.message.text()
        assert "保留" in dialog.message.text()
        assert dialog.edits["federation"].text() == "青山镇妇女联合会"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # retry works once the file is free
    assert not dialog.isVisible()
    assert profile.load(window.session.db).federation == "青山镇妇女联合会"


def test_opening_a_non_database_shows_message(
    window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    path = tmp_path / "名单.txt"
    path.write_text("张三", "utf-8")
    prompts.open_paths.append(path)
    window.menus.open.trigger()
    assert window.session is None
    assert window.message.level is Level.ERROR
    assert "不是妇联工作台的数据库" in window.message.text()
    assert path.read_text("utf-8") == "张三"


def _foreign_lock(path: Path) -> None:
    lockfile.lock_path(path).write_text(
        json.dumps(
            {
                "pc": "家里的电脑",
                "user": "clerk",
                "pid": 99,
                "time": datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
            },
            ensure_ascii=False,
        ),
        "utf-8",
    )


def test_lock_of_other_pc_asks_before_taking_over(
    qtbot: QtBot, window: MainWindow, prompts: ScriptedPrompts, db_path: Path
) -> None:
    _foreign_lock(db_path)
    prompts.confirm_answers.append(False)
    assert not window.open_database(db_path)
    assert "家里的电脑" in prompts.asked[-1]
    assert window.message.level is Level.WARNING
    assert lockfile.read_owner(db_path).pc == "家里的电脑"  # type: ignore[union-attr]
    prompts.confirm_answers.append(True)
    assert window.open_database(db_path)
    assert lockfile.read_owner(db_path).pc == "办公室电脑"  # type: ignore[union-attr]
    wait_for_backup(qtbot, window)


def test_missing_recent_file_says_to_plug_in_the_stick(window: MainWindow, stick: Path) -> None:
    from desktop.ui.settings import RecentFile

    entry = RecentFile(str(stick / "不在了.fulian"), "0" * 36, "青山镇妇联")
    assert not window.open_recent(entry)
    assert window.message.level is Level.ERROR
    assert "请插入保存它的U盘" in window.message.text()


def test_home_lists_backup_and_lock(qtbot: QtBot, window: MainWindow, db_path: Path) -> None:
    window.open_database(db_path)
    wait_for_backup(qtbot, window)
    texts = "\n".join(window.home.texts())
    assert "最近备份" in texts
    assert "办公室电脑" in texts
    assert "最近备份" in window.status_backup.text()
    assert "拔出U盘前请先关闭数据库" in window.status_stick.text()


def test_backup_now_and_restore(
    qtbot: QtBot, window: MainWindow, prompts: ScriptedPrompts, db_path: Path
) -> None:
    window.open_database(db_path)
    wait_for_backup(qtbot, window)
    assert window.session is not None
    units.add(window.session.db, units.Unit(code="D01", name="镇卫生院"))
    window.show_page("database")
    page = window.database_page
    assert window.pages_stack.currentWidget() is page
    with qtbot.waitSignal(window.backup_finished, timeout=10_000):
        qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 2  # on open (empty) + now (with the unit)
    units.add(window.session.db, units.Unit(code="X", name="误加的单位"))
    page.table.selectRow(0)  # the newest: with 镇卫生院 only
    chosen = page.selected_backup()
    assert chosen is not None
    prompts.confirm_answers.append(True)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert "之后对数据库所做的修改都会撤销" in prompts.asked[-1]
    assert [u.name for u in units.list_units(window.session.db)] == ["镇卫生院"]
    assert window.message.level is Level.INFO
    assert "已恢复" in window.message.text()
    assert page.table.rowCount() == 3  # the state before the restore was kept
    # the new backup came first: the selection follows the backup restored, not row 0
    assert page.selected_backup() == chosen
    assert page.table.selectionModel().selectedRows()[0].row() == 1


def test_crash_reporter_logs_and_keeps_input(
    qtbot: QtBot, window: MainWindow, db_path: Path, data_dir: Path, prompts: ScriptedPrompts
) -> None:
    from desktop.ui.errors import CrashReporter

    window.open_database(db_path)
    wait_for_backup(qtbot, window)
    dialog = window.profile_dialog
    assert dialog is not None
    type_text(qtbot, dialog.edits["township"], "青山镇")
    log_file = data_dir / "fulian.log"
    reporter = CrashReporter(log_file, lambda: window)
    try:
        raise ZeroDivisionError("demo bug")
    except ZeroDivisionError as exc:
        reporter(type(exc), exc, exc.__traceback__)
    assert len(reporter.boxes) == 1
    box = reporter.boxes[0]
    assert box.isVisible()
    assert "意外问题" in box.text()
    assert "仍保留在窗口中" in box.text()
    assert "ZeroDivisionError" in box.detailedText()
    assert dialog.isVisible()
    assert dialog.edits["township"].text() == "青山镇"
    box.close()
    prompts.confirm_answers.append(True)  # closing the database drops the typed 单位信息


def test_lazy_pages_match_their_classes_and_build_on_first_visit(
    window: MainWindow, demo_db: Path
) -> None:
    """The sidebar is filled before the pages are imported: its titles are the pages' own."""
    from desktop.ui.page_slots import SPECS

    assert window.open_database(demo_db)
    assert not window.lazy.is_built("registers")
    window.show_page("registers")
    assert window.lazy.is_built("registers")
    assert window.pages_stack.currentWidget() is window.registers_page
    assert window.registers_page.session is window.session
    for spec, page in zip(SPECS, window.pages, strict=True):
        assert (spec.page_id, spec.title) == (page.page_id, page.title)
        assert window.sidebar.item(SPECS.index(spec)).text() == page.title


def test_the_clerks_keys_clicks_and_wheel_count_as_activity(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The idle lock's activity: input reaching the main window or a dialog counts, through a
    filter on the windows that take the focus and on the focused widget, where an input
    method's text goes (not on every object of the application)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout

    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.settled)  # the filter is installed once it settled
    handle = window.windowHandle()
    assert handle is not None
    window.activity.last = 0.0
    QTest.keyClick(handle, Qt.Key.Key_A)
    assert window.activity.last > 0
    window.activity.last = 0.0
    spot = window.sidebar.mapTo(window, QPoint(5, 5))  # real input goes through the window
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
    assert window.activity.last > 0
    dialog = QDialog(window)
    QVBoxLayout(dialog).addWidget(QLineEdit())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.windowHandle() is not None and dialog.isActiveWindow())
    window.activity.last = 0.0
    inner = dialog.windowHandle()
    assert inner is not None
    QTest.keyClick(inner, Qt.Key.Key_B)
    assert window.activity.last > 0
    window.activity.last = 0.0
    editor = dialog.findChild(QLineEdit)
    assert editor is not None
    assert editor.hasFocus()
    typed = QInputMethodEvent()  # pinyin: the input method sends its text to the widget itself
    typed.setCommitString("你好")
    QApplication.sendEvent(editor, typed)
    assert editor.text() == "b你好"
    assert window.activity.last > 0
    dialog.close()


def test_opening_reads_the_home_page_once(qtbot: QtBot, window: MainWindow, db_path: Path) -> None:
    """Opened from another page, the window shows 首页 and reads its checklist once (the
    sidebar's move to it and the open's refresh used to read it twice)."""
    assert window.open_database(db_path)
    wait_for_backup(qtbot, window)
    window.show_page("units")
    assert window.session is not None
    statements: list[str] = []
    window.session.db.connection.set_trace_callback(statements.append)
    window.control.opened.emit(window.session)  # what an open announces to the window
    window.session.db.connection.set_trace_callback(None)
    assert window.pages_stack.currentWidget() is window.home
    assert window.sidebar.currentRow() == 0
    assert sum("FROM monitoring_round)" in s for s in statements) == 1


def test_a_start_naming_a_file_it_cannot_open_shows_the_welcome_screen(
    qtbot: QtBot, data_dir: Path, prompts: ScriptedPrompts, stick: Path
) -> None:
    from desktop.paths import backups_dir
    from desktop.store.backup import BackupStore
    from desktop.ui import app
    from desktop.ui.settings import Settings

    backups = BackupStore(backups_dir(data_dir))
    window = MainWindow(Settings(data_dir), backups, prompts, opening=True)
    qtbot.addWidget(window)
    window.show()
    blank = window.stack.currentWidget()  # behind the open's questions: neither the
    assert blank is not window.workspace  # workspace of no database
    assert window._welcome is None  # nor a welcome screen built first
    missing = stick / "不存在.fulian"
    app._open_named(window, missing)
    assert window.session is None
    assert window.stack.currentWidget() is window.welcome  # 新建 / 打开 / 最近打开
    assert window.message.isVisible()  # why it did not open


def test_the_menus_shortcuts_come_once_the_window_settled(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+Shift+N and the platform's 打开 key are given a tenth of a second after the first
    paint (``MainWindow.settle``), out of the start's way, and then work."""
    from PySide6.QtGui import QKeySequence

    assert window.menus.new.shortcut().isEmpty()  # not before it has painted and settled
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.settled)
    assert window.menus.new.shortcut().toString() == "Ctrl+Shift+N"
    opening = QKeySequence.keyBindings(QKeySequence.StandardKey.Open)[0]
    assert window.menus.open.shortcut() == opening
    watch = window.activity
    window.settle()  # once only: the same activity watch, not a second filter
    assert window.activity is watch
