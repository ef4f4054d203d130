"""Schema 25: the visit reminder's due records are one range of its index per level, so the
home page reads only the records due; its count and its first five equal the rules applied
to every decoded record, at every level, with no level or one that is no key, ended,
deleted and purged records, visits before and after the start date."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.forms import reminders
from desktop.forms.definition import FormDef, Values
from desktop.forms.loader import parse_form
from desktop.store import migrations, register_reminders, register_sync, schema_latest
from desktop.store.database import Database
from desktop.store.register_names import quote
from desktop.store.registers import RegisterStore
from desktop.store.units import unit_choices
from desktop.store.vault import PLAIN
from tests.forms.helpers import add_units, bundled

INDEX = "reg_assistance#reminder0#idx"
DAYS = (date(2025, 2, 1), date(2026, 3, 20), date(2026, 5, 1), date(2026, 9, 30), date(2030, 1, 1))
#: stored levels: the keys, none, and values no key has (a choice since removed), which sort
#: below, between and above the keys
LEVELS = ("high", "medium", "low", None, "aaa", "kk", "middle", "zzz")
STARTS = ("2025-12-01", "2026-01-15", "2026-02-18", "2024-01-01", "2026-02-18")
VISITS = (None, "2026-02-18", "2025-11-30", "2026-04-01", "2026-01-15", None, "2026-02-18")


def _form() -> FormDef:
    return bundled().get("assistance")


def _people(db: Database) -> RegisterStore:
    """Sixty-odd 帮扶对象: every level often, ties on one start date, ended, deleted, purged."""
    village = add_units(db)["东岗村"]
    register_sync.sync(db, bundled().forms)
    people = RegisterStore(db, _form(), PLAIN)
    ids = []
    for n in range(70):
        visit = VISITS[n % len(VISITS)]
        values = {
            "category": "困难妇女",
            "village": village,
            "status": "ended" if n % 11 == 5 else ("active" if n % 13 else None),
            "person_name": f"李{n}",
            "risk_level": LEVELS[n % 3] if n % 4 else None,
            "registered_on": STARTS[n % len(STARTS)],
        }
        visits = [{"date": visit, "visitor": "王"}, {"date": "2025-01-01"}] if visit else []
        ids.append(people.add(values, {"visits": visits}))
        if n % 10 == 0:  # ties: one level, one start, more than the five shown
            people.add({**values, "risk_level": "medium", "registered_on": "2023-06-01"})
    with db.transaction():  # levels the definition no longer lists (written by SQL)
        for n, record in enumerate(ids[::5]):
            db.execute(
                f"UPDATE {quote(_form().table)} SET risk_level = :l WHERE id = :id",
                {"l": LEVELS[4 + n % 4], "id": record},
            )
    people.delete(ids[7])
    people.delete(ids[8])
    people.purge([ids[8]], "测试")
    people.update(ids[9], {**people.get(ids[9]).values}, {"visits": [{"date": "2026-03-19"}]})
    return people


def _rules(db: Database, today: date) -> tuple[int, ...]:
    """The visit reminder's records as the rules find them on every decoded live record."""
    form, store = _form(), RegisterStore(db, _form(), PLAIN)
    children: dict[str, dict[int, list[Values]]] = {
        sub.id: {p: [{sub.date_field: d}] for p, d in store.latest_child_dates(sub).items()}
        for sub in form.subforms
        if sub.date_field
    }
    found = reminders.due(form, store.list_records(), children, unit_choices(db), today)
    return next((d.record_ids for d in found if d.reminder == 0), ())


def _summary(db: Database, today: date, shown: int = 5) -> tuple[int, tuple[int, ...]]:
    form = _form()
    summary = register_reminders.due_summary(
        db, form, form.reminders[0], today, titled=False, columns=["person_name"], shown=shown
    )
    assert all(row[1] for row in summary.first)  # the named column read with each
    return summary.total, tuple(row[0] for row in summary.first)


def _plans(db: Database, today: date) -> list[str]:
    """What SQLite plans for the home page's read of the visit reminder."""
    plans: list[str] = []
    execute = db.execute

    def explain(sql: str, params: dict[str, object] | None = None) -> sqlite3.Cursor:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            plans.extend(str(r[3]) for r in execute("EXPLAIN QUERY PLAN " + sql, params))
        return execute(sql, params)

    db.execute = explain  # type: ignore[method-assign]
    try:
        _summary(db, today)
    finally:
        del db.execute
    return plans


