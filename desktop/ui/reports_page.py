"""报表: every report of the catalogue with its year, period or subject, a preview of the
printed pages, 导出Excel / 导出PDF / 打印. Reports are made off the GUI thread (their own
read-only connection), with progress and cancel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.field_numbers import DateType
from desktop.forms.fields import FieldError, Options
from desktop.operations.reports import export_report
from desktop.operations.session import connection
from desktop.outputs.reports import formats_for
from desktop.reports import catalog
from desktop.reports.pdf.fonts import FontMissing
from desktop.store import indicators, round_progress
from desktop.store.session import Session
from desktop.ui import override
from desktop.ui.flow_layout import flow_row
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.pages import Page
from desktop.ui.pdf_preview import PdfPreview
from desktop.ui.prompts import Prompts
from desktop.ui.runner import Problem, Task, TaskRunner, TaskState
from desktop.ui.scratch import ScratchFolder
from desktop.ui.widgets import YearCombo


class ReportsPage(Page):
    page_id = "reports"
    title = "报表"

    def __init__(self, prompts: Prompts, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self.tasks = tasks
        self.scratch = ScratchFolder("reports")
        self.last_output: Path | None = None
        self.printer: PdfPreview | None = None
        splitter = QSplitter()
        self.kinds = QListWidget()
        self.kinds.setObjectName("report_kinds")
        for kind in catalog.KINDS.values():
            item = QListWidgetItem(kind.title)
            item.setData(Qt.ItemDataRole.UserRole, kind.key)
            item.setToolTip(kind.hint)
            self.kinds.addItem(item)
        self.kinds.setMaximumWidth(180)
        splitter.addWidget(self.kinds)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.addLayout(self._parameters())
        self.message = MessageBar()
        layout.addWidget(self.message)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout.addWidget(self.view, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([180, 1000])  # no empty band beside the narrow list (issue 22)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)
        self.kinds.currentRowChanged.connect(lambda _row: self._on_kind())
        self.kinds.setCurrentRow(0)

    def _parameters(self) -> QVBoxLayout:
        self.year_combo = YearCombo()
        self.subject = QComboBox()
        self.subject.setObjectName("report_subject")
        self.subject.setMinimumWidth(220)
        self.date_from = QLineEdit()
        self.date_to = QLineEdit()
        for edit, hint in ((self.date_from, "起始日期"), (self.date_to, "截止日期")):
            edit.setPlaceholderText(hint)
            edit.setFixedWidth(100)
        self.year_label = QLabel("年度：")
        self.subject_label = QLabel("对象：")
        self.period_label = QLabel("期间：")
        self.to_label = QLabel("至")
        self.preview_button = QPushButton("预览")
        self.excel_button = QPushButton("导出Excel……")
        self.pdf_button = QPushButton("导出PDF……")
        self.word_button = QPushButton("导出Word……")  # official documents, to edit
        self.print_button = QPushButton("打印……")
        self.preview_button.clicked.connect(lambda _c=False: self.preview())
        self.excel_button.clicked.connect(lambda _c=False: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda _c=False: self.export("pdf"))
        self.word_button.clicked.connect(lambda _c=False: self.export("docx"))
        self.print_button.clicked.connect(lambda _c=False: self.print_report())
        # a wrapping row: the buttons take a second line on a narrow screen (issue 22)
        row = flow_row(
            self.year_label,
            self.year_combo,
            self.subject_label,
            self.subject,
            self.period_label,
            self.date_from,
            self.to_label,
            self.date_to,
            self.preview_button,
            self.excel_button,
            self.pdf_button,
            self.word_button,
            self.print_button,
        )
        rows = QVBoxLayout()
        rows.addWidget(row)
        return rows

    # ----- state ---------------------------------------------------------------------------
    @override
    def set_session(self, session: Session | None) -> None:
        super().set_session(session)
        if session is None:
            self.document.close()
            self.scratch.remove()

    @override
    def reset(self) -> None:
        super().reset()
        self.document.close()  # the other database's preview
        self.year_combo.clear()

    @override
    def refresh(self) -> None:
        if self.session is None:
            return
        self.year_combo.set_years(round_progress.years(self.session.db))
        self._on_kind()

    def kind(self) -> catalog.ReportKind:
        item = self.kinds.currentItem()
        key = item.data(Qt.ItemDataRole.UserRole) if item else "monitoring"
        return catalog.KINDS[str(key)]

    def _on_kind(self) -> None:
        kind = self.kind()
        needs = kind.needs
        groups: tuple[tuple[tuple[QWidget, ...], bool], ...] = (
            ((self.year_label, self.year_combo), needs in ("year", "period")),
            ((self.subject_label, self.subject), needs in ("argument", "register")),
            (
                (self.period_label, self.date_from, self.to_label, self.date_to),
                needs in ("period", "register"),
            ),
        )
        for widgets, visible in groups:
            for widget in widgets:
                widget.setVisible(visible)
        formats = formats_for(kind.key)
        self.excel_button.setVisible("xlsx" in formats)
        self.word_button.setVisible("docx" in formats)
        self._fill_subjects(needs)
        # another report's preview, or one made before the data changed, is not shown as this
        self.document.close()
        self.message.show_message(Level.INFO, ready_hint(needs))

    def _fill_subjects(self, needs: str) -> None:
        self.subject.clear()
        if self.session is None:
            return
        if needs == "argument":
            catalogue = indicators.list_indicators(self.session.db)
            for domain in dict.fromkeys(i.domain for i in catalogue):
                self.subject.addItem(f"领域：{domain}", domain)
            for indicator in catalogue:
                self.subject.addItem(f"{indicator.code} {indicator.name}", indicator.code)
        elif needs == "register":
            for form in self.session.forms:
                self.subject.addItem(form.title, form.id)

    def request(self) -> catalog.Request | None:
        kind = self.kind()
        try:
            date_from = self._date(self.date_from)
            date_to = self._date(self.date_to)
        except FieldError as exc:
            self.message.show_message(Level.WARNING, f"日期：{exc}")
            return None
        year = self.year_combo.year() if kind.needs in ("year", "period") else None
        if kind.needs == "period" and (date_from or date_to):
            year = None
        argument = str(self.subject.currentData() or "")
        return catalog.Request(kind.key, year, date_from, date_to, argument)

    @staticmethod
    def _date(edit: QLineEdit) -> str | None:
        if not edit.isVisible() or not edit.text().strip():
            return None
        return str(DateType(Options()).parse(edit.text()))

    # ----- making reports ------------------------------------------------------------------
    def _start(self, fmt: str, out: Path, then: object) -> Task | None:
        request = self.request()
        if self.session is None or request is None:
            return None
        path, forms = self.session.path, self.session.forms

        def work(state: TaskState) -> Path | None:
            with connection(path, read_only=True) as db:  # this thread's own connection
                return export_report(
                    db, forms, request, fmt, out, today=date.today(), progress=state.step
                )

        def failed(problem: Problem) -> None:
            known = isinstance(problem.error, catalog.ReportError | FontMissing)
            self.message.show_message(Level.WARNING if known else Level.ERROR, problem.message)

        def done(result: object) -> None:
            if not isinstance(result, Path):
                self.message.show_message(Level.WARNING, "已取消。")
                return
            self.last_output = result
            then(result)  # type: ignore[operator]

        return self.tasks.start(
            f"正在生成“{catalog.KINDS[request.key].title}”……",
            work,
            done,
            failed,
            show_progress=request.key == "summary",
        )

    def preview(self) -> Task | None:
        key = self.kind().key
        out = self.scratch.path() / f"preview-{key}.pdf"
        self.document.close()

        def show(path: Path) -> None:
            if self.kind().key != key:
                return  # the clerk chose another report meanwhile
            self.document.load(str(path))
            self.view.verticalScrollBar().setValue(0)  # a new preview opens at its top
            pages = self.document.pageCount()
            self.message.show_message(Level.INFO, f"预览：共 {pages} 页。")

        return self._start("pdf", out, show)

    def export(self, fmt: str) -> Task | None:
        request = self.request()
        if request is None:
            return None
        name = f"{request.file_stem()}.{fmt}"
        title = f"导出{self.kind().title}"
        ask = {"xlsx": self.prompts.save_excel_path, "docx": self.prompts.save_word_path}
        path = ask.get(fmt, self.prompts.save_pdf_path)(title, name)
        if path is None:
            return None
        return self._start(
            fmt,
            path,
            lambda p: self.message.show_message(Level.INFO, f"已导出：{p}"),
        )

    def print_report(self) -> Task | None:
        out = self.scratch.path() / f"print-{self.kind().key}.pdf"

        def show(path: Path) -> None:
            self.printer = PdfPreview(path, f"打印：{self.kind().title}", self)
            self.printer.open()

        return self._start("pdf", out, show)


def ready_hint(needs: str) -> str:
    """What the page says before a preview: how to get one, and what the dates do."""
    dates = {
        "period": "填了起止日期就按期间统计（不看年度），不填按所选年度。",
        "register": "起止日期可不填（列出全部记录）。",
    }
    return "选好条件后点“预览”查看，或直接导出、打印。" + dates.get(needs, "")
