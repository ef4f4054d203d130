"""The list's search in SQL (readable fields) plus decoded text in memory (encrypted ones)
keeps exactly the records the all-in-memory search keeps: plain and with a password (unlocked
and locked), choices, multi-choices, units, deleted records and the home page's record filter."""

from __future__ import annotations

import unicodedata

import pytest

from desktop.forms.definition import FormDef
from desktop.forms.listing import Listing, Query
from desktop.forms.loader import parse_form
from desktop.store import register_sync
from desktop.store.database import Database
from desktop.store.register_search import sql_foldable
from desktop.store.registers import RegisterStore
from desktop.store.units import unit_choices
from desktop.store.vault import PLAIN, AesCodec, Codec, LockedCodec, new_data_key
from tests.forms.helpers import add_units

FORM = """
version = 1
id = "visit"
title = "走访"
record_name = "走访"
date_field = "day"
unit_field = "village"
title_field = "name"
list_columns = ["day", "name", "village", "topic"]
filters = ["topic"]
sort = "-day"

[[fields]]
id = "day"
label = "日期"
type = "date"

[[fields]]
id = "topic"
label = "事由"
type = "choice"
choices = ["婚姻家庭", "邻里纠纷", "Straße 其他"]

[[fields]]
id = "kinds"
label = "类别"
type = "choices"
choices = ["留守妇女", "困难妇女", "ＡＢＣ"]

[[fields]]
id = "name"
label = "姓名"
type = "person_name"
sensitive = true

[[fields]]
id = "phone"
label = "电话"
type = "phone"
sensitive = true

[[fields]]
id = "relation"
label = "关系"
type = "choice"
choices = ["母亲", "父亲"]
sensitive = true

[[fields]]
id = "note"
label = "备注"
type = "text"

[[fields]]
id = "content"
label = "内容"
type = "multiline"

[[fields]]
id = "village"
label = "村"
type = "unit"

[[fields]]
id = "people"
label = "人数"
type = "integer"
"""

WORDS = [
    "张",
    "秀兰",
    "1381",
    "东岗",
    "村",
    "婚姻",
    "、困难",
    "女、困",
    "strasse",
    "ss",
    "ß",
    "abc",
    "ａｂｃ",
    "kelvin",
    "k",
    "dna",
    "12",
    "母亲",
    "已加密",
    "派出所",
    "无",
    "东岗 纠纷",
    "张 12",
    "\u212a",
    "已删除的单位",
    "位 1",
    "1）",
    "旧事由x",
    "x",
    "dna 1",
    "%",
    "_",
    "\\",
    "12 号",
]


def visit_form() -> FormDef:
    return parse_form(FORM, "visit.toml")


def fill(db: Database, codec: Codec) -> RegisterStore:
    made = add_units(db)
    form = visit_form()
    register_sync.sync(db, [form])
    store = RegisterStore(db, form, codec)
    rows = [
        ("张秀兰", "13812345678", "母亲", "婚姻家庭", ("留守妇女", "困难妇女"), "东岗村", "DNA 12"),
        ("王芳", None, "父亲", "Straße 其他", ("ＡＢＣ",), "西岭村", "KELVIN \u212a 100%_\\"),
        ("李娜", "0571-88886666", None, "邻里纠纷", (), None, "Straße 12 号"),
        ("欧阳娜娜", "13900001111", "母亲", None, ("困难妇女",), "派出所", None),
        ("张伟", None, None, "婚姻家庭", ("留守妇女",), "滨河社区", "ａｂｃ 无"),
    ]
    for n, (name, phone, relation, topic, kinds, village, note) in enumerate(rows):
        record_id = store.add(
            {
                "day": f"2026-0{n + 1}-01",
                "name": name,
                "phone": phone,
                "relation": relation,
                "topic": topic,
                "kinds": kinds,
                "village": made[village] if village else None,
                "note": note,
                "content": f"第{n}次走访\n东岗 纠纷" if n % 2 else None,
                "people": n * 12,
            }
        )
        if n == 3:
            store.delete(record_id)
    with db.transaction():  # a unit deleted since, a choice removed from the form since
        db.execute("UPDATE reg_visit SET topic = '旧事由X_%' WHERE id = 3")
    return store


def listings(store: RegisterStore, *, deleted: bool) -> tuple[Listing, Listing]:
    """(all in memory, as before; SQL plus decoded text), both as the list page reads."""
    form = store.form
    known = unit_choices(store.db)
    # 派出所 deleted since: its references show as "（已删除的单位 N）"
    units = known._replace(names={i: n for i, n in known.names.items() if n != "派出所"})
    order = ("day", True)
    old = Listing(form, store.list_table(deleted=deleted, order=order), units, presorted=True)
    new = Listing(
        form,
        store.list_table(deleted=deleted, fields=["day", "name", "village", "topic"], order=order),
        units,
        more=lambda names, ids: store.read_columns(names, ids, deleted=deleted, order=order),
        presorted=True,
        search=store.word_search(),
    )
    return old, new


@pytest.mark.parametrize("codec", ["plain", "password", "locked"])
def test_sql_search_keeps_what_the_memory_search_keeps(db: Database, codec: str) -> None:
    key = new_data_key()
    store = fill(db, PLAIN if codec == "plain" else AesCodec(key))
    if codec == "locked":
        store = RegisterStore(db, store.form, LockedCodec())
    for deleted in (False, True):
        old, new = listings(store, deleted=deleted)
        some = frozenset(old.table.ids[:2])
        for word in WORDS:
            for ids in (None, some):
                query = Query(text=word, ids=ids)
                assert new.matches(query) == old.matches(query), (codec, deleted, word, ids)
    old, new = listings(store, deleted=False)
    hits = new.matches(Query(text="秀兰"))
    assert [new.table.ids[i] for i in hits] == ([] if codec == "locked" else [1])
    assert len(new.matches(Query(text="东岗 纠纷"))) == 1
    covered = store.word_search().covered
    assert {"note", "content", "topic", "kinds", "village"} <= covered
    assert ("name" in covered) == (codec == "plain"), "encrypted text is never searched in SQL"


def test_the_sql_fold_is_exact_only_for_safe_words() -> None:
    """A word SQL compares must hold no character a non-ASCII character casefolds into."""
    targets = set()
    for code in range(128, 0x110000):
        folded = chr(code).casefold()
        if folded != chr(code):
            targets.update(folded)
    candidates = [
        *range(128),
        *range(0x3000, 0xA000),
        *range(0xF900, 0xFB00),
        *range(0xFF00, 0xFF60),
    ]
    safe = [chr(c) for c in candidates if sql_foldable(chr(c).casefold())]
    assert len(safe) > 20_000
    assert not targets & {c.casefold() for c in safe}
    assert sql_foldable("张秀兰 13812")
    assert sql_foldable("东岗村，１２")
    assert not sql_foldable("ss")
    assert not sql_foldable("ａ")
    assert unicodedata.name("\u212a") == "KELVIN SIGN"
    assert not sql_foldable("\u212a".casefold())


def test_a_write_is_found_by_the_next_search(db: Database) -> None:
    """The distinct values kept between searches are read again after a write."""
    store = fill(db, PLAIN)
    assert not listings(store, deleted=False)[1].matches(Query(text="ａｂｃ 困难"))
    store.update(2, {"kinds": ("困难妇女", "ＡＢＣ")})
    old, new = listings(store, deleted=False)
    assert new.matches(Query(text="ａｂｃ 困难")) == old.matches(Query(text="ａｂｃ 困难")) != []
