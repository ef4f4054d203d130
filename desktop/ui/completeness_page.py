"""填报进度: each unit's assigned / entered / confirmed counts for a year, and lateness.

Double-click a unit to open its form. Year set-up (copy from last year, deadline) lives here.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.exchange.returns import FilePreview
from desktop.operations import NOTHING, Area
from desktop.operations import monitoring as ops
from desktop.operations.returned_files import ImportRefused, import_file, preview_returns
from desktop.operations.rounds import ROUND_CHANGES, new_year
from desktop.operations.session import connection
from desktop.operations.unit_forms import write_unit_forms
from desktop.store import monitoring, round_progress, year_lock, year_rollover
from desktop.store.errors import StoreError
from desktop.ui.errors import describe
from desktop.ui.flow_layout import flow_row
from desktop.ui.import_dialog import OPERATION_CHOICE, SKIP, ImportDialog
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.prompts import Prompts
from desktop.ui.runner import Problem, Task, TaskRunner, TaskState
from desktop.ui.table_model import STATUS_COLOURS, Column, RowsModel
from desktop.ui.widgets import YearCombo, fit_columns, record_table
from desktop.ui.year_page import YearPage

Progress = round_progress.UnitProgress

#: red for what is still owed, pale for a report that came in late but came in
LATE_COLOURS = {"逾期未报": "#fde2e1", "逾期未确认": "#fde2e1", "逾期确认": "#fff4ce"}


def late_text(p: Progress) -> str:
    """Whether the unit is past the deadline and what that means now: still owed, or done."""
    if not p.late:
        return ""
    return {"complete": "逾期确认", "entered": "逾期未确认"}.get(p.state, "逾期未报")


COLUMNS: list[Column[Progress]] = [
    Column("编码", lambda p: p.code),
    Column("单位", lambda p: p.name),
    Column("应填", lambda p: str(p.assigned), numeric=True),
    Column("已填", lambda p: str(p.entered), numeric=True),
    Column("状态", lambda p: p.state_label, background=lambda p: STATUS_COLOURS[p.state]),
    Column("确认时间", lambda p: p.completed_at or ""),
    Column("是否逾期", late_text, background=lambda p: LATE_COLOURS.get(late_text(p))),
]


def monitoring_year(today: date) -> int:
    """The year a new round is most likely for: until the spring reporting deadline, last
    year's data are still being collected; after it, this year is the one in progress."""
    return today.year - 1 if today.month <= 3 else today.year


