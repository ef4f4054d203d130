"""Indexes that let the home page's register reminders read an index, not the records.

The home page finds the records its reminders name (``register_reminders``) at every start and
after every save; with tens of thousands of records a scan of the register's table (wide rows,
encrypted text) is most of the start. Each reminder gets one covering index on the columns it
reads (live records first: ``deleted_at``); a reminder on visits reads each record's latest
visit from the column kept by ``latest_dates`` (schema 23), in an index where each level's due
records are one range (``visit_index``, schema 25), and the sub-table gets ``(parent_id,
date)`` for the triggers that keep it. Only plain columns are indexed, never
a sensitive field (its values are encrypted under a password). The retention count reads the
purge index (``purge_index``).

Made with a register's tables (``register_plan.apply``) and, for the files from before schema
17, by that migration from the stored definitions (schemas 23 and 25 remade the visit
reminders' index): a one-time schema upgrade, never a write on an ordinary open.
"""

from __future__ import annotations

from desktop.forms.definition import FormDef
from desktop.store import latest_dates, visit_index
from desktop.store.register_names import index_name, quote
from desktop.store.schema_handle import Schema, remake
from desktop.store.stored_forms import stored_forms


def _plain(form: FormDef, field_id: str | None) -> bool:
    if not field_id:
        return False
    try:
        return not form.field(field_id).sensitive
    except KeyError:
        return False


def planned(form: FormDef) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(index name, table, what follows ``ON table`` in its ``CREATE INDEX``, the columns it
    needs) of the form's reminder indexes."""
    wanted: list[tuple[str, str, str, tuple[str, ...]]] = []
    for n, r in enumerate(form.reminders):
        if r.kind == "visit_due":
            fields = [r.unless_field, r.interval_field, r.since_field]
        else:
            fields = [r.unless_field, r.field]
        used = [f for f in fields if f]
        sub = next((s for s in form.subforms if s.id == r.subform), None)
        if used and all(_plain(form, f) for f in used):
            name = index_name(form.table, f"reminder{n}")
            if r.kind == "visit_due" and r.since_field:  # a range per level (schema 25)
                wanted.append((name, form.table, *visit_index.planned(form, r)))
            else:
                columns = ("deleted_at", *dict.fromkeys(used))
                listed = ", ".join(quote(c) for c in columns)
                wanted.append((name, form.table, f"({listed})", columns))
        if r.kind == "visit_due" and sub is not None and sub.date_field:
            table = form.sub_table(sub)
            columns = ("parent_id", sub.date_field)
            listed = ", ".join(quote(c) for c in columns)
            wanted.append((index_name(table, "latest"), table, f"({listed})", columns))
    return list({w[0]: w for w in wanted}.values())


def ensure(db: Schema, form: FormDef) -> list[str]:
    """Make the form's kept latest dates (``latest_dates``) and its missing indexes (on the
    tables and columns that exist), remaking an index whose definition differs; the caller
    holds the transaction. Returns the names made."""
    made = latest_dates.ensure(db, form)
    for name, table, body, columns in planned(form):
        if not db.table_exists(table) or not set(columns) <= set(db.columns(table)):
            continue
        sql = f"CREATE INDEX {quote(name)} ON {quote(table)}{body}"
        if remake(db, "INDEX", name, sql, db.index_sql(name)):
            made.append(name)
    return made


def migrate(db: Schema) -> None:
    """Schema 17 (23: the kept latest visits, and the index that reads them; 25: the visit
    reminder's index by level, ``visit_index``): the indexes of every register stored in the
    file (its stored definitions)."""
    for form in stored_forms(db):
        ensure(db, form)
