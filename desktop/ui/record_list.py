"""A page that lists records: 新增 / 编辑 and the page's own buttons, inline messages, a count,
a read-only table; double-click or 编辑 opens the record's dialog (``open_dialog``, defined by
each page). The registers' generic list page can grow from here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.operations import Changes
from desktop.operations.session import connection
from desktop.store.database import Database
from desktop.store.errors import StoreError
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.pages import Page
from desktop.ui.prompts import Prompts
from desktop.ui.runner import Problem, Task, TaskRunner, TaskState
from desktop.ui.table_model import Column, RowsModel
from desktop.ui.widgets import button_bar, fit_columns, record_table

T = TypeVar("T")


class RecordListPage(Page, Generic[T]):
    #: opens the add (None) or edit dialog of a record; each page defines it
    open_dialog: Callable[[T | None], QDialog]

    def __init__(
        self,
        prompts: Prompts,
        tasks: TaskRunner,
        columns: list[Column[T]],
        name: str,
        *,
        add_text: str,
        extra: tuple[QWidget, ...] = (),
        stretch: int = 1,
        widest: Mapping[int, int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self.tasks = tasks
        self.stretch = stretch
        self.widest = widest
        self.add_button = QPushButton(add_text)
        self.edit_button = QPushButton("编辑……")
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(
            button_bar(self.add_button, self.edit_button, *extra, trailing=self.count_label)
        )
        self.message = MessageBar()
        layout.addWidget(self.message)
        self.model: RowsModel[T] = RowsModel(columns, self)
        self.view = record_table(self.model, name)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        #: the clerk sized a column herself: a refresh keeps her widths from then on (for this
        #: window's life, whatever database it shows: the same lists, the same columns)
        self.widths_given = False
        self._fitting = False
        self.view.horizontalHeader().sectionResized.connect(self._on_column_resized)
        layout.addWidget(self.view, 1)
        self.add_button.clicked.connect(lambda _checked=False: self.open_dialog(None))
        self.edit_button.clicked.connect(lambda _checked=False: self.edit_selected())

    def show_rows(self, rows: list[T], count: str) -> None:
        self._fitting = True  # the reset and the fit size the columns, not the clerk
        try:
            self.model.set_rows(rows)
            if not self.widths_given:
                fit_columns(self.view, self.stretch, self.widest)
        finally:
            self._fitting = False
        self.count_label.setText(count)

    def _on_column_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != self.stretch:  # the stretched one follows the view
            self.widths_given = True

    def selected(self) -> T | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def save_with(self, dialog: QDialog, message: MessageBar, write: Callable[[], str]) -> bool:
        """Run ``write`` (returns the saved record's name); a known failure stays in the dialog
        with what was typed, success closes it and re-reads the list."""
        try:
            name = write()
        except ValueError as exc:
            message.show_message(Level.ERROR, str(exc))
            return False
        except StoreError as exc:
            message.show_message(Level.ERROR, describe(exc))
            return False
        dialog.accept()
        self.message.show_message(Level.INFO, f"已保存：{name}")
        self.refresh()
        return True

    def import_with(
        self, title: str, path: Path | None, read: Callable[[Database, Path], str]
    ) -> Task | None:
        """Ask for a workbook (unless given), run ``read(db, path)`` off the window's thread
        with its own connection (an import operation; returns what was done). Problems by
        sheet, row and field go to the message bar and nothing is changed."""
        if self.session is None:
            return None
        chosen = path or self.prompts.open_excel_path(title)
        if chosen is None:
            return None
        db_path = self.session.path

        def work(state: TaskState) -> str:
            with connection(db_path) as db:
                return read(db, chosen)

        def done(result: object) -> None:
            self.message.show_message(Level.INFO, str(result))
            self.after(Changes(frozenset(self.shows)))

        def failed(problem: Problem) -> None:
            self.message.show_message(Level.ERROR, problem.message)

        return self.tasks.start(f"正在{title}……", work, done, failed)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_dialog(row)
