"""What the home page needs from the registers, read as little as it can: reminders (overdue
petitions, visits due) and how many records' personal data may be erased.

The home page is read at start and after every save, so it must not decode every record, nor
carry every due record's id:
- personal data: one statement counts the records past their retention period (``count(*)``
  over the date, compared with a cut-off date computed here) and in 回收站, and asks whether
  any register with personal fields holds a record;
- reminders (``due_summaries``): one statement per reminder counts its records and reads the
  columns that name the first few; the records themselves are read when the clerk opens the
  reminder (``due_record_ids``). A reminder SQL cannot judge (``register_reminders``) is
  judged by the rules (``forms.reminders``) on candidates SQL picks (not closed, a date
  before the latest that could be due), and only those are decoded.
Conditions are only put in SQL on fields stored in plain text (never sensitive ones, which
are encrypted under a password); a rule on a sensitive field is judged on decoded records."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from desktop.domain.plain import Frozen
from desktop.forms import reminders, retention
from desktop.forms.definition import FieldDef, FormDef, Record, Reminder, Sealed, Values
from desktop.forms.fields import UnitChoices
from desktop.store import purge_index, register_reminders
from desktop.store.database import Database
from desktop.store.register_names import quote
from desktop.store.sensitive import SensitiveColumns, is_bound
from desktop.store.vault import SEALED, Codec, PlainCodec

if TYPE_CHECKING:
    from desktop.store.registers import RegisterStore


def _store(db: Database, form: FormDef, codec: Codec) -> RegisterStore:
    """A register's store, for the facts judged on decoded records: imported then (a start
    whose facts SQL answers loads none of the register store's modules)."""
    from desktop.store.registers import RegisterStore

    return RegisterStore(db, form, codec)


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


class DueSummary(Frozen):
    """What the home page shows of a register's reminder: the first few records named, how
    many are due; the records themselves are read when the clerk opens them
    (``due_record_ids``)."""

    form_id: str
    reminder: int  # its index in the form's reminders
    text: str
    names: tuple[str, ...]  # the first few, most overdue first
    total: int
    #: a name is 已加密 (the database is locked): the home page gives the count only
    sealed: bool = False


def due_summaries(
    db: Database,
    forms: Sequence[FormDef],
    codec: Codec,
    units: UnitChoices,
    today: date,
    *,
    shown: int,
) -> list[DueSummary]:
    """Every register's reminders with records due, in the forms' order, each counted with
    its first ``shown`` records named. A reminder on plain columns is one statement (its
    count, and the named columns of its first records); any other is judged by the rules
    on decoded records."""
    result: list[DueSummary] = []
    names = _Names(db, codec, units)
    for form in forms:
        if not form.reminders or not db.table_exists(form.table):
            continue
        columns = db.columns(form.table)
        if not all(register_reminders.sql_ready(form, r, columns) for r in form.reminders):
            for item in _decoded_due(db, form, codec, columns, units, today):
                sealed = any(n == str(SEALED) for n in item.names)
                count = len(item.record_ids)
                result.append(
                    DueSummary(form.id, item.reminder, item.text, item.names[:shown], count, sealed)
                )
            continue
        title = form.field(form.title_field) if form.title_field else None
        # a locked file reads every stored sensitive title as 已加密: which are stored
        titled = bool(title and title.sensitive and codec.locked)
        fields = [f for f in reminders.name_fields(form) if f.id in columns]
        for index, reminder in enumerate(form.reminders):
            summary = register_reminders.due_summary(
                db,
                form,
                reminder,
                today,
                titled=titled,
                columns=[f.id for f in fields],
                shown=shown,
            )
            if not summary.total:
                continue
            named = tuple(names.name(form, fields, row) for row in summary.first)
            sealed = (titled and summary.titled) or any(n == str(SEALED) for n in named)
            result.append(DueSummary(form.id, index, reminder.text, named, summary.total, sealed))
    return result


def due_record_ids(
    db: Database, form: FormDef, reminder: int, codec: Codec, units: UnitChoices, today: date
) -> tuple[int, ...]:
    """Every record the form's ``reminder`` (its index) finds due, most overdue first: what
    the register shows when the clerk opens the home page's reminder."""
    if not db.table_exists(form.table):
        return ()
    columns = db.columns(form.table)
    if all(register_reminders.sql_ready(form, r, columns) for r in form.reminders):
        return register_reminders.due_records(db, form, form.reminders[reminder], today).record_ids
    for item in _decoded_due(db, form, codec, columns, units, today):
        if item.reminder == reminder:
            return item.record_ids
    return ()


class _Names:
    """Names records from their stored columns as the register's list would decode them."""

    def __init__(self, db: Database, codec: Codec, units: UnitChoices) -> None:
        self.db = db
        self.codec = codec
        self.units = units
        self._bound: bool | None = None

    def _decoded(self, form: FormDef, f: FieldDef, stored: object, record_id: int) -> object:
        if stored is None:
            return None
        if f.sensitive and not isinstance(self.codec, PlainCodec):
            if self._bound is None:  # asked once, and only of a file with a password
                self._bound = is_bound(self.db)
            columns = SensitiveColumns(form.table, [f], self.codec, legacy=not self._bound)
            stored = columns.reader(f.id)(stored, record_id)
            if isinstance(stored, Sealed):
                return stored
        if f.type_id == "unit" and type(stored) is int:
            return stored
        return f.kind.from_db(stored)

    def name(self, form: FormDef, fields: Sequence[FieldDef], row: tuple[Any, ...]) -> str:
        record_id, *stored = row
        values = {
            f.id: self._decoded(form, f, v, record_id) for f, v in zip(fields, stored, strict=True)
        }
        return reminders.record_name(form, values, record_id, self.units)


