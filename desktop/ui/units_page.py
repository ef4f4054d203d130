"""责任单位: list, add, edit, deactivate (never delete a unit with data), import from Excel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import unit_kinds
from desktop.exchange.sheets import ImportProblem
from desktop.exchange.units_excel import ImportResult
from desktop.operations import Area, Changes, catalogue
from desktop.operations.session import connection
from desktop.store import units
from desktop.store.errors import StoreError
from desktop.ui.dialog_guard import GuardedDialog
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.prompts import Prompts
from desktop.ui.record_list import RecordListPage
from desktop.ui.runner import Problem, Task, TaskRunner, TaskState
from desktop.ui.table_model import Column
from desktop.ui.widgets import save_cancel_buttons

COLUMNS: list[Column[units.Unit]] = [
    Column("编码", lambda u: u.code),
    Column("名称", lambda u: u.name),
    Column("类型", lambda u: unit_kinds.KINDS.get(u.kind, u.kind)),
    Column("联络员", lambda u: u.liaison),
    Column("电话", lambda u: u.phone),
    Column("地址", lambda u: u.address),
    Column(
        "状态",
        lambda u: "启用" if u.active else "已停用",
        background=lambda u: None if u.active else "#eeeeee",
    ),
    Column("排序", lambda u: str(u.sort_order), numeric=True),
]


class UnitDialog(GuardedDialog):
    """Add or edit one unit; problems are shown inline and the dialog stays open."""

    def __init__(
        self,
        db_unit: units.Unit | None,
        parent: QWidget | None = None,
        prompts: Prompts | None = None,
    ) -> None:
        super().__init__(parent, prompts)
        self.original = db_unit
        self.setWindowTitle("编辑责任单位" if db_unit else "新增责任单位")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        self.message = MessageBar()
        layout.addWidget(self.message)
        form = QFormLayout()
        unit = db_unit or units.Unit(code="", name="")
        self.code = QLineEdit(unit.code)
        self.name = QLineEdit(unit.name)
        self.kind = QComboBox()
        for key, label in unit_kinds.KINDS.items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(unit.kind)))
        self.liaison = QLineEdit(unit.liaison)
        self.phone = QLineEdit(unit.phone)
        self.address = QLineEdit(unit.address)
        self.order = QSpinBox()
        self.order.setRange(0, 9999)
        self.order.setValue(unit.sort_order)
        self.active = QCheckBox("启用")
        self.active.setChecked(unit.active)
        for label, widget in (
            ("编码（必填）", self.code),
            ("名称（必填）", self.name),
            ("类型", self.kind),
            ("联络员", self.liaison),
            ("电话", self.phone),
            ("地址", self.address),
            ("排序", self.order),
            ("", self.active),
        ):
            form.addRow(label, widget)
        layout.addLayout(form)
        self.buttons = save_cancel_buttons(self)
        layout.addWidget(self.buttons)

    def value(self) -> units.Unit:
        return units.Unit(
            code=self.code.text().strip(),
            name=self.name.text().strip(),
            kind=str(self.kind.currentData()),
            liaison=self.liaison.text().strip(),
            phone=self.phone.text().strip(),
            address=self.address.text().strip(),
            active=self.active.isChecked(),
            sort_order=self.order.value(),
            id=self.original.id if self.original else None,
        )


class UnitsPage(RecordListPage[units.Unit]):
    page_id = "units"
    title = "责任单位"

    shows = frozenset({Area.UNITS})

    def __init__(self, prompts: Prompts, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        self.remove_button = QPushButton("停用 / 删除")
        self.import_button = QPushButton("从Excel导入……")
        self.blank_button = QPushButton("空白模板……")
        self.blank_button.setToolTip("保存一个只有表头的责任单位表格，填好后用“从Excel导入”导入")
        self.show_inactive = QCheckBox("显示已停用")
        super().__init__(
            prompts,
            tasks,
            COLUMNS,
            "units",
            add_text="新增单位……",
            stretch=5,
            extra=(self.remove_button, self.blank_button, self.import_button, self.show_inactive),
            parent=parent,
        )
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button.clicked.connect(lambda _checked=False: self.import_from_excel())
        self.blank_button.clicked.connect(lambda _checked=False: self.save_blank())
        self.show_inactive.toggled.connect(lambda _on: self.refresh())
        self.dialog: UnitDialog | None = None

    def refresh(self) -> None:
        if self.session is None:
            return
        rows = units.list_units(self.session.db, active_only=not self.show_inactive.isChecked())
        self.show_rows(rows, f"共 {len(rows)} 个")

    def open_dialog(self, unit: units.Unit | None) -> UnitDialog:
        dialog = UnitDialog(unit, self, self.prompts)
        dialog.buttons.accepted.connect(lambda: self._save(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _save(self, dialog: UnitDialog) -> None:
        if self.session is None:
            return
        db = self.session.db

        def write() -> str:
            unit = dialog.value()
            catalogue.save_unit(db, unit)
            return unit.name

        self.save_with(dialog, dialog.message, write)

    def remove_selected(self) -> None:
        unit = self.selected()
        if self.session is None or unit is None or unit.id is None:
            return
        if not unit.active:
            catalogue.reactivate_unit(self.session.db, unit.id)
            self.message.show_message(Level.INFO, f"已重新启用：{unit.name}")
            self.refresh()
            return
        question = (
            f"停用或删除“{unit.name}”？\n\n已有填报分工或数据的单位只会停用（历年数据保留），"
            "没有任何数据的单位会被删除。"
        )
        if not self.prompts.confirm("停用单位", question, "确定"):
            return
        try:
            deleted = catalogue.remove_unit(self.session.db, unit.id)
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return
        self.message.show_message(
            Level.INFO,
            f"已删除：{unit.name}"
            if deleted
            else f"“{unit.name}”已有数据，已停用（历年数据保留，可随时重新启用）。",
        )
        self.refresh()

    def save_blank(self, path: Path | None = None) -> Path | None:
        chosen = path or self.prompts.save_excel_path("保存责任单位空白模板", "责任单位模板.xlsx")
        if chosen is None:
            return None
        try:
            catalogue.write_units_template(chosen)
        except OSError as exc:
            self.message.show_message(Level.ERROR, f"无法保存：{exc.strerror or exc}")
            return None
        self.message.show_message(Level.INFO, f"空白模板已保存：{chosen}。填好后点“从Excel导入”。")
        return chosen

    def import_from_excel(self, path: Path | None = None, *, skip_bad: bool = False) -> Task | None:
        """Import; when some rows are bad, list them and offer to import the others (as the
        returned-template import does), instead of refusing the whole sheet."""
        if self.session is None:
            return None
        chosen = path or self.prompts.open_excel_path("导入责任单位")
        if chosen is None:
            return None
        db_path = self.session.path

        def work(_state: TaskState) -> object:
            with connection(db_path) as db:
                try:
                    return catalogue.import_units(db, chosen, skip_bad=skip_bad)
                except ImportProblem as exc:
                    if not exc.errors:
                        raise
                    return exc  # rows to show the clerk before going on

        def done(result: object) -> None:
            if isinstance(result, ImportProblem):
                question = result.report().replace("未导入，数据库没有任何改动。", "有以下问题：")
                if self.prompts.confirm(
                    "导入责任单位", question + "\n\n跳过这些行，导入其余的行吗？", "导入其余的行"
                ):
                    self.import_from_excel(chosen, skip_bad=True)
                else:
                    self.message.show_message(Level.ERROR, result.report())
                return
            assert isinstance(result, ImportResult)
            text = f"已导入：新增 {result.added} 个，更新 {result.updated} 个。"
            if result.skipped:
                text += f"跳过 {len(result.skipped)} 处问题：" + "；".join(
                    str(e) for e in result.skipped[:5]
                )
            self.message.show_message(Level.WARNING if result.skipped else Level.INFO, text)
            self.after(Changes.of(Area.UNITS))

        def failed(problem: Problem) -> None:
            self.message.show_message(Level.ERROR, problem.message)

        return self.tasks.start("正在导入责任单位……", work, done, failed)
