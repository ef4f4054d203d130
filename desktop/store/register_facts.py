"""What the home page needs from the registers, read as little as it can: reminders (overdue
petitions, visits due) and how many records' personal data may be erased. Only the fields
the rules look at are read, and a sub-record's latest date comes from SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop.forms import reminders, retention
from desktop.forms.definition import FormDef, Record, Values
from desktop.forms.fields import UnitChoices
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.vault import Codec


def _records(
    store: RegisterStore, fields: Sequence[str | None], *, deleted: bool = False
) -> list[Record]:
    table = store.list_table(deleted=deleted, fields=[f for f in fields if f])
    return [table.record(row) for row in range(len(table))]


def due_reminders(
    db: Database, forms: Sequence[FormDef], codec: Codec, units: UnitChoices, today: date
) -> list[reminders.Due]:
    result: list[reminders.Due] = []
    for form in forms:
        if not form.reminders:
            continue
        store = RegisterStore(db, form, codec)
        needed = [form.title_field]
        for r in form.reminders:
            needed += [r.field, r.unless_field, r.interval_field, r.since_field]
        children: dict[str, dict[int, list[Values]]] = {
            sub.id: {
                parent: [{sub.date_field: last}]
                for parent, last in store.latest_child_dates(sub).items()
            }
            for sub in form.subforms
            if sub.date_field
        }
        result += reminders.due(form, _records(store, needed), children, units, today)
    return result


def expired_count(db: Database, forms: Sequence[FormDef], codec: Codec, today: date) -> int:
    """Records whose personal data is past its retention period, or in 回收站, not purged."""
    total = 0
    for form in forms:
        if not form.sensitive_fields:
            continue
        store = RegisterStore(db, form, codec)
        purged = store.purged_ids()
        live = _records(store, [form.retention.since]) if form.retention else []
        deleted = _records(store, [], deleted=True)
        total += len(
            retention.expired(
                form,
                [r for r in live if r.id not in purged],
                [r for r in deleted if r.id not in purged],
                today,
            )
        )
    return total
