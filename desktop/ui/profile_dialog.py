"""The federation profile form: asked for on first use of a new database, editable later.

A failed save (stick pulled, file read-only) keeps the dialog open with everything typed and
shows the reason inline; pressing 保存 again retries.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import division
from desktop.operations.catalogue import save_profile
from desktop.store import profile
from desktop.store.database import Database
from desktop.store.errors import StoreError
from desktop.ui.dialog_guard import GuardedDialog
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.prompts import Prompts

REQUIRED = ("township", "federation", "committee")
PLACEHOLDERS = {
    "township": "例如：青山镇",
    "division_code": "12位数字，如 330110102000（上报县级时用于核对乡镇）",
    "federation": "例如：青山镇妇女联合会",
    "committee": "例如：青山镇妇女儿童工作委员会",
    "doc_prefix": "例如：青妇儿（文号为 青妇儿〔2026〕3号）",
    "phone": "例如：0571-88001234",
}


class ProfileDialog(GuardedDialog):
    saved = Signal()

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        first_use: bool = False,
        prompts: Prompts | None = None,
    ):
        super().__init__(parent, prompts)
        self.db = db
        self.setWindowTitle("单位信息")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "这是新数据库，请先填写本单位信息。它们会打印在责任书和报表上，"
            "以后可在“文件 → 单位信息”中修改。"
            if first_use
            else "以下信息会打印在责任书和报表上。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.message = MessageBar(self)
        layout.addWidget(self.message)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        current = profile.load(db)
        for name, label in profile.LABELS.items():
            edit = QLineEdit(getattr(current, name))
            edit.setObjectName(name)
            edit.setPlaceholderText(PLACEHOLDERS.get(name, ""))
            edit.textChanged.connect(self._validate)
            form.addRow(label + ("（必填）" if name in REQUIRED else ""), edit)
            self.edits[name] = edit
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #a4262c;")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            "以后再填" if first_use else "取消"
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._validate()

    def value(self) -> profile.Profile:
        return profile.Profile(**{n: e.text().strip() for n, e in self.edits.items()})

    def _validate(self) -> bool:
        missing = [profile.LABELS[n] for n in REQUIRED if not self.edits[n].text().strip()]
        problem = "请填写：" + "、".join(missing) if missing else ""
        try:
            division.normalize(self.edits["division_code"].text())
        except ValueError as exc:
            problem = "\n".join(p for p in (problem, str(exc)) if p)
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problem)
        return not problem

    def save(self) -> None:
        if not self._validate():
            return
        try:
            save_profile(self.db, self.value())
        except StoreError as exc:
            self.message.show_message(
                Level.ERROR, describe(exc) + "\n已填写的内容仍保留，可稍后再点“保存”重试。"
            )
            return
        self.message.clear()
        self.saved.emit()
        self.accept()
