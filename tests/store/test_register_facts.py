"""The home page's register facts, read by SQL, equal the rules applied to every decoded
record (the way they were read before), with and without encryption."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.forms import reminders, retention
from desktop.forms.definition import Values
from desktop.store import register_facts, register_reminders, register_sync
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.units import unit_choices
from desktop.store.vault import LOCKED, PLAIN, AesCodec, Codec, new_data_key
from tests.forms.helpers import add_units, bundled


def _reference(
    db: Database, codec: Codec, today: date
) -> tuple[list[tuple[str, tuple[int, ...]]], int]:
    forms = bundled().forms
    due: list[tuple[str, tuple[int, ...]]] = []
    expired = 0
    units = unit_choices(db)
    for form in forms:
        store = RegisterStore(db, form, codec)
        live = store.list_records()
        children: dict[str, dict[int, list[Values]]] = {
            sub.id: {p: [{sub.date_field: d}] for p, d in store.latest_child_dates(sub).items()}
            for sub in form.subforms
            if sub.date_field
        }
        due += [
            (d.form_id, d.record_ids) for d in reminders.due(form, live, children, units, today)
        ]
        purged = store.purged_ids()
        deleted = [r for r in store.list_records(deleted=True) if r.id not in purged]
        alive = [r for r in live if r.id not in purged]
        expired += len(retention.expired(form, alive, deleted, today))
    return due, expired


def _expired_items(db: Database, codec: Codec, today: date) -> list[retention.Expired]:
    items = []
    for form in bundled().forms:
        store = RegisterStore(db, form, codec)
        live = store.list_records(purged=False)
        deleted = store.list_records(deleted=True, purged=False)
        items += retention.expired(form, live, deleted, today)
    return items


@pytest.mark.parametrize("encrypted", [False, True])
def test_sql_facts_equal_the_rules_on_every_record(db: Database, encrypted: bool) -> None:
    made = add_units(db)
    forms = bundled().forms
    register_sync.sync(db, forms)
    codec: Codec = AesCodec(new_data_key()) if encrypted else PLAIN
    petitions = RegisterStore(db, bundled().get("petition"), codec)
    people = RegisterStore(db, bundled().get("assistance"), codec)
    village = made["东岗村"]
    closed = ["2020-02-29", "2021-02-27", "2021-02-28", "2021-03-01", "2023-06-01", None]
    ids = []
    for n in range(24):
        deadline = (date(2026, 2, 1) + timedelta(days=3 * n)).isoformat()
        ids.append(
            petitions.add(
                {
                    "received_on": "2020-01-05",
                    "channel": "来访",
                    "person_name": f"张{n}",
                    "phone": f"1381234{n:04d}",
                    "village": village,
                    "deadline": deadline,
                    "status": "closed" if n % 3 == 0 else "open",
                    "closed_on": closed[n % len(closed)] if n % 3 == 0 else None,
                    "content": "反映家庭纠纷",
                }
            )
        )
    petitions.delete(ids[1])
    petitions.delete(ids[2])
    petitions.purge([ids[2]], "测试")
    petitions.purge([ids[3]], "测试")
    for n, risk in enumerate(["high", "medium", "low", "high", None]):
        visits = {"visits": [{"date": f"2026-0{1 + n}-10", "visitor": "王"}]} if n % 2 else None
        people.add(
            {
                "category": "困难妇女",
                "village": village,
                "status": "ended" if n == 3 else "active",
                "person_name": f"李{n}",
                "risk_level": risk,
                "registered_on": "2025-12-01",
                "ended_on": "2022-01-01" if n == 3 else None,
            },
            visits,
        )
    for today in (date(2026, 2, 28), date(2025, 2, 28), date(2026, 3, 20), date(2027, 1, 1)):
        due = register_facts.due_reminders(db, forms, codec, unit_choices(db), today)
        expected_due, expected_expired = _reference(db, codec, today)
        assert [(d.form_id, d.record_ids) for d in due] == expected_due
        if today == date(2026, 3, 20):
            assert {d.form_id for d in due} == {"petition", "assistance"}
        assert register_facts.expired_count(db, forms, codec, today) == expected_expired
        listed = [
            (item, record.id, record.values.get(form.title_field or ""))
            for form in forms
            for item, record in register_facts.expired_records(db, form, codec, today)
        ]
        assert [item for item, _id, _title in listed] == _expired_items(db, codec, today)
        assert all(item.record_id == record_id for item, record_id, _title in listed)
        assert all(title for _item, _id, title in listed)  # the title decoded for the list
    assert register_facts.expired_count(db, forms, codec, date(2026, 2, 28)) >= 3


def _rules_due(
    db: Database, codec: Codec, today: date
) -> list[tuple[str, str, tuple[str, ...], tuple[int, ...], bool]]:
    """The reminders as the rules find them on every decoded live record (the old read):
    (register, text, the first five names, every record id, any name sealed)."""
    result = []
    units = unit_choices(db)
    for form in bundled().forms:
        store = RegisterStore(db, form, codec)
        children: dict[str, dict[int, list[Values]]] = {
            sub.id: {p: [{sub.date_field: d}] for p, d in store.latest_child_dates(sub).items()}
            for sub in form.subforms
            if sub.date_field
        }
        for d in reminders.due(form, store.list_records(), children, units, today):
            sealed = any(n == "已加密" for n in d.names)
            result.append((d.form_id, d.text, d.names[:5], d.record_ids, sealed))
    return result


@pytest.mark.parametrize("mode", ["plain", "encrypted", "locked"])
def test_sql_reminders_equal_the_rules_on_edge_cases(db: Database, mode: str) -> None:
    """Due today (not yet due), overdue, ties on one date, deleted and purged records, other
    years, visits on the day the interval ends, no visit, no level, every kind of reminder."""
    for form in bundled().forms:  # every bundled reminder is read by SQL
        columns = [f.id for f in form.fields]
        assert all(register_reminders.sql_ready(form, r, columns) for r in form.reminders)
    made = add_units(db)
    forms = bundled().forms
    register_sync.sync(db, forms)
    key = new_data_key()
    writer: Codec = PLAIN if mode == "plain" else AesCodec(key)
    village = made["东岗村"]
    petitions = RegisterStore(db, bundled().get("petition"), writer)
    ids = []
    deadlines = ["2026-03-20", "2026-03-19", "2026-03-19", "2025-12-31", "2024-06-01", None]
    for n in range(24):
        ids.append(
            petitions.add(
                {
                    "received_on": "2024-01-05",
                    "channel": "来访",
                    "person_name": f"张{n}",
                    "village": village,
                    "deadline": deadlines[n % len(deadlines)],
                    "status": ["open", "closed", "received"][n % 3],
                    "closed_on": "2025-01-01" if n % 3 == 1 else None,
                    "content": "反映家庭纠纷",
                }
            )
        )
    petitions.delete(ids[3])
    petitions.delete(ids[4])
    petitions.purge([ids[4]], "测试")
    people = RegisterStore(db, bundled().get("assistance"), writer)
    visits = [None, "2026-02-18", "2026-02-19", "2026-01-19", "2025-12-20", "2026-03-19"]
    person: dict[int, dict[str, object]] = {}
    for n, risk in enumerate(["high", "high", "high", "medium", "low", None, "low", "high"]):
        day = visits[n % len(visits)]
        values: dict[str, object] = {
            "category": "困难妇女",
            "village": village,
            "status": "ended" if n == 6 else "active",
            "person_name": f"李{n}",
            "risk_level": risk,
            "registered_on": ["2025-12-20", "2026-02-18", "2024-01-01"][n % 3],
        }
        visited = [{"date": day, "visitor": "王"}, {"date": "2025-01-01"}]
        person[people.add(values, {"visits": visited} if day else None)] = values
    # visits edited afterwards (the latest removed; moved later; all removed; one added): the
    # latest visit the reminder reads follows every edit
    first, second, third, fourth = list(person)[1:5]
    people.update(first, person[first], {"visits": [{"date": "2025-01-01"}]})
    people.update(second, person[second], {"visits": [{"date": "2026-03-19"}]})
    people.update(third, person[third], {"visits": []})
    people.update(fourth, person[fourth], {"visits": [{"date": "2026-03-18"}, {"date": ""}]})
    projects = RegisterStore(db, bundled().get("project"), writer)
    for n, (due_on, status) in enumerate(
        [
            ("2026-03-19", "ongoing"),
            ("2026-03-20", "ongoing"),
            ("2026-01-01", "done"),
            ("2023-05-01", None),
        ]
    ):
        projects.add({"year": 2026, "name": f"项目{n}", "due_on": due_on, "status": status})
    disputes = RegisterStore(db, bundled().get("dispute"), writer)
    for n, (risk, state) in enumerate([("red", "pending"), ("red", "resolved"), ("red", None)]):
        disputes.add(
            {
                "screened_on": "2026-01-02",
                "village": village,
                "dispute_type": "家庭暴力",
                "risk": risk,
                "state": state,
                "parties": f"王{n}与赵{n}",
            }
        )
    reader: Codec = {"plain": PLAIN, "encrypted": writer}.get(mode, LOCKED)
    units = unit_choices(db)
    for today in (date(2026, 3, 20), date(2026, 3, 19), date(2025, 1, 1), date(2027, 6, 30)):
        # what the home page shows (a count and five names), and the records its click opens
        shown = register_facts.due_summaries(db, forms, reader, units, today, shown=5)
        got = [
            (
                d.form_id,
                d.text,
                d.names,
                register_facts.due_record_ids(
                    db, bundled().get(d.form_id), d.reminder, reader, units, today
                ),
                d.sealed,
            )
            for d in shown
        ]
        assert got == _rules_due(db, reader, today)
        assert [d.total for d in shown] == [len(ids) for _f, _t, _n, ids, _s in got]
        full = register_facts.due_reminders(db, forms, reader, units, today)
        assert [(d.form_id, d.names[:5], d.record_ids) for d in full] == [
            (f, n, ids) for f, _t, n, ids, _s in got
        ]
    # the edge cases were met: several registers due, more than five names, a tie
    day = date(2026, 3, 20)
    due = register_facts.due_summaries(db, forms, reader, units, day, shown=5)
    assert {d.form_id for d in due} >= {"petition", "assistance", "project", "dispute"}
    assert any(d.total > 5 and len(d.names) == 5 for d in due)
    sealed = {d.form_id for d in due if d.sealed}
    assert sealed == ({"petition", "assistance"} if mode == "locked" else set())


def test_the_unless_condition_read_as_ranges_equals_not_in(db: Database) -> None:
    """The stored states a reminder skips are read as ranges of its index (below the least,
    between two, above the greatest): every other stored value, odd ones included, is due."""
    register_sync.sync(db, bundled().forms)
    form = bundled().get("project")
    reminder = form.reminders[0]
    assert sorted(reminder.unless_values) == ["done", "not_done"]
    projects = RegisterStore(db, form)
    states = [None, "", "a", "done", "done ", "e", "not_done", "not_donf", "o", "完成", "zz"]
    for n, _state in enumerate(states):
        projects.add({"year": 2026, "name": f"项目{n}", "due_on": f"2026-01-{n + 1:02d}"})
    with db.transaction():
        for n, state in enumerate(states, start=1):
            db.execute('UPDATE "reg_project" SET status = :s WHERE id = :id', {"s": state, "id": n})
    hits = register_reminders.due_records(db, form, reminder, date(2026, 3, 1))
    expected = [n for n, s in enumerate(states, start=1) if s not in reminder.unless_values]
    assert list(hits.record_ids) == expected
    assert len(expected) == len(states) - 2
