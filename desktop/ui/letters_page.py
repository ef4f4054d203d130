"""目标责任书: the year's letters with number and status, what is still unsigned, scans of the
signed copies, and PDF preview / print / export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QCheckBox, QDateEdit, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.operations import Area
from desktop.operations import letters as letter_ops
from desktop.operations.letter_dates import date_year_letters
from desktop.operations.letters import Written
from desktop.operations.session import connection
from desktop.reports.pdf.fonts import FontMissing
from desktop.store import letters, units
from desktop.store.errors import StoreError
from desktop.store.session import Session
from desktop.ui import override
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.pdf_preview import PdfPreview
from desktop.ui.prompts import Prompts
from desktop.ui.runner import Problem, Task, TaskRunner, TaskState
from desktop.ui.scratch import ScratchFolder
from desktop.ui.table_model import Column, RowsModel
from desktop.ui.tasks_dialog import TasksDialog
from desktop.ui.template_dialog import TemplateDialog
from desktop.ui.widgets import button_bar, fit_columns, record_table
from desktop.ui.year_page import YearPage

STATUS_COLOURS = {
    "draft": "#eeeeee",
    "issued": "#fff0d0",
    "signed": "#d9f2dd",
    "archived": "#d9e6f2",
}
NEXT_LABEL = {"draft": "标记为已印发", "issued": "标记为已签订", "signed": "标记为已归档"}


@dataclass(frozen=True)
class LetterRow:
    letter: letters.Letter
    unit: str
    tasks: int


COLUMNS: list[Column[LetterRow]] = [
    Column("文号", lambda r: r.letter.number),
    Column("责任单位", lambda r: r.unit),
    Column(
        "状态",
        lambda r: r.letter.status_label,
        background=lambda r: STATUS_COLOURS[r.letter.status],
    ),
    Column("印发日期", lambda r: r.letter.issued_on),
    Column("签订日期", lambda r: r.letter.signed_on),
    Column("任务数", lambda r: str(r.tasks), numeric=True),
    Column("签订扫描件", lambda r: "有" if r.letter.scan_id else ""),
    Column("落款日期", lambda r: r.letter.dated),
]


class LettersPage(YearPage):
    page_id = "letters"
    title = "目标责任书"
    shows = frozenset({Area.LETTERS, Area.UNITS, Area.ROUND})

    def __init__(self, prompts: Prompts, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self.tasks = tasks
        layout = QVBoxLayout(self)
        self.generate_button = QPushButton("生成本年度责任书")
        self.advance_button = QPushButton("标记为已印发")
        self.preview_button = QPushButton("预览 / 打印……")
        self.export_button = QPushButton("导出全部PDF……")
        self.scan_button = QPushButton("附加签订扫描件……")
        self.view_scan_button = QPushButton("查看扫描件")
        self.summary = QLabel()
        self.tasks_button = QPushButton("编辑任务……")
        self.template_button = QPushButton("编辑模板……")
        self.word_button = QPushButton("导出Word……")
        self.two_copies = QCheckBox("一式两份")
        self.duplex = QCheckBox("双面打印")
        self.duplex.setChecked(True)
        self.duplex.setToolTip("页数为奇数的责任书后加一页空白页，下一份从新的一张纸开始")
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setDisplayFormat("yyyy年M月d日")
        self.date_edit.setCalendarPopup(True)
        self.date_button = QPushButton("设为本年度落款日期")
        self.date_button.setToolTip("印在责任书上的日期；未设定时用印发日期")
        layout.addLayout(
            button_bar(
                QLabel("年度："),
                self.year_combo,
                self.generate_button,
                self.advance_button,
                self.preview_button,
                self.export_button,
                self.two_copies,
                self.duplex,
                trailing=self.summary,
            )
        )
        layout.addLayout(
            button_bar(
                self.tasks_button,
                self.scan_button,
                self.view_scan_button,
                self.word_button,
                self.template_button,
                QLabel("落款日期："),
                self.date_edit,
                self.date_button,
            )
        )
        self.message = MessageBar()
        layout.addWidget(self.message)
        self.model: RowsModel[LetterRow] = RowsModel(COLUMNS, self)
        self.view = record_table(self.model, "letters")
        layout.addWidget(self.view, 1)
        self.generate_button.clicked.connect(lambda _c=False: self.generate())
        self.advance_button.clicked.connect(lambda _c=False: self.advance_selected())
        self.preview_button.clicked.connect(lambda _c=False: self.preview_selected())
        self.export_button.clicked.connect(lambda _c=False: self.export_all())
        self.scan_button.clicked.connect(lambda _c=False: self.attach_scan())
        self.view_scan_button.clicked.connect(lambda _c=False: self.view_scan())
        self.tasks_button.clicked.connect(lambda _c=False: self.edit_tasks())
        self.template_button.clicked.connect(lambda _c=False: self.edit_template())
        self.word_button.clicked.connect(lambda _c=False: self.export_word())
        self.date_button.clicked.connect(lambda _c=False: self.set_letter_date())
        self.template_dialog: TemplateDialog | None = None
        self.tasks_dialog: TasksDialog | None = None
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.preview: PdfPreview | None = None
        self.scratch = ScratchFolder("letters")
        self._update_buttons()

    @override
    def set_session(self, session: Session | None) -> None:
        super().set_session(session)
        if session is None:
            self.scratch.remove()

    def _load(self) -> None:
        if self.session is None:
            return
        db = self.session.db
        year = self.year_combo.year()
        names = {u.id: u.name for u in units.list_units(db)}
        counts: dict[int, int] = {}
        for task in letters.tasks(db, year) if year else []:
            counts[task.unit_id] = counts.get(task.unit_id, 0) + 1
        rows = [
            LetterRow(x, names.get(x.unit_id, ""), counts.get(x.unit_id, 0))
            for x in (letters.letters(db, year) if year else [])
        ]
        self.model.set_rows(rows)
        fit_columns(self.view, 1)
        self._show_letter_date([r.letter for r in rows])
        unsigned = sum(1 for r in rows if r.letter.status in ("draft", "issued"))
        self.summary.setText(f"共 {len(rows)} 份，未签订 {unsigned} 份")
        self._update_buttons()

    def _show_letter_date(self, year_letters: list[letters.Letter]) -> None:
        """The year's 落款日期 as set, else the date the letters were issued, else today: never
        today's date offered for last year's letters as if it were theirs."""
        dates = [x.dated for x in year_letters if x.dated] or [
            x.issued_on for x in year_letters if x.issued_on
        ]
        day = QDate.fromString(dates[0][:10], "yyyy-MM-dd") if dates else QDate.currentDate()
        self.date_edit.setDate(day if day.isValid() else QDate.currentDate())

    def selected(self) -> LetterRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.preview_button, self.scan_button, self.tasks_button, self.word_button):
            button.setEnabled(row is not None)
            button.setToolTip("" if row is not None else "先在下表选中一份责任书")
        self.view_scan_button.setEnabled(row is not None and row.letter.scan_id is not None)
        label = NEXT_LABEL.get(row.letter.status) if row else None
        self.advance_button.setEnabled(label is not None)
        self.advance_button.setText(label or ("已归档" if row else "更改状态"))

    def _report(self, exc: Exception) -> None:
        text = exc.message if isinstance(exc, letters.LetterError | FontMissing) else describe(exc)
        self.message.show_message(Level.ERROR, text)

    def _show_error(self, problem: Problem) -> None:
        self.message.show_message(Level.ERROR, problem.message)

    def generate(self) -> None:
        year = self.year_combo.year()
        if self.session is None or year is None:
            return
        try:
            count, changes = letter_ops.number_year(self.session.db, year)
        except StoreError as exc:
            self._report(exc)
            return
        self.message.show_message(Level.INFO, f"{year}年度共有 {count} 份责任书（已编号）。")
        self.after(changes)

    def set_letter_date(self) -> None:
        """The date printed on all of the year's letters (numbering those without a number)."""
        year = self.year_combo.year()
        if self.session is None or year is None:
            return
        picked = self.date_edit.date()
        day = date(picked.year(), picked.month(), picked.day())
        try:
            changes = date_year_letters(self.session.db, year, day)
        except StoreError as exc:
            self._report(exc)
            return
        self.message.show_message(
            Level.INFO, f"{year}年度责任书的落款日期已设为{day.year}年{day.month}月{day.day}日。"
        )
        self.after(changes)

    def advance_selected(self) -> None:
        row = self.selected()
        if self.session is None or row is None:
            return
        try:
            changes = letter_ops.advance_letter(self.session.db, row.letter.id, date.today())
        except (letters.LetterError, StoreError) as exc:
            self._report(exc)
            return
        keep = self.view.selectionModel().selectedRows()[0].row()
        self.after(changes)
        self.view.selectRow(keep)

    def preview_selected(self, template: str | None = None) -> Task | None:
        """The selected letter as a PDF (written off the window's thread), then the preview
        window (``self.preview``); ``template``: the template dialog's unsaved text."""
        row = self.selected()
        year = self.year_combo.year()
        if self.session is None or row is None or year is None:
            return None
        db_path = self.session.path
        unit_code = units.get(self.session.db, row.letter.unit_id).code
        path = self.scratch.path() / f"{row.letter.sequence}.pdf"
        title = f"预览：{row.unit} {row.letter.number}"

        def work(state: TaskState) -> Written:
            with connection(db_path) as db:  # this thread's own connection
                return letter_ops.write_letters(
                    db, year, path, unit_code=unit_code, template=template
                )

        def done(result: object) -> None:
            if not isinstance(result, Written):
                return
            self.preview = PdfPreview(path, title, self)
            self.preview.open()

        return self.tasks.start("正在生成预览……", work, done, self._show_error)

    def export_all(self) -> Task | None:
        year = self.year_combo.year()
        if self.session is None or year is None:
            return None
        folder = self.prompts.choose_folder(
            f"把{year}年度责任书保存到哪个文件夹（每个单位一个PDF）"
        )
        if folder is None:
            return None
        db_path = self.session.path

        copies = 2 if self.two_copies.isChecked() else 1
        duplex = None if self.duplex.isChecked() else False  # on: blank backs when 一式两份

        def work(state: TaskState) -> Written:
            with connection(db_path) as db:  # this thread's own connection
                return letter_ops.write_letters(
                    db, year, folder, copies=copies, progress=state.step, duplex=duplex
                )

        def done(result: object) -> None:
            count = len(result.paths) if isinstance(result, Written) else 0
            if count:
                self.message.show_message(Level.INFO, f"已导出 {count} 份责任书到：{folder}")
            else:
                self.message.show_message(Level.WARNING, "已取消，没有留下任何文件。")
            if isinstance(result, Written):
                self.after(result.changes)  # new letters were numbered

        return self.tasks.start(
            "正在生成责任书……", work, done, self._show_error, show_progress=True
        )

    def attach_scan(self, path: Path | None = None) -> None:
        row = self.selected()
        if self.session is None or row is None:
            return
        path = path or self.prompts.open_scan_path()
        if path is None:
            return
        try:
            changes = letter_ops.attach_scan(self.session.db, row.letter.id, path)
        except (letters.LetterError, StoreError) as exc:
            self._report(exc)
            return
        except OSError as exc:
            self.message.show_message(Level.ERROR, f"无法读取扫描件：{exc.strerror}")
            return
        self.message.show_message(Level.INFO, f"已保存扫描件：{path.name}（存放在数据库文件内）")
        self.after(changes)

    def view_scan(self) -> Path | None:
        row = self.selected()
        if self.session is None or row is None or row.letter.scan_id is None:
            return None
        name, _mime, data = letters.scan(self.session.db, row.letter.scan_id)
        target = self.scratch.path() / name
        target.write_bytes(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        return target

    def edit_tasks(self) -> TasksDialog | None:
        row = self.selected()
        year = self.year_combo.year()
        if self.session is None or row is None or year is None:
            return None
        dialog = TasksDialog(self.session.db, year, row.letter.unit_id, row.unit, self)
        dialog.finished.connect(lambda _r: self._load())
        self.tasks_dialog = dialog
        dialog.open()
        return dialog

    def edit_template(self) -> TemplateDialog | None:
        if self.session is None:
            return None
        preview = self.preview_selected if self.selected() is not None else None
        dialog = TemplateDialog(self.session.db, preview, self, self.prompts)
        self.template_dialog = dialog
        dialog.open()
        return dialog

    def export_word(self) -> Task | None:
        """The selected letter as .docx, to adjust by hand in Word or WPS (off the GUI thread)."""
        row = self.selected()
        year = self.year_combo.year()
        if self.session is None or row is None or year is None:
            return None
        folder = self.prompts.choose_folder("把Word版责任书保存到哪个文件夹")
        if folder is None:
            return None
        db_path = self.session.path
        unit_code = units.get(self.session.db, row.letter.unit_id).code

        def work(state: TaskState) -> Written:
            with connection(db_path) as db:
                return letter_ops.write_letters(
                    db, year, folder, unit_code=unit_code, fmt="docx", progress=state.step
                )

        def done(result: object) -> None:
            if isinstance(result, Written) and result.paths:
                self.message.show_message(Level.INFO, f"已导出：{result.paths[0]}")

        return self.tasks.start("正在导出Word版责任书……", work, done, self._show_error)
