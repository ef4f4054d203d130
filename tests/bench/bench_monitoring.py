"""Unit form and completeness board on the large demo vs a bare QTableView, same run.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_monitoring.py
The bare side runs the same SQL with plain sqlite3 and fills a QStandardItemModel shown in a
QTableView; both sides size their columns to contents. Median of 9 after one warm-up.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView
from timing import median_ms  # tests/bench/timing.py

from desktop import demo
from desktop.store import monitoring
from desktop.store.backup import BackupStore
from desktop.store.session import Session
from desktop.ui.completeness_page import CompletenessPage
from desktop.ui.prompts import Prompts
from desktop.ui.runner import TaskRunner
from desktop.ui.unit_form_page import UnitFormPage

YEAR = demo.monitoring.LATEST_YEAR


def bare(path: Path, sql: str, params: dict[str, object], view: QTableView) -> Callable[[], None]:
    def run() -> None:
        conn = sqlite3.connect(path)
        rows = conn.execute(sql, params).fetchall()
        conn.close()
        model = QStandardItemModel(len(rows), len(rows[0]) if rows else 0)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                model.setItem(r, c, QStandardItem("" if value is None else str(value)))
        view.setModel(model)
        view.resizeColumnsToContents()

    return run


def main() -> None:
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.fulian"
        demo.build(path, demo.DemoSpec(size="large"))
        session = Session.open(path, BackupStore(Path(tmp) / "backups"))
        db = session.db
        busiest = max(
            monitoring.reporting_units(db, YEAR),
            key=lambda u: len(monitoring.form_rows(db, YEAR, u[0])),
        )
        rows = len(monitoring.form_rows(db, YEAR, busiest[0]))
        form = UnitFormPage(Prompts())
        form.set_session(session)
        form.resize(1200, 800)
        form.show()
        board = CompletenessPage(Prompts(), TaskRunner(None))
        board.set_session(session)
        board.resize(1200, 800)
        board.show()
        board.refresh()  # picks the latest year
        assert board.model.rowCount() > 0
        bare_view = QTableView()
        bare_view.resize(1200, 800)
        bare_view.show()
        units = [u for u, _ in monitoring.reporting_units(db, YEAR)]
        other = next(u for u in units if u != busiest[0])
        toggle = [busiest[0], other]

        def open_form() -> None:
            toggle.reverse()
            form.open_unit(YEAR, toggle[0])

        ours_form = median_ms(open_form)
        bare_form = median_ms(
            bare(path, monitoring._FORM_SQL, {"year": YEAR, "unit": busiest[0]}, bare_view)
        )
        ours_board = median_ms(board._load)
        bare_board = median_ms(bare(path, monitoring._PROGRESS_SQL, {"year": YEAR}, bare_view))
        session.close()
    print(
        f"large demo: 150 indicators, 60 units, 10 years; busiest form: {busiest[1]} ({rows} rows)"
    )
    print(
        f"unit form open     : ours {ours_form:6.1f} ms | bare QTableView {bare_form:6.1f} ms"
        f" | ratio {ours_form / bare_form:4.2f}x (form alternates two units)"
    )
    print(
        f"completeness board : ours {ours_board:6.1f} ms | bare QTableView {bare_board:6.1f} ms"
        f" | ratio {ours_board / bare_board:4.2f}x"
    )
    app.quit()


if __name__ == "__main__":
    main()
