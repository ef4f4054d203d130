"""个人信息保护's list read by SQL through the purge index (count + first page) equals the
whole list read the way it was before (``register_facts.expired_records``), in the same
order, with and without encryption; migration 21
gives an older database the index, and the queries use it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.forms.definition import FormDef
from desktop.store import (
    expired_page,
    migrations,
    purge_index,
    register_facts,
    register_sync,
)
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.vault import PLAIN, AesCodec, Codec, new_data_key
from tests.forms.helpers import add_units, bundled

TODAYS = (date(2026, 2, 28), date(2025, 2, 28), date(2027, 1, 1), date(2031, 6, 1))


def _fill(db: Database, forms: list[FormDef], codec: Codec) -> None:
    """Petitions closed on edge dates (29 February, the cut-off's neighbours, none, ''), some in
    回收站, some purged; assistance records ended or not."""
    village = add_units(db)["东岗村"]
    register_sync.sync(db, forms)
    by_id = {f.id: f for f in forms}
    petitions = RegisterStore(db, by_id["petition"], codec)
    people = RegisterStore(db, by_id["assistance"], codec)
    closed = ["2020-02-29", "2021-02-27", "2021-02-28", "2021-03-01", "2023-06-01", None]
    ids = []
    for n in range(30):
        ids.append(
            petitions.add(
                {
                    "received_on": "2020-01-05",
                    "channel": "来访",
                    "person_name": f"张{n}",
                    "village": village,
                    "deadline": (date(2026, 2, 1) + timedelta(days=n)).isoformat(),
                    "status": "closed" if n % 2 == 0 else "open",
                    "closed_on": closed[n % len(closed)] if n % 2 == 0 else None,
                    "content": "反映家庭纠纷",
                }
            )
        )
    with db.transaction():  # an empty date, as old files and imports may hold: no date
        db.execute("UPDATE reg_petition SET closed_on = '' WHERE id = :i", {"i": ids[10]})
    for gone in (ids[1], ids[2], ids[6], ids[7]):
        petitions.delete(gone)
    petitions.purge([ids[2], ids[4]], "测试")
    for n in range(5):
        people.add(
            {
                "category": "困难妇女",
                "village": village,
                "status": "ended" if n % 2 else "active",
                "person_name": f"李{n}",
                "registered_on": "2019-12-01",
                "ended_on": "2022-01-01" if n % 2 else None,
            }
        )
    people.delete(1)


def _before(db: Database, forms: list[FormDef], codec: Codec, today: date) -> list[object]:
    """The whole list as the page read it before: every expired record, form by form."""
    return [
        (form.id, item, record.id, record.values.get(form.title_field or ""))
        for form in forms
        for item, record in register_facts.expired_records(db, form, codec, today)
    ]


def _page(
    db: Database, forms: list[FormDef], codec: Codec, today: date, limit: int
) -> tuple[int, list[object]]:
    page = expired_page.first(db, forms, codec, today, limit)
    rows = [
        (form.id, item, record.id, record.values.get(form.title_field or ""))
        for form, item, record in page.rows
    ]
    return page.total, rows


@pytest.mark.parametrize("encrypted", [False, True])
def test_first_page_equals_the_whole_list_read_before(db: Database, encrypted: bool) -> None:
    forms = list(bundled().forms)
    codec: Codec = AesCodec(new_data_key()) if encrypted else PLAIN
    _fill(db, forms, codec)
    seen_long = False
    for today in TODAYS:
        whole = _before(db, forms, codec, today)
        total = register_facts.expired_count(db, forms, codec, today)
        assert total == len(whole)
        seen_long |= len(whole) > 8
        for limit in (1, 3, 7, len(whole), len(whole) + 10):
            assert _page(db, forms, codec, today, limit) == (total, whole[:limit])
    assert seen_long  # the pages cut a list that spans both registers


def _plan(db: Database, sql: str, params: dict[str, object]) -> str:
    return " ".join(r[3] for r in db.query_all(f"EXPLAIN QUERY PLAN {sql}", params))


def test_the_queries_use_the_purge_index(db: Database) -> None:
    forms = list(bundled().forms)
    register_sync.sync(db, forms)
    names = {
        r["name"]
        for r in db.query_all("SELECT name FROM sqlite_master WHERE name LIKE '%#purge#%'")
    }
    assert "reg_petition#purge#closed_on#idx" in names
    assert "reg_assistance#purge#ended_on#idx" in names
    with_personal = {f.table for f in forms if f.sensitive_fields}
    assert {n.split("#")[0] for n in names} == with_personal
    live = _plan(
        db,
        "SELECT id FROM reg_petition WHERE deleted_at IS NULL AND purged_at IS NULL "
        "AND closed_on IS NOT NULL AND closed_on <= :c",
        {"c": "2021-01-01"},
    )
    assert "reg_petition#purge#closed_on#idx" in live
    binned = _plan(
        db,
        "SELECT count(*) FROM reg_petition WHERE deleted_at IS NOT NULL AND purged_at IS NULL",
        {},
    )
    assert "reg_petition#purge#closed_on#idx" in binned


def test_migration_21_gives_an_older_database_the_index(db_path: Path) -> None:
    """Migration 21's step on a file whose registers lack the index (as made before it)."""
    step = next(m for m in migrations.MIGRATIONS if m.version == 21)
    assert step.run is not None
    db = Database.open(db_path)
    try:
        register_sync.sync(db, list(bundled().forms))
        with db.transaction():
            for row in db.query_all("SELECT name FROM sqlite_master WHERE name LIKE '%#purge#%'"):
                db.execute(f'DROP INDEX "{row["name"]}"')
        assert not db.scalar("SELECT count(*) FROM sqlite_master WHERE name LIKE '%#purge#%'")
        with db.transaction():
            step.run(db)
        names = {
            r["name"]
            for r in db.query_all("SELECT name FROM sqlite_master WHERE name LIKE '%#purge#%'")
        }
        assert "reg_petition#purge#closed_on#idx" in names
        assert "reg_volunteer#purge#idx" in names  # personal data, no retention period
        # made once: asking again changes nothing
        with db.transaction():
            assert not purge_index.ensure_purge_index(db, bundled().get("petition"))
    finally:
        db.close()
