from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.store import audit, profile, records, units
from desktop.store.database import Database


def test_update_records_old_new_time_and_pc(db: Database) -> None:
    unit_id = units.add(db, units.Unit(code="D01", name="镇卫生院", liaison="王秀英"))
    changes = units.update(
        db,
        units.Unit(code="D01", name="镇卫生院", liaison="李桂英", phone="13800001111", id=unit_id),
    )
    assert changes == {"liaison": ("王秀英", "李桂英"), "phone": ("", "13800001111")}
    entries = [e for e in audit.history(db, "unit", unit_id) if e.action == "update"]
    assert {(e.field, e.old, e.new) for e in entries} == {
        ("liaison", "王秀英", "李桂英"),
        ("phone", "", "13800001111"),
    }
    assert all(e.pc == "测试电脑" for e in entries)
    assert all(len(e.time) == 19 for e in entries)


def test_insert_and_delete_are_audited(db: Database) -> None:
    unit_id = units.add(db, units.Unit(code="C01", name="东岗村", kind="village"))
    records.delete(db, "unit", unit_id)
    actions = [(e.action, e.field) for e in audit.history(db, "unit", unit_id)]
    assert ("insert", "name") in actions
    assert ("delete", "name") in actions
    assert db.scalar("SELECT count(*) FROM unit") == 0


def test_unchanged_save_writes_no_audit(db: Database) -> None:
    profile.save(
        db, profile.Profile(township="青山镇", federation="青山镇妇联", committee="妇儿工委")
    )
    before = db.scalar("SELECT count(*) FROM audit")
    assert profile.save(db, profile.load(db)) == {}
    assert db.scalar("SELECT count(*) FROM audit") == before


def test_values_keep_their_type(db: Database) -> None:
    unit_id = units.add(db, units.Unit(code="C01", name="东岗村", sort_order=7))
    entry = next(e for e in audit.history(db, "unit", unit_id) if e.field == "sort_order")
    assert entry.new == 7


# every kind of value a record holds (SQLite gives str, int, float, None; bool from code)
_SCALARS = st.one_of(
    st.text(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # one file, rows appended
@given(old=_SCALARS, new=_SCALARS)
def test_audit_values_are_stored_as_their_json_text(
    db_path: Path, old: object, new: object
) -> None:
    """The stored text is ``json.dumps`` of the value (85 and "85", 5.0 and 5 stay distinct),
    whatever path the encoder takes."""
    db = Database.open(db_path, pc="测试电脑")
    try:
        with db.transaction():
            audit.record(db, "unit", 1, "update", {"note": (old, new)}, time="2026-01-01 00:00:00")
        stored = db.query_one("SELECT old, new FROM audit ORDER BY id DESC LIMIT 1")
    finally:
        db.close()
    assert stored is not None
    for value, text in ((old, stored["old"]), (new, stored["new"])):
        assert text == (None if value is None else json.dumps(value, ensure_ascii=False))
