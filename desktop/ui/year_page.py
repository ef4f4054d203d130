"""``YearPage``: a workspace page about one working year (填报进度, 监测结果, 分工矩阵, 目标责任书,
年度考核, 预警整改): a year picker, the page re-read when the year changes. Apart from
``pages.py`` so that a start, which shows the home page only, builds no year picker."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.store.round_progress import years
from desktop.ui.pages import Page
from desktop.ui.widgets import YearCombo


class YearPage(Page):
    """A page about one working year: a year picker, re-read when the year changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year_combo = YearCombo()
        self.year_combo.year_changed.connect(lambda _year: self._load())

    def year_bar(self) -> QHBoxLayout:
        """A toolbar row that starts with 年度: and the year picker."""
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度："))
        bar.addWidget(self.year_combo)
        return bar

    def reset(self) -> None:
        super().reset()
        self.year_combo.clear()  # the next refresh picks the new database's latest year

    def refresh(self) -> None:
        if self.session is None:
            return
        self.year_combo.set_years(years(self.session.db))
        self._load()

    def _load(self) -> None:
        """Show the selected year."""
