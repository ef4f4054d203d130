"""导入回收文件: a preview per file (new, changed, unchanged, invalid, conflicts, warnings) and
the clerk's choice per file: import it, import its valid rows only, or skip it. Each file is
applied in its own transaction."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.exchange.returns import KINDS, FilePreview
from desktop.operations.returned_files import Choice

IMPORT, VALID_ONLY, SKIP = "import", "valid_only", "skip"
IMPORT_OVERWRITE, VALID_ONLY_OVERWRITE = "import_overwrite", "valid_only_overwrite"
CHOICES = {
    IMPORT: "导入",
    VALID_ONLY: "只导入无误的行",
    IMPORT_OVERWRITE: "导入，冲突项以文件为准",
    VALID_ONLY_OVERWRITE: "只导入无误的行，冲突项以文件为准",
    SKIP: "跳过",
}
OPERATION_CHOICE = {
    IMPORT: Choice(),
    VALID_ONLY: Choice(valid_only=True),
    IMPORT_OVERWRITE: Choice(accept_conflicts=True),
    VALID_ONLY_OVERWRITE: Choice(valid_only=True, accept_conflicts=True),
}


def options(preview: FilePreview) -> list[str]:
    """What the clerk may choose for a file, the default first. A file with 冲突 is skipped
    unless she explicitly lets the file's values overwrite the app's; so is one with rows in
    error (as ``fulian import`` refuses it unless told ``--valid-only``: leaving rows out is
    her choice, made seeing them) and one with nothing filled in (a unit's blank copy)."""
    if preview.refused:
        return [SKIP]
    if preview.has_conflicts:
        return [SKIP, VALID_ONLY_OVERWRITE if preview.has_invalid else IMPORT_OVERWRITE]
    if preview.has_invalid:
        return [SKIP, VALID_ONLY]
    if preview.rows and preview.count("empty") == len(preview.rows):
        return [SKIP, IMPORT]
    return [IMPORT, SKIP]


class ImportDialog(QDialog):
    def __init__(self, previews: list[FilePreview], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.previews = previews
        self.setWindowTitle("导入回收的填报表：预览")
        self.resize(980, 600)
        layout = QVBoxLayout(self)
        guide = QLabel(
            "检查每个文件的内容，选择处理方式后点“执行”。有误的行不会导入：有误的文件默认"
            "跳过，核对后可选“只导入无误的行”；什么也没填的文件也默认跳过。"
            "“冲突”表示生成模板后程序里的值已被修改：有冲突的文件默认跳过，"
            "核对后可选“冲突项以文件为准”。"
        )
        guide.setWordWrap(True)  # two lines in the dialog's width
        layout.addWidget(guide)
        self.files = QTableWidget(len(previews), 3)
        self.files.setObjectName("files")
        self.files.setHorizontalHeaderLabels(["文件", "内容", "处理方式"])
        self.files.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.files.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # the choice column fits its longest option (冲突项以文件为准 must be readable)
        self.files.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.ResizeToContents
        )
        self.choices: list[QComboBox] = []
        for row, preview in enumerate(previews):
            self.files.setItem(row, 0, QTableWidgetItem(preview.path.name))
            self.files.setItem(row, 1, QTableWidgetItem(preview.summary()))
            combo = QComboBox()
            for option in options(preview):
                combo.addItem(CHOICES[option], option)
            self.files.setCellWidget(row, 2, combo)
            self.choices.append(combo)
        self.details = QListWidget()
        self.details.setObjectName("details")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.files)
        splitter.addWidget(self.details)
        layout.addWidget(splitter, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("执行")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.files.currentCellChanged.connect(lambda row, _c, _r, _p: self.show_details(row))
        if previews:
            self.files.selectRow(0)
            self.show_details(0)

    def show_details(self, row: int) -> None:
        self.details.clear()
        if not 0 <= row < len(self.previews):
            return
        preview = self.previews[row]
        for problem in preview.problems:
            self.details.addItem(f"不能导入：{problem}")
        for note in preview.notes:
            self.details.addItem(f"提示：{note}")
        for item in preview.rows:
            if item.kind in ("unchanged", "empty") and not item.warning:
                continue
            text = (
                f"[{KINDS[item.kind]}] 第 {item.row} 行 {item.name}：{item.old or '（空）'} → "
                f"{item.new or '（空）'}"
            )
            for extra in (item.message, item.warning):
                if extra:
                    text += f"；{extra}"
            self.details.addItem(text)

    def decisions(self) -> list[tuple[FilePreview, str]]:
        return [(p, str(c.currentData())) for p, c in zip(self.previews, self.choices, strict=True)]
