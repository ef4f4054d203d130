"""预警整改: the year's warned indicators sent to their lead units (预警通知书, 督办单) and where
each stands. The clerk issues the notices, types the unit's 整改措施, the 复查 date and result,
ticks 整改到位, links a 督导检查 record, escalates what was not put right, and writes the
notices to a folder (PDF or Word)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.operations import notices as ops
from desktop.operations.session import connection
from desktop.store import follow_ups as follow_up_store
from desktop.store.errors import StoreError
from desktop.ui import override
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.prompts import Prompts
from desktop.ui.runner import Problem, Task, TaskRunner, TaskState
from desktop.ui.widgets import button_bar, fit_columns
from desktop.ui.year_page import YearPage

HEADERS = (
    "通知编号",
    "单位",
    "指标",
    "预警",
    "整改期限",
    "整改措施",
    "复查日期",
    "复查结果",
    "整改到位",
    "督导检查记录",
    "状态",
)
EDITABLE = {5: "measures", 6: "review_on", 7: "review_result", 9: "inspection_id"}
DONE_COLUMN = 8
#: the indicator's and the warning's texts cut to these pixels (whole in their tooltips), so
#: that the columns the clerk fills stay in sight on a 1366-pixel screen; 整改措施, the one
#: she writes most in, takes the width left, and on a narrower window the two give way until
#: it has MEASURES_CHARACTERS (``column_fit.py``)
CUT = {2: 200, 3: 170}
MEASURES_COLUMN = 5
MEASURES_CHARACTERS = 12
OVERDUE = QColor("#fde2e1")
CLOSED = QColor("#d9f2dd")


class FollowUpPage(YearPage):
    page_id = "follow_up"
    title = "预警整改"

    def __init__(
        self, prompts: Prompts, tasks: TaskRunner | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self.tasks = tasks if tasks is not None else TaskRunner(self)
        self.rows: list[follow_up_store.FollowUp] = []
        self.edits: dict[int, dict[str, object]] = {}
        self._filling = False
        self.issue_button = QPushButton("发出预警通知书")
        self.escalate_button = QPushButton("选中事项转为督办")
        self.pdf_button = QPushButton("导出通知书PDF……")
        self.docx_button = QPushButton("导出通知书Word……")
        self.save_button = QPushButton("保存（Ctrl+S）")
        self.summary = QLabel()
        self.message = MessageBar()
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("follow_up_table")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._on_item_changed)
        bar = self.year_bar()
        bar.addWidget(self.summary)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(
            button_bar(
                self.issue_button,
                self.escalate_button,
                self.pdf_button,
                self.docx_button,
                trailing=self.save_button,
            )
        )
        self.issue_button.clicked.connect(lambda _c=False: self.issue())
        self.escalate_button.clicked.connect(lambda _c=False: self.escalate())
        self.pdf_button.clicked.connect(lambda _c=False: self.export("pdf"))
        self.docx_button.clicked.connect(lambda _c=False: self.export("docx"))
        self.save_button.clicked.connect(lambda _c=False: self.save())
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

    @override
    def can_leave(self) -> bool:
        return not self.edits or self.save()

    @override
    def _load(self) -> None:
        year = self.year_combo.year()
        if self.session is None or year is None:
            self.rows = []
        else:
            self.rows = follow_up_store.follow_ups(self.session.db, year=year)
        self.edits = {}
        today = date.today()
        self._filling = True
        self.table.setRowCount(len(self.rows))
        for row, f in enumerate(self.rows):
            texts = (
                f.number,
                f.unit,
                f.indicator,
                "；".join(x for x in (f.flags, f.reason) if x),
                f.due_on,
                f.measures,
                f.review_on,
                f.review_result,
                "",
                "" if f.inspection_id is None else str(f.inspection_id),
                f.state_label(today),
            )
            for column, value in enumerate(texts):
                item = QTableWidgetItem(value)
                if column in CUT:
                    item.setToolTip(value)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if f.state == "open" and column in EDITABLE:
                    flags |= Qt.ItemFlag.ItemIsEditable
                if column == DONE_COLUMN and f.state != "escalated":
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                    closed = f.state == "closed"
                    item.setCheckState(Qt.CheckState.Checked if closed else Qt.CheckState.Unchecked)
                item.setFlags(flags)
                if column == len(HEADERS) - 1:
                    if f.overdue(today):
                        item.setBackground(QBrush(OVERDUE))
                    elif f.state == "closed":
                        item.setBackground(QBrush(CLOSED))
                self.table.setItem(row, column, item)
        self._filling = False
        fit_columns(self.table, MEASURES_COLUMN, CUT, least=MEASURES_CHARACTERS)
        late = sum(1 for f in self.rows if f.overdue(today))
        self.summary.setText(
            f"共 {len(self.rows)} 项，逾期 {late} 项"
            if self.rows
            else "本年度还没有预警整改事项：点下方“发出预警通知书”，"
            "把监测结果中的预警指标通知牵头单位整改。"
        )

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        follow = self.rows[item.row()]
        values = self.edits.setdefault(follow.id, {})
        if item.column() == DONE_COLUMN:
            values["closed"] = item.checkState() == Qt.CheckState.Checked
        elif item.column() in EDITABLE:
            values[EDITABLE[item.column()]] = item.text().strip()
        self.save_button.setText("保存（Ctrl+S）*")

    def save(self) -> bool:
        if self.session is None or not self.edits:
            return True
        db = self.session.db
        try:
            for follow_up_id, values in self.edits.items():
                inspection = str(values.get("inspection_id", "") or "")
                if inspection and not inspection.isdigit():
                    raise ops.NoticeError(f"督导检查记录应填记录编号（数字）：{inspection}")
                closed = values.get("closed")
                ops.record_follow_up(
                    db,
                    follow_up_id,
                    measures=_text(values, "measures"),
                    review_on=_text(values, "review_on"),
                    review_result=_text(values, "review_result"),
                    closed=closed if isinstance(closed, bool) else None,
                    inspection_id=int(inspection) if inspection else None,
                )
        except ops.NoticeError as exc:
            self.message.show_message(Level.WARNING, str(exc))
            return False
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return False
        self.message.show_message(Level.INFO, f"已保存 {len(self.edits)} 项整改情况。")
        self.save_button.setText("保存（Ctrl+S）")
        self._load()
        return True

    def issue(self) -> None:
        year = self.year_combo.year()
        if self.session is None or year is None or not self.save():
            return
        due = date.today() + timedelta(days=ops.DEFAULT_DAYS)
        pending = ops.warnings_to_issue(self.session.db, year)
        items = sum(len(found) for found in pending.values())
        ask = (
            f"将向 {len(pending)} 个牵头单位发出{year}年度预警通知书，共 {items} 项预警指标，"
            f"整改期限 {due.isoformat()}。\n发出后各项列入本页跟踪整改，通知书按顺序编号。"
        )
        if pending and not self.prompts.confirm("发出预警通知书", ask, "发出"):
            return
        issued = ops.issue_warnings(self.session.db, year, due=due)
        if issued.notices:
            names = "、".join(n.unit for n in issued.notices)
            self.message.show_message(
                Level.INFO, f"已发出 {len(issued.notices)} 份预警通知书：{names}。"
            )
        else:
            self.message.show_message(Level.INFO, "没有新的预警需要发通知书。")
        self._load()

    def escalate(self) -> None:
        if self.session is None or not self.save():
            return
        chosen = sorted({i.row() for i in self.table.selectedIndexes()})
        ids = [self.rows[r].id for r in chosen]
        try:
            issued = ops.escalate(self.session.db, ids)
        except ops.NoticeError as exc:
            self.message.show_message(Level.WARNING, str(exc))
            return
        self.message.show_message(Level.INFO, f"已发出 {len(issued.notices)} 份督办单。")
        self._load()

    def export(self, fmt: str) -> Task | None:
        """Every notice of the year, one file each, through the runner (cancel leaves none)."""
        year = self.year_combo.year()
        if self.session is None or year is None:
            return None
        folder = self.prompts.choose_folder("选择保存通知书的文件夹")
        if folder is None:
            return None
        db_path = self.session.path

        def work(state: TaskState) -> list[Path]:
            with connection(db_path, read_only=True) as db:  # this thread's own connection
                return ops.write_notices(db, year, fmt, folder, progress=state.step)

        def done(result: object) -> None:
            written = result if isinstance(result, list) else []
            if written:
                text = f"已导出 {len(written)} 份通知书到 {folder}。"
                self.message.show_message(Level.INFO, text)
            else:  # cancelled (nothing left behind), or the year has no notices
                self.message.show_message(Level.WARNING, "没有导出通知书。")

        def failed(problem: Problem) -> None:
            self.message.show_message(Level.ERROR, problem.message)

        return self.tasks.start("正在导出通知书……", work, done, failed, show_progress=True)


def _text(values: dict[str, object], key: str) -> str | None:
    return str(values[key]) if key in values else None
