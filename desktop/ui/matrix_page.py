"""分工矩阵: indicators × units for a year, to set quickly who reports (填报) and who leads
(牵头) or supports (配合) each indicator. Click a cell to change it; each click is one
audited transaction (operations/assignments.py) and can be undone (撤销 Ctrl+Z) and redone
(重做 Ctrl+Y). A click that takes the reporting away from a unit that has entered values asks
first, naming the unit and how many values will stop counting in 监测结果."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.operations import assignments as ops
from desktop.store import indicators, matrix_reads, monitoring
from desktop.store.database import Database
from desktop.store.errors import StoreError
from desktop.store.session import Session
from desktop.ui import override
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.prompts import Prompts
from desktop.ui.year_page import YearPage

Index = QModelIndex | QPersistentModelIndex
REPORT_MODE, ROLE_MODE = "report", "role"
_NEXT_ROLE = {None: "lead", "lead": "support", "support": None}


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


class MatrixModel(QAbstractTableModel):
    """The grid. What each cell shows is worked out once per load (a few thousand cells hold
    something; the view asks ~7 roles of each visible cell on every paint), so ``data`` only
    looks it up."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.indicators: list[matrix_reads.MatrixIndicator] = []
        self.units: list[matrix_reads.MatrixUnit] = []
        self.reports: set[tuple[int, int]] = set()  # (indicator id, unit id)
        self.roles: dict[tuple[int, int], str] = {}
        self._texts: list[list[str]] = []  # [row][column]
        self._backgrounds: list[list[QBrush | None]] = []
        self._foregrounds: list[QBrush | None] = []  # per row: grey where units do not report
        self._row_headers: list[str] = []
        self._column_headers: list[str] = []
        # the few colours of the grid, made once (not one QBrush per cell and paint)
        self._brushes = {
            name: QBrush(QColor(name))
            for name in ("#f6d5da", "#e8f1fb", "#f3f3f3", "#e6e6e6", "#eef6ee", "#888888")
        }

    def load(self, db: Database, year: int | None) -> None:
        matrix = matrix_reads.read(db, year)
        self.beginResetModel()
        self.indicators, self.units = matrix.indicators, matrix.units
        self.reports, self.roles = matrix.reports, matrix.roles
        self._cells()
        self.endResetModel()

    def update(self, db: Database, year: int | None) -> bool:
        """Re-read after a click, undo or redo: only the cells that changed repaint (no reset,
        the grid keeps its place). False, having changed nothing, when the rows or columns
        changed: then ``load``."""
        matrix = matrix_reads.read(db, year)
        if matrix.indicators != self.indicators or matrix.units != self.units:
            return False
        texts, backgrounds = self._texts, self._backgrounds
        self.reports, self.roles = matrix.reports, matrix.roles
        self._cells()
        for row, (old, new) in enumerate(zip(texts, self._texts, strict=True)):
            was, now = backgrounds[row], self._backgrounds[row]
            for column in range(len(new)):
                if old[column] != new[column] or was[column] is not now[column]:
                    index = self.index(row, column)
                    self.dataChanged.emit(index, index)
        return True

    def _cells(self) -> None:
        brush = self._brushes
        width = len(self.units)
        rows = {i.id: n for n, i in enumerate(self.indicators)}
        columns = {u.id: n for n, u in enumerate(self.units)}
        self._texts = []
        self._backgrounds = []
        self._foregrounds = []
        self._row_headers = []
        for indicator in self.indicators:
            county = indicator.level == "county"
            if indicator.for_units:
                self._backgrounds.append([None] * width)
                self._foregrounds.append(None)
            else:  # a county row (greyed: 县级指标，乡镇不填) or one counted from a register
                self._backgrounds.append([brush["#e6e6e6" if county else "#eef6ee"]] * width)
                self._foregrounds.append(brush["#888888"])
            self._texts.append([""] * width)
            note = "（县级指标，乡镇不填）" if county else ""
            self._row_headers.append(f"{indicator.code} {indicator.name}{note}")
        self._column_headers = ["\n".join(u.name) for u in self.units]  # vertical text
        for key in self.reports | self.roles.keys():
            row, column = rows.get(key[0]), columns.get(key[1])
            if row is None or column is None:
                continue
            duty = self.roles.get(key)
            mark = monitoring.ROLES[duty][0] if duty else ""
            if not self.indicators[row].for_units:
                self._texts[row][column] = mark
                continue
            reports = key in self.reports
            self._texts[row][column] = ("报" if reports else "") + mark
            if duty == "lead":
                self._backgrounds[row][column] = brush["#f6d5da"]
            elif reports:
                self._backgrounds[row][column] = brush["#e8f1fb"]
            elif duty == "support":
                self._backgrounds[row][column] = brush["#f3f3f3"]

    def cell(self, row: int, column: int) -> tuple[bool, str | None]:
        key = (self.indicators[row].id or 0, self.units[column].id or 0)
        return key in self.reports, self.roles.get(key)

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.indicators)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.units)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == _DISPLAY:
            if orientation == Qt.Orientation.Horizontal:
                return self._column_headers[section]
            return self._row_headers[section]
        if role == _TOOLTIP and orientation == Qt.Orientation.Horizontal:
            return self.units[section].name
        return None

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # the roles a paint asks of every visible cell first, each with as few calls into Qt
        # as it needs (an invalid index has row and column -1)
        if role == _DISPLAY:
            row, column = index.row(), index.column()
            return self._texts[row][column] if row >= 0 and column >= 0 else None
        if role == _BACKGROUND:
            row, column = index.row(), index.column()
            return self._backgrounds[row][column] if row >= 0 and column >= 0 else None
        if role == _ALIGNMENT:
            return _CENTER if index.row() >= 0 else None
        if role == _FOREGROUND:
            row = index.row()
            return self._foregrounds[row] if row >= 0 else None
        if role == _TOOLTIP and index.row() >= 0:
            return self._tooltip(index.row(), index.column())
        return None

    def _tooltip(self, row: int, column: int) -> str:
        indicator = self.indicators[row]
        reports, duty = self.cell(row, column)
        if not indicator.for_units:
            if indicator.level == "county":
                return indicators.COUNTY_NOTE
            return "由台账自动统计，不需要单位填报"
        unit = self.units[column].name
        text = [f"{unit}填报" if reports else f"{unit}不填报"]
        if duty:
            text.append(f"{monitoring.ROLES[duty]}单位")
        return "，".join(text)


