"""A register record's form, generated from its definition: one editor per field with its
message inline beneath it, a tab per kind of sub-record, and the record's history.

Nothing is lost: a save that fails (invalid input, a locked or pulled stick) keeps the dialog
open with everything typed; closing with changes asks first.
"""

from __future__ import annotations

import json
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.definition import FieldDef, FormDef, Record, Values
from desktop.forms.field_text import IdNumberType
from desktop.forms.fields import UnitChoices
from desktop.forms.validation import default_text, shown, validate_texts
from desktop.operations import registers as operations
from desktop.store.attachments import AUDIT_FIELD
from desktop.store.audit import AuditEntry
from desktop.store.errors import StoreError
from desktop.store.registers import Children, RegisterStore
from desktop.ui import override
from desktop.ui.attachments_panel import AttachmentsPanel
from desktop.ui.errors import describe
from desktop.ui.field_editors import ComboEditor, FieldEditor, make_editor
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.prompts import Prompts
from desktop.ui.subform_table import ERROR_STYLE, SubformTable
from desktop.ui.widgets import save_cancel_buttons

#: the dialog's size: a long form fills it and scrolls; a short one is only as tall as it needs
WIDTH, FULL_HEIGHT, LEAST_HEIGHT = 760, 680, 360
HELP_STYLE = "color: #777777;"
ACTIONS = {
    "insert": "新增",
    "update": "修改",
    "delete": "删除",
    "restore": "恢复",
    "export": "完整导出",
    "import": "导入",
    "purge": "清除个人信息",
}


