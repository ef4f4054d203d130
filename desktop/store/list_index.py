"""The index a register's list reads through (``store/register_pages.py``): the live records
in the list's default order with the columns its filters compare, so that opening the list,
counting it and reading its first page touch the index only, never the whole table.

``reg_<form>#list#idx`` on (the default sort field in its direction, ``id``, the readable
filter, unit and date fields, ``deleted_at``), over the live records only. Made with the
table, remade when a changed definition changes it, and by migration 18 for registers made
before it.
"""

from __future__ import annotations

from desktop.forms.definition import FormDef
from desktop.store.register_names import index_name, quote
from desktop.store.schema_handle import Schema, remake
from desktop.store.stored_forms import stored_forms

#: the index's condition beyond ``deleted_at IS NULL``: always true, but only a query naming
#: it can be planned through the index, so that no other read of the table (exports,
#: statistics, which read every column) is steered into one row lookup per index entry
MARK = "id IS NOT NULL"


def list_index_columns(form: FormDef, columns: set[str]) -> list[str]:
    """The fields the index holds, in its order (``id`` and ``deleted_at`` besides)."""
    sort = form.sort_field
    held = [sort] if sort and sort in columns else []
    extra = [*form.filters, form.unit_field, form.date_field]
    for field_id in dict.fromkeys(f for f in extra if f and f != sort):
        if field_id in columns and not form.field(field_id).sensitive:
            held.append(field_id)
    return held


def list_index_sql(form: FormDef, columns: set[str]) -> str:
    """The index's ``CREATE INDEX`` for the table's present ``columns``."""
    held = list_index_columns(form, columns)
    parts = [quote(f) for f in held]
    sort = form.sort_field
    if held and held[0] == sort:
        parts[0] += " DESC" if form.sort_descending else " ASC"
    parts.insert(1 if held and held[0] == sort else 0, '"id"')
    parts.append('"deleted_at"')
    name = quote(index_name(form.table, "list"))
    return (
        f"CREATE INDEX {name} ON {quote(form.table)}({', '.join(parts)}) "
        f"WHERE deleted_at IS NULL AND {MARK}"
    )


def has_list_index(db: Schema, form: FormDef) -> bool:
    return db.index_sql(index_name(form.table, "list")) is not None


def ensure_list_index(db: Schema, form: FormDef) -> bool:
    """Make (or remake) the list's index when it is missing or differs; True when written."""
    if not db.table_exists(form.table):
        return False
    name = index_name(form.table, "list")
    wanted = list_index_sql(form, set(db.columns(form.table)))
    return remake(db, "INDEX", name, wanted, db.index_sql(name))


def index_stored_registers(db: Schema) -> None:
    """Migration 18: the list index of every register whose definition the file holds."""
    for form in stored_forms(db):
        ensure_list_index(db, form)
