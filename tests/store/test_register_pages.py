"""The register list read from SQL a page at a time (``store/register_pages.py``) shows the
rows of the old read (every record decoded, filtered, searched and sorted in Python by
``forms/listing.py``) in the same order: the default order, each sortable column both ways,
filters, dates, searches and a reminder's record set, on a register with ties, blanks,
empty texts, unknown values and deleted records; with and without the list's index, with the
sort made in SQL or in Python, with and without a password."""

from __future__ import annotations

import itertools

import pytest

from desktop.forms.definition import display
from desktop.forms.listing import Listing, Query, list_fields
from desktop.store import list_index, register_pages, register_sync
from desktop.store.database import Database
from desktop.store.register_names import index_name, quote
from desktop.store.register_pages import RegisterPages, SearchMemory
from desktop.store.registers import RegisterStore
from desktop.store.units import unit_choices
from desktop.store.vault import PLAIN, AesCodec, Codec, new_data_key
from tests.forms.helpers import add_units, bundled

CHANNELS = ["来访", "来电", "来信", "来访"]
CATEGORIES = ["婚姻家庭", "财产权益", "综合"]
STATUSES = ["received", "closed", "in_progress", None]


def _build(db: Database, codec: Codec) -> tuple[RegisterStore, list[int], dict[str, int]]:
    made = add_units(db)
    register_sync.sync(db, bundled().forms)
    store = RegisterStore(db, bundled().get("petition"), codec)
    units = [made["东岗村"], made["派出所"], made["滨河社区"], None]
    ids = []
    for n in range(36):
        ids.append(
            store.add(
                {
                    # ties: three records a day; one day blank below
                    "received_on": f"2025-0{1 + n % 4}-{10 + n // 12:02d}",
                    "channel": CHANNELS[n % 4],
                    "category": CATEGORIES[n % 3],
                    "person_name": f"张{n % 5}" if n % 7 else f"Kate{n}",
                    "relation": ["丈夫", "邻居", None][n % 3],
                    "handling_unit": units[n % 4],
                    "deadline": f"2025-0{1 + n % 3}-2{n % 2}" if n % 5 else None,
                    "status": STATUSES[n % 4],
                    "content": "反映家庭纠纷" if n % 2 else "咨询 low income",
                }
            )
        )
    with db.transaction():  # what the forms never write but old files and imports hold
        table = quote(store.form.table)
        db.execute(f"UPDATE {table} SET received_on = NULL WHERE id IN ({ids[3]}, {ids[4]})")
        db.execute(f"UPDATE {table} SET channel = '' WHERE id = {ids[5]}")
        db.execute(f"UPDATE {table} SET channel = '已删除的选项' WHERE id = {ids[6]}")
        db.execute(f"UPDATE {table} SET deadline = '' WHERE id = {ids[8]}")
    for record_id in ids[30:34]:
        store.delete(record_id)
    return store, ids, made


def _old(store: RegisterStore, query: Query, sort: tuple[str, bool] | None, deleted: bool) -> list:
    """The rows as the list read them before: every record's list fields decoded."""
    form = store.form
    order = (form.sort_field, form.sort_descending) if form.sort_field else None
    table = store.list_table(deleted=deleted, fields=list_fields(form), order=order)
    listing = Listing(
        form,
        table,
        unit_choices(store.db),
        more=lambda names, ids: store.read_columns(names, ids, deleted=deleted, order=order),
        presorted=order is not None,
        search=store.word_search(),
    )
    rows = listing.matches(query)
    if sort is not None:
        rows = listing.sorted_rows(rows, form.list_columns.index(sort[0]), sort[1])
    return [table.ids[r] for r in rows]


