"""填报: the unit's form, the main data-entry screen.

Pick year and unit; one table with everything the unit reports. Excel-like keyboard: Enter
moves down, Tab moves right, typing starts editing, Ctrl+V pastes a column copied from
Excel/WPS, Delete clears, Ctrl+Z / Ctrl+Y undo and redo until the save, Ctrl+S saves (one
audited transaction, ``operations.rounds``). A confirmed unit's form asks before the first edit.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import value_history
from desktop.domain.indicator_text import amount
from desktop.operations import rounds
from desktop.store import audit, evaluation, monitoring, round_progress
from desktop.store.errors import StoreError
from desktop.ui import override
from desktop.ui.errors import describe
from desktop.ui.flow_layout import flow_row
from desktop.ui.form_model import HINT, NAME, NOTE, SOURCE, VALUE, UnitFormModel, unverified_note
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.pages import Page
from desktop.ui.prompts import Prompts
from desktop.ui.sheet_view import SheetView
from desktop.ui.widgets import YearCombo, fit_columns


def _note_label(name: str, style: str) -> QLabel:
    """A read-only, wrapping note beside the form (指标解释, rows counted from registers)."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(style + " color: #333;")
    return label


#: the unit drop-down's items carry the unit's state (未填报/已填报/已确认)
STATE_ROLE = Qt.ItemDataRole.UserRole + 1
#: room to type in the columns the clerk fills, even empty, and for the hints
ROOM = {VALUE: 90, NOTE: 140, SOURCE: 90, HINT: 150}
#: a long note, source or hint cut (whole in its tooltip and the side panel); on a narrow
#: window they give way until the indicator's name has NAME_CHARACTERS (``column_fit.py``):
#: at 1366 pixels a hint of 300 pixels left the name "本地监…"
CUT = {NOTE: 200, SOURCE: 120, HINT: 200}
NAME_CHARACTERS = 14


