"""Dialogs that ask before throwing edits away (issue 22): 取消, Esc and the window's close
button on a dialog with changed fields ask first; with nothing changed they just close."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from desktop.ui import override
from desktop.ui.prompts import Prompts

QUESTION = "有尚未保存的修改。关闭后这些修改将丢失，确定放弃吗？"


def field_texts(dialog: QWidget) -> tuple[str, ...]:
    """What the clerk can change in ``dialog``, as text: compared to see whether she did."""
    texts: list[str] = []
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            texts.append("" if widget.isReadOnly() else widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            texts.append("" if widget.isReadOnly() else widget.toPlainText())
        elif isinstance(widget, QComboBox):
            texts.append(widget.currentText())
        elif isinstance(widget, QAbstractSpinBox):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            texts.append(str(widget.isChecked()))
    return tuple(texts)


class GuardedDialog(QDialog):
    """The fields as first shown are "clean"; ``mark_clean()`` after a save that stays open."""

    def __init__(self, parent: QWidget | None = None, prompts: Prompts | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self._clean: tuple[str, ...] | None = None

    def mark_clean(self) -> None:
        self._clean = field_texts(self)

    @property
    def modified(self) -> bool:
        return self._clean is not None and field_texts(self) != self._clean

    @override
    def showEvent(self, event: QShowEvent) -> None:
        if self._clean is None:  # filled by the constructor, not yet touched
            self.mark_clean()
        super().showEvent(event)

    def may_discard(self) -> bool:
        if not self.modified:
            return True
        if self.prompts is not None:
            return self.prompts.confirm("放弃修改", QUESTION, "放弃修改")
        box = QMessageBox(QMessageBox.Icon.Warning, "放弃修改", QUESTION, parent=self)
        discard = box.addButton("放弃修改", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("继续编辑", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is discard

    @override
    def reject(self) -> None:
        if self.may_discard():
            super().reject()
