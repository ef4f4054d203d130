"""The index that finds records whose personal data may be erased (个人信息保护's list, the
home page's count) without reading a whole register.

One per register with personal data, on ``(purged_at, deleted_at[, <retention date>])``:
- records in 回收站 not yet purged: ``purged_at IS NULL AND deleted_at IS NOT NULL``;
- records past their retention period: ``purged_at IS NULL AND deleted_at IS NULL AND
  <date> <= cut-off`` (a retention date is never personal data: it is stored readable).

Made with the register's tables (``register_plan.apply``) and, for databases made before
schema 21, by migration 21 from the definitions stored in the file. The index is named by
its date column, so a definition that counts from another date gets its own.
"""

from __future__ import annotations

from datetime import date

from desktop.forms import retention
from desktop.forms.definition import FormDef
from desktop.store.register_names import index_name, quote
from desktop.store.schema_handle import Schema
from desktop.store.stored_forms import stored_forms


def purge_index(form: FormDef, columns: set[str]) -> tuple[str, str] | None:
    """(name, DDL) of the register's index, or None: no personal data, or no table."""
    if not form.sensitive_fields or not columns:
        return None
    parts = ["purged_at", "deleted_at"]
    rule = form.retention
    if rule is not None and rule.since in columns:  # never personal data (the loader says)
        parts.append(rule.since)
    name = index_name(form.table, "purge", *parts[2:])
    sql = (
        f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(form.table)}"
        f"({', '.join(quote(p) for p in parts)})"
    )
    return name, sql


def past_retention(
    form: FormDef, today: date, name: str = "cutoff"
) -> tuple[str, dict[str, object]]:
    """The SQL condition (and its parameters) of a live record's retention date being past
    its period by ``today``: what this index serves. A retention date is never personal data
    (the loader refuses that), so SQL compares it; an empty text is no date. ``name``: the
    cut-off's parameter (one per register in a query about several)."""
    rule = form.retention
    assert rule is not None
    since = quote(rule.since)
    return (
        f"{since} IS NOT NULL AND {since} <> '' AND {since} <= :{name}",
        {name: retention.cutoff(today, rule.years).isoformat()},
    )


def ensure_purge_index(db: Schema, form: FormDef) -> bool:
    """Make the register's index when it is missing; whether it was made. The caller holds
    the transaction."""
    columns = set(db.columns(form.table)) if db.table_exists(form.table) else set()
    made = purge_index(form, columns)
    if made is None or db.index_sql(made[0]) is not None:
        return False
    db.execute(made[1])
    return True


def migrate(db: Schema) -> None:
    """Migration 21: the index of every register stored in the file (its definition as stored,
    which matches its tables)."""
    for form in stored_forms(db):
        ensure_purge_index(db, form)
