"""A table that behaves like a spreadsheet for the keyboard and the clipboard (the unit form):
Enter moves down, Delete clears, Ctrl+V pastes a block copied from Excel/WPS, Ctrl+S saves,
Ctrl+Z / Ctrl+Y undo and redo (a paste or a cleared block is one step)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget

from desktop.ui import override


class SheetView(QTableView):
    """A table that behaves like a spreadsheet for the keyboard and the clipboard."""

    save_requested = Signal()
    undo_requested = Signal()
    redo_requested = Signal()

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
        #: the model's edits; a paste or a cleared block is one step on it
        self.undo_stack: QUndoStack | None = None

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
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo_requested.emit()
            return
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.matches(QKeySequence.StandardKey.Redo) or (
            control and event.key() == Qt.Key.Key_Y  # Excel's and WPS's redo, on every system
        ):
            self.redo_requested.emit()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self._as_one_step("粘贴", lambda: self.paste(QGuiApplication.clipboard().text()))
            return
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self._as_one_step("清除", self._clear_selected)
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

    def _clear_selected(self) -> None:
        for index in self.selectedIndexes():
            if index.flags() & Qt.ItemFlag.ItemIsEditable:
                self.model().setData(index, "", Qt.ItemDataRole.EditRole)

    def _as_one_step(self, text: str, action: Callable[[], object]) -> None:
        if self.undo_stack is not None:
            self.undo_stack.beginMacro(text)
        try:
            action()
        finally:
            if self.undo_stack is not None:
                self.undo_stack.endMacro()