def due_reminders(
    db: Database,
    forms: Sequence[FormDef],
    codec: Codec,
    units: UnitChoices,
    today: date,
) -> list[reminders.Due]:
    """Every register's reminders with records due, every record named. The app shows only
    ``due_summaries`` and reads a reminder's records with ``due_record_ids``; this full read
    is what the tests hold both to (the same rules, no count and no first five taken)."""
    result: list[reminders.Due] = []
    names = _Names(db, codec, units)
    for form in forms:
        if not form.reminders or not db.table_exists(form.table):
            continue
        columns = db.columns(form.table)
        if not all(register_reminders.sql_ready(form, r, columns) for r in form.reminders):
            for item in _decoded_due(db, form, codec, columns, units, today):
                sealed = any(n == str(SEALED) for n in item.names)
                result.append(item._replace(sealed=sealed))
            continue
        fields = [f for f in reminders.name_fields(form) if f.id in columns]
        for index, reminder in enumerate(form.reminders):
            hits = register_reminders.due_records(db, form, reminder, today)
            if not hits.record_ids:
                continue
            named = _named_ids(db, form, fields, hits.record_ids, names)
            sealed = any(n == str(SEALED) for n in named)
            ids = hits.record_ids
            result.append(reminders.Due(form.id, reminder.text, named, ids, sealed, index))
    return result


def _named_ids(
    db: Database, form: FormDef, fields: Sequence[FieldDef], ids: Sequence[int], names: _Names
) -> tuple[str, ...]:
    """The records ``ids`` named, in that order."""
    selected = "".join(f", {quote(f.id)}" for f in fields)
    rows = db.execute(
        f"SELECT id{selected} FROM {quote(form.table)} "
        "WHERE id IN (SELECT value FROM json_each(:ids))",
        {"ids": json.dumps(list(ids))},
    ).fetchall()
    by_id = {int(r[0]): tuple(r) for r in rows}
    return tuple(names.name(form, fields, by_id[i]) for i in ids)


def _decoded_due(
    db: Database,
    form: FormDef,
    codec: Codec,
    columns: Sequence[str],
    units: UnitChoices,
    today: date,
) -> list[reminders.Due]:
    """The rules over decoded records: SQL only narrows the candidates."""
    store = _store(db, form, codec)
    needed: list[str | None] = [f.id for f in reminders.name_fields(form)]
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


class Personal(Frozen):
    """The registers' personal data as the home page tells of it."""

    #: records whose personal data is past its retention period, or in 回收站, not purged
    expired: int
    #: a register with personal fields holds a live record
    live: bool


def personal_facts(db: Database, forms: Sequence[FormDef], codec: Codec, today: date) -> Personal:
    """``Personal`` by one statement over every register with personal fields (a count per
    condition, each served by the register's index); a retention date that is itself
    encrypted is judged on decoded records."""
    counts: list[str] = []
    live: list[str] = []
    params: dict[str, object] = {}
    decoded = 0
    for n, form in enumerate(forms):
        if not form.sensitive_fields or not db.table_exists(form.table):
            continue
        table = quote(form.table)
        counts.append(
            f"(SELECT count(*) FROM {table} WHERE deleted_at IS NOT NULL AND purged_at IS NULL)"
        )
        live.append(f"EXISTS (SELECT 1 FROM {table} WHERE deleted_at IS NULL)")
        rule = form.retention
        if rule is None:
            continue
        if _plain(form, rule.since, db.columns(form.table)):
            past, more = purge_index.past_retention(form, today, f"cutoff{n}")
            params.update(more)  # each register's own cut-off date
            counts.append(
                f"(SELECT count(*) FROM {table} WHERE deleted_at IS NULL AND purged_at IS NULL "
                f"AND {past})"
            )
            continue
        store = _store(db, form, codec)
        purged = store.purged_ids()
        alive = [r for r in _records(store, [rule.since]) if r.id not in purged]
        decoded += len(retention.expired(form, alive, [], today))
    if not counts:
        return Personal(decoded, False)
    row = db.execute(f"SELECT {' + '.join(counts)}, {' OR '.join(live)}", params).fetchone()
    return Personal(int(row[0]) + decoded, bool(row[1]))


def expired_count(db: Database, forms: Sequence[FormDef], codec: Codec, today: date) -> int:
    """Records whose personal data is past its retention period, or in 回收站, not purged."""
    return personal_facts(db, forms, codec, today).expired


def expired_records(
    db: Database, form: FormDef, codec: Codec, today: date
) -> list[tuple[retention.Expired, Record]]:
    """The records of 个人信息保护's list (``retention.expired``, in its order), each with its
    title field: SQL picks the live records past the cut-off date, only the title and the date
    are decoded."""
    if not form.sensitive_fields:
        return []
    store = _store(db, form, codec)
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
