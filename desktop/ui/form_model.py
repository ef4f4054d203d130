"""The unit form's table model: one row per data element the unit reports in the year.

Edits stay in the model (as the text the clerk typed) until a save succeeds, so a failed save
loses nothing. Validation runs as she types and shows inline, in the 提示 column beside the
cell: errors block the save; a jump from last year is a warning that needs a note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QUndoCommand, QUndoStack

from desktop.domain.evaluation import is_jump
from desktop.domain.numbers import NumberError, Parsed, format_number, parse_number
from desktop.store.indicators import UNVERIFIED_NOTE
from desktop.store.monitoring import FormRow, ValueEntry
from desktop.ui import override
from desktop.ui.table_model import (
    ALIGNMENT,
    BACKGROUND,
    DISPLAY,
    EDIT,
    FOREGROUND,
    RIGHT,
    TOOLTIP,
)

COLUMNS = ("编码", "指标 / 数据项", "单位", "上年值", "目标", "本年值", "备注", "来源", "提示")
CODE, NAME, MEASURE, LAST, TARGET, VALUE, NOTE, SOURCE, HINT = range(len(COLUMNS))
EDITABLE = (VALUE, NOTE, SOURCE)
_FIELDS = {VALUE: "value", NOTE: "note", SOURCE: "source"}

INPUT_BRUSH = QBrush(QColor("#fffbe6"))
ERROR_BRUSH = QBrush(QColor("#fde2e1"))
WARNING_BRUSH = QBrush(QColor("#fff0d0"))
UNVERIFIED_BRUSH = QBrush(QColor("#a15c00"))
ROLE_SUFFIX = {"numerator": "（分子）", "denominator": "（分母）", "value": ""}

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Check:
    level: str  # "", "warning", "error"
    message: str = ""


def _stored_text(row: FormRow) -> str:
    if row.no_data:
        return "无"
    return format_number(row.value, row.decimals) if row.value is not None else ""


class CellEdit(QUndoCommand):
    """One cell's typed text, undone with Ctrl+Z and redone with Ctrl+Y until the form is saved."""

    def __init__(self, model: UnitFormModel, row: int, column: int, old: str, new: str) -> None:
        super().__init__(f"修改第 {row + 1} 行“{COLUMNS[column]}”")
        self.model, self.row, self.column, self.old, self.new = model, row, column, old, new

    @override
    def redo(self) -> None:
        self.model.apply(self.row, self.column, self.new)

    @override
    def undo(self) -> None:
        self.model.apply(self.row, self.column, self.old)


