"""个人信息保护 driven like the clerk: set a password, see 已加密 when locked, give the
password when a record is opened, automatic locking, the recovery sheet, purging."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from desktop.store.registers import RegisterStore
from desktop.ui.main_window import MainWindow
from desktop.ui.password_dialogs import PasswordDialog
from desktop.ui.privacy_page import PrivacyPage
from tests.helpers.qt import ScriptedPrompts
from tests.ui.conftest import wait_for_backup

PASSWORD = "qingshan2026"


def open_privacy(qtbot: QtBot, window: MainWindow, db: Path) -> PrivacyPage:
    assert window.open_database(db)
    wait_for_backup(qtbot, window)
    window.show_page("privacy")
    assert window.pages_stack.currentWidget() is window.privacy_page
    return window.privacy_page


def protect(qtbot: QtBot, window: MainWindow, db: Path, prompts: ScriptedPrompts) -> str:
    page = open_privacy(qtbot, window, db)
    assert page.set_button.isVisible()
    assert window.session is not None
    plain_backups = window.session.backups.backups(window.session.db_id)
    assert plain_backups  # made when the database was opened
    prompts.new_passwords.append(PASSWORD)
    prompts.confirm_answers.append(True)  # delete the backups made before the password
    key = page.set_password()
    assert key is not None
    assert prompts.recovery_keys_shown == [key]
    assert "已解锁" in page.status.text()
    assert f"已删除 {len(plain_backups)} 份未加密的旧备份" in page.message.text()
    assert all(not b.path.exists() for b in plain_backups)
    wait_for_backup(qtbot, window)  # a new, encrypted backup
    assert window.session.backups.backups(window.session.db_id)
    return key


def test_set_password_then_locked_list_and_unlock_on_open(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    protect(qtbot, window, demo_db, prompts)
    window.privacy_page.lock_now()
    assert "已锁定" in window.privacy_page.status.text()
    window.show_page("registers:petition")
    page = window.registers_page
    names = {page.model.index(r, 2).data() for r in range(page.model.rowCount())}
    assert names == {"已加密"}
    assert "个人信息已加密" in page.message.text()
    page.view.selectRow(0)
    prompts.passwords.append("wrong-one")
    assert page.edit_selected() is None  # 取消 after the wrong password
    assert [a for a in prompts.asked if a.startswith("retry")] == [
        "retry: 密码不正确，请重新输入。忘记密码时可以用恢复密钥。"
    ]
    assert "个人信息已加密" in page.message.text()
    prompts.passwords[:] = ["wrong-again", PASSWORD]  # retried in the same dialog
    dialog = page.edit_selected()
    assert dialog is not None
    assert page.message.text() == ""  # the "已加密" note's cause is gone
    qtbot.addWidget(dialog)
    name = dialog.editors["person_name"].text()
    assert name
    assert name != "已加密"
    assert "*" not in name
    shown = {page.model.index(r, 2).data() for r in range(page.model.rowCount())}
    assert "已加密" not in shown  # the list re-read after unlocking: masked names again
    dialog.reject()


def test_locked_home_and_meetings_still_work(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    protect(qtbot, window, demo_db, prompts)
    window.privacy_page.lock_now()
    texts = window.home.texts()
    assert any("个人信息已加密（已锁定）" in t for t in texts)
    assert any("条（个人信息已加密）" in t for t in texts)
    window.show_page("registers:meeting")  # no personal data: no password needed
    page = window.registers_page
    page.view.selectRow(0)
    dialog = page.edit_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert prompts.asked.count("password: 查看和修改个人信息需要输入数据库密码。") == 0
    dialog.reject()


def test_idle_lock(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    protect(qtbot, window, demo_db, prompts)
    assert window.session is not None
    assert not window.check_idle(window.last_activity + 60)
    assert window.check_idle(window.last_activity + 10 * 60 + 1)
    assert not window.session.protection.unlocked
    assert "自动锁定" in window.message.text()


def pdf_text(data: bytes) -> str:
    return (
        subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
        .stdout.decode("utf-8")
        .replace(" ", "")
    )


def files_under(*folders: Path) -> set[Path]:
    return {p for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()}


def test_recovery_sheet_is_printed_from_memory_and_saved_only_where_chosen(
    qtbot: QtBot,
    window: MainWindow,
    demo_db: Path,
    prompts: ScriptedPrompts,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = protect(qtbot, window, demo_db, prompts)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))
    before = files_under(tmp_path)
    preview = window.privacy_page.print_recovery_key(key)
    assert preview is not None
    qtbot.addWidget(preview)
    assert preview.path is None  # loaded from memory
    assert preview.document.pageCount() == 1
    assert "未保存到文件" in preview.info.text()
    assert files_under(tmp_path) == before  # no temp file, no scratch file anywhere
    printed = tmp_path / "printer.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    assert preview.print_to(printer) == 1
    preview.close()
    chosen = tmp_path / "drawer" / "恢复密钥.pdf"
    chosen.parent.mkdir()
    prompts.pdf_paths.append(chosen)
    assert window.privacy_page.save_recovery_key(key) == chosen
    text = pdf_text(chosen.read_bytes())
    assert key in text
    assert "不要和U盘放在一起" in text
    assert files_under(tmp_path) == before | {printed, chosen}
    # saved beside the database: said to be a bad place
    prompts.pdf_paths.append(demo_db.parent / "恢复密钥.pdf")
    assert window.privacy_page.save_recovery_key(key) is not None
    assert "同一个地方" in window.privacy_page.message.text()


def test_change_password_issues_a_new_key_and_reset_with_recovery(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    first = protect(qtbot, window, demo_db, prompts)
    page = window.privacy_page
    prompts.new_passwords.append("second-pass")
    second = page.change_password()
    assert second is not None
    assert second != first
    assert prompts.recovery_keys_shown == [first, second]
    assert "以前的恢复密钥已作废" in page.message.text()
    page.lock_now()
    prompts.recoveries.append((first, "third-pass"))
    assert not page.recover()
    assert "恢复密钥不正确" in page.message.text()
    prompts.recoveries.append((second.replace("-", ""), "third-pass"))
    assert page.recover()
    assert "已解锁" in page.status.text()
    page.lock_now()
    prompts.passwords.append("third-pass")
    assert page.unlock()


def test_a_new_recovery_key_when_the_first_was_never_seen(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    first = protect(qtbot, window, demo_db, prompts)
    page = window.privacy_page
    assert page.renew_button.isVisible()
    assert page.renew_button.isEnabled()
    prompts.confirm_answers.append(True)
    second = page.renew_recovery_key()
    assert second is not None
    assert second != first
    assert prompts.recovery_keys_shown[-1] == second
    page.lock_now()
    assert not page.renew_button.isEnabled()  # needs the password first
    prompts.recoveries.append((second, "after-renewal"))
    assert page.recover()


def test_password_dialog_shows_strength_and_refuses_short_ones(qtbot: QtBot) -> None:
    dialog = PasswordDialog("设置数据库密码", "说明", new=True)
    qtbot.addWidget(dialog)
    dialog.password.setText("abc12")
    assert dialog.strength.text().startswith("强度：太短")
    dialog.password.setText("abcdefgh")
    assert dialog.strength.text().startswith("强度：弱")
    dialog.password.setText("Qingshan-2026")
    assert dialog.strength.text() == "强度：强"
    dialog.password.setText("short12")
    dialog.again.setText("short12")
    dialog._check()
    assert dialog.error.text() == "密码至少8位。"
    assert dialog.result() != PasswordDialog.DialogCode.Accepted


def test_purge_expired_and_deleted(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    page = open_privacy(qtbot, window, demo_db)
    assert window.session is not None
    store = RegisterStore(window.session.db, window.forms.get("petition"))
    victim = store.list_records()[0]
    store.delete(victim.id)
    page.refresh()
    rows = page.table.rowCount()
    assert rows >= 1
    reasons = [page.table.item(r, 2).text() for r in range(rows)]
    assert any(r.startswith("已删除") for r in reasons)
    page.table.selectAll()
    prompts.confirm_answers.append(True)
    assert page.purge_selected() == rows
    assert page.table.rowCount() == 0
    assert store.get(victim.id).values["person_name"] is None
    assert "已清除" in page.message.text()


def test_home_suggests_a_password_until_one_is_set(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    assert any("没有密码保护" in t for t in window.home.texts())
    window.show_page("privacy")
    prompts.new_passwords.append(PASSWORD)
    prompts.confirm_answers.append(False)  # keep the old backups
    assert window.privacy_page.set_password() is not None
    assert not any("没有密码保护" in t for t in window.home.texts())
