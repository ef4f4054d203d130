"""A 30 000-record register: opening its list and filtering it, vs a bare QTableView over a
plain sqlite3 query of the same rows, in one run.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_registers.py
The register is 信访台账 (the heaviest: sensitive fields, choices, unit references). Ours:
the real 工作台账 page (store read + decode, lazy model, first paint). Bare: sqlite3 fetches the
list columns, a minimal QAbstractTableModel shows them as str() in a QTableView; its filters
run as SQL (LIKE for the search, = for a choice). Median of 9 after one warm-up.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView
from timing import median_ms  # tests/bench/timing.py

from desktop import demo
from desktop.demo.registers import _Maker, make_records
from desktop.forms.loader import load_dirs
from desktop.paths import bundled_dir
from desktop.store.backup import BackupStore
from desktop.store.registers import RegisterStore
from desktop.store.session import Session
from desktop.store.units import unit_choices
from desktop.ui.prompts import Prompts
from desktop.ui.register_page import RegistersPage

RECORDS = 30_000


class BareModel(QAbstractTableModel):
    def __init__(self, rows: list[tuple[Any, ...]], headers: list[str]) -> None:
        super().__init__()
        self.rows = rows
        self.headers = headers

    def rowCount(self, parent: Any = QModelIndex()) -> int:
        return len(self.rows)

    def columnCount(self, parent: Any = QModelIndex()) -> int:
        return len(self.headers)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.rows[index.row()][index.column()]
            return "" if value is None else str(value)
        return None

    def headerData(self, section: int, orientation: Any, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def build(folder: Path) -> Path:
    path = folder / "registers.fulian"
    demo.build(path)
    forms = load_dirs([bundled_dir("forms")])
    form = forms.get("petition")
    session = Session.open(path, BackupStore(folder / "b"), forms=forms.forms)
    store = RegisterStore(session.db, form)
    have = store.count()
    units = unit_choices(session.db)
    maker = _Maker(random.Random(1), dict(units.kinds))
    store.add_many(make_records(form, RECORDS - have, maker), "基准测试")
    session.close()
    return path


def main() -> None:
    app = QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="fulian-bench-"))
    try:
        path = build(folder)
        forms = load_dirs([bundled_dir("forms")])
        form = forms.get("petition")
        session = Session.open(path, BackupStore(folder / "b"), forms=forms.forms)
        page = RegistersPage(forms, Prompts())
        page.set_session(session)
        page.resize(1200, 800)
        page.show()
        page.show_register("petition")
        page.refresh()
        assert page.model.rowCount() == RECORDS, page.model.rowCount()
        probe = str(page.model.record_at(123).values["person_name"])

        def ours_open() -> None:
            page.search.clear()
            page.refresh()

        def ours_search() -> None:
            page.search.setText(probe)
            page.apply_filters()

        def ours_choice() -> None:
            page.search.clear()
            box = page.filter_boxes["channel"]
            box.setCurrentIndex(box.findText("来访"))
            page.apply_filters()

        def first_search_ms(runs: int = 9) -> float:
            """A search right after opening also reads the fields the list did not need."""
            samples = []
            for _ in range(runs):
                ours_open()
                start = time.perf_counter()
                ours_search()
                QApplication.processEvents()
                samples.append(time.perf_counter() - start)
            return statistics.median(samples) * 1000

        columns = list(form.list_columns)
        headers = [form.field(c).label for c in columns]
        select = f"SELECT {', '.join(columns)} FROM reg_petition WHERE deleted_at IS NULL"
        view = QTableView()
        view.resize(1200, 800)
        view.setSortingEnabled(True)
        view.show()

        def bare_query(sql: str, params: dict[str, object]) -> None:
            conn = sqlite3.connect(path)
            rows = conn.execute(sql, params).fetchall()
            conn.close()
            view.setModel(BareModel(rows, headers))

        texts = ["person_name", "id_number", "phone", "address", "content", "result", "receiver"]
        like = " OR ".join(f"{c} LIKE :q" for c in texts)
        timings = {
            "open": (
                median_ms(ours_open),
                median_ms(lambda: bare_query(f"{select} ORDER BY received_on DESC", {})),
            ),
            "first search": (
                first_search_ms(),
                median_ms(lambda: bare_query(f"{select} AND ({like})", {"q": f"%{probe}%"})),
            ),
            "next searches": (
                median_ms(ours_search),
                median_ms(lambda: bare_query(f"{select} AND ({like})", {"q": f"%{probe}%"})),
            ),
            "filter a choice": (
                median_ms(ours_choice),
                median_ms(lambda: bare_query(f"{select} AND channel = :c", {"c": "来访"})),
            ),
        }
        print(f"信访台账, {RECORDS} records, median of 9 (ms)")
        for name, (ours, bare) in timings.items():
            print(
                f"  {name:16s} ours {ours:7.1f}   bare QTableView+sqlite3 {bare:7.1f}   "
                f"ratio {ours / bare:4.2f}x"
            )
        page.set_session(None)
        session.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    app.quit()


if __name__ == "__main__":
    main()
