"""The registers' reminders for the home page by SQL: which records are due, in which order,
without decoding them; the home page gets how many and the first few (``due_summary``), the
register every one when the clerk opens the reminder (``due_records``).

Each reminder (``forms.reminders``, the one definition of "due") becomes one query over the
register's live records: ``date_passed`` compares the date column with today, ``matching``
tests the column's value, ``visit_due`` adds the interval for the record's level to its latest
sub-record date (or its start date) as a day number, which counts days as Python's
``date + timedelta`` does; its due records are one range of its index per level
(``visit_index``), so only they are read. The order is the rules' order: the date the record
became due, then the record id (the rules sort a list read by id, and the sort is stable).

A reminder whose fields are not all plain columns (a sensitive field is encrypted under a
password; a field missing from the table) is left to the rules over decoded records
(``register_facts``): ``sql_ready`` says which way a reminder goes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from desktop.domain.plain import Frozen
from desktop.forms.definition import FormDef, Reminder
from desktop.store import latest_dates, visit_index
from desktop.store.database import Database
from desktop.store.register_names import quote

#: the hint needs SQLite 3.35 (2021); older ones decide alone
_MATERIALIZED = "MATERIALIZED" if sqlite3.sqlite_version_info >= (3, 35, 0) else ""


class Hits(Frozen):
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


def _outside(
    column: str, values: Sequence[str], params: dict[str, object], prefix: str = "u"
) -> list[str]:
    """``column IS NULL OR NOT column IN values`` as disjoint conditions, each one range of
    the reminder's index (``NOT IN`` reads every live record; the ranges only the records
    still open, which do not grow with the years): NULL, below the least value, between two,
    above the greatest. Python sorts text in code point order, as SQLite's BINARY does."""
    bounds = sorted(set(values))
    if not bounds:
        return ["1"]
    u = prefix
    parts = [f"{column} IS NULL", f"{column} < :{u}0"]
    for i in range(1, len(bounds)):
        parts.append(f"{column} > :{u}{i - 1} AND {column} < :{u}{i}")
    parts.append(f"{column} > :{u}{len(bounds) - 1}")
    params.update({f"{u}{i}": v for i, v in enumerate(bounds)})
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
    query = _due_sql(db, form, reminder, today, titled=titled)
    rows = db.execute(f"{query.every} ORDER BY since, id", query.params).fetchall()
    return Hits(tuple(int(r[0]) for r in rows), tuple(bool(r[2]) for r in rows))


class Summary(Frozen):
    """What the home page shows of a reminder: how many records are due, whether any has a
    stored title, and the first few (most overdue first) with the columns that name them."""

    total: int
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
    query = _due_sql(db, form, reminder, today, titled=titled)
    named = "".join(f", t.{quote(c)}" for c in columns)
    if query.first:  # the count (from the index), the titles (to the first found), the first
        due, first = "", f"({query.first})"
        titles = f"EXISTS (SELECT 1 FROM ({query.every}) WHERE titled)"
        counted = f"SELECT count(*) AS c, {titles} AS m FROM ({query.counted})"
    else:  # the due records read once for both
        due, first = f"WITH d AS {_MATERIALIZED} ({query.every}) ", "d"
        counted = "SELECT count(*) AS c, coalesce(max(titled), 0) AS m FROM d"
    rows = db.execute(
        f"{due}SELECT n.c, n.m, f.id{named} "
        f"FROM ({counted}) AS n "
        f"LEFT JOIN (SELECT id, since FROM {first} ORDER BY since, id LIMIT :shown) AS f "
        f"LEFT JOIN {quote(form.table)} AS t ON t.id = f.id "
        "ORDER BY f.since, f.id",
        {**query.params, "shown": shown},
    ).fetchall()
    named_rows = tuple((int(r[2]), *r[3:]) for r in rows if r[2] is not None)
    return Summary(int(rows[0][0]), bool(rows[0][1]), named_rows)


class _Query(Frozen):
    """A reminder's due records as SQL, with ``params``: ``every`` selects their ``id``,
    ``since`` (their order with ``id``) and ``titled``, unordered. A reminder whose due
    records are ranges of an index also has ``counted`` (a row each, from the index alone)
    and ``first`` (``id``, ``since`` of a few records that hold the first ``:shown``)."""

    every: str
    params: dict[str, object]
    counted: str = ""
    first: str = ""


