"""工作台账统计 counted by SQL (``store/register_stats.py``) equal the Python count over every
decoded record (``register_reports._tally``, the way they were counted before and still are
for a register SQL cannot count), on registers built to hold edge cases: blanks, removed
choice values, empty and repeated multi-choices, numbers and yes/no stored as text, deleted
records, stock rules at the period's edges, dated sub-rows."""

from __future__ import annotations

import json
import random

import pytest

from desktop.forms import statistics
from desktop.forms.definition import FieldDef, FormDef
from desktop.reports.register_reports import _tally, register_statistics
from desktop.store import register_stats, register_sync
from desktop.store.database import Database
from desktop.store.register_names import quote
from tests.forms.helpers import add_units, bundled

PERIODS = [
    (None, None),
    ("2025-01-01", "2025-12-31"),
    ("2025-03-01", "2025-06-30"),
    (None, "2025-06-30"),
    ("2025-07-01", None),
]
DATES = [None, "2024-12-31", "2025-01-01", "2025-03-01", "2025-06-30", "2025-07-01", "2025-12-31"]


def _value(f: FieldDef, units: list[int], rng: random.Random) -> object:
    choices = [c.value for c in f.choice.options.choices] if f.choice is not None else []
    pools: dict[str, list[object]] = {
        "date": DATES,
        "integer": [None, 0, 3, 2024, 2025, 2026, "2025", 2025.5],
        "decimal": [None, 1.5, 2, "3.25", 0.25],
        "money": [None, 1.5, 2, "3.25", 0.25],
        "choice": [None, "", "已删除的选项", *choices, *choices],
        "multichoice": [
            None,
            "[]",
            json.dumps(choices[:2], ensure_ascii=False),
            json.dumps([*choices[-1:], "已删除的选项"], ensure_ascii=False),
            json.dumps(choices[:1] * 2, ensure_ascii=False),
        ],
        "unit": [None, *units, str(units[0])],
        "bool": [None, 0, 1, "0", "1", ""],
    }
    return rng.choice(pools.get(f.type_id, [None, "文字"]))


def _fill(db: Database, form: FormDef, units: list[int], rng: random.Random) -> None:
    columns = set(db.columns(form.table))
    fields = [f for f in form.fields if f.id in columns and f.sum_of is None]
    names = ", ".join(["created_at", "updated_at", "deleted_at", *(quote(f.id) for f in fields)])
    marks = ", ".join("?" * (3 + len(fields)))
    with db.transaction():
        for n in range(60):
            deleted = "2025-05-05" if n % 11 == 0 else None
            row = [_value(f, units, rng) for f in fields]
            db.connection.execute(
                f"INSERT INTO {quote(form.table)} ({names}) VALUES ({marks})",
                ["2025-01-01", "2025-01-01", deleted, *row],
            )
        for sub in form.subforms:
            table = form.sub_table(sub)
            sub_fields = [f for f in sub.fields if f.id in set(db.columns(table))]
            ids = [r[0] for r in db.connection.execute(f"SELECT id FROM {quote(form.table)}")]
            for n in range(80):
                values = [_value(f, units, rng) for f in sub_fields]
                db.connection.execute(
                    f"INSERT INTO {quote(table)} (parent_id, position, "
                    f"{', '.join(quote(f.id) for f in sub_fields)}) VALUES "
                    f"({', '.join('?' * (2 + len(sub_fields)))})",
                    [rng.choice(ids), n, *values],
                )


def _same(form: FormDef, sql: statistics.Tally, python: statistics.Tally) -> None:
    assert sql.total == python.total
    assert sql.added == python.added
    assert sql.closed == python.closed
    assert sql.coverage == python.coverage
    assert dict(sql.months) == dict(python.months)
    for field_id, counted in python.values.items():  # the same counts in the same order
        assert list(sql.values[field_id].items()) == list(counted.items()), field_id
    assert sql.values.keys() == python.values.keys()
    assert sql.sums == pytest.approx(python.sums)
    assert sql.sub_sums == pytest.approx(python.sub_sums)


@pytest.mark.parametrize("seed", [1, 2])
def test_sql_statistics_equal_the_python_count(db: Database, seed: int) -> None:
    rng = random.Random(seed)
    units = list(add_units(db).values())
    forms = bundled().forms
    register_sync.sync(db, forms)
    for form in forms:
        _fill(db, form, units, rng)
    counted_by_sql = 0
    for form in forms:
        for date_from, date_to in PERIODS:
            sql = register_stats.tally_sql(db, form, date_from, date_to)
            assert sql is not None, form.id  # every bundled register is counted by SQL
            _same(form, sql, _tally(db, form, date_from, date_to))
            counted_by_sql += sql.total
    assert counted_by_sql > 500  # the periods hold records, not only empty tables


def test_a_sensitive_counted_field_is_counted_filled_or_blank_never_read(db: Database) -> None:
    """A field a clerk made sensitive: SQL groups it by filled / blank, as the locked read
    sees it (已加密); one the period depends on leaves the register to the Python count."""
    units = list(add_units(db).values())
    petition = bundled().get("petition")
    register_sync.sync(db, [petition])
    _fill(db, petition, units, random.Random(3))

    def sensitive(form: FormDef, field_id: str) -> FormDef:
        fields = tuple(f._replace(sensitive=f.sensitive or f.id == field_id) for f in form.fields)
        return form._replace(fields=fields)

    channel = sensitive(petition, "channel")
    sql = register_stats.tally_sql(db, channel, "2025-01-01", "2025-12-31")
    assert sql is not None
    _same(channel, sql, _tally(db, channel, "2025-01-01", "2025-12-31"))
    assert {str(k) for k in sql.values["channel"] if k is not None} == {"已加密"}
    dated = sensitive(petition, "received_on")
    assert register_stats.tally_sql(db, dated, "2025-01-01", "2025-12-31") is None
    report = register_statistics(db, [dated], "2025-01-01", "2025-12-31")  # the Python count
    python = statistics.finish(dated, _tally(db, dated, "2025-01-01", "2025-12-31"), _units(db))
    assert report.sections[0].blocks[0].rows[0][1].value == python.total  # type: ignore[union-attr]


def _units(db: Database) -> object:
    from desktop.store.units import unit_choices

    return unit_choices(db)


def test_each_register_is_read_once_per_count(db: Database) -> None:
    """One pass over the register's table per count (issue 21): its live records' counted
    columns are read by one scan that every grouped part then reads, not once per part."""
    units = list(add_units(db).values())
    petition = bundled().get("petition")
    register_sync.sync(db, [petition])
    _fill(db, petition, units, random.Random(4))
    statements: list[str] = []
    db.connection.set_trace_callback(statements.append)
    try:
        sql = register_stats.tally_sql(db, petition, "2025-01-01", "2025-12-31")
    finally:
        db.connection.set_trace_callback(None)
    assert sql is not None
    _same(petition, sql, _tally(db, petition, "2025-01-01", "2025-12-31"))
    (statement,) = [s for s in statements if " UNION ALL " in s]
    assert statement.count(" UNION ALL ") >= 5  # the figures and several groups
    plan = [str(r[3]) for r in db.connection.execute(f"EXPLAIN QUERY PLAN {statement}")]
    reads = [step for step in plan if step.startswith(("SCAN reg_petition", "SEARCH reg_petition"))]
    per_part = [step for step in plan if step.startswith("SEARCH r ")]  # the table again
    assert (len(reads), per_part) == (1, []), plan