@pytest.mark.parametrize(
    ("encrypted", "indexed", "ranked"),
    [(False, True, True), (False, False, True), (False, True, False), (True, True, True)],
)
def test_paged_rows_equal_the_old_read(
    db: Database, monkeypatch: pytest.MonkeyPatch, encrypted: bool, indexed: bool, ranked: bool
) -> None:
    codec: Codec = AesCodec(new_data_key()) if encrypted else PLAIN
    store, ids, made = _build(db, codec)
    form = store.form
    if not indexed:
        with db.transaction():
            db.execute(f"DROP INDEX {quote(index_name(form.table, 'list'))}")
    if not ranked:  # choices and units sorted in Python, as with many distinct values
        monkeypatch.setattr(register_pages, "MAX_RANKED", 0)
    units = unit_choices(db)
    queries = [
        Query(),
        Query(text="张1"),
        Query(text="张 纠纷"),
        Query(text="kate"),  # a word SQL cannot casefold: checked in Python
        Query(text="LOW"),
        Query(text="东岗"),  # a unit's name
        Query(text="已办结"),  # a choice's label
        Query(text="邻"),  # a sensitive choice (plain: its stored values; encrypted: decoded)
        Query(text="没有这个"),
        Query(equals={"channel": "来访"}),
        Query(equals={"status": "closed", "category": "综合"}),
        Query(equals={"handling_unit": made["东岗村"]}),
        Query(date_from="2025-02-01", date_to="2025-03-31"),
        Query(date_from="2025-03-11"),
        Query(ids=frozenset(ids[::3])),
        Query(text="张", equals={"channel": "来电"}, ids=frozenset(ids[:20])),
    ]
    sortable = [c for c in form.list_columns if not form.field(c).sensitive]
    sorts: list[tuple[str, bool] | None] = [None]
    sorts += [(c, d) for c, d in itertools.product(sortable, (False, True))]
    for deleted in (False, True):
        pages = RegisterPages(store, units, list_fields(form), deleted=deleted)
        assert pages.count() == store.count(deleted=deleted)
        for query, sort in itertools.product(queries, sorts):
            expected = _old(store, query, sort, deleted)
            selection = pages.select(query, sort)
            assert selection.ids() == expected, (query, sort, deleted)
            assert selection.count() == len(expected)
            fresh = pages.select(query, sort)  # read a slice at a time, not whole
            assert fresh.slice(2, 5) + fresh.slice(5, 100) == expected[2:], (query, sort)
    assert _old(store, Query(), None, False)[:3] != sorted(ids)[:3]  # an order, not by id
    # a filter on a sensitive field (no bundled form has one): compared on decoded values
    pages = RegisterPages(store, units, [*list_fields(form), "relation"])
    relation = {r.id: r.values["relation"] for r in store.list_records()}
    neighbours = [i for i in _old(store, Query(), None, False) if relation[i] == "邻居"]
    assert pages.ids(Query(equals={"relation": "邻居"})) == neighbours
    assert len(neighbours) == 11


def test_a_page_shows_the_old_texts(db: Database) -> None:
    store, ids, _made = _build(db, PLAIN)
    form = store.form
    units = unit_choices(db)
    pages = RegisterPages(store, units, list_fields(form))
    wanted = [ids[9], ids[2], 424242, ids[7]]  # in this order; a record gone reads blank
    table = pages.rows(wanted)
    assert table.ids == wanted
    assert pages.converted == 3
    old = {r.id: r for r in store.list_records()}
    for row, record_id in enumerate(wanted):
        for column in form.list_columns:
            f = form.field(column)
            shown = display(f, table.value(row, column), units, masked=True)
            record = old.get(record_id)
            value = record.values.get(column) if record else None
            assert shown == display(f, value, units, masked=True), (record_id, column)
    assert "*" in display(
        form.field("person_name"), table.value(0, "person_name"), units, masked=True
    )


def test_the_list_index_is_made_and_kept_current(db: Database) -> None:
    store, _ids, _made = _build(db, PLAIN)
    form = store.form
    columns = set(db.columns(form.table))
    name = index_name(form.table, "list")
    sql = db.scalar("SELECT sql FROM sqlite_master WHERE name = :n", {"n": name})
    assert sql == list_index.list_index_sql(form, columns)
    assert '"received_on" DESC, "id"' in str(sql)
    assert "person_name" not in str(sql)  # sensitive fields are never indexed
    assert not list_index.ensure_list_index(db, form)  # nothing to write: nothing written
    with db.transaction():
        db.execute(f"DROP INDEX {quote(name)}")
        list_index.index_stored_registers(db)  # migration 18 on an older file
    assert db.scalar("SELECT sql FROM sqlite_master WHERE name = :n", {"n": name}) == sql
    plan = db.query_all(
        f"EXPLAIN QUERY PLAN SELECT * FROM {quote(form.table)} WHERE deleted_at IS NULL"
    )
    assert all(name not in row["detail"] for row in plan)  # other reads: not through it


