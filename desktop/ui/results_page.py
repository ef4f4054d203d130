"""监测结果: every indicator's township value for a year, against its target, with warnings."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.evaluation import Status, Verdict
from desktop.domain.numbers import format_change, format_number
from desktop.store import evaluation, indicators
from desktop.ui.table_model import STATUS_COLOURS, Column, RowsModel, column_index
from desktop.ui.widgets import NAME_WIDTH, fit_columns, record_table
from desktop.ui.year_page import YearPage


@dataclass(frozen=True)
class ResultRow:
    indicator: indicators.Indicator
    verdict: Verdict
    leads: str


def _change(r: ResultRow) -> str:
    return format_change(r.verdict.change, r.indicator.decimals)


#: what 说明 keeps on a narrow window, the indicator's name giving way (``column_fit.py``)
REASON_CHARACTERS = 8

COLUMNS: list[Column[ResultRow]] = [
    Column("规划", lambda r: indicators.PLANS[r.indicator.plan][:2]),
    Column("领域", lambda r: r.indicator.domain),
    Column("编码", lambda r: r.indicator.code),
    Column(
        "指标",
        lambda r: r.indicator.name,
        # the whole name too: a long one is cut to keep 状态 in sight on a 1366-pixel screen
        tooltip=lambda r: (
            r.indicator.name + ("" if r.indicator.verified else "\n" + indicators.UNVERIFIED_NOTE)
        ),
    ),
    Column("单位", lambda r: r.indicator.measure),
    Column("目标", lambda r: r.indicator.target_text(r.verdict.target)),  # words, not a figure
    Column(
        "上年", lambda r: format_number(r.verdict.last_value, r.indicator.decimals), numeric=True
    ),
    Column("本年", lambda r: format_number(r.verdict.value, r.indicator.decimals), numeric=True),
    Column("变化", _change, numeric=True),
    Column("趋势", lambda r: r.verdict.trend.label),
    Column(
        "状态",
        lambda r: r.verdict.status.label,
        background=lambda r: STATUS_COLOURS[r.verdict.status.value],
    ),
    Column(
        "预警",
        lambda r: "、".join(f.label for f in r.verdict.flags if f.value in ("worse", "outlier")),
    ),
    Column("说明", lambda r: r.verdict.reason, tooltip=lambda r: r.verdict.reason),
    Column("牵头单位", lambda r: r.leads),
]


class ResultsPage(YearPage):
    page_id = "results"
    title = "监测结果"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        bar = self.year_bar()
        self.warnings_only = QCheckBox("只看预警（未达标、变差、无数据、异常）")
        bar.addWidget(self.warnings_only)
        self.summary = QLabel()
        self.summary.setWordWrap(True)  # a second line rather than a cut one at 1100 pixels
        bar.addWidget(self.summary, 1)
        layout.addLayout(bar)
        self.model: RowsModel[ResultRow] = RowsModel(COLUMNS, self)
        self.view = record_table(self.model, "results")
        layout.addWidget(self.view, 1)
        self.warnings_only.toggled.connect(lambda _on: self._load())
        self.all_rows: list[ResultRow] = []

    def _load(self) -> None:
        if self.session is None:
            return
        year = self.year_combo.year()
        db = self.session.db
        leads = evaluation.lead_units(db, year) if year else {}
        # the registers as this file has them (a definition stored in it included), not the
        # bundled files read again
        verdicts = evaluation.evaluate_year(db, year, forms=self.session.forms) if year else []
        self.all_rows = [ResultRow(i, v, "、".join(leads.get(i.id or 0, []))) for i, v in verdicts]
        shown = (
            [r for r in self.all_rows if r.verdict.flags]
            if self.warnings_only.isChecked()
            else self.all_rows
        )
        self.model.set_rows(shown)
        name, reasons = column_index(COLUMNS, "指标"), column_index(COLUMNS, "说明")
        # 状态 in sight at 1100 pixels; the name gives way for eight characters of 说明
        fit_columns(self.view, reasons, {name: NAME_WIDTH}, least=REASON_CHARACTERS)
        counts = {s: sum(1 for r in self.all_rows if r.verdict.status is s) for s in Status}
        self.summary.setText(
            f"  共 {len(self.all_rows)} 项：达标 {counts[Status.MET]}，"
            f"未达标 {counts[Status.MISSED]}，无数据 {counts[Status.MISSING]}"
            + (f"，只报计数 {counts[Status.COUNTS]}" if counts[Status.COUNTS] else "")
            + (
                f"，未设目标 {counts[Status.NO_TARGET]}（请在“指标”页设定目标值）"
                if counts[Status.NO_TARGET]
                else ""
            )
        )
