"""编辑责任书模板: the template as plain text, checked as she types (unknown template fields named
with their line), previewed as the selected unit's letter, saved in the database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.letter_template import BLOCKS, SCALARS, problems
from desktop.operations.letters import save_template
from desktop.store import letters
from desktop.store.database import Database
from desktop.store.errors import StoreError
from desktop.ui.dialog_guard import GuardedDialog
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.prompts import Prompts


class TemplateDialog(GuardedDialog):
    def __init__(
        self,
        db: Database,
        preview: Callable[[str], object] | None,
        parent: QWidget | None = None,
        prompts: Prompts | None = None,
    ) -> None:
        super().__init__(parent, prompts)  # 取消 asks before throwing edits away
        self.db = db
        self.preview_with = preview
        self.setWindowTitle("编辑责任书模板")
        self.resize(820, 640)
        layout = QVBoxLayout(self)
        help_text = (
            "占位符："
            + "、".join(
                "{" + name + "}" + ("" if what == name else f"（{what}）")
                for name, (_key, what) in SCALARS.items()
            )
            + "\n内容块（单独一行）："
            + "、".join("{{" + k + "}}" + v for k, v in BLOCKS.items())
            + "\n第一行是标题；“一、”开头为一级标题（黑体），“（一）”开头为二级标题（楷体）。"
        )
        hint = QLabel(help_text)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.message = MessageBar()
        layout.addWidget(self.message)
        self.editor = QPlainTextEdit(letters.template_text(db))
        self.editor.setFont(QFont("Monospace", 11))
        self.editor.textChanged.connect(self._check)
        layout.addWidget(self.editor, 1)
        bar = QHBoxLayout()
        self.preview_button = QPushButton("预览（所选单位）")
        self.default_button = QPushButton("恢复默认")
        self.save_button = QPushButton("保存")
        cancel = QPushButton("取消")
        for button in (self.preview_button, self.default_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        bar.addWidget(cancel)
        layout.addLayout(bar)
        self.preview_button.setEnabled(preview is not None)
        self.preview_button.clicked.connect(lambda _c=False: self.preview())
        self.default_button.clicked.connect(lambda _c=False: self.restore_default())
        self.save_button.clicked.connect(lambda _c=False: self.save())
        cancel.clicked.connect(self.reject)
        self._check()

    def _check(self) -> bool:
        found = problems(self.editor.toPlainText())
        if found:
            self.message.show_message(
                Level.ERROR, "\n".join(f"第 {n} 行：{m}" for n, m in found[:5])
            )
        else:
            self.message.clear()
        self.save_button.setEnabled(not found)
        self.preview_button.setEnabled(not found and self.preview_with is not None)
        return not found

    def preview(self) -> object:
        if not self._check() or self.preview_with is None:
            return None
        return self.preview_with(self.editor.toPlainText())

    def restore_default(self) -> None:
        from desktop.paths import resource_path

        self.editor.setPlainText(Path(resource_path("letters", "default.txt")).read_text("utf-8"))

    def save(self) -> bool:
        if not self._check():
            return False
        try:
            save_template(self.db, self.editor.toPlainText())
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return False
        self.accept()
        return True
