"""The cost of the database password: unlocking (scrypt), and opening and searching a
5 000-record 帮扶对象 register with and without a password, in one run.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_privacy.py
Both sides open the real 工作台账 page on copies of the same database; the protected copy is
unlocked first. Median of 9 after one warm-up.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication
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

RECORDS = 5_000
PASSWORD = "bench-password"


def build(folder: Path) -> Path:
    path = folder / "plain.fulian"
    demo.build(path)
    forms = load_dirs([bundled_dir("forms")])
    session = Session.open(path, BackupStore(folder / "b"), forms=forms.forms)
    store = RegisterStore(session.db, forms.get("assistance"))
    maker = _Maker(random.Random(5), dict(unit_choices(session.db).kinds))
    store.add_many(make_records(forms.get("assistance"), RECORDS - store.count(), maker), "基准")
    session.close()
    return path


def measure(path: Path, folder: Path, password: str | None) -> tuple[float, float, float]:
    forms = load_dirs([bundled_dir("forms")])
    session = Session.open(path, BackupStore(folder / "b"), forms=forms.forms)
    if password:
        session.protection.unlock(password)
    page = RegistersPage(forms, Prompts())
    page.set_session(session)
    page.resize(1200, 800)
    page.show()
    page.show_register("assistance")
    page.refresh()
    assert page.model.rowCount() == RECORDS

    def open_list() -> None:
        page.search.clear()
        page.refresh()

    def first_search() -> float:
        open_list()
        start = time.perf_counter()
        page.search.setText("东岗村")
        page.apply_filters()
        QApplication.processEvents()
        return time.perf_counter() - start

    opened = median_ms(open_list)
    first_search()
    searched = statistics.median(first_search() for _ in range(9)) * 1000
    record = page.model.record_at(0).id
    store = page.store()
    assert store is not None
    fetched = median_ms(lambda: store.get(record) and None)
    page.set_session(None)
    session.close()
    return opened, searched, fetched


def main() -> None:
    app = QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="fulian-bench-"))
    try:
        plain = build(folder)
        protected = folder / "protected.fulian"
        shutil.copyfile(plain, protected)
        started = time.perf_counter()
        demo.protect(protected, PASSWORD)
        encrypting = time.perf_counter() - started
        forms = load_dirs([bundled_dir("forms")])
        session = Session.open(protected, BackupStore(folder / "b"), forms=forms.forms)
        unlocks = []
        for _ in range(5):
            session.protection.lock()
            session.protection.unlock(PASSWORD)
            unlocks.append(session.protection.last_unlock_seconds)
        session.close()
        without = measure(plain, folder, None)
        with_password = measure(protected, folder, PASSWORD)
        print(f"帮扶对象, {RECORDS} records (5 sensitive fields each), median of 9 (ms)")
        print(f"  set the password (encrypts every register): {encrypting * 1000:7.0f}")
        unlock_ms = statistics.median(unlocks) * 1000
        print(f"  unlock (scrypt n=2^15, r=8):                {unlock_ms:7.0f}")
        names = ("open the list", "first search", "open one record")
        for name, plain_ms, protected_ms in zip(names, without, with_password, strict=True):
            print(
                f"  {name:16s} with password {protected_ms:7.2f}   without {plain_ms:7.2f}   "
                f"ratio {protected_ms / plain_ms:4.2f}x"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    app.quit()


if __name__ == "__main__":
    main()
