"""工作台账统计 counted by SQL: one query per register over the columns it counts, instead
of decoding every record in Python (issue 21: 8-9x a bare read of the columns).

The query groups each counted field by its *stored* value; the few distinct values are
then read exactly as a record read reads them (``from_db``; a sensitive field as the
locked codec reads it: empty, or 已加密, never decrypted) and counted in the order a record
read meets them (by the first record id holding each), so ``statistics.finish`` makes the
same table from this ``Tally`` as from ``statistics.tally`` over decoded records.
A register whose period or stock rule reads a sensitive field or a field of an unexpected
type is counted in Python (``tally_sql`` returns None).

Sums use SQL's ``total()``: integer fields add up exactly; a decimal total may differ from
Python's running sum in the last binary digit (the report prints one decimal place).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from desktop.forms import statistics
from desktop.forms.definition import FieldDef, FormDef
from desktop.forms.fields import FieldType
from desktop.store import register_sums
from desktop.store.database import Database
from desktop.store.register_names import quote
from desktop.store.vault import SEALED

_NUMBERS = {"integer": "INTEGER", "decimal": "REAL", "money": "REAL", "percent": "REAL"}
_SHIFT = 1 << 20  # a multi-choice value's position: record id × _SHIFT + index in the list


class _Unsupported(Exception):
    """This register is counted in Python."""


class _Query:
    """The parts of one register's query, each a SELECT of (tag, value, n, first)."""

    def __init__(self, db: Database, form: FormDef, low: str, high: str, day: str | None):
        self.db, self.form = db, form
        self.columns = set(db.columns(form.table))
        self.params: dict[str, object] = {"low": low, "high": high, "day": day}
        self.parts: list[str] = []

    def field(self, field_id: str | None, types: Sequence[str] = ()) -> FieldDef | None:
        """The field if the table has its column; unsupported if sensitive or not of
        ``types``."""
        if not field_id or field_id not in self.columns:
            return None
        f = self.form.field(field_id)
        if f.sensitive or (types and f.type_id not in types):
            raise _Unsupported(field_id)
        return f

    def text(self, f: FieldDef, table: str = "r") -> str:
        """The SQL of ``str(value)`` of a record read's value of ``f``."""
        column = f"{table}.{quote(f.id)}"
        if f.type_id == "integer":
            return f"CAST(CAST({column} AS INTEGER) AS TEXT)"
        return f"CAST({column} AS TEXT)"

    def param(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"


def _exists(q: _Query) -> str:
    """``statistics.exists_at(form, record, day)`` in SQL over ``r``."""
    stock = q.form.stock
    parts = ["1"]
    inactive = q.field(stock.inactive_field, ("choice",))
    if inactive is not None and stock.inactive_values:
        values = ", ".join(q.param(v) for v in stock.inactive_values)
        column = f"r.{quote(inactive.id)}"
        parts.append(f"({column} IS NULL OR {column} NOT IN ({values}))")
    if q.params["day"] is not None:
        since = q.field(stock.since, ("date", "integer"))
        if since is not None:
            text = q.text(since)
            parts.append(f"({text} IS NULL OR {text} <= substr(:day, 1, length({text})))")
        until = q.field(stock.until, ("date",))
        if until is not None:
            text = q.text(until)
            parts.append(f"({text} IS NULL OR {text} > :day)")
    elif stock.since:
        q.field(stock.since, ("date", "integer"))
    return " AND ".join(parts)


def _added(q: _Query) -> str:
    """``statistics.added_in`` in SQL over ``r``."""
    since = q.field(q.form.stock.since, ("date", "integer"))
    if since is None:
        return "0"
    text = q.text(since)
    return (
        f"({text} IS NOT NULL AND substr(:low, 1, length({text})) <= {text} "
        f"AND {text} <= substr(:high, 1, length({text})))"
    )


def _in_period(q: _Query, period: bool) -> str:
    """``statistics.in_period`` in SQL over ``r``."""
    if not period:
        return "1"
    if q.form.date_field:
        f = q.field(q.form.date_field, ("date",))
        if f is None:
            return "0"
        return f"({q.text(f)} IS NOT NULL AND {q.text(f)} BETWEEN :low AND :high)"
    year = q.field("year", ("integer",)) if "year" in {f.id for f in q.form.fields} else None
    if year is None:
        return "0"
    text = q.text(year)
    return f"(r.year IS NOT NULL AND {text} BETWEEN substr(:low, 1, 4) AND substr(:high, 1, 4))"


def _reader(f: FieldDef) -> Callable[[object], object]:
    """How a record read (``RegisterStore.list_table`` with the locked codec) reads a stored
    value of ``f``."""
    convert = f.kind.from_db
    plain = type(f.kind).from_db is FieldType.from_db
    if f.sensitive:
        return lambda stored: None if stored is None else (SEALED if plain else convert(SEALED))
    if plain:
        return lambda stored: stored
    if f.type_id == "unit":
        return lambda stored: stored if stored is None or type(stored) is int else convert(stored)
    return lambda stored: None if stored is None else convert(stored)


def _grouped(q: _Query, tag: str, f: FieldDef, where: str) -> None:
    column = f"r.{quote(f.id)}"
    if f.sensitive:  # never decrypted, never compared: only whether it is filled
        column = f"({column} IS NOT NULL)"
    q.parts.append(
        f"SELECT '{tag}', {column}, count(*), min(r.id) FROM {quote(q.form.table)} r "
        f"WHERE {where} GROUP BY 2"
    )


def _dated_sub_total(q: _Query, sub_id: str, field_id: str, since: str, where: str) -> str:
    """``statistics._dated_total`` of a sub-form's dated numbers, parents chosen by
    ``where``, dated from ``since`` (SQL) to the period's end: the SQL of one number (0 when
    the sub-form has no such columns)."""
    sub = q.form.subform(sub_id)
    table = q.form.sub_table(sub)
    if sub.date_field is None or not q.db.table_exists(table):
        return "0"
    columns = set(q.db.columns(table))
    if field_id not in columns or sub.date_field not in columns:
        return "0"
    value, day = f"s.{quote(field_id)}", f"s.{quote(sub.date_field)}"
    return (
        f"(SELECT total(CASE WHEN typeof({value}) IN ('integer', 'real') THEN {value} END) "
        f"FROM {quote(table)} s JOIN {quote(q.form.table)} r ON r.id = s.parent_id "
        f"WHERE {where} AND {day} IS NOT NULL AND CAST({day} AS TEXT) BETWEEN {since} AND :high)"
    )


def _sum(q: _Query, field_id: str, chosen: str) -> str:
    """``statistics._sum`` in SQL: a number field's total over the chosen records."""
    f = q.form.field(field_id)
    if f.sum_of is None:
        if q.field(field_id, tuple(_NUMBERS)) is None:
            return "0"
        return f"total(CASE WHEN {chosen} THEN CAST(r.{quote(f.id)} AS {_NUMBERS[f.type_id]}) END)"
    sub_id, sub_field, plus = f.sum_of
    if sub_id not in statistics.needed_sub_rows(q.form):  # every sub row, as the list shows
        if field_id not in q.columns:
            return "0"
        expression = register_sums.select_sql(q.db, q.form, f).rsplit(" AS ", 1)[0]
        expression = expression.replace(f"{quote(q.form.table)}.", "r.")
        return f"total(CASE WHEN {chosen} THEN {expression} END)"
    base = "0"
    if plus is not None and q.field(plus, tuple(_NUMBERS)) is not None:
        cast = _NUMBERS[q.form.field(plus).type_id]
        base = f"total(CASE WHEN {chosen} THEN CAST(r.{quote(plus)} AS {cast}) END)"
    dated = _dated_sub_total(q, sub_id, sub_field, "'0000-00-00'", chosen)
    return f"({base} + {dated})"


def tally_sql(
    db: Database, form: FormDef, date_from: str | None, date_to: str | None
) -> statistics.Tally | None:
    """The register's ``Tally`` for the period by one SQL query; None: count it in Python."""
    if not db.table_exists(form.table):
        return None
    low, high = date_from or "0000-00-00", date_to or "9999-12-31"
    q = _Query(db, form, low, high, date_to)
    try:
        return _tally(q, form, period=date_from is not None or date_to is not None)
    except _Unsupported:
        return None


def _tally(q: _Query, form: FormDef, *, period: bool) -> statistics.Tally:
    alive = "r.deleted_at IS NULL"
    stock = form.kind == "stock"
    chosen = f"{alive} AND {_exists(q) if stock else _in_period(q, period)}"
    stats = form.statistics
    figures = [f"count(CASE WHEN {chosen} THEN 1 END)"]
    figures.append(f"total(CASE WHEN {chosen} AND {_added(q)} THEN 1 END)" if stock else "0")
    figures += [_sum(q, field_id, chosen) for field_id in stats.sums]
    figures += [
        _dated_sub_total(q, sub_id, field_id, ":low", chosen) for sub_id, field_id in stats.sub_sums
    ]
    coverage = q.field(stats.coverage[1], ("bool",)) if stats.coverage else None
    if coverage is not None:
        b = f"r.{quote(coverage.id)}"
        should = (
            f"{b} IS NOT NULL AND "
            f"(CASE WHEN typeof({b}) = 'text' THEN {b} NOT IN ('0', '') ELSE {b} <> 0 END)"
        )
        figures += [
            f"total(CASE WHEN {should} AND {_exists(q)} THEN 1 END)",
            f"total(CASE WHEN {should} THEN 1 END)",
        ]
    counted = [form.field(f) for f in statistics.counted_fields(form)]
    for index, f in enumerate(counted):
        if f.id in q.columns:
            _grouped(q, f"v{index}", f, chosen)
    closing = form.field(stats.closure_field) if stats.closure_field else None
    if closing is not None and closing.id in q.columns:
        _grouped(q, "closed", closing, chosen)
    month = q.field(form.date_field, ("date",)) if form.date_field else None
    if month is not None:
        text = q.text(month)
        q.parts.append(
            f"SELECT 'month', substr({text}, 1, 7), count(*), 0 FROM {quote(form.table)} r "
            f"WHERE {chosen} AND {text} IS NOT NULL GROUP BY 2"
        )
    # one statement: the figures' row, then the groups' rows padded to its width
    pad = ", NULL" * len(figures)
    parts = [
        f"SELECT '', NULL, NULL, NULL, {', '.join(figures)} FROM {quote(form.table)} r "
        f"WHERE {alive}"
    ]
    parts += [part.replace(" FROM ", f"{pad} FROM ", 1) for part in q.parts]
    rows = q.db.execute(_one_scan(form.table, q.columns, parts), q.params).fetchall()
    return _read(form, counted, closing, rows, coverage is not None, q.columns)


_COLUMN = re.compile(r'\br\.("(?:[^"]|"")+"|\w+)')


def _one_scan(table: str, columns: set[str], parts: list[str]) -> str:
    """The parts joined into one statement that reads the register once: its live records'
    counted columns are copied by one sequential scan into a materialized ``_rows`` that
    every part then reads (each part read the table again before, through the
    ``deleted_at`` index, one row lookup per record per part: 10 passes over 信访 (issue 21)).
    Sub-form totals keep joining the table itself (their own ``r``)."""
    body = " UNION ALL ".join(parts)
    needed = {"id", "deleted_at"}
    for name in _COLUMN.findall(body):
        column = name[1:-1].replace('""', '"') if name.startswith('"') else name
        if column in columns:
            needed.add(column)
    own = f"FROM {quote(table)} r "
    body = body.replace(own, "FROM _rows r ")
    listed = ", ".join(quote(c) for c in sorted(needed))
    return (
        f"WITH _rows AS MATERIALIZED (SELECT {listed} FROM {quote(table)} NOT INDEXED "
        f"WHERE deleted_at IS NULL) {body}"
    )


def _read(
    form: FormDef,
    counted: list[FieldDef],
    closing: FieldDef | None,
    rows: Sequence[Sequence[object]],
    coverage: bool,
    columns: set[str],
) -> statistics.Tally:
    stats = form.statistics
    result = statistics.Tally()
    groups: dict[str, list[tuple[object, int, int]]] = {}
    for row in rows:
        tag = str(row[0])
        if tag == "":
            figures = list(row[4:])
            result.total = int(figures[0])  # type: ignore[call-overload]
            result.added = int(figures[1]) if form.kind == "stock" else None  # type: ignore[call-overload]
            n = len(stats.sums)
            result.sums = [float(v) for v in figures[2 : 2 + n]]  # type: ignore[arg-type]
            rest = figures[2 + n :]
            result.sub_sums = [float(v) for v in rest[: len(stats.sub_sums)]]  # type: ignore[arg-type]
            if coverage:
                have, should = rest[len(stats.sub_sums) :][:2]
                result.coverage = statistics.Closure(int(have), int(should))  # type: ignore[call-overload]
        elif tag == "month":
            result.months[str(row[1])] += int(row[2])  # type: ignore[call-overload]
        else:
            groups.setdefault(tag, []).append((row[1], int(row[2]), int(row[3])))  # type: ignore[call-overload]
    for index, f in enumerate(counted):
        if f"v{index}" in groups or f.id in columns:
            result.values[f.id] = _counter(f, groups.get(f"v{index}", []))
        else:  # no such column: every record blank
            result.values[f.id] = Counter({None: result.total} if result.total else {})
    if stats.coverage and not coverage:
        result.coverage = statistics.Closure(0, 0)
    if closing is not None:
        read = _reader(closing)
        result.closed = sum(
            n
            for stored, n, _first in groups.get("closed", [])
            if read(_stored(closing, stored)) in stats.closed_values
        )
    return result


def _stored(f: FieldDef, grouped: object) -> object:
    """A sensitive field is grouped by whether it is filled: any filled value stands for it."""
    if f.sensitive:
        return None if not grouped else "filled"
    return grouped


def _counter(f: FieldDef, groups: list[tuple[object, int, int]]) -> Counter[object]:
    """``statistics.count_values`` from the grouped stored values: each read as a record
    read reads it, counted in the order the records (by id) first hold it."""
    read = _reader(f)
    first: dict[object, int] = {}
    counts: Counter[object] = Counter()
    for stored, n, first_id in groups:
        value = read(_stored(f, stored))
        if f.multiple:
            items = value if isinstance(value, tuple) and value else (None,)
            for position, item in enumerate(items):
                counts[item] += n
                at = first_id * _SHIFT + position
                first[item] = min(first.get(item, at), at)
        else:
            counts[value] += n
            first[value] = min(first.get(value, first_id), first_id)
    return Counter({k: counts[k] for k in sorted(first, key=first.__getitem__)})
