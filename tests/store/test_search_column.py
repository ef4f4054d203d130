"""A register's search column (``store/search_column.py``) holds, after every kind of write, the
text computed from scratch from the records as read (non-sensitive text fields as stored,
single choices as their labels), never a sensitive field; the search through it keeps what
the all-in-memory search keeps."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.forms.definition import FormDef
from desktop.forms.listing import Listing, Query
from desktop.forms.loader import parse_form
from desktop.store import register_bulk, register_sync, search_column
from desktop.store.backup import restore
from desktop.store.database import Database
from desktop.store.register_names import index_name, quote
from desktop.store.registers import RegisterStore
from desktop.store.units import unit_choices
from desktop.store.vault import PLAIN, AesCodec, Codec, new_data_key
from tests.forms.helpers import add_units

FORM = """
version = 1
id = "case"
title = "个案"
record_name = "个案"
date_field = "day"
unit_field = "village"
title_field = "name"
list_columns = ["day", "name", "status", "village"]
sort = "-day"

[[fields]]
id = "day"
label = "日期"
type = "date"

[[fields]]
id = "name"
label = "姓名"
type = "person_name"
sensitive = true

[[fields]]
id = "secret"
label = "案情"
type = "multiline"
sensitive = true

[[fields]]
id = "status"
label = "状态"
type = "choice"
choices = [{ value = "open", label = "办理中" }, { value = "done", label = "已办结" }, "Straße"]

[[fields]]
id = "kinds"
label = "类别"
type = "choices"
choices = ["留守妇女", "困难妇女"]

[[fields]]
id = "note"
label = "备注"
type = "text"

[[fields]]
id = "village"
label = "村"
type = "unit"

[[fields]]
id = "people"
label = "人数"
type = "integer"
"""


def case_form() -> FormDef:
    return parse_form(FORM, "case.toml")


def from_scratch(store: RegisterStore) -> dict[int, str]:
    """Every record's search text, computed from its decoded values."""
    form = store.form
    columns = set(store.db.columns(form.table))
    fields = search_column.column_fields(form, columns)
    result = {}
    for deleted in (False, True):
        for record in store.list_records(deleted=deleted):
            texts = []
            for f in fields:
                value = record.values.get(f.id)
                texts.append("" if value is None else f.kind.format(value))
            result[record.id] = "\x1f".join(texts)
    return result


def stored(db: Database, form: FormDef) -> dict[int, str]:
    column = quote(search_column.COLUMN)
    rows = db.execute(f"SELECT id, {column} FROM {quote(form.table)}").fetchall()
    return {row[0]: row[1] for row in rows}


def check(store: RegisterStore) -> None:
    expected = from_scratch(store)
    assert stored(store.db, store.form) == expected
    # the index holds it: the search reads the text from the index, never from the table
    name = index_name(store.form.table, "search")
    program = store.db.execute(
        f"EXPLAIN SELECT id FROM {quote(store.form.table)} INDEXED BY {quote(name)} "
        f"WHERE instr({quote(search_column.COLUMN)}, 'x') > 0"
    ).fetchall()
    table_cursor = next(row[2] for row in program if row[1] == "OpenRead")
    assert not [row for row in program if row[1] == "Column" and row[2] == table_cursor]


def fill(db: Database, codec: Codec, form: FormDef | None = None) -> RegisterStore:
    made = add_units(db)
    form = form or case_form()
    register_sync.sync(db, [form])
    store = RegisterStore(db, form, codec)
    rows = [
        ("张秀兰", "被打伤", "open", ("留守妇女",), "KELVIN 12", "东岗村", 3),
        ("王芳", None, "done", (), "Straße 号", None, None),
        ("李娜", "秘密", None, ("困难妇女", "留守妇女"), None, "派出所", 0),
        ("欧阳娜娜", None, "Straße", (), "", "滨河社区", 12),
    ]
    for n, (name, secret, status, kinds, note, village, people) in enumerate(rows):
        store.add(
            {
                "day": f"2026-0{n + 1}-01",
                "name": name,
                "secret": secret,
                "status": status,
                "kinds": kinds,
                "note": note,
                "village": made[village] if village else None,
                "people": people,
            }
        )
    return store