def test_the_visit_reminder_reads_one_range_per_level_and_equals_the_rules(db: Database) -> None:
    _people(db)
    checked = 0
    for today in DAYS:
        expected = _rules(db, today)
        assert _summary(db, today) == (len(expected), expected[:5])
        assert _summary(db, today, shown=2) == (len(expected), expected[:2])
        every = register_reminders.due_records(db, _form(), _form().reminders[0], today)
        assert every.record_ids == expected
        checked += len(expected)
    assert checked > 100  # many due, on most days: the first five are a choice
    levels = {r[0] for r in db.execute(f"SELECT risk_level FROM {quote(_form().table)}")}
    assert levels == set(LEVELS)
    plans = _plans(db, date(2026, 5, 1))
    ranges = [p for p in plans if INDEX in p]
    # each key's due records one range: the level and the start before the key's cut-off
    assert sum("(risk_level=? AND <expr><?)" in p for p in ranges) >= 2 * 3, plans
    assert all("COVERING INDEX" in p for p in ranges), plans  # the records are not read
    assert not [p for p in plans if p.startswith("SCAN t")], plans  # no scan of the register
    assert any("INTEGER PRIMARY KEY" in p for p in plans)  # the five shown: their names
    sql = str(db.index_sql(INDEX))
    assert "WHERE deleted_at IS NULL" in sql
    assert "NOT IN ('ended')" in sql  # only the records the reminder considers


def test_without_the_index_the_same_answers(db: Database) -> None:
    """A file whose index is missing (a read-only open of an older schema) reads the records,
    and finds the same."""
    _people(db)
    before = [_summary(db, today) for today in DAYS]
    with db.transaction():
        db.execute(f"DROP INDEX {quote(INDEX)}")
    assert any(p.startswith("SCAN t") for p in _plans(db, date(2026, 5, 1)))
    assert [_summary(db, today) for today in DAYS] == before


def test_a_changed_definition_remakes_the_index(db: Database) -> None:
    """Other ``unless_values`` or another level field: the register's sync remakes the index,
    and the reminder still equals the rules."""
    _people(db)
    old = str(db.index_sql(INDEX))
    text = _form().text.replace('unless_values = ["ended"]', 'unless_values = ["ended", "paused"]')
    assert text != _form().text
    changed = parse_form(text, "assistance.toml")
    register_sync.sync(db, [*(f for f in bundled().forms if f.id != "assistance"), changed])
    made = str(db.index_sql(INDEX))
    assert made != old
    assert "NOT IN ('ended', 'paused')" in made
    register_sync.sync(db, bundled().forms)  # and back
    assert db.index_sql(INDEX) == old
    today = date(2026, 5, 1)
    expected = _rules(db, today)
    assert _summary(db, today) == (len(expected), expected[:5])


def test_a_file_from_schema_24_gets_the_index_once(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path.unlink(missing_ok=True)
    older = tuple(m for m in migrations.MIGRATIONS if m.version < 25)
    with monkeypatch.context() as patch:  # a file as schema 24 made it
        patch.setattr(migrations, "MIGRATIONS", older)
        patch.setattr(schema_latest, "LATEST", 24)
        db = Database.create(db_path)
        _people(db)
        with db.transaction():  # the visit reminder's index as schema 24 made it
            db.execute(f"DROP INDEX {quote(INDEX)}")
            db.execute(
                f"CREATE INDEX {quote(INDEX)} ON reg_assistance"
                '("deleted_at", "status", "risk_level", "registered_on", "visits#last")'
            )
        before = [_summary(db, today) for today in DAYS]  # read the schema-24 index
        db.close()
    db = Database.open(db_path)
    try:
        assert db.schema_version == 25
        assert "WHERE deleted_at IS NULL" in str(db.index_sql(INDEX))
        assert [_summary(db, today) for today in DAYS] == before
    finally:
        db.close()


def test_whether_a_due_record_has_a_stored_title(db: Database) -> None:
    """A locked file names the due records 已加密 when any has a stored title: found from
    the ranges as the full read finds it, also when only the last due one has one."""
    _people(db)
    form, today = _form(), date(2026, 5, 1)

    def titled() -> tuple[bool, bool]:
        every = register_reminders.due_records(db, form, form.reminders[0], today, titled=True)
        summary = register_reminders.due_summary(
            db, form, form.reminders[0], today, titled=True, columns=[], shown=5
        )
        return summary.titled, any(every.titled)

    assert titled() == (True, True)
    last = register_reminders.due_records(db, form, form.reminders[0], today).record_ids[-1]
    with db.transaction():
        db.execute(
            f"UPDATE {quote(form.table)} SET person_name = NULL WHERE id <> :id", {"id": last}
        )
    assert titled() == (True, True)
    with db.transaction():
        db.execute(f"UPDATE {quote(form.table)} SET person_name = NULL")
    assert titled() == (False, False)
