"""What the home page needs from the registers, read as little as it can: reminders (overdue
petitions, visits due) and how many records' personal data may be erased.

The home page is read at start and after every save, so it must not decode every record:
- counts of records past their retention period come from SQL (``count(*)`` over the date,
  compared with a cut-off date computed here);
- reminders: SQL picks the candidates (not closed, a date before the latest that could be due),
  and only those are decoded and judged by the rules (``forms.reminders``), which stay the
  one definition of "due".
Conditions are only put in SQL on fields stored in plain text (never sensitive ones, which
are encrypted under a password); a rule on a sensitive field is judged on decoded records."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from desktop.forms import reminders, retention
from desktop.forms.definition import FormDef, Record, Reminder, Values
from desktop.forms.fields import UnitChoices
from desktop.forms.listing import display
from desktop.store import purge_index, register_reminders
from desktop.store.database import Database
from desktop.store.register_names import quote
from desktop.store.registers import RegisterStore
from desktop.store.vault import SEALED, Codec

#: names read with one parameter each (SQLite allows 32,766 in a statement since 3.32)
_FEW = 500


def _records(
    store: RegisterStore,
    fields: Sequence[str | None],
    *,
    deleted: bool = False,
    where: str = "",
    params: dict[str, object] | None = None,
) -> list[Record]:
    table = store.list_table(
        deleted=deleted, fields=[f for f in fields if f], where=where, params=params
    )
    return [table.record(row) for row in range(len(table))]


def _plain(form: FormDef, field_id: str | None, columns: Sequence[str]) -> bool:
    """A field SQL can compare: in the table and never encrypted."""
    if not field_id or field_id not in columns:
        return False
    return not form.field(field_id).sensitive


def _candidate(
    form: FormDef, reminder: Reminder, n: int, columns: Sequence[str], today: date
) -> tuple[str, dict[str, object]]:
    """A SQL condition every record this reminder finds due meets (it may let more through)."""
    parts: list[str] = []
    params: dict[str, object] = {}
    if reminder.unless_field and _plain(form, reminder.unless_field, columns):
        names = [f"r{n}u{i}" for i in range(len(reminder.unless_values))]
        params.update(dict(zip(names, reminder.unless_values, strict=True)))
        column = quote(reminder.unless_field)
        if names:
            parts.append(
                f"({column} IS NULL OR {column} NOT IN ({', '.join(':' + x for x in names)}))"
            )
    if reminder.kind == "date_passed":
        if _plain(form, reminder.field, columns):
            parts.append(f"{quote(reminder.field or '')} < :r{n}today")
            params[f"r{n}today"] = today.isoformat()
    else:
        sub = form.subform(reminder.subform) if reminder.subform else None
        shortest = min([reminder.default_interval, *reminder.intervals.values()])
        since = reminder.since_field
        if sub is not None and sub.date_field and since and _plain(form, since, columns):
            last = (
                f"(SELECT max({quote(sub.date_field)}) FROM {quote(form.sub_table(sub))} AS c "
                f"WHERE c.parent_id = {quote(form.table)}.id AND {quote(sub.date_field)} "
                "IS NOT NULL)"
            )
            parts.append(f"coalesce({last}, {quote(since)}) < :r{n}cut")
            params[f"r{n}cut"] = (today - timedelta(days=shortest)).isoformat()
    return (" AND ".join(parts) or "1"), params


def due_reminders(
    db: Database,
    forms: Sequence[FormDef],
    codec: Codec,
    units: UnitChoices,
    today: date,
    *,
    shown: int | None = None,
) -> list[reminders.Due]:
    """Every register's reminders with records due, in the forms' order. ``shown``: how many
    names each reminder carries (the home page names the first few; None: every one); the
    record ids are always all of them. A reminder on plain columns is read by SQL and only
    the named records are decoded; any other is judged by the rules on decoded records."""
    result: list[reminders.Due] = []
    for form in forms:
        if not form.reminders:
            continue
        store = RegisterStore(db, form, codec)
        if not store.ready:
            continue
        columns = db.columns(form.table)
        if all(register_reminders.sql_ready(form, r, columns) for r in form.reminders):
            title = form.field(form.title_field) if form.title_field else None
            # a locked file reads every stored sensitive title as 已加密: which are stored
            titled = bool(title and title.sensitive and codec.locked)
            for reminder in form.reminders:
                hits = register_reminders.due_records(db, form, reminder, today, titled=titled)
                if hits.record_ids:
                    result.append(_named(store, form, reminder, hits, units, shown))
            continue
        for item in _decoded_due(db, form, store, columns, units, today):
            sealed = any(n == str(SEALED) for n in item.names)
            names = item.names if shown is None else item.names[:shown]
            result.append(replace(item, names=names, sealed=sealed))
    return result


def _named(
    store: RegisterStore,
    form: FormDef,
    reminder: Reminder,
    hits: register_reminders.Hits,
    units: UnitChoices,
    shown: int | None,
) -> reminders.Due:
    """The reminder's first ``shown`` records named (their titles decoded and masked)."""
    ids = hits.record_ids if shown is None else hits.record_ids[:shown]
    title = form.field(form.title_field) if form.title_field else None
    if title is None:
        names = tuple(f"#{i}" for i in ids)
    else:
        # a few ids as parameters: SQLite seeks each by rowid (a json_each list it reads
        # through the reminder's index, every live record)
        names_in = [f"n{i}" for i in range(len(ids))]
        few = len(ids) <= _FEW
        table = store.list_table(
            fields=[title.id],
            where=f"id IN ({', '.join(':' + n for n in names_in)})"
            if few
            else "id IN (SELECT value FROM json_each(:ids))",
            params=dict(zip(names_in, ids, strict=True)) if few else {"ids": json.dumps(ids)},
        )
        by_id = {table.ids[row]: table.record(row) for row in range(len(table))}
        names = tuple(
            display(title, by_id[i].values.get(title.id), units, masked=True) for i in ids
        )
    # a locked database reads every stored sensitive title as 已加密 (the rules saw them all)
    locked = bool(title and title.sensitive and store.codec.locked)
    sealed = (locked and any(hits.titled)) or any(n == str(SEALED) for n in names)
    return reminders.Due(form.id, reminder.text, names, hits.record_ids, sealed)


