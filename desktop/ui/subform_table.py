"""A register record's sub-records (家庭成员, 走访记录 ...) as an editable table: one row each,
a drop-down for choice columns, problems shown beneath; 添加一行 puts the cursor in the new row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.definition import SubformDef, Values
from desktop.forms.fields import UnitChoices
from desktop.forms.validation import default_text, validate_texts
from desktop.ui import override

ERROR_STYLE = "color: #c0392b;"


class ChoiceDelegate(QStyledItemDelegate):
    """A sub-record's choice cell is picked from its list (typing still works)."""

    def __init__(self, labels: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = labels

    @override
    def createEditor(self, parent: QWidget, option: object, index: object) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(["", *self.labels])
        return combo

    @override
    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data() or ""))

    @override
    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText())


class SubformTable(QWidget):
    """Sub-records (handling steps, visits, milestones) typed like a small spreadsheet."""

    def __init__(self, sub: SubformDef, units: UnitChoices, changed: Callable[[], None]) -> None:
        super().__init__()
        self.sub = sub
        self.units = units
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(sub.fields))
        self.table.setObjectName(f"sub_{sub.id}")
        self.table.setHorizontalHeaderLabels(
            [f.label + ("*" if f.required else "") for f in sub.fields]
        )
        for column, f in enumerate(sub.fields):
            tip = f.help
            if f.choice is not None:
                tip = "可填：" + "、".join(f.choice.labels())
                if f.type_id == "choice":
                    self.table.setItemDelegateForColumn(
                        column, ChoiceDelegate(f.choice.labels(), self.table)
                    )
            if tip:
                item = self.table.horizontalHeaderItem(column)
                if item is not None:
                    item.setToolTip(tip)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(lambda _item: changed())
        add = QPushButton("添加一行")
        remove = QPushButton("删除所选行")
        add.clicked.connect(lambda _checked=False: self.add_row_and_edit())
        remove.clicked.connect(lambda _checked=False: self.remove_selected())
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.changed = changed

    def add_row(self, texts: list[str] | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, f in enumerate(self.sub.fields):
            text = texts[column] if texts else default_text(f)
            self.table.setItem(row, column, QTableWidgetItem(text))
        self.changed()

    def add_row_and_edit(self) -> None:
        """添加一行: a new row with the cursor in its first cell, ready to type (issue 22)."""
        self.add_row()
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        self.changed()

    def set_rows(self, rows: list[Values]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for values in rows:
            self.add_row([f.kind.format(values.get(f.id), self.units) for f in self.sub.fields])
        self.table.blockSignals(False)

    def texts(self) -> list[list[str]]:
        return [
            [
                (item.text() if (item := self.table.item(r, c)) is not None else "")
                for c in range(self.table.columnCount())
            ]
            for r in range(self.table.rowCount())
        ]

    def values(self) -> tuple[list[Values], list[str]]:
        """The rows as values, and the problems (``第 2 行“日期”：必填``)."""
        rows: list[Values] = []
        problems: list[str] = []
        for number, texts in enumerate(self.texts(), start=1):
            if not any(t.strip() for t in texts):
                continue  # an empty row is ignored, not an error
            by_field = {f.id: t for f, t in zip(self.sub.fields, texts, strict=True)}
            values, errors = validate_texts(self.sub.fields, self.sub.rules, by_field, self.units)
            for f in self.sub.fields:
                if f.id in errors:
                    problems.append(f"第 {number} 行“{f.label}”：{errors[f.id]}")
            rows.append(values)
        self.error.setText("\n".join(problems))
        return rows, problems
