"""责任分解: a unit's tasks for a year (category, content, target, deadline, weight, status,
progress, evidence). Each save is one audited transaction; problems show inline."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.operations.letters import save_task
from desktop.store import letters
from desktop.store.database import Database
from desktop.store.errors import StoreError
from desktop.ui.dialog_guard import GuardedDialog
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.table_model import Column, RowsModel
from desktop.ui.widgets import fit_columns, record_table, save_cancel_buttons

COLUMNS: list[Column[letters.Task]] = [
    Column("类别", lambda t: t.category),
    Column("任务内容", lambda t: t.content),
    Column("目标", lambda t: t.target),
    Column("时限", lambda t: t.deadline),
    Column("分值", lambda t: f"{t.weight:g}", numeric=True),
    Column("状态", lambda t: letters.TASK_STATUSES[t.status]),
    Column("进展", lambda t: t.progress),
]


class TaskForm(GuardedDialog):
    def __init__(self, task: letters.Task, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.original = task
        self.setWindowTitle("编辑任务" if task.id else "新增任务")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.message = MessageBar()
        layout.addWidget(self.message)
        form = QFormLayout()
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(letters.TASK_CATEGORIES)
        self.category.setCurrentText(task.category)
        self.content = QLineEdit(task.content)
        self.target = QLineEdit(task.target)
        self.deadline = QLineEdit(task.deadline)
        self.deadline.setPlaceholderText("例如：2026-10-31")
        self.weight = QDoubleSpinBox()
        self.weight.setRange(0, 100)
        self.weight.setValue(task.weight)
        self.status = QComboBox()
        for key, label in letters.TASK_STATUSES.items():
            self.status.addItem(label, key)
        self.status.setCurrentIndex(max(0, self.status.findData(task.status)))
        self.progress = QLineEdit(task.progress)
        self.evidence = QLineEdit(task.evidence)
        for label, widget in (
            ("类别", self.category),
            ("任务内容（必填）", self.content),
            ("目标", self.target),
            ("完成时限", self.deadline),
            ("分值", self.weight),
            ("状态", self.status),
            ("进展情况", self.progress),
            ("佐证材料", self.evidence),
        ):
            form.addRow(label, widget)
        layout.addLayout(form)
        self.buttons = save_cancel_buttons(self)
        layout.addWidget(self.buttons)

    def value(self) -> letters.Task:
        t = self.original
        return letters.Task(
            year=t.year,
            unit_id=t.unit_id,
            category=self.category.currentText().strip(),
            content=self.content.text().strip(),
            target=self.target.text().strip(),
            deadline=self.deadline.text().strip(),
            weight=self.weight.value(),
            status=str(self.status.currentData()),
            progress=self.progress.text().strip(),
            evidence=self.evidence.text().strip(),
            sort_order=t.sort_order,
            id=t.id,
        )


class TasksDialog(QDialog):
    def __init__(
        self, db: Database, year: int, unit_id: int, unit_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.year, self.unit_id = db, year, unit_id
        self.setWindowTitle(f"{unit_name} {year}年度任务")
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        self.message = MessageBar()
        layout.addWidget(self.message)
        self.model: RowsModel[letters.Task] = RowsModel(COLUMNS, self)
        self.view = record_table(self.model, "tasks")
        self.view.doubleClicked.connect(lambda _i: self.edit_selected())
        layout.addWidget(self.view, 1)
        bar = QHBoxLayout()
        self.add_button = QPushButton("新增任务……")
        self.edit_button = QPushButton("编辑……")
        close = QPushButton("关闭")
        for button in (self.add_button, self.edit_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(close)
        layout.addLayout(bar)
        self.add_button.clicked.connect(lambda _c=False: self.open_form(None))
        self.edit_button.clicked.connect(lambda _c=False: self.edit_selected())
        close.clicked.connect(self.accept)
        self.form: TaskForm | None = None
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(letters.tasks(self.db, self.year, self.unit_id))
        fit_columns(self.view, 1)

    def edit_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self.open_form(self.model.row_at(rows[0].row()))

    def open_form(self, task: letters.Task | None) -> TaskForm:
        task = task or letters.Task(
            year=self.year, unit_id=self.unit_id, content="", sort_order=self.model.rowCount() + 1
        )
        form = TaskForm(task, self)
        form.buttons.accepted.connect(lambda: self._save(form))
        self.form = form
        form.open()
        return form

    def _save(self, form: TaskForm) -> None:
        try:
            save_task(self.db, form.value())
        except letters.LetterError as exc:
            form.message.show_message(Level.ERROR, exc.message)
            return
        except StoreError as exc:
            form.message.show_message(Level.ERROR, describe(exc))
            return
        form.accept()
        self.reload()
