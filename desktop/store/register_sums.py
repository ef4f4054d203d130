"""Computed sums (a field's ``sum = { subform, field, plus }``): read in SQL from plain
columns, never stored, so a record's 累计服务时长 is always its base plus its service rows.
The loader refuses a sum over a sensitive field, so nothing here reads an encrypted column.
Also the dated sub-form columns that statistics count (本期服务时长)."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.forms.definition import FieldDef, FormDef
from desktop.store.database import Database
from desktop.store.register_names import quote


def select_sql(db: Database, form: FormDef, f: FieldDef) -> str:
    """What to SELECT for field ``f`` of ``form``'s table: its column, or its sum."""
    if f.sum_of is None:
        return quote(f.id)
    sub_id, field_id, plus = f.sum_of
    table = quote(form.table)
    parts = []
    if plus is not None and plus in set(db.columns(form.table)):
        parts.append(f"coalesce({table}.{quote(plus)}, 0)")
    sub_table = form.sub_table(form.subform(sub_id))
    if db.table_exists(sub_table) and field_id in set(db.columns(sub_table)):
        parts.append(
            f"(SELECT total(s.{quote(field_id)}) FROM {quote(sub_table)} s "
            f"WHERE s.parent_id = {table}.id)"
        )
    return f"({' + '.join(parts) or '0'}) AS {quote(f.id)}"


def computed(db: Database, form: FormDef, record_id: int) -> dict[str, object]:
    """The computed fields of one record."""
    wanted = [f for f in form.fields if f.sum_of is not None]
    if not wanted or not db.table_exists(form.table):
        return {}
    sql = ", ".join(select_sql(db, form, f) for f in wanted)
    row = db.query_one(f"SELECT {sql} FROM {quote(form.table)} WHERE id = :id", {"id": record_id})
    return {} if row is None else {f.id: float(row[f.id]) for f in wanted}


def dated_rows(
    db: Database, form: FormDef, sub_id: str, fields: Sequence[str]
) -> list[tuple[int, str | None, object]]:
    """(parent id, date, value) of a sub-form's plain number field ``fields[0]`` dated by
    the sub-form's date field, for the records not deleted."""
    sub = form.subform(sub_id)
    table = form.sub_table(sub)
    if sub.date_field is None or not db.table_exists(table):
        return []
    columns = set(db.columns(table))
    if not set(fields) <= columns or sub.date_field not in columns:
        return []
    rows = db.query_all(
        f"SELECT s.parent_id, s.{quote(sub.date_field)}, s.{quote(fields[0])} "
        f"FROM {quote(table)} s JOIN {quote(form.table)} r ON r.id = s.parent_id "
        "WHERE r.deleted_at IS NULL"
    )
    return [(int(r[0]), r[1], r[2]) for r in rows]
