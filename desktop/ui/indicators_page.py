"""指标: the indicator catalogue with targets; unverified targets are marked until confirmed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.numbers import NumberError, format_number, parse_number
from desktop.operations import Area, catalogue
from desktop.operations.session import connection
from desktop.store import indicators
from desktop.store.database import Database
from desktop.store.errors import StoreError
from desktop.ui.dialog_guard import GuardedDialog
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.prompts import Prompts
from desktop.ui.record_list import RecordListPage
from desktop.ui.runner import Problem, Task, TaskRunner, TaskState
from desktop.ui.table_model import Column, column_index
from desktop.ui.widgets import NAME_WIDTH, save_cancel_buttons


@dataclass(frozen=True)
class CatalogueRow:
    indicator: indicators.Indicator
    final: Decimal | None


def _final(r: CatalogueRow) -> str:
    return "未设定" if r.final is None else r.indicator.target_text(r.final)  # 期末目标 column


YEARS = range(2021, indicators.PLAN_END + 1)


def _level(r: CatalogueRow) -> str:
    if r.indicator.level == "county":
        return indicators.COUNTY_NOTE
    return indicators.LEVELS[r.indicator.level]


COLUMNS: list[Column[CatalogueRow]] = [
    Column("规划", lambda r: indicators.PLANS[r.indicator.plan][:2]),
    Column(
        "层级",
        _level,
        background=lambda r: "#e6e6e6" if r.indicator.level == "county" else None,
    ),
    Column("领域", lambda r: r.indicator.domain),
    Column("编码", lambda r: r.indicator.code),
    Column("指标名称", lambda r: r.indicator.name, tooltip=lambda r: r.indicator.name),
    Column("单位", lambda r: r.indicator.measure),
    Column("期末目标", _final),  # words (90%以上), not a figure
    Column(
        "核对",
        lambda r: "已核对" if r.indicator.verified else indicators.UNVERIFIED_NOTE,
        background=lambda r: None if r.indicator.verified else "#fff0d0",
    ),
    Column("来源", lambda r: indicators.SOURCES[r.indicator.source]),
    Column("汇总方式", lambda r: indicators.AGGREGATIONS[r.indicator.aggregation]),
    Column(
        "允许范围",
        lambda r: (
            f"{format_number(r.indicator.range_min, 0)}～{format_number(r.indicator.range_max, 0)}"
        ),
    ),
]


def _text_box(text: str, lines: int) -> QPlainTextEdit:
    """A long text read whole, wrapped over a few lines (a line edit showed its end only)."""
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    height = box.fontMetrics().lineSpacing() * lines
    margins = 2 * (box.frameWidth() + int(box.document().documentMargin())) + 4
    box.setFixedHeight(height + margins)
    return box


def _one_line(box: QPlainTextEdit) -> str:
    """Kept as one line, as the catalogue, its workbook and the handbook hold it."""
    return " ".join(line.strip() for line in box.toPlainText().splitlines() if line.strip())


class IndicatorDialog(GuardedDialog):
    def __init__(
        self,
        indicator: indicators.Indicator | None,
        final: Decimal | None,
        parent: QWidget | None = None,
        *,
        targets: dict[int, Decimal] | None = None,
        prompts: Prompts | None = None,
    ) -> None:
        super().__init__(parent, prompts)
        self.original = indicator
        self.setWindowTitle("编辑指标" if indicator else "新增本地指标")
        self.setMinimumWidth(720)  # the definition and method read in two lines, not cut
        layout = QVBoxLayout(self)
        self.message = MessageBar()
        layout.addWidget(self.message)
        form = QFormLayout()
        base = indicator or indicators.Indicator(
            code="", plan="women", domain="", name="", source="local", verified=True
        )
        self.code = QLineEdit(base.code)
        self.code.setReadOnly(indicator is not None)
        self.plan = QComboBox()
        for key, label in indicators.PLANS.items():
            self.plan.addItem(label, key)
        self.plan.setCurrentIndex(max(0, self.plan.findData(base.plan)))
        self.domain = QLineEdit(base.domain)
        self.name = QLineEdit(base.name)
        self.measure = QLineEdit(base.measure)
        self.decimals = QSpinBox()
        self.decimals.setRange(0, 4)
        self.decimals.setValue(base.decimals)
        self.direction = QComboBox()
        for key, label in indicators.DIRECTIONS.items():
            self.direction.addItem(label, key)
        self.direction.setCurrentIndex(max(0, self.direction.findData(base.direction)))
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setRange(0, 1000)
        self.tolerance.setValue(base.tolerance)
        self.range_min = QLineEdit(format_number(base.range_min, 2))
        self.range_max = QLineEdit(format_number(base.range_max, 2))
        self.target = QLineEdit(format_number(final, base.decimals))
        self.targets = targets or {}
        self.year_targets: dict[int, QLineEdit] = {}
        grid = self._year_grid(base.decimals)
        self.level = QComboBox()
        for key, label in indicators.LEVELS.items():
            self.level.addItem(label, key)
        self.level.setCurrentIndex(max(0, self.level.findData(base.level)))
        self.side = QComboBox()
        for key, label in indicators.SIDES.items():
            self.side.addItem(label, key)
        self.side.setCurrentIndex(max(0, self.side.findData(base.tolerance_side)))
        # the dialog within a 1366 × 768 screen: three lines for the definition, two each
        self.calculation = _text_box(base.calculation, 2)
        self.frequency = QLineEdit(base.frequency)
        self.verified = QCheckBox("目标值已按本地规划核对")
        self.verified.setChecked(base.verified)
        self.definition = _text_box(base.definition, 3)
        self.data_source = _text_box(base.data_source, 2)
        for label, widget in (
            ("编码（必填）", self.code),
            ("规划", self.plan),
            ("领域（必填）", self.domain),
            ("指标名称（必填）", self.name),
            ("单位", self.measure),
            ("小数位", self.decimals),
            ("方向", self.direction),
            ("层级", self.level),
            ("允许偏差（≈时）", self.tolerance),
            ("偏差方向（≈时）", self.side),
            ("允许范围下限", self.range_min),
            ("允许范围上限", self.range_max),
            ("期末目标值（2030年）", self.target),
            ("", self.verified),
            ("指标定义", self.definition),
            ("计算方法", self.calculation),
            ("资料来源", self.data_source),
            ("报送频率", self.frequency),
        ):
            form.addRow(label, widget)
        form.addRow(QLabel("年度目标（不填的年度按期末目标评价）："))
        form.addRow(grid)
        layout.addLayout(form)
        self.buttons = save_cancel_buttons(self)
        layout.addWidget(self.buttons)

    def _year_grid(self, decimals: int) -> QGridLayout:
        """Targets 2021-2030 in one row (the dialog stays within a 768-pixel screen)."""
        grid = QGridLayout()
        for n, year in enumerate(YEARS):
            edit = QLineEdit(format_number(self.targets.get(year), decimals))
            edit.setPlaceholderText("—")
            edit.setMaximumWidth(70)
            self.year_targets[year] = edit
            grid.addWidget(QLabel(f"{year}年"), 0, n)
            grid.addWidget(edit, 1, n)
        return grid

    def year_target_values(self) -> dict[int, Decimal | None]:
        """Each year's target (None: cleared); raises ValueError naming the year."""
        result: dict[int, Decimal | None] = {}
        for year, edit in self.year_targets.items():
            try:
                result[year] = parse_number(edit.text(), measure=self.measure.text().strip()).value
            except NumberError as exc:
                raise ValueError(f"{year}年目标值：{exc.message}") from exc
        return result

    def value(self) -> tuple[indicators.Indicator, Decimal | None]:
        """The edited indicator and final target; raises ValueError with a Chinese message."""

        def number(edit: QLineEdit, label: str) -> Decimal | None:
            try:
                return parse_number(edit.text(), measure=self.measure.text().strip()).value
            except NumberError as exc:
                raise ValueError(f"{label}：{exc.message}") from exc

        low, high = number(self.range_min, "下限"), number(self.range_max, "上限")
        base = self.original or indicators.Indicator(code="", plan="women", domain="", name="")
        indicator = replace(
            base,
            code=self.code.text().strip(),
            plan=str(self.plan.currentData()),
            domain=self.domain.text().strip(),
            name=self.name.text().strip(),
            measure=self.measure.text().strip(),
            decimals=self.decimals.value(),
            direction=str(self.direction.currentData()),
            tolerance=self.tolerance.value(),
            range_min=None if low is None else float(low),
            range_max=None if high is None else float(high),
            verified=self.verified.isChecked(),
            definition=_one_line(self.definition),
            data_source=_one_line(self.data_source),
            calculation=_one_line(self.calculation),
            frequency=self.frequency.text().strip() or "年报",
            level=str(self.level.currentData()),
            tolerance_side=str(self.side.currentData()),
            source=base.source if self.original else "local",
        )
        problems = indicators.validate(indicator)
        if not indicator.domain:
            problems.append("领域不能为空")
        if problems:
            raise ValueError("；".join(problems))
        return indicator, number(self.target, "期末目标值")


