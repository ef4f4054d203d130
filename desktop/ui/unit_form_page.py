"""填报: the unit's form, the main data-entry screen.

Pick year and unit; one table with everything the unit reports. Excel-like keyboard: Enter
moves down, Tab moves right, typing starts editing, Ctrl+V pastes a column copied from
Excel/WPS, Delete clears, Ctrl+S saves. One save is one transaction in the audit trail.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.numbers import format_number
from desktop.store import audit, evaluation, monitoring
from desktop.store.errors import StoreError
from desktop.ui import override
from desktop.ui.errors import describe
from desktop.ui.form_model import HINT, NAME, NOTE, SOURCE, VALUE, UnitFormModel
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.pages import Page
from desktop.ui.prompts import Prompts
from desktop.ui.widgets import YearCombo


class SheetView(QTableView):
    """A table that behaves like a spreadsheet for the keyboard and the clipboard."""

    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setDefaultSectionSize(28)

    def move_down(self) -> None:
        current = self.currentIndex()
        if current.isValid() and current.row() + 1 < self.model().rowCount():
            self.setCurrentIndex(current.sibling(current.row() + 1, current.column()))

    @override
    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        # Enter in an editor arrives as SubmitModelCache: commit, then move down like Excel.
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.move_down()
            return
        super().closeEditor(editor, hint)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Save):
            self.save_requested.emit()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
            return
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            for index in self.selectedIndexes():
                if index.flags() & Qt.ItemFlag.ItemIsEditable:
                    self.model().setData(index, "", Qt.ItemDataRole.EditRole)
            return
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.move_down()
            return
        super().keyPressEvent(event)

    def paste(self, text: str) -> int:
        """Fill cells from the current one down (and right) with tab-separated text.

        Cells that are not editable are skipped, as are trailing empty lines Excel adds.
        Returns how many cells were filled.
        """
        start = self.currentIndex()
        if not start.isValid() or not text:
            return 0
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while lines and lines[-1] == "":
            lines.pop()
        model = self.model()
        filled = 0
        for r, line in enumerate(lines):
            row = start.row() + r
            if row >= model.rowCount():
                break
            column = start.column()
            for cell in line.split("\t"):
                while column < model.columnCount() and not (
                    model.index(row, column).flags() & Qt.ItemFlag.ItemIsEditable
                ):
                    column += 1
                if column >= model.columnCount():
                    break
                model.setData(model.index(row, column), cell.strip(), Qt.ItemDataRole.EditRole)
                filled += 1
                column += 1
        return filled


def _note_label(name: str, style: str) -> QLabel:
    """A read-only, wrapping note beside the form (指标解释, rows counted from registers)."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(style + " color: #333;")
    return label


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
        layout.addLayout(self._build_bar())
        self.message = MessageBar()
        layout.addWidget(self.message)

        self.model = UnitFormModel(self)
        self.view = SheetView()
        self.view.setObjectName("unitForm")
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(HINT, QHeaderView.ResizeMode.Stretch)
        self.history = QListWidget()
        self.history.setObjectName("history")
        history_box = QWidget()
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(0, 0, 0, 0)
        self.explanation = _note_label(
            "explanation", "background: #f5f8fc; border: 1px solid #d5dfeb; padding: 6px;"
        )
        self.explanation.setText("选中一行，这里显示它的指标解释。")
        history_layout.addWidget(QLabel("指标解释"))
        history_layout.addWidget(self.explanation)
        self.history_title = QLabel("修改记录")
        history_layout.addWidget(self.history_title)
        history_layout.addWidget(self.history)
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(history_box)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.counted = _note_label("counted", "background: #eef6ee; padding: 4px;")
        self.counted.hide()
        layout.addWidget(self.counted)
        hint = QLabel(
            "直接输入数字；回车到下一行，Tab到右侧；可从Excel/WPS复制一列后按 Ctrl+V 粘贴；"
            "没有数据请填“无”。"
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
        self._on_dirty_changed(False)

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.year_combo = YearCombo()
        self.unit_combo = QComboBox()
        self.unit_combo.setMinimumWidth(200)
        bar.addWidget(QLabel("年度："))
        bar.addWidget(self.year_combo)
        bar.addWidget(QLabel("填报单位："))
        bar.addWidget(self.unit_combo)
        self.state_label = QLabel()
        bar.addWidget(self.state_label, 1)
        self.save_button = QPushButton("保存（Ctrl+S）")
        self.complete_button = QPushButton("标记为已确认")
        bar.addWidget(self.save_button)
        bar.addWidget(self.complete_button)
        return bar

    # ----- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.session is None:
            return
        if self.model.dirty:
            # a background backup or another page's save refreshes the window: never let that
            # re-read drop what the clerk typed (only save / 不保存 do)
            return
        years = monitoring.years(self.session.db)
        self.year_combo.set_years(years)
        if self.year is None or self.year not in years:
            self.year = self.year_combo.year()
        self._fill_units()
        self._reload()

    def _fill_units(self) -> None:
        assert self.session is not None
        units = monitoring.reporting_units(self.session.db, self.year) if self.year else []
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        for unit_id, name in units:
            self.unit_combo.addItem(name, unit_id)
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
        self.view.resizeColumnsToContents()
        for column, width in ((VALUE, 90), (NOTE, 160), (SOURCE, 100)):
            self.view.setColumnWidth(column, max(width, self.view.columnWidth(column)))
        self.view.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        if rows:
            self.view.setCurrentIndex(self.model.index(0, VALUE))
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
        lines = [
            f"{i.code} {i.name}：{format_number(d.value, i.decimals) or '—'}{i.measure}"
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
            monitoring.years(self.session.db) if self.session else [], select=year
        )
        self._fill_units()
        self._reload()
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
            monitoring.save_values(self.session.db, self.year, self.unit_id, entries)
        except StoreError as exc:
            self.message.show_message(
                Level.ERROR, describe(exc) + "\n填写的内容仍保留在表中，可以稍后再保存。"
            )
            return False
        current = self.view.currentIndex()
        self._reload()
        if current.isValid():
            self.view.setCurrentIndex(current)
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
            monitoring.mark_complete(self.session.db, self.year, self.unit_id, not done)
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return
        self._update_state()
        self.saved.emit()

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
        self.explanation.setText(spec.explanation)
        self.history_title.setText(f"修改记录：{spec.name}")
        if spec.value_id is None:
            self.history.addItem("（尚未保存过）")
            return
        labels = {"value": "数值", "no_data": "无数据", "note": "备注", "source": "来源"}
        entries = [
            e for e in audit.history(self.session.db, "value", spec.value_id) if e.field in labels
        ]
        if not entries:
            self.history.addItem("（批量写入的数据，没有逐项修改记录）")
        for entry in reversed(entries):
            old = "" if entry.old is None else entry.old
            new = "" if entry.new is None else entry.new
            self.history.addItem(
                f"{entry.time}  {entry.pc}\n  {labels.get(entry.field or '', '')}：{old} → {new}"
            )
