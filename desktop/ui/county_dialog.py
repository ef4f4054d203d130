"""上报县级 (a township database) and 乡镇上报 (a county database): one small dialog.

Township: year, format, 草稿, the folder; writes the county's table (Excel + PDF) through
``operations.submission.submit``. County: 乡镇上报进度 for a year, 导入乡镇上报 (each file
previewed: new / changed old → new / unchanged; the clerk confirms before anything is
written), 导出汇总 and 乡镇名单 (``ui.township_list``) through ``operations.county``. Writing,
reading the files and merging run off the window's thread through the ``TaskRunner``; a known
problem shows in the status line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.submission_format import FormatError, available
from desktop.operations import county as county_ops
from desktop.operations.session import connection
from desktop.operations.submission import Submitted, submit
from desktop.reports import county_report
from desktop.store import submissions
from desktop.store.database import Database
from desktop.ui.runner import Problem, Task, TaskRunner, TaskState
from desktop.ui.township_list import TownshipList


class CountyDialog(QDialog):
    def __init__(self, db: Database, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.tasks = tasks
        self.county = submissions.is_county(db)
        self.setWindowTitle("乡镇上报" if self.county else "上报县级")
        self.resize(760, 460)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度"))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year - 1)
        top.addWidget(self.year)
        layout.addLayout(top)
        self.merging: Task | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        if self.county:
            self._county_part(top, layout)
        else:
            self._township_part(top)
        top.addStretch()
        layout.addWidget(self.status)
        if not self.county:
            layout.addStretch()

    # ----- township: 上报县级 ---------------------------------------------------------------
    def _township_part(self, top: QHBoxLayout) -> None:
        top.addWidget(QLabel("上报格式"))
        self.format = QComboBox()
        try:
            for fmt in available().values():
                self.format.addItem(f"{fmt.table_number} {fmt.title}", fmt.id)
        except FormatError as exc:
            self.status.setText(str(exc))
        top.addWidget(self.format)
        self.draft = QCheckBox("生成草稿（有单位未确认时）")
        top.addWidget(self.draft)
        button = QPushButton("生成上报文件……")
        button.clicked.connect(self._on_submit_clicked)
        top.addWidget(button)

    def _on_submit_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择保存上报文件的文件夹")
        if folder:
            self.submit_to(Path(folder))

    def submit_to(self, folder: Path) -> Task:
        path, year = self.db.path, self.year.value()
        format_id, draft = self.format.currentData(), self.draft.isChecked()

        def work(state: TaskState) -> Submitted:
            with connection(path) as db:  # this thread's own connection
                return submit(db, year, folder, format_id=format_id, draft=draft)

        def done(result: object) -> None:
            if not isinstance(result, Submitted):
                return
            names = "\n".join(p.name for p in result.files)
            self.status.setText(
                f"已生成：\n{names}\n校验码 {result.submission.content_hash[:16].upper()}"
                "（打印在纸质表上，县级导入时核对）。Excel报县级导入，PDF打印盖章。"
            )

        self.status.setText("正在生成上报文件……")
        return self.tasks.start("正在生成上报文件……", work, done, self._show_problem)

    def _show_problem(self, problem: Problem) -> None:
        self.status.setText(problem.message)

    # ----- county: 乡镇上报 -----------------------------------------------------------------
    def _county_part(self, top: QHBoxLayout, layout: QVBoxLayout) -> None:
        self.year.valueChanged.connect(self.refresh)
        merge = QPushButton("导入乡镇上报……")
        merge.clicked.connect(self._on_merge_clicked)
        top.addWidget(merge)
        export = QPushButton("导出汇总……")
        export.clicked.connect(self._on_export_clicked)
        top.addWidget(export)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            ["乡镇", "状态", "报出时间", "导入时间", "上报次数", "逾期"]
        )
        self.values = QTableWidget(0, 0)
        self.evaluation = QTableWidget(0, 0)
        tabs = QTabWidget()
        tabs.addTab(self.table, "乡镇上报进度")
        tabs.addTab(self.values, "各乡镇指标值与全县合计")
        tabs.addTab(self.evaluation, "全县指标评价")
        self.townships = TownshipList(self.db, self.refresh)
        tabs.addTab(self.townships, "乡镇名单")
        layout.addWidget(tabs)
        self.refresh()

    def refresh(self) -> None:
        rows = county_report.progress(self.db, self.year.value())
        self.table.setRowCount(len(rows))
        for r, p in enumerate(rows):
            texts = (p.township, p.state, p.generated_at, p.imported_at, str(p.times))
            for c, value in enumerate((*texts, "逾期" if p.late else "")):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        report = county_report.build(self.db, self.year.value())
        for widget, title in ((self.values, "乡镇指标值"), (self.evaluation, "县级评价")):
            table = next(t for t in report.tables() if t.title == title)
            widget.setColumnCount(len(table.columns))
            widget.setHorizontalHeaderLabels([c.title for c in table.columns])
            widget.setRowCount(len(table.rows))
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row):
                    widget.setItem(r, c, QTableWidgetItem(cell.text))
            widget.resizeColumnsToContents()

    def _on_merge_clicked(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, "选择乡镇上报文件", "", "Excel 工作簿 (*.xlsx)"
        )
        if files:
            self.merge([Path(f) for f in files], confirm=self._confirm)

    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, "导入乡镇上报", text)
        return answer == QMessageBox.StandardButton.Yes

    def merge(self, files: list[Path], *, confirm: Callable[[str], bool]) -> Task:
        """Read and check ``files`` off the window's thread, ask ``confirm`` with what merging
        would change, then merge the usable ones (again off the window's thread)."""
        path = self.db.path

        def read(state: TaskState) -> list[county_ops.MergePreview]:
            with connection(path, read_only=True) as db:
                return county_ops.preview_merge(db, files)

        def previewed(result: object) -> None:
            previews: list[county_ops.MergePreview] = result if isinstance(result, list) else []
            lines = []
            for preview in previews:
                lines.append(preview.summary())
                lines += [f"  {d.name}：{d.old} → {d.new}" for d in preview.changed[:10]]
            usable = [p for p in previews if not p.refused]
            self.status.setText("\n".join(lines))
            if usable and confirm("\n".join([*lines, "", "导入可以导入的文件？"])):
                self.merging = self._merge_usable(usable, lines)
            else:
                self._after_merge()

        self.status.setText("正在读取乡镇上报文件……")
        return self.tasks.start("正在读取乡镇上报文件……", read, previewed, self._show_problem)

    def _merge_usable(self, usable: list[county_ops.MergePreview], lines: list[str]) -> Task:
        path = self.db.path

        def work(state: TaskState) -> int:
            with connection(path) as db:
                for preview in usable:
                    county_ops.merge_file(db, preview)
            return len(usable)

        def done(result: object) -> None:
            self.status.setText("\n".join([*lines, f"已导入 {result} 个文件。"]))
            self._after_merge()

        def failed(problem: Problem) -> None:
            self._show_problem(problem)
            self._after_merge()  # the files merged before the one refused stay merged

        return self.tasks.start("正在导入乡镇上报……", work, done, failed)

    def _after_merge(self) -> None:
        self.refresh()
        self.townships.refresh()

    def _on_export_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "导出乡镇上报汇总", "", "Excel 工作簿 (*.xlsx);;PDF (*.pdf)"
        )
        if path:
            out = Path(path)
            fmt = "pdf" if out.suffix.lower() == ".pdf" else "xlsx"
            self.export_to(out, fmt)

    def export_to(self, out: Path, fmt: str) -> Task:
        path, year = self.db.path, self.year.value()

        def work(state: TaskState) -> Path:
            with connection(path, read_only=True) as db:
                return county_ops.export_county(db, year, fmt, out)

        def done(result: object) -> None:
            self.status.setText(f"已导出：{result}")

        return self.tasks.start("正在导出乡镇上报汇总……", work, done, self._show_problem)
