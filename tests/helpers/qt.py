"""Driving real widgets. ``qtbot.keyClicks`` aborts the process on non-ASCII text (tech-notes),
so Chinese is committed through an input-method event, the way a real IME delivers it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.prompts import Prompts


def type_text(qtbot: QtBot, widget: QWidget, text: str, *, replace: bool = True) -> None:
    widget.setFocus()
    if replace and isinstance(widget, QLineEdit):
        qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


class ScriptedPrompts(Prompts):
    """Answers the window's questions from queues; records what was asked."""

    def __init__(self) -> None:
        super().__init__(None)
        self.new_paths: list[Path | None] = []
        self.open_paths: list[Path | None] = []
        self.confirm_answers: list[bool] = []
        self.unsaved_answers: list[str] = []
        self.excel_paths: list[Path | None] = []
        self.folders: list[Path | None] = []
        self.excel_lists: list[list[Path]] = []
        self.scan_paths: list[Path | None] = []
        self.attachment_paths: list[Path | None] = []
        self.pdf_paths: list[Path | None] = []
        self.word_paths: list[Path | None] = []
        self.passwords: list[str | None] = []
        self.new_passwords: list[str | None] = []
        self.recoveries: list[tuple[str, str] | None] = []
        self.recovery_keys_shown: list[str] = []
        self.texts: list[str | None] = []
        self.asked: list[str] = []

    def new_database_path(self) -> Path | None:
        self.asked.append("new")
        return self.new_paths.pop(0)

    def open_database_path(self) -> Path | None:
        self.asked.append("open")
        return self.open_paths.pop(0)

    def confirm(self, title: str, text: str, ok_text: str) -> bool:
        self.asked.append(f"{title}: {text}")
        return self.confirm_answers.pop(0)

    def ask_text(self, title: str, label: str) -> str | None:
        self.asked.append(f"text: {title}")
        return self.texts.pop(0)

    def ask_unsaved(self, text: str) -> str:
        self.asked.append(f"unsaved: {text}")
        # an unscripted question (e.g. the window closing at teardown) discards
        return self.unsaved_answers.pop(0) if self.unsaved_answers else "discard"

    def open_excel_path(self, title: str) -> Path | None:
        self.asked.append(f"excel: {title}")
        return self.excel_paths.pop(0)

    def save_excel_path(self, title: str, suggested: str) -> Path | None:
        self.asked.append(f"save excel: {title}")
        return self.excel_paths.pop(0)

    def save_pdf_path(self, title: str, suggested: str) -> Path | None:
        self.asked.append(f"save pdf: {title}")
        return self.pdf_paths.pop(0)

    def save_word_path(self, title: str, suggested: str) -> Path | None:
        self.asked.append(f"save word: {title}")
        return self.word_paths.pop(0)

    def choose_folder(self, title: str) -> Path | None:
        self.asked.append(f"folder: {title}")
        return self.folders.pop(0)

    def open_excel_paths(self, title: str) -> list[Path]:
        self.asked.append(f"excel files: {title}")
        return self.excel_lists.pop(0)

    def open_scan_path(self) -> Path | None:
        self.asked.append("scan")
        return self.scan_paths.pop(0)

    def open_attachment_path(self) -> Path | None:
        self.asked.append("attachment")
        return self.attachment_paths.pop(0)

    def ask_password(
        self, text: str, check: Callable[[str], str | None] | None = None
    ) -> str | None:
        """Like the dialog: a wrong password (``check`` says why) asks again; out of scripted
        passwords is 取消."""
        self.asked.append(f"password: {text}")
        while self.passwords:
            password = self.passwords.pop(0)
            problem = check(password) if check is not None and password is not None else None
            if not problem:
                return password
            self.asked.append(f"retry: {problem}")
        return None

    def ask_new_password(self, title: str, text: str) -> str | None:
        self.asked.append(f"new password: {title}")
        return self.new_passwords.pop(0)

    def ask_recovery(self) -> tuple[str, str] | None:
        self.asked.append("recovery")
        return self.recoveries.pop(0)

    def show_recovery_key(
        self, key: str, print_key: Callable[[], None], save_key: Callable[[], None]
    ) -> None:
        self.recovery_keys_shown.append(key)


def in_sight(qtbot: QtBot, view: QTableView, title: str) -> bool:
    """Whether the column headed ``title`` shows whole in the view, without scrolling."""
    qtbot.waitUntil(lambda: view.viewport().width() > 0)
    header = view.horizontalHeader()
    model = view.model()
    column = next(
        i for i in range(header.count()) if model.headerData(i, Qt.Orientation.Horizontal) == title
    )
    right = header.sectionViewportPosition(column) + header.sectionSize(column)
    return header.sectionViewportPosition(column) >= 0 and right <= view.viewport().width()