class RecordDialog(QDialog):
    saved = Signal(int)

    def __init__(
        self,
        store: RegisterStore,
        units: UnitChoices,
        prompts: Prompts,
        record: Record | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.form: FormDef = store.form
        self.units = units
        self.prompts = prompts
        self.record = record
        self.editors: dict[str, FieldEditor] = {}
        self._focused = False
        self.errors: dict[str, QLabel] = {}
        self.helps: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.subs: dict[str, SubformTable] = {}
        self._loading = True
        name = self.form.record_name
        self.setWindowTitle(f"编辑{name}" if record else f"新增{name}")
        self.resize(WIDTH, FULL_HEIGHT)
        layout = QVBoxLayout(self)
        self.message = MessageBar()
        layout.addWidget(self.message)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._fields_page(), "基本信息")
        for sub in self.form.subforms:
            table = SubformTable(sub, units, self._on_sub_changed)
            self.subs[sub.id] = table
            self.tabs.addTab(table, sub.title)
        self.history = QTableWidget(0, 5)
        self.history.setObjectName("history")
        self.history.setHorizontalHeaderLabels(["时间", "电脑", "操作", "栏目", "内容"])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.attachments = AttachmentsPanel(
            store.db, store.codec, self.form, record.id if record else None, prompts, self._reload
        )
        self.tabs.addTab(self.attachments, "附件")
        self.tabs.addTab(self.history, "修改记录")
        self.buttons = save_cancel_buttons(self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        layout.addWidget(self.buttons)
        self._fill()
        self._loading = False
        self._saved_texts = self.snapshot()
        self.resize(WIDTH, self._fitted_height())

    # ----- building ------------------------------------------------------------------------
    def _fields_page(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setColumnStretch(1, 1)
        row = 0
        for f in self.form.fields:
            label = QLabel(
                f.label + ("<span style='color:#c0392b'> *</span>" if f.required else "")
            )
            label.setTextFormat(Qt.TextFormat.RichText)
            editor = make_editor(f, self.units, partial(self._on_field_changed, f))
            label.setBuddy(editor.widget)
            if f.sum_of is not None:  # computed: shown, never typed
                editor.widget.setEnabled(False)
            self.editors[f.id] = editor
            self.labels[f.id] = label
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(editor.widget, row, 1)
            row += 1
            help_label = QLabel(f.help)
            help_label.setStyleSheet(HELP_STYLE)
            help_label.setVisible(bool(f.help))
            self.helps[f.id] = help_label
            error = QLabel()
            error.setObjectName(f"error_{f.id}")
            error.setStyleSheet(ERROR_STYLE)
            error.setVisible(False)
            self.errors[f.id] = error
            grid.addWidget(help_label, row, 1)
            grid.addWidget(error, row + 1, 1)
            row += 2
        grid.setRowStretch(row, 1)
        scroll.setWidget(inner)
        self._fields_scroll, self._fields_inner = scroll, inner
        return scroll

    def _fitted_height(self) -> int:
        """As tall as the fields need, up to ``FULL_HEIGHT`` (then they scroll): a 会议记录's
        eight fields left half of a 680-pixel dialog empty. A form with sub-forms keeps the
        full height for their tables."""
        if self.form.subforms:
            return FULL_HEIGHT
        scroll = self._fields_scroll
        outside = self.sizeHint().height() - scroll.sizeHint().height()
        needed = self._fields_inner.sizeHint().height() + 2 * scroll.frameWidth() + outside
        return max(LEAST_HEIGHT, min(FULL_HEIGHT, needed))

    def _fill(self) -> None:
        if self.record is None:
            for f in self.form.fields:
                self.editors[f.id].set_text(default_text(f))
        else:
            for f in self.form.fields:
                value = self.record.values.get(f.id)
                self.editors[f.id].set_text(f.kind.format(value, self.units))
            children = self.store.children(self.record.id)
            for sub_id, table in self.subs.items():
                table.set_rows(children.get(sub_id, []))
            self._show_history(self.store.history(self.record.id))
        for f in self.form.fields:
            self._update_dependents(f)
            self._describe(f)
        self._update_shown()
        self._update_sums()

    def _show_history(self, entries: list[AuditEntry]) -> None:
        rows = [e for e in entries if e.field not in ("created_at", "updated_at")]
        if not rows and self.record is not None:  # written in bulk (demo data)
            rows = [
                AuditEntry(
                    self.record.created_at,
                    "",
                    "",
                    self.record.id,
                    "insert",
                    None,
                    None,
                    "批量写入，没有逐项修改记录",
                )
            ]
        self.history.setRowCount(len(rows))
        for row, entry in enumerate(reversed(rows)):
            texts = [
                entry.time,
                entry.pc,
                ACTIONS.get(entry.action, entry.action),
                self._field_label(entry.field),
                self._change_text(entry),
            ]
            for column, text in enumerate(texts):
                self.history.setItem(row, column, QTableWidgetItem(text))
        self.history.resizeColumnsToContents()

    def _reload(self) -> None:
        """An attachment was added or removed: its entry shows in the history."""
        if self.record is not None:
            self._show_history(self.store.history(self.record.id))

    def _field_label(self, name: str | None) -> str:
        if not name:
            return ""
        if name == AUDIT_FIELD:
            return "附件"
        if name == "deleted_at":
            return ""
        if "[" in name:
            sub_id, _sep, rest = name.partition("[")
            number, _sep, field_id = rest.partition("].")
            sub = self.form.subform(sub_id)
            return f"{sub.title}第{number}行·{_label(sub.fields, field_id)}"
        return _label(self.form.fields, name)

    def _change_text(self, entry: AuditEntry) -> str:
        if entry.field == "deleted_at" or entry.action in ("delete", "restore"):
            return "移入回收站" if entry.action == "delete" else "从回收站恢复"
        if entry.field is None or entry.field == AUDIT_FIELD:
            return _plain(entry.new if entry.new is not None else entry.old)
        f = self._find_field(entry.field)
        if f is None:
            return f"{_plain(entry.old)} → {_plain(entry.new)}".strip(" →")

        def show(value: object) -> str:
            if value is None:
                return "（空）"
            return f.kind.format(f.kind.from_db(value), self.units)

        if entry.action == "insert":
            return show(entry.new)
        return f"{show(entry.old)} → {show(entry.new)}"

    def _find_field(self, name: str) -> FieldDef | None:
        fields = self.form.fields
        if "[" in name:
            sub_id, _sep, rest = name.partition("[")
            fields = self.form.subform(sub_id).fields
            name = rest.partition("].")[2]
        return next((f for f in fields if f.id == name), None)

    # ----- live checks ---------------------------------------------------------------------
    def _on_changed(self) -> None:
        if not self._loading:
            self.message.clear()

    def _on_sub_changed(self) -> None:
        self._on_changed()
        if not self._loading:
            self._update_sums()

    def _update_sums(self) -> None:
        """A computed total (累计服务时长) follows its base and its sub-records as typed."""
        for f in self.form.fields:
            if f.sum_of is None:
                continue
            sub_id, field_id, plus = f.sum_of
            table = self.subs[sub_id]
            column = [g.id for g in table.sub.fields].index(field_id)
            row_field = table.sub.field(field_id)
            total = _number(self._parse_quiet(self.form.field(plus))) if plus else 0.0
            for texts in table.texts():
                try:
                    total += _number(row_field.kind.parse(texts[column], self.units))
                except ValueError:
                    continue
            self.editors[f.id].set_text(f.kind.format(total, self.units))

    def _on_field_changed(self, f: FieldDef) -> None:
        self._on_changed()
        if self._loading:
            return
        if f.sum_of is None:
            self._update_sums()
        self._update_dependents(f)
        self._describe(f)
        self._update_shown()
        self._show_error(f.id, "")  # the message goes when the clerk edits the field

    def _update_shown(self) -> None:
        """Fields with ``show_when`` (the 家庭暴力 block) only while their condition holds."""
        values = {f.id: self._parse_quiet(f) for f in self.form.fields if f.choice}
        for f in self.form.fields:
            if f.show_when is not None:
                visible = shown(f, values)
                for widget in (self.labels[f.id], self.editors[f.id].widget):
                    widget.setVisible(visible)
                self.helps[f.id].setVisible(visible and bool(self.helps[f.id].text()))
                self.errors[f.id].setVisible(visible and bool(self.errors[f.id].text()))

    def _update_dependents(self, parent: FieldDef) -> None:
        for f in self.form.fields:
            editor = self.editors[f.id]
            if f.depends_on != parent.id or not isinstance(editor, ComboEditor):
                continue
            assert f.choice is not None
            value = self._parse_quiet(parent)
            editor.offer(
                [c.label for c in f.choice.options.choices if value is None or c.parent == value]
            )

    def _parse_quiet(self, f: FieldDef) -> object:
        try:
            return f.kind.parse(self.editors[f.id].text(), self.units)
        except ValueError:
            return None

    def _describe(self, f: FieldDef) -> None:
        """What an ID number says (birth date, sex), next to it."""
        if isinstance(f.kind, IdNumberType):
            value = self._parse_quiet(f)
            text = IdNumberType.describe(str(value)) if value else f.help
            self.helps[f.id].setText(text)
            self.helps[f.id].setVisible(bool(text))

    def _show_error(self, field_id: str, message: str) -> None:
        label = self.errors[field_id]
        label.setText(message)
        label.setVisible(bool(message))

    # ----- saving --------------------------------------------------------------------------
    def snapshot(self) -> tuple[tuple[str, ...], tuple[tuple[tuple[str, ...], ...], ...]]:
        main = tuple(self.editors[f.id].text() for f in self.form.fields)
        subs = tuple(tuple(tuple(r) for r in t.texts()) for t in self.subs.values())
        return main, subs

    @property
    def dirty(self) -> bool:
        return self.snapshot() != self._saved_texts

    def check(self) -> tuple[Values, Children] | None:
        """Validate everything; show each problem next to its field. None when invalid."""
        texts = {f.id: self.editors[f.id].text() for f in self.form.fields}
        for f in self.form.fields:  # a hidden field is saved empty
            if f.show_when is not None and self.editors[f.id].widget.isHidden():
                texts[f.id] = ""
        values, errors = validate_texts(self.form.fields, self.form.rules, texts, self.units)
        for f in self.form.fields:
            self._show_error(f.id, errors.get(f.id, ""))
        children: Children = {}
        sub_problems = 0
        for sub_id, table in self.subs.items():
            rows, problems = table.values()
            children[sub_id] = rows
            sub_problems += len(problems)
        if errors or sub_problems:
            count = len(errors) + sub_problems
            first = next((f for f in self.form.fields if f.id in errors), None)
            where = f"，第一处是“{first.label}”" if first else "，在子表中"
            self.message.show_message(Level.WARNING, f"有 {count} 处需要改正{where}。")
            if first is not None:
                self.tabs.setCurrentIndex(0)
                self.editors[first.id].widget.setFocus()
            else:
                bad = next(i for i, t in enumerate(self.subs.values()) if t.error.text())
                self.tabs.setCurrentIndex(bad + 1)
            return None
        return values, children

    def save(self) -> bool:
        checked = self.check()
        if checked is None:
            return False
        values, children = checked
        try:
            record_id, _changes = operations.save_record(
                self.store.db,
                self.form,
                self.store.codec,
                self.record.id if self.record else None,
                values,
                children,
            )
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc) + "\n填写的内容仍保留，可重试。")
            return False
        self._saved_texts = self.snapshot()
        self.saved.emit(record_id)
        self.accept()
        return True

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._focused:  # 新增 / 修改: the cursor in the first field (issue 22)
            self._focused = True
            editable = [e.widget for e in self.editors.values() if e.widget.isEnabled()]
            if editable:
                editable[0].setFocus()

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Save):
            self.save()
            return
        super().keyPressEvent(event)

    @override
    def reject(self) -> None:
        if self.dirty:
            answer = self.prompts.ask_unsaved(f"这条{self.form.record_name}有尚未保存的修改。")
            if answer == "cancel" or (answer == "save" and not self.save()):
                return
            if answer == "save":
                return  # save() accepted the dialog
        super().reject()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty and self.result() != QDialog.DialogCode.Accepted:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


def _label(fields: tuple[FieldDef, ...], field_id: str) -> str:
    return next((f.label for f in fields if f.id == field_id), field_id)


def _plain(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0
