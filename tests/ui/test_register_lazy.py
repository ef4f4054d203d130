"""The register list hands rows to the view in batches, and the search keeps finding what
the decoded records hold, with a password set."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.store.registers import RegisterStore
from desktop.ui.main_window import MainWindow
from desktop.ui.register_model import BATCH
from tests.helpers.qt import ScriptedPrompts
from tests.ui.test_privacy_page import protect
from tests.ui.test_register_page import open_register


def _grow(path: Path, table: str, target: int) -> None:
    conn = sqlite3.connect(path)
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "id"]
    names = ", ".join(f'"{c}"' for c in columns)
    while conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] < target:
        conn.execute(f"INSERT INTO {table}({names}) SELECT {names} FROM {table}")
    conn.commit()
    conn.close()


def test_rows_reach_the_view_in_batches(
    qtbot: QtBot, qtmodeltester: ModelTester, window: MainWindow, demo_db: Path
) -> None:
    _grow(demo_db, "reg_petition", 2 * BATCH + 1)
    page = open_register(qtbot, window, demo_db, "petition")
    assert page.session is not None
    assert page.form is not None
    total = RegisterStore(page.session.db, page.form).count()
    assert page.model.matched() == total > 2 * BATCH
    assert page.model.rowCount() == BATCH  # the view got the first batch only
    assert f"共 {total} 条" in page.count_label.text()
    page.view.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() > BATCH)
    qtmodeltester.check(page.model)
    last = page.model.record_at(total - 1)  # any matched row can be read
    page.select_record(last.id)
    assert page.model.rowCount() == total
    selected = page.selected()
    assert selected is not None
    assert selected.id == last.id


def test_search_with_a_password_finds_what_the_decoded_records_hold(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    protect(qtbot, window, demo_db, prompts)  # set and unlocked
    window.show_page("registers:petition")
    page = window.registers_page
    assert page.session is not None
    assert page.form is not None
    assert page.session.protection.protected
    assert page.session.protection.unlocked
    store = RegisterStore(page.session.db, page.form, page.session.protection.codec)
    records = store.list_records()
    sample = records[len(records) // 2]
    phone = str(sample.values["phone"])[3:8]  # sensitive, encrypted on disk
    name = str(sample.values["person_name"])
    for words in (phone, name, f"{name} {phone}", "ZZZ没有"):
        page.search.setText(words)
        page.apply_filters()
        found = {page.model.record_at(r).id for r in range(page.model.matched())}
        wanted = {
            r.id
            for r in records
            if all(
                any(w.casefold() in str(v).casefold() for v in r.values.values() if v is not None)
                for w in words.split()
            )
        }
        assert sample.id in found or words == "ZZZ没有"
        assert found == wanted, words
