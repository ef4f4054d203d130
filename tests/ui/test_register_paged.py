"""A register of ten thousand records opens on 工作台账 reading only its first page, and what
the clerk then does (sort by a header, filter, search, pick a record far down) shows the rows
of the old full read in the same order, still reading only the pages shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.forms.listing import Query
from desktop.store.registers import RegisterStore
from desktop.ui.main_window import MainWindow
from desktop.ui.register_model import PAGE
from tests.store.test_register_pages import _old
from tests.ui.test_register_lazy import _grow
from tests.ui.test_register_page import open_register


def test_a_large_register_opens_reading_only_its_first_page(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    _grow(demo_db, "reg_petition", 10_000)
    page = open_register(qtbot, window, demo_db, "petition")
    assert page.session is not None
    assert page.form is not None
    page.view.viewport().repaint()
    pages = page.pages
    assert pages is not None
    store = RegisterStore(page.session.db, page.form, page.session.protection.codec)
    total = store.count()
    assert total >= 10_000
    assert page.model.matched() == total
    assert page.count_label.text() == f"共 {total} 条"
    assert 0 < pages.converted <= PAGE  # one page read and converted, not the register

    def shown(rows: int = 40) -> list[int]:
        return [page.model.record_at(r).id for r in range(rows)]

    assert shown() == _old(store, Query(), None, False)[:40]
    page.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # 来源方式, a header click
    page.view.viewport().repaint()
    expected = _old(store, Query(), ("channel", True), False)
    assert shown() == expected[:40]
    assert page.model.ids == expected
    assert pages.converted <= 2 * PAGE

    status = page.filter_boxes["status"]
    status.setCurrentIndex(status.findData("closed"))
    closed = _old(store, Query(equals={"status": "closed"}), ("channel", True), False)
    assert 0 < page.model.matched() == len(closed) < total
    assert page.model.ids == closed
    assert page.count_label.text() == f"共 {total} 条，显示 {len(closed)} 条"

    name = str(page.model.record_at(3).values["person_name"])
    page.search.setText(name)
    page.apply_filters()
    query = Query(text=name, equals={"status": "closed"})
    assert page.model.ids == _old(store, query, ("channel", True), False)

    page.clear_filters()
    last = page.model.ids[-1]
    page.select_record(last)  # far below what the view was given
    selected = page.selected()
    assert selected is not None
    assert selected.id == last
    assert pages.converted <= 6 * PAGE
