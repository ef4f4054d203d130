"""The registers' reminders for the home page: petitions past their deadline, assisted people
due for a visit, projects past their date. Declared per register (``[[reminders]]``); pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from desktop.domain.plain import Frozen
from desktop.forms.definition import FieldDef, FormDef, Record, Reminder, Sealed, Values, display
from desktop.forms.fields import UnitChoices


class Due(Frozen):
    form_id: str
    text: str
    names: tuple[str, ...]  # masked titles of the records, most overdue first
    record_ids: tuple[int, ...]  # every record due, most overdue first
    #: a name is 已加密 (the database is locked): the home page gives the count only
    sealed: bool = False
    reminder: int = 0  # which of the form's reminders


def name_fields(form: FormDef) -> tuple[FieldDef, ...]:
    """The fields that name a record on the home page: its title field; a choice there names
    a kind, not a record (a dispute's 纠纷类型), so the record's place and date come first, as
    the clerk knows it: ``东岗村 2026-09-25（家庭暴力）``."""
    title = form.field(form.title_field) if form.title_field else None
    if title is None:
        return ()
    if title.type_id not in ("choice", "choices"):
        return (title,)
    return (*(form.field(f) for f in (form.unit_field, form.date_field) if f), title)


def record_name(form: FormDef, values: Values, record_id: int, units: UnitChoices) -> str:
    """A record as the home page names it (``name_fields``, a sensitive one masked); a
    name with a value not readable without the password reads as that value (已加密)."""
    fields = name_fields(form)
    if not fields:
        return f"#{record_id}"
    sealed = [v for f in fields if isinstance(v := values.get(f.id), Sealed)]
    if sealed:
        return str(sealed[0])
    texts = [display(f, values.get(f.id), units, masked=True) for f in fields]
    if len(texts) == 1:
        return texts[0]
    *lead, kind = texts
    head = " ".join(t for t in lead if t)
    return f"{head}（{kind}）" if head and kind else head or kind


def _last_date(rows: Sequence[Values], field_id: str) -> str | None:
    dates = [str(r[field_id]) for r in rows if r.get(field_id)]
    return max(dates) if dates else None


def _overdue_since(
    reminder: Reminder,
    record: Record,
    children: Mapping[int, Sequence[Values]],
    date_field: str | None,
    today: date,
) -> str | None:
    """The date the record became due, or None when it is not due."""
    values = record.values
    if reminder.unless_field and values.get(reminder.unless_field) in reminder.unless_values:
        return None
    if reminder.kind == "matching":
        return "" if values.get(reminder.field or "") in reminder.values else None
    if reminder.kind == "date_passed":
        deadline = values.get(reminder.field or "")
        return str(deadline) if deadline is not None and str(deadline) < today.isoformat() else None
    last = _last_date(children.get(record.id, ()), date_field or "")
    start = last or (values.get(reminder.since_field) if reminder.since_field else None)
    if start is None:
        return None
    level = values.get(reminder.interval_field) if reminder.interval_field else None
    days = reminder.intervals.get(str(level), reminder.default_interval)
    due = date.fromisoformat(str(start)) + timedelta(days=days)
    return due.isoformat() if due < today else None


def due(
    form: FormDef,
    records: Sequence[Record],
    children: Mapping[str, Mapping[int, Sequence[Values]]],
    units: UnitChoices,
    today: date,
) -> list[Due]:
    """Every reminder of the form that has records due; ``children``: sub id → parent → rows."""
    result = []
    for index, reminder in enumerate(form.reminders):
        sub = form.subform(reminder.subform) if reminder.subform else None
        rows = children.get(sub.id, {}) if sub else {}
        hits = []
        for record in records:
            since = _overdue_since(reminder, record, rows, sub.date_field if sub else None, today)
            if since is not None:
                hits.append((since, record))
        if not hits:
            continue
        hits.sort(key=lambda hit: hit[0])
        names = tuple(record_name(form, r.values, r.id, units) for _since, r in hits)
        ids = tuple(r.id for _s, r in hits)
        result.append(Due(form.id, reminder.text, names, ids, reminder=index))
    return result
