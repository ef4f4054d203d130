"""The questions the window asks the clerk (file pickers, confirmations).

Passed into the main window so that tests can answer them with a scripted subclass; errors and
notices are *not* here: they are shown inline in a message bar, never as blocking pop-ups.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # a dialog's type (and enums) is built when first asked for

from desktop.store.database import DB_SUFFIX

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

DB_FILTER = "妇联工作台数据库 (*.fulian);;SQLite 数据库 (*.db *.sqlite *.sqlite3);;所有文件 (*)"


class Prompts:
    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def new_database_path(self) -> Path | None:
        name, _ = QtWidgets.QFileDialog.getSaveFileName(
            self.parent,
            "新建数据库",
            f"妇联工作台数据{DB_SUFFIX}",
            "妇联工作台数据库 (*.fulian)",
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(DB_SUFFIX)

    def open_database_path(self) -> Path | None:
        name, _ = QtWidgets.QFileDialog.getOpenFileName(self.parent, "打开数据库", "", DB_FILTER)
        return Path(name) if name else None

    def confirm(self, title: str, text: str, ok_text: str) -> bool:
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Question, title, text, parent=self.parent
        )
        ok = box.addButton(ok_text, QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QtWidgets.QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is ok

    def ask_text(self, title: str, label: str) -> str | None:
        """One line of text (e.g. the reason to unlock a year); None when cancelled."""
        text, ok = QtWidgets.QInputDialog.getText(self.parent, title, label)
        return text if ok else None

    def ask_unsaved(self, text: str) -> str:
        """``save``, ``discard`` or ``cancel``."""
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning,
            "尚未保存",
            text + "\n\n要保存吗？",
            parent=self.parent,
        )
        save = box.addButton("保存", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("不保存", QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("取消", QtWidgets.QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "discard" if clicked is discard else "cancel"

    def open_excel_path(self, title: str) -> Path | None:
        name, _ = QtWidgets.QFileDialog.getOpenFileName(
            self.parent, title, "", "Excel 工作簿 (*.xlsx)"
        )
        return Path(name) if name else None

    def save_excel_path(self, title: str, suggested: str) -> Path | None:
        name, _ = QtWidgets.QFileDialog.getSaveFileName(
            self.parent, title, suggested, "Excel 工作簿 (*.xlsx)"
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".xlsx")

    def save_pdf_path(self, title: str, suggested: str) -> Path | None:
        name, _ = QtWidgets.QFileDialog.getSaveFileName(
            self.parent, title, suggested, "PDF 文件 (*.pdf)"
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".pdf")

    def save_word_path(self, title: str, suggested: str) -> Path | None:
        name, _ = QtWidgets.QFileDialog.getSaveFileName(
            self.parent, title, suggested, "Word 文档 (*.docx)"
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".docx")

    def choose_folder(self, title: str) -> Path | None:
        name = QtWidgets.QFileDialog.getExistingDirectory(self.parent, title)
        return Path(name) if name else None

    def open_excel_paths(self, title: str) -> list[Path]:
        names, _ = QtWidgets.QFileDialog.getOpenFileNames(
            self.parent, title, "", "Excel 工作簿 (*.xlsx);;所有文件 (*)"
        )
        return [Path(n) for n in names]

    def open_scan_path(self) -> Path | None:
        name, _ = QtWidgets.QFileDialog.getOpenFileName(
            self.parent, "选择签订后的扫描件", "", "扫描件 (*.pdf *.jpg *.jpeg *.png)"
        )
        return Path(name) if name else None

    def open_attachment_path(self) -> Path | None:
        name, _ = QtWidgets.QFileDialog.getOpenFileName(
            self.parent,
            "添加附件（照片、签到表、会议纪要、扫描件）",
            "",
            "常用文件 (*.jpg *.jpeg *.png *.pdf *.docx *.xlsx);;所有文件 (*)",
        )
        return Path(name) if name else None

    # ----- passwords -----------------------------------------------------------------------
    def ask_password(
        self, text: str, check: Callable[[str], str | None] | None = None
    ) -> str | None:
        """A password; ``check`` tries it and returns why it failed (the dialog stays open)."""
        from desktop.ui.password_dialogs import PasswordDialog  # dialogs load when first asked

        dialog = PasswordDialog("输入数据库密码", text, new=False, parent=self.parent, check=check)
        if dialog.exec() != PasswordDialog.DialogCode.Accepted:
            return None
        return dialog.password.text()

    def ask_new_password(self, title: str, text: str) -> str | None:
        from desktop.ui.password_dialogs import PasswordDialog

        dialog = PasswordDialog(title, text, new=True, parent=self.parent)
        if dialog.exec() != PasswordDialog.DialogCode.Accepted:
            return None
        return dialog.password.text()

    def ask_recovery(self) -> tuple[str, str] | None:
        """The recovery key and a new password."""
        from desktop.ui.password_dialogs import PasswordDialog

        dialog = PasswordDialog(
            "用恢复密钥重设密码",
            "输入打印的恢复密钥，并设置一个新密码。",
            new=True,
            recovery=True,
            parent=self.parent,
        )
        if dialog.exec() != PasswordDialog.DialogCode.Accepted:
            return None
        return dialog.recovery.text(), dialog.password.text()

    def show_recovery_key(
        self, key: str, print_key: Callable[[], None], save_key: Callable[[], None]
    ) -> None:
        from desktop.ui.password_dialogs import RecoveryKeyDialog

        RecoveryKeyDialog(key, print_key, save_key, self.parent).exec()