def _due_sql(
    db: Database, form: FormDef, reminder: Reminder, today: date, *, titled: bool
) -> _Query:
    """The query of the records ``reminder`` finds due today."""
    table = quote(form.table)
    params: dict[str, object] = {"today": today.isoformat()}
    where = ["t.deleted_at IS NULL"]
    parts = ["1"]
    if reminder.unless_field:
        parts = _outside(f"t.{quote(reminder.unless_field)}", reminder.unless_values, params)
    has_title = titled and form.title_field and form.title_field in db.columns(form.table)
    title = f"t.{quote(form.title_field or '')} IS NOT NULL" if has_title else "0"
    if reminder.kind == "visit_due":
        ranged = _visit_ranges(db, form, reminder, today, title, params)
        if ranged is not None:
            return ranged
        return _Query(_visits_due(db, form, reminder, today, (where, parts), title, params), params)
    if reminder.kind == "matching":
        since = "''"
        where.append(_in(f"t.{quote(reminder.field or '')}", reminder.values, "v", params))
    else:
        since = f"t.{quote(reminder.field or '')}"
        where.append(f"{since} IS NOT NULL AND {since} < :today")
    select = f"SELECT t.id AS id, {since} AS since, {title} AS titled"
    return _Query(_union(select, table, where, parts), params)


def _visit_ranges(
    db: Database,
    form: FormDef,
    reminder: Reminder,
    today: date,
    title: str,
    params: dict[str, object],
) -> _Query | None:
    """``visit_due`` as one range of its index (``visit_index``) per level: ``level = key
    AND start < today - interval``, and for the levels that are no key (the default
    interval) the ranges around the keys (NULL, below the least key, between two, above
    the greatest), as ``CASE level WHEN key`` chooses; the first ``:shown``: each range's first
    ones in the index's order. None in a file without the kept latest visits (from before
    schema 23: ``_visits_due``).

    In a range the interval is one, so the index's order (the start's text, then ``id``) is
    the order of the day it became due for the ISO dates the date fields store."""
    kept = None
    sub = form.subform(reminder.subform) if reminder.subform else None
    if sub is not None and sub.date_field and db.table_exists(form.sub_table(sub)):
        kept = latest_dates.column(sub)
        if kept not in db.columns(form.table):
            return None
    start = visit_index.start(reminder, kept, "t.")
    scope = visit_index.scope(reminder, "t.")
    ranges: list[tuple[str, str]] = []  # (the level's condition, its parameters' suffix)
    if visit_index.levelled(reminder):
        level = f"t.{quote(reminder.interval_field or '')}"
        for i, (key, interval) in enumerate(reminder.intervals.items()):
            params[f"k{i}"], params[f"d{i}"] = key, int(interval)
            params[f"c{i}"] = (today - timedelta(days=int(interval))).isoformat()
            ranges.append((f"{level} = :k{i}", str(i)))
        for part in _outside(level, list(reminder.intervals), params, "l"):
            ranges.append((part, "default"))
    else:
        ranges.append(("1", "default"))
    params["ddefault"] = int(reminder.default_interval)
    params["cdefault"] = (today - timedelta(days=int(reminder.default_interval))).isoformat()

    def select(columns: str, condition: str, n: str) -> str:
        # the day it became due as a day number (NULL alike: no date, past 9999)
        since = f"CAST(julianday({start}) - 0.5 AS INTEGER) + :d{n}"
        return (
            f"SELECT {columns.replace('{since}', since)} FROM {quote(form.table)} AS t "
            f"WHERE {scope} AND {condition} AND {start} < :c{n} AND {since} < 5373484"
        )

    every = f"t.id AS id, {{since}} AS since, {title} AS titled"
    first = "t.id AS id, {since} AS since"
    order = f" ORDER BY {start}, t.id LIMIT :shown"  # the index's order
    return _Query(
        " UNION ALL ".join(select(every, c, n) for c, n in ranges),
        params,
        " UNION ALL ".join(select("1", c, n) for c, n in ranges),
        " UNION ALL ".join(f"SELECT * FROM ({select(first, c, n)}{order})" for c, n in ranges),
    )


def _visits_due(
    db: Database,
    form: FormDef,
    reminder: Reminder,
    today: date,
    scope: tuple[list[str], list[str]],
    title: str,
    params: dict[str, object],
) -> str:
    """``visit_due`` in a file without the kept latest visits (from before schema 23; a
    read-only open never migrates): start + interval < today, read as start < today -
    interval (the same for ISO dates), so the due day is worked out only for the records
    due. Each record's latest visit: one seek in the sub-table's ``(parent_id, date)``
    index (``max()`` would read the record's every visit)."""
    sub = form.subform(reminder.subform or "")
    day = quote(sub.date_field or "")
    last = (
        f"(SELECT c.{day} FROM {quote(form.sub_table(sub))} AS c "
        f"WHERE c.parent_id = t.id AND c.{day} IS NOT NULL ORDER BY c.{day} DESC LIMIT 1)"
    )
    start = f"coalesce(nullif({last}, ''), t.{quote(reminder.since_field or '')})"
    hint = _MATERIALIZED  # each record's seek once, not again for each use
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
