"""The sidebar's pages, each built the first time it is needed.

Importing and building all pages before the window shows cost ~270 ms at start (their modules
pull in reportlab, openpyxl and the report catalogue). The sidebar is filled from ``SPECS``
(ids and titles, no import); a page's module is imported and the page built when it is first
shown or asked for. Until then the stack holds an empty placeholder in its place.
Imported by name: ``packaging/fulian.spec`` collects every ``desktop.ui`` module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QStackedWidget, QWidget

from desktop.domain.plain import Frozen
from desktop.ui.pages import Page

if TYPE_CHECKING:
    from desktop.ui.completeness_page import CompletenessPage
    from desktop.ui.database_page import DatabasePage
    from desktop.ui.indicators_page import IndicatorsPage
    from desktop.ui.letters_page import LettersPage
    from desktop.ui.matrix_page import MatrixPage
    from desktop.ui.privacy_page import PrivacyPage
    from desktop.ui.register_page import RegistersPage
    from desktop.ui.reports_page import ReportsPage
    from desktop.ui.results_page import ResultsPage
    from desktop.ui.unit_form_page import UnitFormPage
    from desktop.ui.units_page import UnitsPage


class PageSpec(Frozen):
    page_id: str
    title: str  # the class's ``title`` (a test keeps them equal)
    module: str  # under desktop.ui
    cls: str

    def page_class(self) -> type[Page]:
        page_class: type[Page] = getattr(
            importlib.import_module(f"desktop.ui.{self.module}"), self.cls
        )
        assert issubclass(page_class, Page)
        return page_class


SPECS = (
    PageSpec("home", "首页", "home_page", "HomePage"),
    PageSpec("form", "填报", "unit_form_page", "UnitFormPage"),
    PageSpec("completeness", "填报进度", "completeness_page", "CompletenessPage"),
    PageSpec("results", "监测结果", "results_page", "ResultsPage"),
    PageSpec("matrix", "分工矩阵", "matrix_page", "MatrixPage"),
    PageSpec("letters", "目标责任书", "letters_page", "LettersPage"),
    PageSpec("assessment", "年度考核", "assessment_page", "AssessmentPage"),
    PageSpec("follow_up", "预警整改", "follow_up_page", "FollowUpPage"),
    PageSpec("registers", "工作台账", "register_page", "RegistersPage"),
    PageSpec("reports", "报表", "reports_page", "ReportsPage"),
    PageSpec("indicators", "指标", "indicators_page", "IndicatorsPage"),
    PageSpec("units", "责任单位", "units_page", "UnitsPage"),
    PageSpec("privacy", "个人信息保护", "privacy_page", "PrivacyPage"),
    PageSpec("database", "数据库", "database_page", "DatabasePage"),
)
#: the modules of the pages a start does not show, in the sidebar's order (``Warmup``)
PAGE_MODULES = tuple(f"desktop.ui.{spec.module}" for spec in SPECS if spec.page_id != "home")


class LazyPages:
    """The pages of ``stack``, in sidebar order, built by ``build`` on first use."""

    def __init__(
        self,
        stack: QStackedWidget,
        specs: Sequence[PageSpec],
        build: Callable[[PageSpec], Page],
    ) -> None:
        self.stack = stack
        self.specs = tuple(specs)
        self._build = build
        self._pages: list[Page | None] = [None] * len(self.specs)
        for _spec in self.specs:
            stack.addWidget(QWidget())

    def row(self, page_id: str) -> int:
        for row, spec in enumerate(self.specs):
            if spec.page_id == page_id:
                return row
        raise KeyError(page_id)

    def get(self, page_id: str) -> Page:
        return self.at(self.row(page_id))

    def at(self, row: int) -> Page:
        """The page of a sidebar row, built now if it was not yet (never while its
        placeholder is the stack's current widget: build before switching to it)."""
        page = self._pages[row]
        if page is None:
            page = self._build(self.specs[row])
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self._pages[row] = page
        return page

    def built(self) -> list[Page]:
        return [page for page in self._pages if page is not None]

    def is_built(self, page_id: str) -> bool:
        return self._pages[self.row(page_id)] is not None

    def all(self) -> list[Page]:
        """Every page (builds the ones not built yet)."""
        return [self.at(row) for row in range(len(self.specs))]


class PageAttributes:
    """The window's pages by name (``window.registers_page``): each built when first asked."""

    lazy: LazyPages

    @property
    def pages(self) -> list[Page]:
        """Every page in sidebar order (builds those not shown yet)."""
        return self.lazy.all()

    @property
    def form_page(self) -> UnitFormPage:
        return cast("UnitFormPage", self.lazy.get("form"))

    @property
    def completeness_page(self) -> CompletenessPage:
        return cast("CompletenessPage", self.lazy.get("completeness"))

    @property
    def results_page(self) -> ResultsPage:
        return cast("ResultsPage", self.lazy.get("results"))

    @property
    def matrix_page(self) -> MatrixPage:
        return cast("MatrixPage", self.lazy.get("matrix"))

    @property
    def letters_page(self) -> LettersPage:
        return cast("LettersPage", self.lazy.get("letters"))

    @property
    def registers_page(self) -> RegistersPage:
        return cast("RegistersPage", self.lazy.get("registers"))

    @property
    def reports_page(self) -> ReportsPage:
        return cast("ReportsPage", self.lazy.get("reports"))

    @property
    def indicators_page(self) -> IndicatorsPage:
        return cast("IndicatorsPage", self.lazy.get("indicators"))

    @property
    def units_page(self) -> UnitsPage:
        return cast("UnitsPage", self.lazy.get("units"))

    @property
    def privacy_page(self) -> PrivacyPage:
        return cast("PrivacyPage", self.lazy.get("privacy"))

    @property
    def database_page(self) -> DatabasePage:
        return cast("DatabasePage", self.lazy.get("database"))
