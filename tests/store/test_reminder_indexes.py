"""Schema 17: the home page's register reminders read covering indexes; a file from before gets
them once, on its first open, and an ordinary open writes nothing."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.store import (
    migrations,
    register_facts,
    register_reminders,
    register_sync,
    reminder_indexes,
    schema_latest,
)
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.units import unit_choices
from desktop.store.vault import PLAIN
from tests.forms.helpers import add_units, bundled
from tests.helpers.files import sha256

EXPECTED = {
    "reg_petition#reminder0#idx",
    "reg_assistance#reminder0#idx",
    "reg_assistance#visits#latest#idx",
    "reg_dispute#reminder0#idx",
    "reg_project#reminder0#idx",
}


def _indexes(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    finally:
        conn.close()
    return {r[0] for r in rows if r[0].endswith(("reminder0#idx", "latest#idx"))}


def test_a_file_from_before_schema_17_gets_the_indexes_once(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path.unlink(missing_ok=True)
    forms = bundled().forms
    today = date(2025, 10, 15)
    older = tuple(m for m in migrations.MIGRATIONS if m.version < 17)
    with monkeypatch.context() as patch:  # a file as schema 16 made it
        patch.setattr(migrations, "MIGRATIONS", older)
        patch.setattr(schema_latest, "LATEST", older[-1].version)
        db = Database.create(db_path)
        made = add_units(db)
        register_sync.sync(db, forms)
        assert _indexes(db_path) >= EXPECTED  # new registers are made with them
        people = RegisterStore(db, bundled().get("assistance"), PLAIN)
        for n, risk in enumerate(["high", "low", None]):
            people.add(
                {
                    "category": "困难妇女",
                    "village": made["东岗村"],
                    "status": "active",
                    "person_name": f"李{n}",
                    "risk_level": risk,
                    "registered_on": "2025-06-01",
                },
                {"visits": [{"date": f"2025-0{7 + n}-01", "visitor": "王"}]},
            )
        before = register_facts.due_reminders(db, forms, PLAIN, unit_choices(db), today)
        expired = register_facts.expired_count(db, forms, PLAIN, today)
        with db.transaction():  # the registers as schema 16 made them: no such indexes
            for name in _indexes(db_path):
                db.execute(f'DROP INDEX "{name}"')
        db.close()
    assert _indexes(db_path) == set()

    db = Database.open(db_path)  # migrates: the indexes made from the stored definitions
    assert db.schema_version >= 17
    assert _indexes(db_path) == EXPECTED
    assert register_facts.due_reminders(db, forms, PLAIN, unit_choices(db), today) == before
    assert register_facts.expired_count(db, forms, PLAIN, today) == expired
    assert [d.form_id for d in before] == ["assistance"]
    form = bundled().get("assistance")
    plans: list[str] = []
    execute = db.execute

    def explain(sql: str, params: dict[str, object] | None = None) -> sqlite3.Cursor:
        plans.extend(str(tuple(r)) for r in execute("EXPLAIN QUERY PLAN " + sql, params))
        return execute(sql, params)

    db.execute = explain  # type: ignore[method-assign]
    register_reminders.due_records(db, form, form.reminders[0], today)
    del db.execute
    assert any("COVERING INDEX reg_assistance#reminder0#idx" in p for p in plans), plans
    assert not any("reg_assistance#visits" in p for p in plans), plans  # the kept latest visit
    assert reminder_indexes.ensure(db, form) == []  # nothing left to make
    db.close()
    stamp = sha256(db_path)
    Database.open(db_path).close()  # an ordinary open writes nothing
    assert sha256(db_path) == stamp