class YearDialog(QDialog):
    """新建年度: copy assignments, responsibilities and targets from a year; set the deadline."""

    def __init__(
        self, years: list[int], parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建监测年度")
        form = QFormLayout(self)
        latest = max(years) if years else None
        proposed = monitoring_year(today or date.today())
        if latest is not None and proposed <= latest:
            proposed = latest + 1
        self.source = YearCombo()
        self.source.set_years(years, select=latest)
        self.source.addItem("不复制，从空白开始", None)
        self.target = QSpinBox()
        self.target.setRange(2000, 2100)
        self.target.setValue(proposed)
        # the data of a year are reported in the next spring
        self.deadline = QDateEdit(QDate(proposed + 1, 3, 31))
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        form.addRow("复制自：", self.source)
        form.addRow("新年度：", self.target)
        form.addRow("填报截止日期：", self.deadline)
        self.note = QLabel()
        self.note.setWordWrap(True)
        form.addRow(self.note)
        self.source.currentIndexChanged.connect(lambda _i: self._update_note())
        self.target.valueChanged.connect(self._on_target_changed)
        self._update_note()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _on_target_changed(self, year: int) -> None:
        self.deadline.setDate(QDate(year + 1, 3, 31))
        self._update_note()

    def _update_note(self) -> None:
        """What 创建 will do, for the choice made now (issue 22)."""
        source = self.source.year()
        target = self.target.value()
        if source is None:
            self.note.setText(
                f"{target}年度从空白开始：不复制任何分工和目标，请在分工矩阵中逐项设置。"
            )
        else:
            self.note.setText(
                f"将把{source}年度的填报分工、牵头/配合单位和年度目标复制到{target}年度"
                "（停用的单位除外），之后可在分工矩阵中调整。"
            )


class CompletenessPage(YearPage):
    page_id = "completeness"
    title = "填报进度"
    shows = frozenset({Area.ROUND, Area.VALUES, Area.UNITS})
    unit_requested = Signal(int, int)  # year, unit id
    year_created = Signal(int)

    def __init__(self, prompts: Prompts, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self.tasks = tasks
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.deadline_edit = QDateEdit()
        self.deadline_edit.setCalendarPopup(True)
        self.deadline_edit.setDisplayFormat("yyyy-MM-dd")
        self.deadline_edit.setSpecialValueText("未设置")  # shown at the minimum date
        self.deadline_button = QPushButton("设置截止日期")
        self.new_year_button = QPushButton("新建年度……")
        self.templates_button = QPushButton("生成填报模板……")
        self.unit_template_button = QPushButton("所选单位模板……")
        self.import_button = QPushButton("导入回收文件……")
        self.lock_button = QPushButton("锁定年度")
        self.lock_button.setToolTip(
            "本年度各单位数据审核完毕、报送县级后锁定：不能再修改、导入或复制到本年度"
        )
        # one wrapping row: on a 1366-pixel laptop the buttons take a second line, never the
        # window's width (issue 22)
        layout.addWidget(
            flow_row(
                QLabel("年度："),
                self.year_combo,
                QLabel("截止："),
                self.deadline_edit,
                self.deadline_button,
                self.new_year_button,
                self.templates_button,
                self.unit_template_button,
                self.import_button,
                self.lock_button,
            )
        )
        layout.addWidget(self.summary)
        self.message = MessageBar()
        layout.addWidget(self.message)
        self.lock_state = QLabel()
        self.lock_state.setWordWrap(True)
        layout.addWidget(self.lock_state)
        self.model: RowsModel[Progress] = RowsModel(COLUMNS, self)
        self.view = record_table(self.model, "completeness")
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self._on_double_clicked)
        layout.addWidget(self.view, 1)
        layout.addWidget(QLabel("双击单位打开它的填报表。"))
        self.deadline_button.clicked.connect(self._on_set_deadline)
        self.new_year_button.clicked.connect(self.new_year)
        self.templates_button.clicked.connect(lambda _checked=False: self.make_templates())
        self.unit_template_button.clicked.connect(
            lambda _checked=False: self.make_templates(selected_only=True)
        )
        self.import_button.clicked.connect(lambda _checked=False: self.import_returns())
        self.lock_button.clicked.connect(lambda _checked=False: self.toggle_lock())
        self.import_dialog: ImportDialog | None = None
        self.dialog: YearDialog | None = None

    def _load(self) -> None:
        if self.session is None:
            return
        year = self.year_combo.year()
        rows = round_progress.completeness(self.session.db, year) if year else []
        self.model.set_rows(rows)
        fit_columns(self.view, 1)
        current = round_progress.get_round(self.session.db, year) if year else None
        if current and current.deadline:
            self.deadline_edit.setDate(QDate.fromString(current.deadline, "yyyy-MM-dd"))
        elif year is not None:  # proposed: the next spring
            self.deadline_edit.setDate(QDate(year + 1, 3, 31))
        else:  # an empty database: "未设置", never "2000-01-01"
            self.deadline_edit.setDate(self.deadline_edit.minimumDate())
        self.deadline_edit.setEnabled(year is not None)
        self.deadline_button.setEnabled(year is not None)
        states = Counter(r.state for r in rows)
        owed = sum(1 for r in rows if r.late and r.state != "complete")
        late_done = sum(1 for r in rows if r.late and r.state == "complete")
        deadline = current.deadline if current and current.deadline else "未设置"
        self.summary.setText(
            f"  共 {len(rows)} 个单位：已确认 {states['complete']}，"
            f"已填报待确认 {states['entered']}，未填报 {states['pending']}；"
            f"逾期未完成 {owed}，逾期确认 {late_done}；截止 {deadline}"
        )
        self._show_lock(year)

    def _show_lock(self, year: int | None) -> None:
        if self.session is None or year is None:
            self.lock_state.setText("")
            return
        db = self.session.db
        locked = year_lock.is_locked(db, year)
        self.lock_button.setText("解锁……" if locked else "锁定年度")
        events = year_lock.history(db, year)
        state = f"🔒 {year}年度已锁定：不能修改、导入或复制。" if locked else ""
        trail = "；".join(e.text for e in events)
        self.lock_state.setText(state + (f"  锁定记录：{trail}" if trail else ""))
        self.lock_state.setStyleSheet("color: #8a1f11;" if locked else "color: #555;")

    def toggle_lock(self) -> None:
        """锁定年度, or 解锁 with a reason (asked)."""
        year = self.year_combo.year()
        if self.session is None or year is None:
            return
        db = self.session.db
        try:
            if year_lock.is_locked(db, year):
                reason = self.prompts.ask_text(f"解锁{year}年度", "解锁原因（将记录在案）：")
                if reason is None:
                    return
                if not reason.strip():
                    self.message.show_message(Level.WARNING, "解锁需要填写原因。")
                    return
                ops.unlock_year(db, year, reason)
                self.message.show_message(Level.INFO, f"{year}年度已解锁。")
            else:
                if not self.prompts.confirm(
                    "锁定年度",
                    f"锁定后，{year}年度的数据不能再修改、导入，也不能复制到本年度。确定锁定吗？",
                    "锁定",
                ):
                    return
                ops.lock_year(db, year)
                self.message.show_message(Level.INFO, f"{year}年度已锁定。")
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return
        self._load()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        year = self.year_combo.year()
        if year is not None and index.isValid():
            self.unit_requested.emit(year, self.model.row_at(index.row()).unit_id)

    def _on_set_deadline(self) -> None:
        year = self.year_combo.year()
        if self.session is None or year is None:
            return
        try:
            monitoring.open_round(
                self.session.db, year, self.deadline_edit.date().toString("yyyy-MM-dd")
            )
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return
        self.message.show_message(Level.INFO, "截止日期已保存。")
        self._load()

    def new_year(self) -> YearDialog:
        dialog = YearDialog(round_progress.years(self.session.db) if self.session else [], self)
        dialog.accepted.connect(lambda: self._create_year(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _create_year(self, dialog: YearDialog) -> None:
        if self.session is None:
            return
        source = dialog.source.year()
        target = dialog.target.value()
        deadline = dialog.deadline.date().toString("yyyy-MM-dd")
        try:
            counts = new_year(self.session.db, target, source=source, deadline=deadline)
        except year_rollover.RolloverError as exc:
            self.message.show_message(Level.ERROR, exc.message)
            return
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return
        self.message.show_message(
            Level.INFO,
            f"已创建{target}年度：复制填报分工 {counts['assignment']} 项、"
            f"牵头/配合 {counts['responsibility']} 项、年度目标 {counts['target']} 项、"
            f"任务 {counts.get('task', 0)} 项。",
        )
        self.year_combo.set_years(round_progress.years(self.session.db), select=target)
        self._load()
        self.operation_done.emit(ROUND_CHANGES)
        self.year_created.emit(target)

    # ----- offline exchange ----------------------------------------------------------------
    def make_templates(self, *, selected_only: bool = False) -> Task | None:
        """Templates of all units (or the selected one) into a folder, off the GUI thread,
        with progress and cancel."""
        year = self.year_combo.year()
        if self.session is None or year is None:
            return None
        unit_code: str | None = None
        if selected_only:
            rows = self.view.selectionModel().selectedRows()
            if not rows:
                self.message.show_message(Level.WARNING, "请先在表中选中一个单位。")
                return None
            unit_code = self.model.row_at(rows[0].row()).code
        folder = self.prompts.choose_folder(f"把{year}年度填报模板保存到哪个文件夹")
        if folder is None:
            return None
        db_path = self.session.path

        def work(state: TaskState) -> list[Path]:
            with connection(db_path, read_only=True) as db:  # this thread's own connection
                return write_unit_forms(db, year, folder, unit_code=unit_code, progress=state.step)

        def done(result: object) -> None:
            written = result if isinstance(result, list) else []
            if written:
                self.message.show_message(Level.INFO, f"已生成 {len(written)} 个填报模板：{folder}")
            else:
                self.message.show_message(Level.WARNING, "已取消，没有留下任何文件。")

        def failed(problem: Problem) -> None:
            self.message.show_message(Level.ERROR, "生成模板失败：" + problem.message)

        return self.tasks.start("正在生成填报模板……", work, done, failed, show_progress=True)

    def import_returns(self, paths: list[Path] | None = None) -> Task | None:
        """Read the returned workbooks off the window's thread, then show the preview dialog
        (``import_dialog``) where the clerk decides file by file."""
        if self.session is None:
            return None
        paths = paths if paths is not None else self.prompts.open_excel_paths("选择回收的填报表")
        if not paths:
            return None
        self.import_dialog = None
        db_path = self.session.path

        def work(state: TaskState) -> list[FilePreview]:
            with connection(db_path, read_only=True) as db:
                return preview_returns(db, paths)

        def done(result: object) -> None:
            if self.session is None or not isinstance(result, list):
                return
            dialog = ImportDialog(result, self)
            dialog.accepted.connect(lambda: self._apply_imports(dialog))
            self.import_dialog = dialog
            dialog.open()

        def failed(problem: Problem) -> None:
            self.message.show_message(Level.ERROR, problem.message)

        return self.tasks.start("正在读取回收的填报表……", work, done, failed)

    def _apply_imports(self, dialog: ImportDialog) -> None:
        if self.session is None:
            return
        applied, skipped, left_out, failed = 0, 0, 0, []
        changes = NOTHING
        for preview, choice in dialog.decisions():
            if choice == SKIP:
                skipped += 1
                continue
            try:
                done = import_file(self.session.db, preview, OPERATION_CHOICE[choice])
                applied += 1
                left_out += preview.count("invalid")
                changes |= done.changes
            except ImportRefused as exc:
                failed.append(f"{preview.path.name}：{exc.message}")
            except StoreError as exc:
                failed.append(f"{preview.path.name}：{describe(exc)}")
        text = f"已导入 {applied} 个文件，跳过 {skipped} 个。"
        if left_out:
            text += f"有误的 {left_out} 行没有导入，改正后可再导入这些文件。"
        if failed:
            self.message.show_message(Level.ERROR, text + "\n" + "\n".join(failed))
        else:
            self.message.show_message(Level.INFO, text)
        self.after(changes)
