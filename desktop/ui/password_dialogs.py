"""The password questions: give the password, choose a new one (typed twice), reset it with
the recovery key, and the one-time display of a new recovery key (with 打印)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.passwords import Strength, judge
from desktop.operations.protection import MIN_PASSWORD

_STRENGTH_COLOURS = {
    Strength.TOO_SHORT: "#c0392b",
    Strength.WEAK: "#c0392b",
    Strength.MEDIUM: "#b9770e",
    Strength.STRONG: "#1e8449",
}


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMinimumWidth(240)
    return edit


class PasswordDialog(QDialog):
    """One or two password fields (two: a new password typed twice) and an inline message."""

    def __init__(
        self,
        title: str,
        text: str,
        *,
        new: bool,
        recovery: bool = False,
        parent: QWidget | None = None,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        #: tries the password; a text is why it failed, shown here so the clerk can retry in
        #: the same dialog (issue 22 item 9)
        self.check = check
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.recovery = QLineEdit()
        self.recovery.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        if recovery:
            form.addRow("恢复密钥：", self.recovery)
        self.password = _password_edit()
        self.again = _password_edit()
        form.addRow("新密码：" if new else "密码：", self.password)
        self.strength = QLabel()
        self.strength.setObjectName("strength")
        if new:
            form.addRow("", self.strength)
            form.addRow("再输入一次：", self.again)
            self.password.textChanged.connect(self._on_password_edited)
            self._on_password_edited(self.password.text())
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.new = new

    def _on_password_edited(self, text: str) -> None:
        verdict = judge(text, MIN_PASSWORD)
        self.strength.setText(verdict.text())
        self.strength.setStyleSheet(f"color: {_STRENGTH_COLOURS[verdict.strength]};")

    def _check(self) -> None:
        if self.new:
            if len(self.password.text()) < MIN_PASSWORD:
                self.error.setText(f"密码至少{MIN_PASSWORD}位。")
                return
            if self.password.text() != self.again.text():
                self.error.setText("两次输入的密码不一样。")
                return
        if self.check is not None:
            problem = self.check(self.password.text())
            if problem:
                self.error.setText(problem)
                self.password.selectAll()
                self.password.setFocus()
                return
        self.accept()


class RecoveryKeyDialog(QDialog):
    """Shows a new recovery key once: copy, print, save as PDF where the clerk chooses, and a
    reminder to keep it apart. The key is not written anywhere by this dialog."""

    def __init__(
        self,
        key: str,
        print_key: Callable[[], None],
        save_key: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("恢复密钥")
        layout = QVBoxLayout(self)
        text = QLabel(
            "请把下面的恢复密钥打印或抄写下来，锁在抽屉里，不要和U盘放在一起。\n"
            "忘记密码时，用它可以重新设置密码；它只显示这一次，以前的恢复密钥已作废。\n"
            "程序不会把恢复密钥存到任何文件里；如要存为PDF，请存到U盘以外的地方。"
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        shown = QLabel(key)
        shown.setObjectName("recovery_key")
        font = QFont("monospace")
        font.setPointSize(16)
        font.setBold(True)
        shown.setFont(font)
        layout.addWidget(shown)
        row = QHBoxLayout()
        copy = QPushButton("复制")
        copy.clicked.connect(lambda _c=False: QGuiApplication.clipboard().setText(key))
        printing = QPushButton("打印……")
        printing.clicked.connect(lambda _c=False: print_key())
        saving = QPushButton("存为PDF……")
        saving.clicked.connect(lambda _c=False: save_key())
        done = QPushButton("我已保存好")
        done.clicked.connect(self.accept)
        for button in (copy, printing, saving):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(done)
        layout.addLayout(row)