class UnitFormPage(Page):
    page_id = "form"
    title = "填报"
    saved = Signal()

    def __init__(self, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self.year: int | None = None
        self.unit_id: int | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_bar())
        self.message = MessageBar()
        layout.addWidget(self.message)
        # what * in the 目标 column means, once for the form (issue 22), not in every row
        self.target_note = _note_label("targetNote", "color: #a15c00;")
        self.target_note.hide()
        layout.addWidget(self.target_note)

        self.model = UnitFormModel(self)
        self.view = SheetView()
        self.view.setObjectName("unitForm")
        self.view.setModel(self.model)
        self.view.undo_stack = self.model.undo_stack
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        # the name takes the free width; a check's whole text is on hover and in the side panel
        header.setStretchLastSection(False)
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(self._build_side())
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.counted = _note_label("counted", "background: #eef6ee; padding: 4px;")
        self.counted.hide()
        layout.addWidget(self.counted)
        hint = QLabel(
            "直接输入数字；回车到下一行，Tab到右侧；可从Excel/WPS复制一列后按 Ctrl+V 粘贴；"
            "Ctrl+Z 撤销、Ctrl+Y 重做（保存前）；没有数据请填“无”。"
        )
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)

        self.year_combo.year_changed.connect(self._on_year_changed)
        self.unit_combo.currentIndexChanged.connect(self._on_unit_changed)
        self.save_button.clicked.connect(self.save)
        self.complete_button.clicked.connect(self.toggle_complete)
        self.model.dirty_changed.connect(self._on_dirty_changed)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.view.save_requested.connect(self.save)
        self.view.undo_requested.connect(self.undo)
        self.view.redo_requested.connect(self.redo)
        self.next_button.clicked.connect(self.next_pending)
        self.model.cell_changed.connect(self._on_cell_changed)
        self._following = False  # an undo/redo moves the cursor to the cell it changed
        self._on_dirty_changed(False)

    def _build_side(self) -> QWidget:
        """Beside the form: the row's full name, check and 指标解释; its change history."""
        self.history = QListWidget()
        self.history.setObjectName("history")
        self.history.setWordWrap(True)  # a change's text in the panel's width, not scrolled
        box = QWidget()
        history_layout = QVBoxLayout(box)
        history_layout.setContentsMargins(0, 0, 0, 0)
        self.explanation = _note_label(
            "explanation", "background: #f5f8fc; border: 1px solid #d5dfeb; padding: 6px;"
        )
        self.explanation.setText("选中一行，这里显示它的指标解释。")
        history_layout.addWidget(QLabel("指标解释"))
        history_layout.addWidget(self.explanation)
        self.history_title = QLabel("修改记录")
        self.history_title.setWordWrap(True)  # a long name no longer widens the panel
        history_layout.addWidget(self.history_title)
        history_layout.addWidget(self.history)
        return box

    def _build_bar(self) -> QWidget:
        self.year_combo = YearCombo()
        self.unit_combo = QComboBox()
        self.unit_combo.setMinimumWidth(200)
        self.unit_combo.setToolTip("每个单位后面是它的填报状态")
        self.next_button = QPushButton("下一个未确认单位")
        self.next_button.setToolTip("跳到列表中下一个尚未确认的单位")
        self.state_label = QLabel()
        self.save_button = QPushButton("保存（Ctrl+S）")
        self.complete_button = QPushButton("标记为已确认")
        # wraps on a narrow screen instead of widening the window (issue 22)
        return flow_row(
            QLabel("年度："),
            self.year_combo,
            QLabel("填报单位："),
            self.unit_combo,
            self.next_button,
            self.save_button,
            self.complete_button,
            self.state_label,
        )

    # ----- loading -------------------------------------------------------------------------
    @override
    def reset(self) -> None:
        """Another database: its years and unit ids mean nothing here."""
        super().reset()
        self.year = self.unit_id = None
        self.model.load([], self.model.jump_share)

    def refresh(self) -> None:
        if self.session is None:
            return
        if self.model.dirty:
            # a background backup or another page's save refreshes the window: never let that
            # re-read drop what the clerk typed (only save / 不保存 do); the next visit reads
            self.not_read()
            return
        years = round_progress.years(self.session.db)
        self.year_combo.set_years(years)
        if self.year is None or self.year not in years:
            self.year = self.year_combo.year()
        self._fill_units()
        self._reload()

    def _fill_units(self) -> None:
        assert self.session is not None
        db = self.session.db
        units = monitoring.reporting_units(db, self.year) if self.year else []
        states = (
            {p.unit_id: p.state_label for p in round_progress.completeness(db, self.year)}
            if self.year
            else {}
        )
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        for unit_id, name in units:
            self.unit_combo.addItem(f"{name}（{states.get(unit_id, '未填报')}）", unit_id)
            self.unit_combo.setItemData(
                self.unit_combo.count() - 1, states.get(unit_id, "未填报"), STATE_ROLE
            )
        index = self.unit_combo.findData(self.unit_id) if self.unit_id is not None else 0
        self.unit_combo.setCurrentIndex(max(index, 0))
        self.unit_combo.blockSignals(False)
        data = self.unit_combo.currentData()
        self.unit_id = int(data) if data is not None else None

    def _reload(self) -> None:
        if self.session is None:
            return
        db = self.session.db
        rows = (
            monitoring.form_rows(db, self.year, self.unit_id)
            if self.year is not None and self.unit_id is not None
            else []
        )
        self.model.load(rows, evaluation.jump_share(db))
        fit_columns(self.view, NAME, CUT, least=NAME_CHARACTERS, room=ROOM)
        if rows:
            self.view.setCurrentIndex(self.model.index(0, VALUE))
        note = unverified_note(self.model)
        self.target_note.setText(note)
        self.target_note.setVisible(bool(note))
        self.model.may_edit = self._may_edit_confirmed if self._confirmed() else None
        self._show_counted()
        self._update_state()

    def _show_counted(self) -> None:
        """Rows counted from a register (read-only here), with where they came from."""
        counted = (
            evaluation.counted_for_unit(
                self.session.db, self.year, self.unit_id, self.session.forms
            )
            if self.session is not None and self.year is not None and self.unit_id is not None
            else []
        )
        # a register count is whole: 18个, 18/10万, whatever decimals the catalogue gives
        lines = [
            f"{i.code} {i.name}：{'—' if d.value is None else amount(d.value, i.measure, 0)}"
            f"（{d.source}，不需填写）"
            for i, d in counted
        ]
        self.counted.setText("自动统计（只读）：\n" + "\n".join(lines) if lines else "")
        self.counted.setVisible(bool(lines))

    def open_unit(self, year: int, unit_id: int) -> bool:
        """Show a unit's form (asks first when there are unsaved changes)."""
        if not self.can_leave():
            return False
        self.year, self.unit_id = year, unit_id
        self.year_combo.set_years(
            round_progress.years(self.session.db) if self.session else [], select=year
        )
        self._fill_units()
        self._reload()
        self.view.setFocus()  # the cursor in the unit's first value (issue 22)
        return True

    def _update_state(self) -> None:
        if self.session is None or self.year is None or self.unit_id is None:
            self.state_label.setText("")
            self.complete_button.setEnabled(False)
            return
        done = monitoring.completed_at(self.session.db, self.year, self.unit_id)
        self.complete_button.setEnabled(True)
        if done:
            self.state_label.setText(f"  已确认：{done}")
            self.complete_button.setText("取消确认")
        else:
            entered = sum(1 for r in self.model.rows if r.value_id is not None)
            self.state_label.setText(f"  已填 {entered}/{len(self.model.rows)} 项，未确认")
            self.complete_button.setText("标记为已确认")

    # ----- leaving -------------------------------------------------------------------------
    def can_leave(self) -> bool:
        if not self.model.dirty:
            return True
        answer = self.prompts.ask_unsaved("填报表有尚未保存的修改。")
        if answer == "save":
            return self.save()
        if answer == "discard":
            self._reload()
            return True
        return False

    def _on_year_changed(self, year: int) -> None:
        if year == self.year:
            return
        if not self.can_leave():
            self.year_combo.select(self.year or year)
            return
        self.year = year
        self._fill_units()
        self._reload()

    def _on_unit_changed(self, _index: int) -> None:
        data = self.unit_combo.currentData()
        unit_id = int(data) if data is not None else None
        if unit_id == self.unit_id:
            return
        if not self.can_leave():
            self.unit_combo.blockSignals(True)
            self.unit_combo.setCurrentIndex(self.unit_combo.findData(self.unit_id))
            self.unit_combo.blockSignals(False)
            return
        self.unit_id = unit_id
        self._reload()

    # ----- saving --------------------------------------------------------------------------
    def save(self) -> bool:
        if self.session is None or self.year is None or self.unit_id is None:
            return False
        if self.view.state() == QAbstractItemView.State.EditingState:
            self.view.setFocus()  # commit the open editor first
        problems = self.model.problems()
        if problems:
            row, text = problems[0]
            self.view.setCurrentIndex(self.model.index(row, VALUE if "备注" not in text else NOTE))
            name = self.model.rows[row].name
            more = f"（另有 {len(problems) - 1} 处）" if len(problems) > 1 else ""
            self.message.show_message(Level.ERROR, f"第 {row + 1} 行“{name}”：{text}{more}")
            return False
        entries = self.model.entries()
        if not entries:
            return True
        try:
            rounds.save_unit_form(self.session.db, self.year, self.unit_id, entries)
        except StoreError as exc:
            self.message.show_message(
                Level.ERROR, describe(exc) + "\n填写的内容仍保留在表中，可以稍后再保存。"
            )
            return False
        current = self.view.currentIndex()
        row, column = current.row(), current.column()
        self._reload()
        self._refresh_unit_state()
        if current.isValid():  # the cursor stays on the highlighted cell
            self.view.setCurrentIndex(self.model.index(row, column))
        self.view.setFocus()
        self.message.show_message(Level.INFO, f"已保存 {len(entries)} 项。")
        self.saved.emit()
        return True

    def toggle_complete(self) -> None:
        if self.session is None or self.year is None or self.unit_id is None:
            return
        if not self.save():
            return
        done = monitoring.completed_at(self.session.db, self.year, self.unit_id)
        try:
            rounds.mark_complete(self.session.db, self.year, self.unit_id, not done)
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return
        self.model.may_edit = self._may_edit_confirmed if not done else None
        self._update_state()
        self._refresh_unit_state()
        self.saved.emit()

    # ----- undo, confirmed units, the next pending unit ------------------------------------
    def undo(self) -> None:
        self._following = True
        self.model.undo_stack.undo()
        self._following = False

    def redo(self) -> None:
        self._following = True
        self.model.undo_stack.redo()
        self._following = False

    def _on_cell_changed(self, row: int, column: int) -> None:
        if self._following:
            self.view.setCurrentIndex(self.model.index(row, column))

    def _confirmed(self) -> bool:
        return (
            self.session is not None
            and self.year is not None
            and self.unit_id is not None
            and monitoring.completed_at(self.session.db, self.year, self.unit_id) is not None
        )

    def _may_edit_confirmed(self) -> bool:
        return self.prompts.confirm(
            "修改已确认的填报",
            f"{self._unit_name()}的填报已确认。确定要修改吗？修改保存后，请核对并重新确认。",
            "修改",
        )

    def _unit_name(self) -> str:
        return self.unit_combo.currentText().rpartition("（")[0]

    def _refresh_unit_state(self) -> None:
        """The drop-down's state after a save or a confirmation."""
        if self.session is not None and self.year is not None:
            self._fill_units()

    def next_pending(self) -> bool:
        """The next unit (after this one, wrapping) not yet confirmed; False when all are."""
        count = self.unit_combo.count()
        start = self.unit_combo.currentIndex()
        for step in range(1, count + 1):
            index = (start + step) % count
            if self.unit_combo.itemData(index, STATE_ROLE) != "已确认":
                if index != start:
                    self.unit_combo.setCurrentIndex(index)
                self.view.setFocus()
                return self.unit_combo.currentIndex() == index
        self.message.show_message(Level.INFO, "所有单位都已确认。")
        return False

    def _on_dirty_changed(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty)
        self.save_button.setText("保存（Ctrl+S）*" if dirty else "保存（Ctrl+S）")

    # ----- history -------------------------------------------------------------------------
    def _on_current_row_changed(
        self,
        current: QModelIndex | QPersistentModelIndex,
        _previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.show_history(current.row())

    def show_history(self, row: int) -> None:
        self.history.clear()
        if self.session is None or not 0 <= row < len(self.model.rows):
            return
        spec = self.model.rows[row]
        # the whole name and the row's check, which narrow columns cut (issue 22)
        check = self.model.check(row).message
        name = self.model.index(row, NAME).data()
        name = "" if name in spec.explanation else name
        self.explanation.setText("\n\n".join(t for t in (name, check, spec.explanation) if t))
        self.history_title.setText(f"修改记录：{spec.name}")
        if spec.value_id is None:
            self.history.addItem("（尚未保存过）")
            return
        entries = [
            e
            for e in audit.history(self.session.db, "value", spec.value_id)
            if e.field in value_history.LABELS
        ]
        if not entries:
            self.history.addItem("（批量写入的数据，没有逐项修改记录）")
        for entry in reversed(entries):
            text = value_history.change_text(entry.field or "", entry.old, entry.new)
            if text is not None:  # an empty 来源 saved beside a value is no change
                self.history.addItem(f"{entry.time}  {entry.pc}\n  {text}")
