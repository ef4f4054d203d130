"""The widths the clerk dragged a list's columns to, kept per register.

Kept by field id, not by column number: a column added to a form or taken out of it leaves the
others' widths where she put them, and a new one starts at its default. Kept while the list is
read again (a save, a filter, a search, a sort, a visit) and, given the settings, in the data
folder across restarts. A width is taken only from the clerk's own resizing: while the model
is reset the header sizes its sections itself, and the last section stretches to the view.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QObject
from PySide6.QtWidgets import QTableView

from desktop.ui.settings import Settings


class ColumnWidths(QObject):
    def __init__(self, view: QTableView, settings: Settings | None = None) -> None:
        super().__init__(view)
        self.view = view
        self.settings = settings
        self._key: str | None = None  # the register shown
        self._fields: list[str] = []  # its columns' field ids
        self._kept: dict[str, dict[str, int]] = {}  # register → field id → width
        self._applying = False
        model = view.model()
        assert isinstance(model, QAbstractItemModel)
        model.modelAboutToBeReset.connect(self._on_reset_starting)
        model.modelReset.connect(self._on_reset_done)
        view.horizontalHeader().sectionResized.connect(self._on_resized)

    def apply(self, key: str, fields: Sequence[str], defaults: Sequence[int]) -> None:
        """Each column at the width the clerk gave it, else at its default."""
        self._key, self._fields = key, list(fields)
        kept = self.kept(key)
        self._applying = True
        try:
            for column, (field_id, default) in enumerate(zip(fields, defaults, strict=True)):
                self.view.setColumnWidth(column, kept.get(field_id, default))
        finally:
            self._applying = False

    def kept(self, key: str) -> dict[str, int]:
        """A register's kept widths (read from the settings the first time it is shown)."""
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = self.settings.column_widths(key) if self.settings else {}
        return found

    def _on_reset_starting(self) -> None:
        self._applying = True  # the header re-makes its sections: not the clerk's widths

    def _on_reset_done(self) -> None:
        self._applying = False

    def _on_resized(self, column: int, _old: int, new: int) -> None:
        if self._applying or self._key is None or not 0 <= column < len(self._fields):
            return
        header = self.view.horizontalHeader()
        if header.stretchLastSection() and column == header.count() - 1:
            return  # sized by the view's width, not by the clerk
        kept = self.kept(self._key)
        kept[self._fields[column]] = new
        if self.settings is not None:
            self.settings.save_column_widths(self._key, kept)
