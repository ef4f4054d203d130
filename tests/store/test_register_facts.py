"""The home page's register facts, read by SQL, equal the rules applied to every decoded
record (the way they were read before), with and without encryption."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.forms import reminders, retention
from desktop.forms.definition import Values
from desktop.store import register_facts, register_sync
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.units import unit_choices
from desktop.store.vault import PLAIN, AesCodec, Codec, new_data_key
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