@pytest.mark.parametrize("password", [False, True])
def test_the_column_is_current_after_every_kind_of_write(
    db: Database, tmp_path: Path, password: bool
) -> None:
    codec: Codec = AesCodec(new_data_key()) if password else PLAIN
    store = fill(db, codec)
    check(store)
    store.update(1, {"note": "改过的备注", "status": "done", "kinds": ("困难妇女",)})  # edit
    store.update(2, {"status": None, "note": None})  # emptied
    check(store)
    store.delete(3)  # into the bin, and back
    check(store)
    store.restore(3)
    store.delete(4)
    check(store)
    register_bulk.add_many(store, [({"note": "导入 ABC", "status": "open"}, {})], "导入")
    register_bulk.apply_import(  # an import: one added, one updated
        store,
        [({"note": "第二批", "status": "Straße"}, {})],
        [(1, {"note": "导入改"}, None)],
        "导入",
    )
    check(store)
    assert store.purge([1, 2], "到期") == 2  # erase: the personal fields only
    check(store)
    assert stored(db, store.form)[1] == "已办结\x1f导入改"
    assert stored(db, store.form)[3] == "\x1f"  # no status, no note


def test_nothing_sensitive_enters_the_column(db: Database) -> None:
    store = fill(db, AesCodec(new_data_key()))
    sql = db.scalar("SELECT sql FROM sqlite_master WHERE name = :t", {"t": store.form.table})
    definition = str(sql)[str(sql).index(search_column.COLUMN) :]
    for f in store.form.fields:
        assert (f'"{f.id}"' in definition) == (f.id in {"status", "note"}), f.id
    texts = "".join(stored(db, store.form).values())
    for name in ("张秀兰", "被打伤", "秘密", "留守妇女"):
        assert name not in texts  # sensitive; a multiple choice is searched by its values
    index = db.scalar(
        "SELECT sql FROM sqlite_master WHERE name = :n",
        {"n": index_name(store.form.table, "search")},
    )
    assert "name" not in str(index)


def test_a_changed_definition_remakes_the_column(db: Database) -> None:
    store = fill(db, PLAIN)
    # a renamed label, a new text field
    changed = parse_form(
        FORM.replace("version = 1", "version = 2").replace('label = "办理中"', 'label = "正在办理"')
        + '\n[[fields]]\nid = "place"\nlabel = "地点"\ntype = "text"\n',
        "case.toml",
    )
    result = register_sync.sync(db, [changed])
    assert not result.problems
    store = RegisterStore(db, changed, PLAIN)
    store.update(2, {"place": "东岗"})
    check(store)
    assert stored(db, changed)[1] == "正在办理\x1fKELVIN 12\x1f"
    assert stored(db, changed)[2] == "已办结\x1fStraße 号\x1f东岗"
    assert not search_column.ensure_search_column(db, changed)  # current: nothing written


def test_an_old_file_is_given_the_column(db: Database, tmp_path: Path) -> None:
    """Migration 24 on a file made before it; a backup restored from before it too."""
    store = fill(db, PLAIN)
    table = quote(store.form.table)
    with db.transaction():
        db.execute(f"DROP INDEX {quote(index_name(store.form.table, 'search'))}")
        db.execute(f"ALTER TABLE {table} DROP COLUMN {quote(search_column.COLUMN)}")
        db.execute("PRAGMA user_version = 23")
    path = Path(db.path)
    old = tmp_path / "old.fulian"
    shutil.copyfile(path, old)
    db.close()
    reopened = Database.open(path)
    try:
        check(RegisterStore(reopened, store.form, PLAIN))
        RegisterStore(reopened, store.form, PLAIN).update(1, {"note": "新"})
        reopened.close()
        restore(old, path)  # a backup from before the column
        reopened = Database.open(path)
        restored = RegisterStore(reopened, store.form, PLAIN)
        check(restored)
        assert stored(reopened, store.form)[1] == "办理中\x1fKELVIN 12"
    finally:
        reopened.close()


WORDS = [
    "办理",
    "open",
    "已办结",
    "done",
    "strasse",
    "ss",
    "kelvin",
    "\u212a",
    "12",
    "号",
    "2026",
    "3",
    "东岗",
    "留守",
    "张",
    "办理 12",
    "ａｂｃ",
    "abc",
    "",
    "straße 号",
]


@pytest.mark.parametrize("password", [False, True])
def test_the_search_through_the_column_keeps_what_the_old_search_keeps(
    db: Database, password: bool
) -> None:
    codec: Codec = AesCodec(new_data_key()) if password else PLAIN
    store = fill(db, codec)
    register_bulk.add_many(store, [({"note": "ＡＢＣ 全角", "status": "open"}, {})], "导入")
    store.delete(2)
    search = store.word_search()
    assert search.held == {"status", "note"}
    units = unit_choices(db)
    for deleted in (False, True):
        table = store.list_table(deleted=deleted, order=("day", True))
        old = Listing(store.form, table, units, presorted=True)
        new = Listing(store.form, table, units, presorted=True, search=store.word_search())
        for word in WORDS:
            query = Query(text=word)
            assert new.matches(query) == old.matches(query), (deleted, word)
    hits = Listing(store.form, store.list_table(), units, search=store.word_search()).matches(
        Query(text="办理中")
    )
    assert len(hits) == 2  # a choice's label found, not its stored code
