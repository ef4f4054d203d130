"""The registers' reminders for the home page by SQL: which records are due, in which order,
without decoding them; the home page gets how many and the first few (``due_summary``), the
register every one when the clerk opens the reminder (``due_records``).

Each reminder (``forms.reminders``, the one definition of "due") becomes one query over the
register's live records: ``date_passed`` compares the date column with today, ``matching``
tests the column's value, ``visit_due`` adds the interval for the record's level to its latest
sub-record date (or its start date) with SQLite's ``date()``, which counts days as Python's
``date + timedelta`` does. The order is the rules' order: the date the record became due, then
the record id (the rules sort a list read by id, and the sort is stable).

A reminder whose fields are not all plain columns (a sensitive field is encrypted under a
password; a field missing from the table) is left to the rules over decoded records
(``register_facts``): ``sql_ready`` says which way a reminder goes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from desktop.forms.definition import FormDef, Reminder
from desktop.store import latest_dates
from desktop.store.database import Database
from desktop.store.register_names import quote

#: the hint needs SQLite 3.35 (2021); older ones decide alone
_MATERIALIZED = "MATERIALIZED" if sqlite3.sqlite_version_info >= (3, 35, 0) else ""


@dataclass(frozen=True)
class Hits:
    """A reminder's due records, most overdue first, and whether any has a stored title."""

    record_ids: tuple[int, ...]
    titled: tuple[bool, ...]


def _plain(form: FormDef, field_id: str | None, columns: Sequence[str]) -> bool:
    if not field_id or field_id not in columns:
        return False
    return not form.field(field_id).sensitive


def sql_ready(form: FormDef, reminder: Reminder, columns: Sequence[str]) -> bool:
    """True when every field the reminder reads is a plain column SQL can compare."""
    used = [reminder.field, reminder.unless_field, reminder.interval_field, reminder.since_field]
    if reminder.kind in ("date_passed", "matching") and not reminder.field:
        return False
    if reminder.kind == "visit_due" and not reminder.since_field:
        return False
    if reminder.kind not in ("date_passed", "matching", "visit_due"):
        return False
    return all(_plain(form, f, columns) for f in used if f)


def _in(column: str, values: Sequence[str], prefix: str, params: dict[str, object]) -> str:
    names = [f"{prefix}{i}" for i in range(len(values))]
    params.update(zip(names, values, strict=True))
    return f"{column} IN ({', '.join(':' + n for n in names)})" if names else "0"


def _outside(column: str, values: Sequence[str], params: dict[str, object]) -> list[str]:
    """``column IS NULL OR NOT column IN values`` as disjoint conditions, each one range of
    the reminder's index (``NOT IN`` reads every live record; the ranges only the records
    still open, which do not grow with the years): NULL, below the least value, between two,
    above the greatest. Python sorts text in code point order, as SQLite's BINARY does."""
    bounds = sorted(set(values))
    if not bounds:
        return ["1"]
    parts = [f"{column} IS NULL", f"{column} < :u0"]
    for i in range(1, len(bounds)):
        parts.append(f"{column} > :u{i - 1} AND {column} < :u{i}")
    parts.append(f"{column} > :u{len(bounds) - 1}")
    params.update({f"u{i}": v for i, v in enumerate(bounds)})
    return parts


def _union(select: str, table: str, where: Sequence[str], parts: Sequence[str]) -> str:
    """``select`` from ``table`` (as ``t``) once per part, the results put together."""
    return " UNION ALL ".join(
        f"{select} FROM {table} AS t WHERE {' AND '.join([*where, part])}" for part in parts
    )


def due_records(
    db: Database, form: FormDef, reminder: Reminder, today: date, *, titled: bool = False
) -> Hits:
    """The live records ``reminder`` finds due today (``sql_ready`` must hold). ``titled``:
    also say which have a stored title (read from the table; otherwise an index suffices)."""
    sql, params = _due_sql(db, form, reminder, today, titled=titled)
    rows = db.execute(f"{sql} ORDER BY since, id", params).fetchall()
    return Hits(tuple(int(r[0]) for r in rows), tuple(bool(r[2]) for r in rows))


@dataclass(frozen=True)
class Summary:
    """What the home page shows of a reminder: how many records are due, whether any has a
    stored title, and the first few (most overdue first) with the columns that name them."""

    count: int
    titled: bool
    first: tuple[tuple[Any, ...], ...]  # (record id, *the named columns' stored values)


