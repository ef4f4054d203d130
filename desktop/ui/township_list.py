"""乡镇名单: a county database's townships, registered before any file arrives (the county
dialog's tab). Adds, edits (name, code, order) and deactivates through ``operations.county``,
as ``fulian townships`` does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.operations import county as county_ops
from desktop.store import county
from desktop.store.database import Database


class TownshipList(QWidget):
    def __init__(
        self, db: Database, changed: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.changed = db, changed
        self.rows: list[county.Township] = []
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["乡镇（街道）", "代码", "顺序", "状态"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._on_selected)
        layout.addWidget(self.table)
        edit = QHBoxLayout()
        self.name, self.code = QLineEdit(), QLineEdit()
        self.name.setPlaceholderText("名称")
        self.code.setPlaceholderText("代码（可不填）")
        self.order = QSpinBox()
        self.order.setRange(0, 9999)
        edit.addWidget(QLabel("名称"))
        edit.addWidget(self.name)
        edit.addWidget(QLabel("代码"))
        edit.addWidget(self.code)
        edit.addWidget(QLabel("顺序"))
        edit.addWidget(self.order)
        for text, slot in (("登记", self.add), ("修改", self.save), ("停用/启用", self.toggle)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            edit.addWidget(button)
        layout.addLayout(edit)
        self.status = QLabel("名单内从未上报的乡镇在上报进度中显示为“未上报”。")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.refresh()

    def refresh(self) -> None:
        self.rows = county.townships(self.db)
        self.table.setRowCount(len(self.rows))
        for r, t in enumerate(self.rows):
            state = ("已上报过" if t.bound else "尚未上报") + ("" if t.active else "，已停用")
            for c, value in enumerate((t.name, t.code, str(t.sort_order), state)):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)

    def selected(self) -> county.Township | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _on_selected(self) -> None:
        township = self.selected()
        if township is not None:
            self.name.setText(township.name)
            self.code.setText(township.code)
            self.order.setValue(township.sort_order)

    def _run(self, action: Callable[[], object], done: str) -> None:
        try:
            action()
        except county_ops.MergeRefused as exc:
            self.status.setText(exc.message)
            return
        self.status.setText(done)
        self.refresh()
        self.changed()

    def add(self) -> None:
        name = self.name.text().strip()
        self._run(
            lambda: county_ops.add_township(self.db, name, self.code.text()), f"已登记：{name}"
        )

    def save(self) -> None:
        township = self.selected()
        if township is None:
            self.status.setText("请先在名单中选一个乡镇。")
            return
        self._run(
            lambda: county_ops.edit_township(
                self.db,
                township.id,
                name=self.name.text(),
                code=self.code.text(),
                sort_order=self.order.value(),
            ),
            f"已修改：{self.name.text().strip()}",
        )

    def toggle(self) -> None:
        township = self.selected()
        if township is None:
            self.status.setText("请先在名单中选一个乡镇。")
            return
        word = "已重新启用" if not township.active else "已停用"
        self._run(
            lambda: county_ops.edit_township(self.db, township.id, active=not township.active),
            f"{word}：{township.name}",
        )
