"""填报进度: the summary adds up, and lateness says whether the report is still owed."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.store import monitoring
from desktop.store.database import Database
from desktop.ui.completeness_page import CompletenessPage
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import wait_for_backup


def test_the_summary_adds_up_and_lateness_is_owed_or_done(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    db = Database.open(demo_db)
    try:  # a deadline the demo's units met, missed, and still miss
        monitoring.open_round(db, 2025, "2026-03-31")
    finally:
        db.close()
    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    window.show_page("completeness")
    page = window.pages_stack.currentWidget()
    assert isinstance(page, CompletenessPage)
    page.year_combo.select(2025)
    summary = page.summary.text()
    found = re.search(
        r"共 (\d+) 个单位：已确认 (\d+)，已填报待确认 (\d+)，未填报 (\d+)；"
        r"逾期未完成 (\d+)，逾期确认 (\d+)",
        summary,
    )
    assert found is not None, summary
    total, done, entered, pending, owed, late_done = (int(n) for n in found.groups())
    assert done + entered + pending == total  # every unit counted once
    model = page.model
    late = model.columnCount() - 1
    texts = [str(model.data(model.index(r, late))) for r in range(model.rowCount())]
    rows = model.rows
    assert texts.count("逾期确认") == late_done
    assert sum(t in ("逾期未报", "逾期未确认") for t in texts) == owed
    assert owed > 0  # the demo has both
    assert late_done > 0
    expected = {"complete": "逾期确认", "entered": "逾期未确认", "pending": "逾期未报"}
    for number, (row, text) in enumerate(zip(rows, texts, strict=True)):
        assert text == (expected[row.state] if row.late else "")
        colour = model.data(model.index(number, late), Qt.ItemDataRole.BackgroundRole)
        owed_colour = text in ("逾期未报", "逾期未确认")
        assert (colour is not None and colour.color().name() == "#fde2e1") == owed_colour
