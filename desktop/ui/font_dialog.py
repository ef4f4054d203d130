"""帮助 → 字体检查: which font each printed role (正文仿宋, 标题小标宋 …) uses, whether that is the
typeface official documents ask for or a stand-in, and what to install when it is not."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.pdf.fonts import LABELS, USES, FontMissing, FontSet
from desktop.ui.message_bar import Level, MessageBar

HEADERS = ("用途", "应使用", "实际使用", "字体文件", "状态")
ADVICE = (
    "带“替代”的用途没有找到公文字体。政府办公电脑通常装有 仿宋_GB2312、楷体_GB2312、"
    "方正小标宋简体、方正黑体_GBK；把字体文件复制到 C:\\Windows\\Fonts 后重新生成PDF即可。"
)


class FontDialog(QDialog):
    def __init__(self, fonts: FontSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("字体检查（PDF用）")
        self.resize(760, 300)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(fonts.choices), len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().setVisible(False)
        fallback = False
        for row, choice in enumerate(fonts.choices.values()):
            fallback |= not choice.exact
            values = (
                USES[choice.role],
                LABELS[choice.role],
                choice.family(),
                str(choice.path),
                "已找到" if choice.exact else "替代",
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if not choice.exact:
                    item.setBackground(QBrush(QColor("#fff0d0")))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.advice = QLabel(ADVICE if fallback else "所有用途都找到了公文字体。")
        self.advice.setWordWrap(True)
        layout.addWidget(self.advice)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def rows(self) -> list[list[str]]:
        """The table as text (what the clerk reads)."""
        result = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in range(self.table.columnCount())]
            result.append([c.text() if c is not None else "" for c in cells])
        return result


def show_font_check(parent: QWidget, message: MessageBar) -> FontDialog | None:
    """帮助 → 字体检查: the dialog, or why no font was found at all (in the message bar)."""
    try:
        fonts = FontSet.discover()
    except FontMissing as exc:
        message.show_message(Level.ERROR, exc.message)
        return None
    dialog = FontDialog(fonts, parent)
    dialog.open()
    return dialog
