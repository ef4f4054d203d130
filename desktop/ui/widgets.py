"""Small widgets shared by several pages."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget


class YearCombo(QComboBox):
    """Pick a working year; keeps the selection when the list is refreshed."""

    year_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(110)
        self.currentIndexChanged.connect(self._on_index_changed)
        self._silent = False

    def set_years(self, years: list[int], select: int | None = None) -> None:
        keep = select if select is not None else self.year()
        self._silent = True
        self.clear()
        for year in sorted(set(years), reverse=True):
            self.addItem(f"{year}年度", year)
        index = self.findData(keep) if keep is not None else 0
        self.setCurrentIndex(max(index, 0))
        self._silent = False

    def year(self) -> int | None:
        data = self.currentData()
        return int(data) if data is not None else None

    def select(self, year: int) -> None:
        index = self.findData(year)
        if index >= 0:
            self.setCurrentIndex(index)

    def _on_index_changed(self, _index: int) -> None:
        year = self.year()
        if not self._silent and year is not None:
            self.year_changed.emit(year)