class IndicatorsPage(RecordListPage[CatalogueRow]):
    page_id = "indicators"
    title = "指标"

    shows = frozenset({Area.INDICATORS})

    def __init__(self, prompts: Prompts, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        self.confirm_button = QPushButton("确认目标已核对")
        self.export_button = QPushButton("导出Excel……")
        self.import_button = QPushButton("从Excel导入……")
        super().__init__(
            prompts,
            tasks,
            COLUMNS,
            "indicators",
            add_text="新增本地指标……",
            stretch=len(COLUMNS) - 1,  # the last takes what is left; the name is cut instead
            widest={column_index(COLUMNS, "指标名称"): NAME_WIDTH},
            extra=(self.confirm_button, self.export_button, self.import_button),
            parent=parent,
        )
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.export_button.clicked.connect(lambda _checked=False: self.export_excel())
        self.import_button.clicked.connect(lambda _checked=False: self.import_excel())
        self.dialog: IndicatorDialog | None = None

    def refresh(self) -> None:
        if self.session is None:
            return
        db = self.session.db
        targets = indicators.all_targets(db)
        rows = [
            CatalogueRow(i, targets.get(i.id or 0, {}).get(indicators.FINAL))
            for i in indicators.list_indicators(db)
        ]
        unverified = sum(1 for r in rows if not r.indicator.verified)
        self.show_rows(rows, f"共 {len(rows)} 项，待核对 {unverified} 项")

    def open_dialog(self, row: CatalogueRow | None) -> IndicatorDialog:
        db = self.session.db if self.session else None
        targets = indicators.all_targets(db).get(row.indicator.id or 0, {}) if db and row else {}
        dialog = IndicatorDialog(
            row.indicator if row else None,
            row.final if row else None,
            self,
            targets=targets,
            prompts=self.prompts,
        )
        dialog.buttons.accepted.connect(lambda: self._save(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _save(self, dialog: IndicatorDialog) -> None:
        if self.session is None:
            return
        db = self.session.db

        def write() -> str:
            indicator, target = dialog.value()
            year_targets = dialog.year_target_values()
            catalogue.save_indicator(db, indicator, target, year_targets)
            return indicator.name

        self.save_with(dialog, dialog.message, write)

    def confirm_selected(self) -> None:
        row = self.selected()
        if self.session is None or row is None or row.indicator.id is None:
            return
        try:
            catalogue.confirm_indicator(self.session.db, row.indicator.id)
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return
        self.message.show_message(Level.INFO, f"已确认核对：{row.indicator.name}")
        self.refresh()

    def export_excel(self, path: Path | None = None) -> Task | None:
        if self.session is None:
            return None
        chosen = path or self.prompts.save_excel_path("导出指标目录", "指标目录.xlsx")
        if chosen is None:
            return None
        db_path = self.session.path

        def work(state: TaskState) -> Path:
            with connection(db_path, read_only=True) as db:
                return catalogue.export_indicators(db, chosen)

        def done(result: object) -> None:
            self.message.show_message(Level.INFO, f"已导出：{result}")

        def failed(problem: Problem) -> None:
            self.message.show_message(Level.ERROR, problem.message)

        return self.tasks.start("正在导出指标目录……", work, done, failed)

    def import_excel(self, path: Path | None = None) -> Task | None:
        def read(db: Database, chosen: Path) -> str:
            added, updated = catalogue.import_indicators(db, chosen)
            return f"已导入指标目录：新增 {added} 项，更新 {updated} 项。"

        return self.import_with("导入指标目录", path, read)
