"""Registers' SQL names are built by the engine: any valid id works (SQL keywords included),
and names the engine adds cannot collide with declared ones. Ciphertexts are bound to their
record and field."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop.exchange import register_excel
from desktop.forms.definition import RESERVED
from desktop.forms.loader import load_file, parse_form
from desktop.store import migrations, register_sync, schema_latest
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.sensitive import bind_all, is_bound
from desktop.store.units import unit_choices
from desktop.store.vault import AesCodec, Tampered, new_data_key
from tests.forms.helpers import FIXTURE_FORMS

# SQLite's keywords (https://www.sqlite.org/lang_keywords.html), lower-cased
KEYWORDS = [
    "abort",
    "action",
    "add",
    "after",
    "all",
    "alter",
    "always",
    "analyze",
    "and",
    "as",
    "asc",
    "attach",
    "autoincrement",
    "before",
    "begin",
    "between",
    "by",
    "cascade",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "commit",
    "conflict",
    "constraint",
    "create",
    "cross",
    "current",
    "current_date",
    "current_time",
    "current_timestamp",
    "database",
    "default",
    "deferrable",
    "deferred",
    "delete",
    "desc",
    "detach",
    "distinct",
    "do",
    "drop",
    "each",
    "else",
    "end",
    "escape",
    "except",
    "exclude",
    "exclusive",
    "exists",
    "explain",
    "fail",
    "filter",
    "first",
    "following",
    "for",
    "foreign",
    "from",
    "full",
    "generated",
    "glob",
    "group",
    "groups",
    "having",
    "if",
    "ignore",
    "immediate",
    "in",
    "index",
    "indexed",
    "initially",
    "inner",
    "insert",
    "instead",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "key",
    "last",
    "left",
    "like",
    "limit",
    "match",
    "materialized",
    "natural",
    "no",
    "not",
    "nothing",
    "notnull",
    "null",
    "nulls",
    "of",
    "offset",
    "on",
    "or",
    "order",
    "others",
    "outer",
    "over",
    "partition",
    "plan",
    "pragma",
    "preceding",
    "primary",
    "query",
    "raise",
    "range",
    "recursive",
    "references",
    "regexp",
    "reindex",
    "release",
    "rename",
    "replace",
    "restrict",
    "returning",
    "right",
    "rollback",
    "row",
    "rows",
    "savepoint",
    "select",
    "set",
    "table",
    "temp",
    "temporary",
    "then",
    "ties",
    "to",
    "transaction",
    "trigger",
    "unbounded",
    "union",
    "unique",
    "update",
    "using",
    "vacuum",
    "values",
    "view",
    "virtual",
    "when",
    "where",
    "window",
    "with",
    "without",
]


def keyword_form() -> str:
    ids = [k for k in KEYWORDS if k not in RESERVED]
    lines = [
        'version = 1\nid = "select"\ntitle = "关键字台账"\nlist_columns = ["group", "order"]',
        'filters = ["case"]\nsort = "-order"\ndate_field = "from"\n',
    ]
    for keyword in ids:
        kind = {"order": "integer", "from": "date", "case": "choice"}.get(keyword, "text")
        extra = '\nchoices = ["甲", "乙"]' if kind == "choice" else ""
        extra += "\nsensitive = true" if keyword in ("where", "references") else ""
        kind = "phone" if keyword == "references" else kind
        lines.append(
            f'[[fields]]\nid = "{keyword}"\nlabel = "字段{keyword}"\ntype = "{kind}"{extra}'
        )
    lines.append(
        '[[subforms]]\nid = "table"\ntitle = "子表"\n'
        '[[subforms.fields]]\nid = "values"\nlabel = "值"\ntype = "text"\nsensitive = true\n'
        '[[subforms.fields]]\nid = "join"\nlabel = "连接"\ntype = "integer"'
    )
    return "\n".join(lines)


def test_every_sql_keyword_works_as_an_id_end_to_end(db: Database, tmp_path: Path) -> None:
    form = parse_form(keyword_form(), "select.toml")
    result = register_sync.sync(db, [form])
    assert not result.problems
    store = RegisterStore(db, form, AesCodec(new_data_key()))
    values: dict[str, object] = {f.id: f"值{f.id}" for f in form.fields if f.type_id == "text"}
    values |= {"order": 3, "from": "2026-03-08", "case": "乙", "references": "13812345678"}
    record_id = store.add(values, {"table": [{"values": "张三", "join": 7}]})
    store.add({"order": 9, "group": "另一条"})
    assert store.update(record_id, {"group": "改过", "where": "李四"})
    record = store.get(record_id)
    assert record.values["group"] == "改过"
    assert record.values["where"] == "李四"
    assert record.values["order"] == 3
    assert record.values["select"] == "值select"
    assert store.children(record_id) == {"table": [{"values": "张三", "join": 7}]}
    assert store.find("references", "138 1234 5678") == [record_id]
    table = store.list_table(order=("order", True))
    assert table.ids == [2, record_id]
    changes = {(e.field, e.new) for e in store.history(record_id)}
    assert ("where", "李四") in changes
    assert ("table[1].values", "张三") in changes
    path = tmp_path / "full.xlsx"
    units = unit_choices(db)
    children = {s.id: store.all_children(s) for s in form.subforms}
    register_excel.export(path, form, store.list_records(), children, units, full=True)
    records = {r.id: r for r in store.list_records()}
    kids = {r: store.children(r) for r in records}
    plan = register_excel.plan_import(path, form, records, kids, units)
    assert not plan.errors
    assert not plan.added
    assert plan.unchanged == 2


def two_forms(extra: str) -> list:  # type: ignore[type-arg]
    a = parse_form(
        'version = 1\nid = "a"\ntitle = "甲"\n[[fields]]\nid = "x"\nlabel = "X"\ntype = "text"\n'
        '[[fields]]\nid = "phone"\nlabel = "电话"\ntype = "phone"\nsensitive = true\n'
        '[[fields]]\nid = "phone__h"\nlabel = "备用电话"\ntype = "text"\n'
        '[[subforms]]\nid = "b"\ntitle = "乙"\n[[subforms.fields]]\nid = "y"\nlabel = "Y"\n'
        'type = "text"',
        "a.toml",
    )
    ab = parse_form(
        f'version = 1\nid = "a__b"\ntitle = "甲乙"\n[[fields]]\nid = "z"\nlabel = "Z"\n'
        f'type = "text"{extra}',
        "a__b.toml",
    )
    return [a, ab]


def test_a_and_a__b_and_phone_and_phone__h_coexist(db: Database) -> None:
    a, ab = two_forms("")
    assert not register_sync.sync(db, [a, ab]).problems
    store_a = RegisterStore(db, a, AesCodec(new_data_key()))
    store_ab = RegisterStore(db, ab)
    first = store_a.add(
        {"x": "1", "phone": "13812345678", "phone__h": "备用"}, {"b": [{"y": "子"}]}
    )
    store_ab.add({"z": "独立"})
    assert store_a.get(first).values["phone__h"] == "备用"
    assert store_a.find("phone", "13812345678") == [first]
    assert store_a.children(first) == {"b": [{"y": "子"}]}
    assert [r.values for r in store_ab.list_records()] == [{"z": "独立"}]
    assert db.table_exists("reg_a#b")
    assert db.table_exists("reg_a__b")


def lecture(db: Database, codec: AesCodec) -> RegisterStore:
    form = load_file(FIXTURE_FORMS / "lecture.toml")
    register_sync.sync(db, [form])
    return RegisterStore(db, form, codec)


def test_ciphertexts_swapped_between_records_read_as_damaged(db: Database) -> None:
    codec = AesCodec(new_data_key())
    store = lecture(db, codec)
    one = store.add({"held_on": "2026-03-08", "topic": "亲子沟通", "speaker": "李秀兰"})
    two = store.add({"held_on": "2026-03-09", "topic": "亲子沟通", "speaker": "王芳"})
    with db.transaction():
        a, b = (db.scalar(f"SELECT speaker FROM reg_lecture WHERE id = {i}") for i in (one, two))
        db.execute("UPDATE reg_lecture SET speaker = :v WHERE id = :id", {"v": b, "id": one})
        db.execute("UPDATE reg_lecture SET speaker = :v WHERE id = :id", {"v": a, "id": two})
    assert [r.values["speaker"] for r in store.list_records()] == ["无法解密", "无法解密"]
    assert store.list_table().column("speaker") == ["无法解密", "无法解密"]
    with pytest.raises(Tampered):
        store.get(one)


def test_values_written_before_binding_still_read_and_are_bound_on_unlock(db: Database) -> None:
    codec = AesCodec(new_data_key())
    store = lecture(db, codec)
    one = store.add({"held_on": "2026-03-08", "topic": "亲子沟通", "speaker": "李秀兰"})
    two = store.add({"held_on": "2026-03-09", "topic": "亲子沟通", "speaker": "王芳"})
    old_one = codec.encode("李秀兰", "reg_lecture.speaker")  # how schema 6 wrote it
    old_two = codec.encode("王芳", "reg_lecture.speaker")
    with db.transaction():
        for record_id, value in ((one, old_one), (two, old_two)):
            db.execute(
                "UPDATE reg_lecture SET speaker = :v WHERE id = :id", {"v": value, "id": record_id}
            )
            db.execute(
                "UPDATE audit SET new = :v WHERE table_name = 'reg_lecture' AND record_id = :id "
                "AND field = 'speaker'",
                {"v": json.dumps(value), "id": record_id},
            )
    assert [r.values["speaker"] for r in store.list_records()] == ["李秀兰", "王芳"]
    assert not is_bound(db)
    assert bind_all(db, [store.form], codec) == 4  # two columns, two audit rows
    assert is_bound(db)
    stored = db.scalar(f"SELECT speaker FROM reg_lecture WHERE id = {one}")
    assert str(stored).startswith("fx2:")
    assert [e.new for e in RegisterStore(db, store.form, codec).history(one)][:3].count(
        "李秀兰"
    ) == 1
    with db.transaction():  # an old ciphertext put back after binding is refused
        db.execute("UPDATE reg_lecture SET speaker = :v WHERE id = :id", {"v": old_two, "id": two})
    fresh = RegisterStore(db, store.form, codec)
    assert [r.values["speaker"] for r in fresh.list_records()] == ["李秀兰", "无法解密"]


def test_migration_7_renames_the_old_sub_tables_and_lookup_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.fulian"
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:6])
        patch.setattr(schema_latest, "LATEST", 6)
        old = Database.create(path)
        with old.transaction():
            old.execute(
                "CREATE TABLE reg_lecture (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, "
                "updated_at TEXT NOT NULL, deleted_at TEXT, purged_at TEXT, held_on TEXT, "
                "topic TEXT, speaker TEXT, phone TEXT, village INTEGER, listeners INTEGER, "
                "phone__h TEXT)"
            )
            old.execute("CREATE INDEX reg_lecture_phone__h ON reg_lecture(phone__h)")
            old.execute(
                "CREATE TABLE reg_lecture__feedback (id INTEGER PRIMARY KEY, parent_id INTEGER "
                "NOT NULL, position INTEGER NOT NULL, date TEXT, opinion TEXT)"
            )
            old.execute(
                "INSERT INTO reg_lecture VALUES (1, 't', 't', NULL, NULL, '2025-01-02', "
                "'亲子沟通', '李秀兰', '13812345678', NULL, 30, 'hash')"
            )
            old.execute("INSERT INTO reg_lecture__feedback VALUES (1, 1, 1, '2025-01-03', '好')")
            old.execute(
                "INSERT INTO register_table VALUES ('lecture', 'reg_lecture', 1, '授课', 't')"
            )
        old.close()
    db = Database.open(path)
    assert db.schema_version == migrations.LATEST
    assert "phone#h" in db.columns("reg_lecture")
    assert "phone__h" not in db.columns("reg_lecture")
    assert db.table_exists("reg_lecture#feedback")
    assert not db.table_exists("reg_lecture__feedback")
    form = load_file(FIXTURE_FORMS / "lecture.toml")
    result = register_sync.sync(db, [form])
    assert not result.problems
    store = RegisterStore(db, form)
    assert store.get(1).values["speaker"] == "李秀兰"
    assert store.children(1) == {"feedback": [{"date": "2025-01-03", "opinion": "好"}]}
    db.close()
    conn = sqlite3.connect(path)
    stored = conn.execute("SELECT form_id, version FROM register_definition").fetchall()
    conn.close()
    assert stored == [("lecture", 1)]
