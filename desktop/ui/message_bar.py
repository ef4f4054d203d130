"""An inline message strip (error / warning / info) shown above a page, never a modal pop-up.

Errors stay until the clerk closes them or the next action succeeds, so a message about a pulled
stick is still readable after she plugs it back in.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QPushButton


class Level(Enum):
    INFO = ("#e8f1fb", "#1f5fa8")
    WARNING = ("#fff6e0", "#8a5a00")
    ERROR = ("#fdecea", "#a4262c")


class MessageBar(QFrame):
    """Its label and buttons are made with its first message: most bars never show one, and a
    button's type and style cost ~12 M instructions at the window's start."""

    action_triggered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label: QLabel | None = None
        self.action_button: QPushButton | None = None
        self.level: Level | None = None
        self.cause = ""
        self.hide()

    def _parts(self) -> tuple[QLabel, QPushButton]:
        if self.label is None or self.action_button is None:
            from PySide6.QtCore import Qt  # here: the Qt namespace costs at start
            from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

            layout = QHBoxLayout(self)
            layout.setContentsMargins(10, 6, 6, 6)
            self.label = QLabel()
            self.label.setWordWrap(True)
            self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.action_button = QPushButton()
            self.action_button.clicked.connect(self.action_triggered)
            close = QPushButton("关闭")
            close.setFlat(True)
            close.clicked.connect(self.clear)
            layout.addWidget(self.label, 1)
            layout.addWidget(self.action_button)
            layout.addWidget(close)
        return self.label, self.action_button

    def show_message(
        self, level: Level, text: str, action: str | None = None, *, cause: str = ""
    ) -> None:
        """``cause`` names what the message is about, so ``clear_cause`` can take it away once
        that is gone (a "locked" note after unlocking) without hiding a newer message."""
        self.cause = cause
        background, foreground = level.value
        self.setStyleSheet(
            f"#messageBar {{ background: {background}; border: 1px solid {foreground}; "
            f"border-radius: 4px; }} #messageBar QLabel {{ color: {foreground}; }}"
        )
        label, button = self._parts()
        self.level = level
        label.setText(text)
        button.setVisible(action is not None)
        button.setText(action or "")
        self.show()

    def clear_cause(self, cause: str) -> None:
        if self.level is not None and self.cause == cause:
            self.clear()

    def clear(self) -> None:
        self.cause = ""
        self.level = None
        if self.label is not None:
            self.label.clear()
        self.hide()

    def text(self) -> str:
        if self.label is None:
            return ""
        return self.label.text() if self.isVisible() or self.level else ""
