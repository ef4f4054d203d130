from __future__ import annotations

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