class UnitFormModel(QAbstractTableModel):
    dirty_changed = Signal(bool)
    #: a cell edited, undone or redone: (row, column), so the view can show it
    cell_changed = Signal(int, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[FormRow] = []
        self.edits: dict[int, dict[str, str]] = {}
        self._checks: dict[int, Check] = {}
        self._fixed: list[list[str]] = []
        self.jump_share = Decimal("0.3")
        #: every edit goes on this stack (cleared when the form is loaded or saved)
        self.undo_stack = QUndoStack(self)
        #: asked before the first edit after a load; False drops the edit (a confirmed unit)
        self.may_edit: Callable[[], bool] | None = None

    # ----- loading -------------------------------------------------------------------------
    def load(self, rows: list[FormRow], jump_share: Decimal) -> None:
        self.beginResetModel()
        self.rows = rows
        self.edits = {}
        self.jump_share = jump_share
        self._checks = {}
        self._fixed = [[self._fixed_text(spec, c) for c in range(len(COLUMNS))] for spec in rows]
        self.undo_stack.clear()
        self.endResetModel()
        self.dirty_changed.emit(False)

    @property
    def dirty(self) -> bool:
        return any(self._changed(i) for i in self.edits)

    def text(self, row: int, column: int) -> str:
        edit = self.edits.get(row, {})
        field = _FIELDS[column]
        if field in edit:
            return edit[field]
        stored = self.rows[row]
        return {"value": _stored_text(stored), "note": stored.note, "source": stored.source}[field]

    def _changed(self, row: int) -> bool:
        stored = self.rows[row]
        original = {"value": _stored_text(stored), "note": stored.note, "source": stored.source}
        return any(original[f] != t for f, t in self.edits.get(row, {}).items())

    # ----- validation ----------------------------------------------------------------------
    def parsed(self, row: int) -> Parsed:
        spec = self.rows[row]
        return parse_number(
            self.text(row, VALUE), measure=spec.measure if spec.role == "value" else ""
        )

    def check(self, row: int) -> Check:
        """The row's validation result (cached until the row or its partner is edited)."""
        cached = self._checks.get(row)
        if cached is None:
            cached = self._checks[row] = self._check(row)
        return cached

    def _check(self, row: int) -> Check:
        spec = self.rows[row]
        try:
            parsed = self.parsed(row)
        except NumberError as exc:
            return Check("error", exc.message)
        value = parsed.value
        if value is None:
            return Check("")
        if spec.role != "value" and (value < 0 or value != value.to_integral_value()):
            return Check("error", "人数、个数应为不小于0的整数。")
        if spec.range_min is not None and value < spec.range_min:
            return Check("error", f"不能小于 {format_number(spec.range_min, spec.decimals)}。")
        if spec.range_max is not None and value > spec.range_max:
            return Check("error", f"不能大于 {format_number(spec.range_max, spec.decimals)}。")
        partner = self._partner(row)
        if partner is not None and spec.role == "numerator":
            try:
                denominator = self.parsed(partner).value
            except NumberError:
                denominator = None
            if denominator is not None and value > denominator:
                return Check("error", f"分子（{value}）不能大于分母（{denominator}）。")
        if is_jump(value, spec.last_value, self.jump_share):
            share = int(self.jump_share * 100)
            last = format_number(spec.last_value, spec.decimals)
            if not self.text(row, NOTE).strip():
                return Check("warning", f"比上年（{last}）变化超过{share}%，请在备注中说明原因。")
            return Check("warning", f"比上年（{last}）变化超过{share}%，已说明原因。")
        return Check("")

    def _partner(self, row: int) -> int | None:
        spec = self.rows[row]
        if spec.role == "value":
            return None
        other = "denominator" if spec.role == "numerator" else "numerator"
        for i, candidate in enumerate(self.rows):
            if candidate.indicator_code == spec.indicator_code and candidate.role == other:
                return i
        return None

    def problems(self) -> list[tuple[int, str]]:
        """Changed rows that block a save: errors, and jumps without a note.

        Rows the clerk did not touch never block (an old value flagged by a later rule).
        """
        found = []
        for row in sorted(r for r in self.edits if self._changed(r)):
            result = self.check(row)
            if result.level == "error" or (
                result.level == "warning" and not self.text(row, NOTE).strip()
            ):
                found.append((row, result.message))
        return found

    def entries(self) -> list[ValueEntry]:
        """The changed rows as values to save (call only when ``problems()`` is empty)."""
        result = []
        for row in sorted(self.edits):
            if not self._changed(row):
                continue
            parsed = self.parsed(row)
            result.append(
                ValueEntry(
                    self.rows[row].element_id,
                    parsed.value,
                    parsed.no_data,
                    self.text(row, NOTE).strip(),
                    self.text(row, SOURCE).strip(),
                )
            )
        return result

    def shown_texts(self) -> list[list[str]]:
        """Each row's cell texts, as ``data`` shows them: it answers no font, icon or check
        state, so ``text_widths`` measures these (``ShownTexts``)."""
        shown = []
        for row, fixed in enumerate(self._fixed):
            texts = list(fixed)
            for column in EDITABLE:
                texts[column] = self.text(row, column)
            texts[HINT] = self.check(row).message
            shown.append(texts)
        return shown

    # ----- Qt model ------------------------------------------------------------------------
    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    @staticmethod
    def _fixed_text(spec: FormRow, column: int) -> str:
        """Texts of the read-only columns, computed once per load."""
        if column == CODE:
            return spec.indicator_code
        if column == NAME:
            return spec.name + ROLE_SUFFIX[spec.role]
        if column == MEASURE:
            return spec.measure
        if column == LAST:
            return "无" if spec.last_no_data else format_number(spec.last_value, spec.decimals)
        if column == TARGET:
            # one note above the form says what * means (issue 22: not in every row)
            unmarked = spec.verified or spec.target is None
            return spec.target_text if unmarked else f"{spec.target_text} *"
        return ""

    @override
    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (DISPLAY, EDIT):
            if column in EDITABLE:
                return self.text(row, column)
            if column == HINT:
                return self.check(row).message
            return self._fixed[row][column]
        if role == BACKGROUND:
            if column in (VALUE, HINT):
                level = self.check(row).level
                if level:
                    return ERROR_BRUSH if level == "error" else WARNING_BRUSH
            return INPUT_BRUSH if column in EDITABLE else None
        if role == TOOLTIP:
            return self._tooltip(row, column)
        if role == FOREGROUND and column == TARGET and not self.rows[row].verified:
            return UNVERIFIED_BRUSH
        if role == ALIGNMENT and column in (LAST, TARGET, VALUE):
            return RIGHT
        return None

    def _tooltip(self, row: int, column: int) -> str | None:
        """The whole text where a narrow column cuts it (issue 22)."""
        if column in (CODE, NAME):
            return f"{self._fixed[row][NAME]}\n{self.rows[row].explanation}".strip()
        if column == HINT:
            return self.check(row).message or None
        if column in (NOTE, SOURCE):
            return self.text(row, column) or None
        if column == TARGET and not self.rows[row].verified:
            return f"该目标值来自参考目录，尚未核对：{UNVERIFIED_NOTE}后在“指标”页确认。"
        return None

    @override
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or role != Qt.ItemDataRole.EditRole
            or index.column() not in EDITABLE
        ):
            return False
        row, column = index.row(), index.column()
        old, new = self.text(row, column), str(value or "")
        if old == new:
            return True
        if self.may_edit is not None and not self.undo_stack.count():
            if not self.may_edit():
                return False
            self.may_edit = None  # asked once per load
        self.undo_stack.push(CellEdit(self, row, column, old, new))
        return True

    def apply(self, row: int, column: int, text: str) -> None:
        """Set a cell's text (an edit, or its undo/redo) and re-check the rows it touches."""
        was_dirty = self.dirty
        self.edits.setdefault(row, {})[_FIELDS[column]] = text
        changed = [row]
        partner = self._partner(row)
        if partner is not None:
            changed.append(partner)
        for r in changed:
            self._checks.pop(r, None)
            self.dataChanged.emit(self.index(r, 0), self.index(r, len(COLUMNS) - 1))
        if self.dirty != was_dirty:
            self.dirty_changed.emit(self.dirty)
        self.cell_changed.emit(row, column)


def unverified_note(model: UnitFormModel) -> str:
    """The one note for targets still to be checked (marked * in the 目标 column)."""
    if all(spec.verified or spec.target is None for spec in model.rows):
        return ""
    return f"目标值带 * 的来自参考目录，尚未核对：{UNVERIFIED_NOTE}后在“指标”页确认。"