def _decoded_due(
    db: Database,
    form: FormDef,
    store: RegisterStore,
    columns: Sequence[str],
    units: UnitChoices,
    today: date,
) -> list[reminders.Due]:
    """The rules over decoded records: SQL only narrows the candidates."""
    needed = [form.title_field]
    conditions: list[str] = []
    params: dict[str, object] = {}
    for n, r in enumerate(form.reminders):
        needed += [r.field, r.unless_field, r.interval_field, r.since_field]
        condition, more = _candidate(form, r, n, columns, today)
        conditions.append(f"({condition})")
        params.update(more)
    children: dict[str, dict[int, list[Values]]] = {
        sub.id: {
            parent: [{sub.date_field: last}]
            for parent, last in store.latest_child_dates(sub).items()
        }
        for sub in form.subforms
        if sub.date_field and sub.id in {r.subform for r in form.reminders}
    }
    candidates = _records(store, needed, where=" OR ".join(conditions), params=params)
    return reminders.due(form, candidates, children, units, today)


def expired_count(db: Database, forms: Sequence[FormDef], codec: Codec, today: date) -> int:
    """Records whose personal data is past its retention period, or in 回收站, not purged."""
    total = 0
    for form in forms:
        if not form.sensitive_fields:
            continue
        store = RegisterStore(db, form, codec)
        if not store.ready:
            continue
        table = quote(form.table)
        total += int(
            db.scalar(
                f"SELECT count(*) FROM {table} WHERE deleted_at IS NOT NULL AND purged_at IS NULL"
            )
        )
        rule = form.retention
        if rule is None:
            continue
        if _plain(form, rule.since, db.columns(form.table)):
            past, params = purge_index.past_retention(form, today)
            total += int(
                db.scalar(
                    f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL AND purged_at IS NULL "
                    f"AND {past}",
                    params,
                )
            )
            continue
        purged = store.purged_ids()
        live = [r for r in _records(store, [rule.since]) if r.id not in purged]
        total += len(retention.expired(form, live, [], today))
    return total


def expired_records(
    db: Database, form: FormDef, codec: Codec, today: date
) -> list[tuple[retention.Expired, Record]]:
    """The records of 个人信息保护's list (``retention.expired``, in its order), each with its
    title field: SQL picks the live records past the cut-off date, only the title and the date
    are decoded."""
    if not form.sensitive_fields:
        return []
    store = RegisterStore(db, form, codec)
    if not store.ready:
        return []
    rule = form.retention
    fields = [form.title_field, rule.since if rule else None]
    live: list[Record] = []
    if rule is not None:
        where = "purged_at IS NULL"
        params: dict[str, object] = {}
        if _plain(form, rule.since, db.columns(form.table)):
            past, params = purge_index.past_retention(form, today)
            where += f" AND {past}"
        live = _records(store, fields, where=where, params=params)
    deleted = _records(store, fields, deleted=True, where="purged_at IS NULL")
    by_id = {r.id: r for r in [*live, *deleted]}
    return [(item, by_id[item.record_id]) for item in retention.expired(form, live, deleted, today)]