class MatrixCommand(QUndoCommand):
    """One matrix change on the undo stack. It was applied when pushed; undo and redo put the
    database back to the state before / after, each in one transaction."""

    def __init__(
        self, page: MatrixPage, text: str, year: int, undo: Callable[[], object],
        redo: Callable[[], object],
    ) -> None:  # fmt: skip
        super().__init__(text)
        self.page, self.year = page, year
        self._undo, self._redo = undo, redo
        self._applied = True

    @override
    def undo(self) -> None:
        self.page.run_step(self.year, self._undo)

    @override
    def redo(self) -> None:
        if self._applied:  # QUndoStack.push calls redo: the change is already made
            self._applied = False
            return
        self.page.run_step(self.year, self._redo)


class MatrixPage(YearPage):
    page_id = "matrix"
    title = "分工矩阵"

    def __init__(self, prompts: Prompts | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts or Prompts(self)
        self.undo_stack = QUndoStack(self)
        layout = QVBoxLayout(self)
        bar = self.year_bar()
        self.report_mode = QRadioButton("设置填报单位（报）")
        self.role_mode = QRadioButton("设置牵头（牵）/ 配合（配）")
        self.report_mode.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.report_mode)
        group.addButton(self.role_mode)
        bar.addWidget(self.report_mode)
        bar.addWidget(self.role_mode)
        bar.addStretch(1)
        self.undo_button = QPushButton("撤销")
        self.redo_button = QPushButton("重做")
        self.undo_button.setObjectName("undo")
        self.redo_button.setObjectName("redo")
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.redo_button)
        self.undo_stack.indexChanged.connect(lambda _i: self._update_undo_buttons())
        self._update_undo_buttons()
        for keys, slot in (
            (QKeySequence.StandardKey.Undo, self.undo_stack.undo),
            (QKeySequence("Ctrl+Y"), self.undo_stack.redo),
            (QKeySequence("Ctrl+Shift+Z"), self.undo_stack.redo),
        ):
            shortcut = QShortcut(keys, self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        layout.addLayout(bar)
        self.message = MessageBar()
        layout.addWidget(self.message)
        self.model = MatrixModel(self)
        self.view = QTableView()
        self._sized_rows: list[tuple[object, ...]] = []
        self.view.setObjectName("matrix")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setDefaultSectionSize(34)
        self.view.clicked.connect(self.toggle)
        layout.addWidget(self.view, 1)
        layout.addWidget(
            QLabel(
                "单击格子修改：填报模式下切换“报”（直接填报的指标只有一个填报单位）；"
                "牵头/配合模式下依次切换 牵 → 配 → 无。每次修改都可撤销（Ctrl+Z）、重做（Ctrl+Y）。"
            )
        )

    @property
    def mode(self) -> str:
        return REPORT_MODE if self.report_mode.isChecked() else ROLE_MODE

    def _load(self) -> None:
        if self.session is None:
            return
        self.model.load(self.session.db, self.year_combo.year())
        # Rows fit their one line of text (the indicator's name; the cells hold one or two
        # characters), sized only when the rows changed (not on every visit and click). Every
        # row is one line: the first, measured, gives the height of all (measuring them all
        # asked the model for every cell's roles: 75,000 calls, ~250 ms on the large demo).
        rows: list[tuple[object, ...]] = [
            (i.id, i.code, i.name, i.level) for i in self.model.indicators
        ]
        if rows != self._sized_rows:
            self._sized_rows = rows
            header = self.view.verticalHeader()
            if rows:
                self.view.resizeRowToContents(0)
                header.setDefaultSectionSize(header.sectionSize(0))
            header.setMaximumWidth(360)

    @override
    def set_session(self, session: Session | None) -> None:
        super().set_session(session)
        self.undo_stack.clear()  # steps belong to the database they were made in

    def _update_undo_buttons(self) -> None:
        stack = self.undo_stack
        self.undo_button.setEnabled(stack.canUndo())
        self.redo_button.setEnabled(stack.canRedo())
        self.undo_button.setToolTip(
            f"撤销：{stack.undoText()}（Ctrl+Z）" if stack.canUndo() else ""
        )
        self.redo_button.setToolTip(
            f"重做：{stack.redoText()}（Ctrl+Y）" if stack.canRedo() else ""
        )

    def run_step(self, year: int, step: Callable[[], object]) -> None:
        """Undo or redo one change, then show its year."""
        try:
            step()
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return
        self.message.clear()
        if self.year_combo.year() != year:
            self.year_combo.select(year)  # reloads
        else:
            self._changed()

    def _changed(self) -> None:
        """After a change of the shown year: repaint the cells it changed."""
        if self.session is not None and not self.model.update(
            self.session.db, self.year_combo.year()
        ):
            self._load()

    def toggle(self, index: QModelIndex) -> None:
        year = self.year_combo.year()
        if self.session is None or year is None or not index.isValid():
            return
        indicator = self.model.indicators[index.row()]
        unit = self.model.units[index.column()]
        reports, duty = self.model.cell(index.row(), index.column())
        indicator_id, unit_id = indicator.id or 0, unit.id or 0
        session = self.session
        try:
            if self.mode == REPORT_MODE:
                if not indicator.for_units:
                    self.message.show_message(
                        Level.WARNING,
                        f"{indicator.code} {indicator.name}："
                        + (
                            indicators.COUNTY_NOTE
                            if indicator.level == "county"
                            else "由台账自动统计，不需要单位填报"
                        ),
                    )
                    return
                before, after = ops.planned_reporting(
                    session.db, year, indicator_id, unit_id, not reports
                )
                hidden = ops.hidden_by(session.db, year, before, after)
                name = f"{indicator.code} {indicator.name}"
                if hidden and not self.prompts.confirm(
                    "改动填报单位", ops.warning(hidden, name), "确定改动"
                ):
                    return
                change = ops.set_reporting_unit(
                    session.db, year, indicator_id, unit_id, not reports
                )
                text = f"{unit.name}{'不再填报' if reports else '填报'}{indicator.code}"
                command = MatrixCommand(
                    self,
                    text,
                    year,
                    lambda: ops.restore_reporting(session.db, year, indicator_id, change.before),
                    lambda: ops.restore_reporting(session.db, year, indicator_id, change.after),
                )
            else:
                role = ops.set_role(session.db, year, indicator_id, unit_id, _NEXT_ROLE[duty])
                label = monitoring.ROLES.get(role.after or "", "无")
                command = MatrixCommand(
                    self,
                    f"{unit.name}在{indicator.code}中设为{label}",
                    year,
                    lambda: ops.set_role(session.db, year, indicator_id, unit_id, role.before),
                    lambda: ops.set_role(session.db, year, indicator_id, unit_id, role.after),
                )
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return
        self.undo_stack.push(command)
        self.message.clear()
        self._changed()