def due_summary(
    db: Database,
    form: FormDef,
    reminder: Reminder,
    today: date,
    *,
    titled: bool,
    columns: Sequence[str],
    shown: int,
) -> Summary:
    """``due_records`` counted, with only the first ``shown`` records read and their stored
    ``columns``: one statement, and no list of every due record carried to Python (15,000
    ids at ten times the large demo)."""
    sql, params = _due_sql(db, form, reminder, today, titled=titled)
    named = "".join(f", t.{quote(c)}" for c in columns)
    rows = db.execute(
        f"WITH d AS {_MATERIALIZED} ({sql}) "
        f"SELECT n.c, n.m, f.id{named} "
        "FROM (SELECT count(*) AS c, coalesce(max(titled), 0) AS m FROM d) AS n "
        "LEFT JOIN (SELECT id, since FROM d ORDER BY since, id LIMIT :shown) AS f "
        f"LEFT JOIN {quote(form.table)} AS t ON t.id = f.id "
        "ORDER BY f.since, f.id",
        {**params, "shown": shown},
    ).fetchall()
    first = tuple((int(r[2]), *r[3:]) for r in rows if r[2] is not None)
    return Summary(int(rows[0][0]), bool(rows[0][1]), first)


def _due_sql(
    db: Database, form: FormDef, reminder: Reminder, today: date, *, titled: bool
) -> tuple[str, dict[str, object]]:
    """The query of the due records' ``id``, ``since`` (their order with ``id``) and
    ``titled``, unordered, and its parameters."""
    table = quote(form.table)
    params: dict[str, object] = {"today": today.isoformat()}
    where = ["t.deleted_at IS NULL"]
    parts = ["1"]
    if reminder.unless_field:
        parts = _outside(f"t.{quote(reminder.unless_field)}", reminder.unless_values, params)
    has_title = titled and form.title_field and form.title_field in db.columns(form.table)
    title = f"t.{quote(form.title_field or '')} IS NOT NULL" if has_title else "0"
    if reminder.kind == "visit_due":
        return _visits_due(db, form, reminder, today, (where, parts), title, params), params
    if reminder.kind == "matching":
        since = "''"
        where.append(_in(f"t.{quote(reminder.field or '')}", reminder.values, "v", params))
    else:
        since = f"t.{quote(reminder.field or '')}"
        where.append(f"{since} IS NOT NULL AND {since} < :today")
    select = f"SELECT t.id AS id, {since} AS since, {title} AS titled"
    return _union(select, table, where, parts), params


def _visits_due(
    db: Database,
    form: FormDef,
    reminder: Reminder,
    today: date,
    scope: tuple[list[str], list[str]],
    title: str,
    params: dict[str, object],
) -> str:
    """``visit_due``: start + interval < today, read as start < today - interval (the same
    for ISO dates), so the due day is worked out only for the records due. Each record's
    latest visit is the column ``latest_dates`` keeps (read from the reminder's index with
    the record's other columns); in a file without it, one seek per record in the
    sub-table's ``(parent_id, date)`` index."""
    start = f"t.{quote(reminder.since_field or '')}"
    hint = ""  # a plain CTE: SQLite folds it into one pass over the index
    sub = form.subform(reminder.subform) if reminder.subform else None
    if sub is not None and sub.date_field and db.table_exists(form.sub_table(sub)):
        day = quote(sub.date_field)
        last = f"t.{quote(latest_dates.column(sub))}"
        if latest_dates.column(sub) not in db.columns(form.table):
            last = (  # the latest: one seek (max() would read the record's every visit)
                f"(SELECT c.{day} FROM {quote(form.sub_table(sub))} AS c "
                f"WHERE c.parent_id = t.id AND c.{day} IS NOT NULL ORDER BY c.{day} DESC LIMIT 1)"
            )
            hint = _MATERIALIZED  # each record's seek once, not again for each use
        start = f"coalesce(nullif({last}, ''), {start})"
    days, cut = ":default", ":cdefault"
    params["default"] = int(reminder.default_interval)
    params["cdefault"] = (today - timedelta(days=int(reminder.default_interval))).isoformat()
    if reminder.intervals and reminder.interval_field:
        level = f"t.{quote(reminder.interval_field)}"
        day_whens, cut_whens = [], []
        for i, (key, interval) in enumerate(reminder.intervals.items()):
            params[f"k{i}"], params[f"d{i}"] = key, int(interval)
            params[f"c{i}"] = (today - timedelta(days=int(interval))).isoformat()
            day_whens.append(f"WHEN :k{i} THEN :d{i}")
            cut_whens.append(f"WHEN :k{i} THEN :c{i}")
        days = f"CASE {level} {' '.join(day_whens)} ELSE :default END"
        cut = f"CASE {level} {' '.join(cut_whens)} ELSE :cdefault END"
    return (
        f"WITH s AS {hint} ("
        + _union(
            f"SELECT t.id AS id, {start} AS start, {days} AS days, {cut} AS cut, {title} AS titled",
            quote(form.table),
            *scope,  # the live records' conditions, and the parts of the unless condition
        )
        + ") "
        # the day it became due as a day number: the order of date(start, '+N days'), whose
        # string building and parsing cost twice as much (NULL alike: no date, past 9999)
        "SELECT id, CAST(julianday(start) - 0.5 AS INTEGER) + days AS since, titled FROM s "
        "WHERE start < cut AND since < 5373484"
    )
