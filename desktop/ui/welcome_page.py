"""The welcome screen: 新建 / 打开 / 最近打开. Never creates a database silently."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.ui.settings import RecentFile

#: a recent file's entry: Qt.ItemDataRole.UserRole as a number (touching the ``Qt``
#: namespace at start makes PySide build its ~90 enum types: tens of ms)
_ENTRY = 0x0100


class WelcomePage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    recent_requested = Signal(object)  # RecentFile

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 40, 60, 40)
        title = QLabel(APP_NAME)
        title.setStyleSheet("font-size: 26pt; font-weight: bold; color: #b0263a;")
        outer.addWidget(title)
        subtitle = QLabel("乡镇妇联、妇儿工委的两规划监测、目标责任书、工作台账与报表")
        subtitle.setStyleSheet("color: #555; font-size: 11pt;")
        outer.addWidget(subtitle)
        outer.addSpacing(20)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("新建数据库……")
        self.open_button = QPushButton("打开数据库……")
        for button in (self.new_button, self.open_button):
            button.setMinimumHeight(40)
            button.setMinimumWidth(160)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        outer.addLayout(buttons)
        outer.addSpacing(20)
        outer.addWidget(QLabel("最近打开（双击打开）："))
        self.recent = QListWidget()
        self.recent.setObjectName("recent")
        self.recent.itemActivated.connect(self._on_recent_activated)
        outer.addWidget(self.recent, 1)
        hint = QLabel("数据库文件可以放在U盘上随身携带；用完请先“关闭数据库”，再拔出U盘。")
        hint.setStyleSheet("color: #666;")
        outer.addWidget(hint)

    def set_recent(self, files: list[RecentFile]) -> None:
        self.recent.clear()
        for entry in files:
            item = QListWidgetItem(f"{entry.name or '数据库'}    {entry.path}")
            item.setData(_ENTRY, entry)
            item.setToolTip(entry.path)
            self.recent.addItem(item)

    def _on_recent_activated(self, item: QListWidgetItem) -> None:
        self.recent_requested.emit(item.data(_ENTRY))
