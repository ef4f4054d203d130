"""The visit reminder's index: its due records are one range of an index per interval level,
so the home page counts them and takes the most overdue without reading the open records
that are not due (40,000 open 帮扶对象 at ten times the large demo, 15,000 of them due).

A ``visit_due`` reminder's record is due when its start (the latest visit, kept by
``latest_dates``, else its start date) is before today less its level's interval. The index is
on ``(level, start, ...)``, the start being the expression the reminder compares, and only
over the records the reminder considers (a partial index: live, not in ``unless_values``),
so a level's due records are the range ``level = key AND start < cut``; the levels that are
not a key (the default interval) are the ranges around the keys. The index also holds the
columns the start is made of and those of its condition, so nothing else is read
(a covering index).

Made by ``reminder_indexes`` with the other reminders' indexes (schema 25 remade the visit
reminder's index so), remade when the definition changes what it holds (other levels' field,
``unless_values``). ``register_reminders`` writes its ranges with ``scope`` and ``start``
below, the same expressions, which SQLite must find in the query to use a partial index
on an expression; on a file without the index the same query reads the records.
"""

from __future__ import annotations

from desktop.forms.definition import FormDef, Reminder
from desktop.store import latest_dates
from desktop.store.register_names import quote


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def kept_column(form: FormDef, reminder: Reminder) -> str | None:
    """The column of the reminder's latest visit that ``latest_dates`` keeps, if any."""
    sub = next((s for s in latest_dates.kept(form) if s.id == reminder.subform), None)
    return None if sub is None else latest_dates.column(sub)


def start(reminder: Reminder, kept: str | None, prefix: str = "") -> str:
    """The date the interval runs from: the kept latest visit (an empty one as none), else
    the start field; ``prefix``: the table's alias and a dot, or nothing (in the index)."""
    since = f"{prefix}{quote(reminder.since_field or '')}"
    if kept is None:
        return since
    return f"coalesce(nullif({prefix}{quote(kept)}, ''), {since})"


def scope(reminder: Reminder, prefix: str = "") -> str:
    """The records the reminder considers, as the index's WHERE (values written as literals:
    SQLite uses a partial index only for a query with the same terms)."""
    live = f"{prefix}deleted_at IS NULL"
    if not reminder.unless_field or not reminder.unless_values:
        return live
    column = f"{prefix}{quote(reminder.unless_field)}"
    values = ", ".join(_literal(v) for v in reminder.unless_values)
    return f"{live} AND ({column} IS NULL OR {column} NOT IN ({values}))"


def levelled(reminder: Reminder) -> bool:
    """True when the records' level chooses the interval (else every one has the default)."""
    return bool(reminder.intervals and reminder.interval_field)


def planned(form: FormDef, reminder: Reminder) -> tuple[str, tuple[str, ...]]:
    """The indexed part of ``CREATE INDEX`` (columns and WHERE) and the columns it needs."""
    kept = kept_column(form, reminder)
    level = [reminder.interval_field or ""] if levelled(reminder) else []
    # the columns the start and the WHERE read: the index covers the query
    made_of = [kept, reminder.since_field, reminder.unless_field, "deleted_at"]
    columns = tuple(dict.fromkeys([*level, *(c for c in made_of if c)]))
    listed = ", ".join([quote(c) for c in level] + [start(reminder, kept)])
    listed += "".join(f", {quote(c)}" for c in columns if c not in level)
    return f"({listed}) WHERE {scope(reminder)}", columns