def test_the_decoded_search_text_is_kept_until_a_write(db: Database) -> None:
    store, _ids, _made = _build(db, AesCodec(new_data_key()))
    form = store.form
    units = unit_choices(db)
    memory = SearchMemory()
    first = RegisterPages(store, units, list_fields(form), memory=memory)
    found = first.ids(Query(text="张2"))
    assert found == _old(store, Query(text="张2"), None, False)
    kept = memory._kept
    assert kept is not None
    again = RegisterPages(store, units, list_fields(form), memory=memory)  # the list re-read
    assert again.ids(Query(text="张2")) == found
    assert memory._kept is kept  # not decoded again
    added = store.add(
        {
            "received_on": "2025-05-01",
            "channel": "来访",
            "category": "综合",
            "person_name": "张2新",
            "status": "received",
        }
    )
    after = RegisterPages(store, units, list_fields(form), memory=memory)
    assert after.ids(Query(text="张2")) == [added, *found]
    assert memory._kept is not kept


@pytest.mark.parametrize("ranked", [True, False])
def test_computed_and_multiple_choice_columns_sort_as_the_old_read(
    db: Database, monkeypatch: pytest.MonkeyPatch, ranked: bool
) -> None:
    """志愿者: 累计服务时长 is computed on read (its column is empty), 技能特长 a multiple
    choice; sorted in SQL by rank or, with many distinct values, in Python on read values."""
    if not ranked:
        monkeypatch.setattr(register_pages, "MAX_RANKED", 0)
    made = add_units(db)
    form = bundled().get("volunteer")
    register_sync.sync(db, [form])
    store = RegisterStore(db, form)
    skills = [("法律",), ("心理", "法律"), (), ("家政",)]
    for n, (before, hours) in enumerate([(10.0, 2.0), (None, 30.0), (5.0, None), (0.0, 1.0)] * 3):
        store.add(
            {
                "name": f"志愿者{n}",
                "association": "巾帼志愿服务队",
                "status": "在册",
                "village": made["东岗村"],
                "joined_on": "2025-01-01",
                "hours_before": before,
                "skills": skills[n % 4],
            },
            {"services": [{"date": "2026-03-01", "activity": "走访", "hours": hours}]}
            if hours is not None
            else {},
        )
    pages = RegisterPages(store, unit_choices(db), list_fields(form))
    for column, descending in itertools.product(("total_hours", "skills"), (False, True)):
        expected = _old(store, Query(), (column, descending), False)
        assert pages.ids(Query(), (column, descending)) == expected, (column, descending)
    table = store.list_table(fields=["total_hours"])
    hours = dict(zip(table.ids, table.column("total_hours"), strict=True))
    shown = [hours[i] for i in pages.ids(Query(), ("total_hours", True))]
    assert shown[:3] == [30.0, 30.0, 30.0]  # the largest totals first, not the default order
    assert shown == sorted(shown, reverse=True)


def test_the_list_is_read_through_its_index_beside_other_indexes(db: Database) -> None:
    """An index led by ``deleted_at`` (a reminder's) does not draw the list's reads to it: the
    page is read in the index's order (no sort of every record), the count through the list
    index, the page's rows by id."""
    store, _ids, _made = _build(db, PLAIN)
    table = store.form.table
    with db.transaction():
        db.execute(f"CREATE INDEX reminder_like ON {quote(table)}(deleted_at, status, deadline)")
    pages = RegisterPages(store, unit_choices(db), list_fields(store.form))
    selection = pages.select(Query())
    name = index_name(table, "list")

    def plan(sql: str, params: dict[str, object]) -> str:
        rows = db.query_all(f"EXPLAIN QUERY PLAN {sql}", params)
        return " / ".join(row["detail"] for row in rows)

    page = plan(
        f"SELECT id {selection.ordered_sql} ORDER BY {selection.order} LIMIT 100",
        selection.params,
    )
    assert name in page, page
    assert "TEMP B-TREE" not in page, page
    assert name in plan(f"SELECT count(*) {selection.counted_sql}", selection.params)
    assert selection.count() == pages.count() == 32
    filtered = pages.select(Query(equals={"status": "closed"}))
    assert "reminder_like" in plan(f"SELECT count(*) {filtered.counted_sql}", filtered.params)
    ids = selection.slice(0, 5)
    assert ids == pages.ids(Query())[:5]
    run: list[str] = []
    db.connection.set_trace_callback(run.append)
    try:
        assert pages.rows(ids).ids == ids
    finally:
        db.connection.set_trace_callback(None)
    read = next(sql for sql in run if "json_each" in sql)
    assert "PRIMARY KEY" in plan(read, {}), read  # by id, not through reminder_like
