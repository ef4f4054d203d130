"""Register tables made from definitions: creation, forward migration, audited writes with
sub-records, soft delete, and the one place where sensitive fields are encoded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.forms.loader import load_file, parse_form
from desktop.store import register_sync, units
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.vault import AesCodec, new_data_key
from tests.forms.helpers import FIXTURE_FORMS, add_units, bundled

LECTURE = FIXTURE_FORMS / "lecture.toml"


def lecture_store(db: Database) -> RegisterStore:
    form = load_file(LECTURE)
    register_sync.sync(db, [form])
    return RegisterStore(db, form)


def raw(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_sync_creates_every_bundled_register_and_is_idempotent(db: Database) -> None:
    forms = bundled().forms
    register_sync.sync(db, forms)
    assert db.table_exists("reg_petition")
    assert db.table_exists("reg_petition#steps")
    again = register_sync.sync(db, forms)
    assert not again.changed
    assert not again.problems
    assert len(again.forms) == len(forms)
    listed = {r["form_id"] for r in db.query_all("SELECT form_id FROM register_table")}
    assert listed == {f.id for f in forms}


def test_add_update_children_and_history(db: Database) -> None:
    made = add_units(db)
    store = lecture_store(db)
    record_id = store.add(
        {
            "held_on": "2026-03-08",
            "topic": "亲子沟通",
            "speaker": "李秀兰",
            "village": made["东岗村"],
        },
        {"feedback": [{"date": "2026-03-09", "opinion": "很实用"}]},
    )
    store.update(
        record_id,
        {"listeners": 45},
        {"feedback": [{"date": "2026-03-09", "opinion": "很实用，希望多办"}]},
    )
    record = store.get(record_id)
    assert record.values["listeners"] == 45
    assert record.values["village"] == made["东岗村"]
    assert store.children(record_id) == {
        "feedback": [{"date": "2026-03-09", "opinion": "很实用，希望多办"}]
    }
    changes = [(e.action, e.field, e.old, e.new) for e in store.history(record_id)]
    assert ("insert", "speaker", None, "李秀兰") in changes
    assert ("update", "listeners", None, 45) in changes
    assert ("update", "feedback[1].opinion", "很实用", "很实用，希望多办") in changes
    assert not store.update(record_id, {"listeners": 45}), "an unchanged save writes nothing"


def test_soft_delete_and_restore(db: Database) -> None:
    store = lecture_store(db)
    record_id = store.add({"held_on": "2026-03-08", "topic": "隔代教育", "speaker": "王芳"})
    store.delete(record_id)
    assert store.list_records() == []
    assert [r.id for r in store.list_records(deleted=True)] == [record_id]
    store.restore(record_id)
    assert [r.id for r in store.list_records()] == [record_id]
    assert [e.action for e in store.history(record_id)][-2:] == ["delete", "restore"]


def test_a_field_added_later_migrates_the_table_with_its_records(db: Database) -> None:
    form = load_file(LECTURE)
    store = lecture_store(db)
    record_id = store.add({"held_on": "2026-03-08", "topic": "隔代教育", "speaker": "王芳"})
    text = LECTURE.read_text(encoding="utf-8").replace("version = 1", "version = 2", 1)
    text += '\n[[fields]]\nid = "venue"\nlabel = "地点"\ntype = "text"\n'
    newer = parse_form(text, "lecture.toml")
    report = register_sync.sync(db, [newer])
    assert report.changed == ["家长学校授课：新增字段“地点”"]
    store2 = RegisterStore(db, newer)
    assert store2.get(record_id).values | {"venue": None} == store2.get(record_id).values
    assert store2.get(record_id).values["speaker"] == "王芳"
    store2.update(record_id, {"venue": "村文化礼堂"})
    # the older definition (a field removed) still reads; the column and its data stay
    assert "venue" in db.columns("reg_lecture")
    assert RegisterStore(db, form).get(record_id).values["speaker"] == "王芳"
    assert db.scalar("SELECT version FROM register_table WHERE form_id = 'lecture'") == 2


def test_a_renamed_field_keeps_its_data(db: Database) -> None:
    store = lecture_store(db)
    record_id = store.add({"held_on": "2026-03-08", "topic": "隔代教育", "speaker": "王芳"})
    text = LECTURE.read_text(encoding="utf-8").replace('"listeners"', '"audience"')
    text += '\n[[renamed]]\nfrom = "listeners"\nto = "audience"\n'
    store.update(record_id, {"listeners": 30})
    renamed = parse_form(text, "lecture.toml")
    renamed = renamed._replace(version=2)
    assert register_sync.sync(db, [renamed]).changed == [
        "家长学校授课：“listeners”改名为“audience”"
    ]
    assert RegisterStore(db, renamed).get(record_id).values["audience"] == 30


def test_sensitive_fields_pass_through_the_codec_in_records_and_audit(
    db: Database, db_path: Path
) -> None:
    form = load_file(LECTURE)
    register_sync.sync(db, [form])
    store = RegisterStore(db, form, AesCodec(new_data_key()))
    record_id = store.add(
        {"held_on": "2026-03-08", "topic": "隔代教育", "speaker": "王芳", "phone": "13812345678"}
    )
    store.update(record_id, {"phone": "13900001111"})
    assert store.get(record_id).values["phone"] == "13900001111"
    assert store.list_records()[0].values["speaker"] == "王芳"
    assert ("update", "phone", "13812345678", "13900001111") in [
        (e.action, e.field, e.old, e.new) for e in store.history(record_id)
    ]
    dumped = "\n".join(str(r) for r in raw(db_path, "SELECT * FROM reg_lecture"))
    dumped += "\n".join(str(r) for r in raw(db_path, "SELECT * FROM audit"))
    for secret in ("王芳", "13812345678", "13900001111"):
        assert secret not in dumped
    assert "隔代教育" in dumped  # only sensitive fields are encoded


def test_a_unit_used_by_a_register_is_deactivated_not_deleted(db: Database) -> None:
    made = add_units(db)
    store = lecture_store(db)
    store.add(
        {"held_on": "2026-03-08", "topic": "隔代教育", "speaker": "王芳", "village": made["西岭村"]}
    )
    assert units.remove(db, made["西岭村"]) is False
    assert units.remove(db, made["东岗村"]) is True


def test_unknown_fields_are_a_bug_not_silently_dropped(db: Database) -> None:
    store = lecture_store(db)
    with pytest.raises(KeyError, match="colour"):
        store.add({"held_on": "2026-03-08", "colour": "red"})


def test_an_old_database_without_the_tables_reads_as_empty(db: Database) -> None:
    form = load_file(LECTURE)
    store = RegisterStore(db, form)
    assert store.list_records() == []
    assert store.count() == 0


def test_home_facts_read_only_what_the_rules_need(db: Database) -> None:
    from datetime import date

    from desktop.store import register_facts
    from desktop.store.units import unit_choices
    from desktop.store.vault import PLAIN

    made = add_units(db)
    forms = bundled().forms
    register_sync.sync(db, forms)
    people = RegisterStore(db, bundled().get("assistance"))
    base = {"category": "困难妇女", "village": made["东岗村"], "status": "active"}
    visited = people.add(
        {**base, "person_name": "高红", "risk_level": "high", "registered_on": "2026-01-01"},
        {
            "visits": [
                {"date": "2026-09-01", "visitor": "王"},
                {"date": "2026-11-20", "visitor": "王"},
            ]
        },
    )
    people.add(
        {**base, "person_name": "周燕", "risk_level": "high", "registered_on": "2026-01-01"},
        {"visits": [{"date": "2026-10-01", "visitor": "王"}]},
    )
    assert people.latest_child_dates(bundled().get("assistance").subform("visits"))[visited] == (
        "2026-11-20"
    )
    today = date(2026, 11, 29)
    [due] = register_facts.due_reminders(db, forms, PLAIN, unit_choices(db), today)
    assert (due.form_id, due.names) == ("assistance", ("周*",))
    assert register_facts.expired_count(db, forms, PLAIN, today) == 0
    people.delete(visited)
    assert register_facts.expired_count(db, forms, PLAIN, today) == 1
    people.purge([visited], "测试")
    assert register_facts.expired_count(db, forms, PLAIN, today) == 0
