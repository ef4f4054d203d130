"""数据库 page: where the file is, its version and size, and its backups with restore."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.store import overview
from desktop.store.backup import BackupInfo
from desktop.ui.pages import Page


class DatabasePage(Page):
    page_id = "database"
    title = "数据库"
    reread_on_visit = True  # the file's size and the backups folder change outside the database
    backup_requested = Signal()
    restore_requested = Signal(object)  # BackupInfo

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        info_box = QGroupBox("数据库文件")
        self.info = QFormLayout(info_box)
        self.labels: dict[str, QLabel] = {}
        for key, label in (
            ("path", "位置"),
            ("size", "大小"),
            ("version", "数据版本"),
            ("created", "创建"),
            ("db_id", "数据库标识"),
            ("counts", "记录数"),
        ):
            value = QLabel()
            value.setWordWrap(True)
            self.labels[key] = value
            self.info.addRow(label + "：", value)
        layout.addWidget(info_box)

        backup_box = QGroupBox("本机备份（保存在这台电脑上，不在U盘上）")
        backup_layout = QVBoxLayout(backup_box)
        self.backup_note = QLabel()
        self.backup_note.setWordWrap(True)
        backup_layout.addWidget(self.backup_note)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("backups")
        self.table.setHorizontalHeaderLabels(["备份时间", "大小"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        backup_layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton("立即备份")
        self.backup_button.clicked.connect(self.backup_requested)
        self.restore_button = QPushButton("恢复到所选备份……")
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.folder_button = QPushButton("打开备份文件夹")
        self.folder_button.clicked.connect(self._on_open_folder)
        for button in (self.backup_button, self.restore_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        backup_layout.addLayout(buttons)
        layout.addWidget(backup_box, 1)
        self.backups: list[BackupInfo] = []
        self._update_buttons()

    def refresh(self) -> None:
        if self.session is None:
            return
        facts = overview.facts(self.session.db)
        self.labels["path"].setText(facts.path)
        self.labels["size"].setText(overview.format_size(facts.size_bytes))
        self.labels["version"].setText(f"{facts.schema_version}（本程序 {facts.latest_schema}）")
        self.labels["created"].setText(f"{facts.created_at}，电脑 {facts.created_by}")
        self.labels["db_id"].setText(facts.db_id)
        self.labels["counts"].setText(
            "，".join(f"{label} {n}" for label, n in facts.counts.items())
        )
        store = self.session.backups
        chosen = self.selected_backup()  # from the list as shown, before it is read again
        self.backups = store.backups(self.session.db_id)
        total = overview.format_size(sum(b.size for b in self.backups))
        self.backup_note.setText(
            f"备份文件夹：{store.folder(self.session.db_id)}\n"
            f"共 {len(self.backups)} 份，{total}；"
            f"保留最近 {store.policy.keep_last} 份及 {store.policy.keep_daily_days} 天内每天一份。"
            "数据库有改动时，每次打开会自动备份一次。"
            "备份是数据库文件的副本：设置了数据库密码时，备份中的个人信息同样是加密的。"
        )
        self.table.clearSelection()  # a row's number now names another backup
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            self.table.setItem(row, 0, QTableWidgetItem(backup.label))
            self.table.setItem(row, 1, QTableWidgetItem(overview.format_size(backup.size)))
            if chosen is not None and backup.path == chosen.path:
                self.table.selectRow(row)  # the same backup, wherever the list put it
        self._update_buttons()

    def selected_backup(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows and rows[0].row() < len(self.backups) else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected_backup() is not None)

    def _on_restore_clicked(self) -> None:
        backup = self.selected_backup()
        if backup is not None:
            self.restore_requested.emit(backup)

    def _on_open_folder(self) -> None:
        if self.session is not None:
            folder = self.session.backups.folder(self.session.db_id)
            folder.mkdir(parents=True, exist_ok=True)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
