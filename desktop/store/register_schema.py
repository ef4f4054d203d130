"""Registers' tables: the DDL made from their definitions (``forms/*.toml``).

Table ``reg_<form id>``: ``id``, ``created_at``, ``updated_at``, ``deleted_at`` (soft delete),
``purged_at`` (personal data erased), then one column per field, named by the field's id and
always quoted, and a keyed-hash column ``<field>#h`` beside each sensitive ID number and
phone. Sub-records live in ``reg_<form id>#<sub id>`` with ``parent_id`` and ``position``
(``store/register_names.py``). What changes when a definition changes is decided by
``store/register_plan.py``; ``store/register_sync.py`` runs it on open.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.forms.definition import FieldDef, FormDef, SubformDef
from desktop.store import list_index, search_column
from desktop.store.database import Database
from desktop.store.register_names import index_name, lookup_column, quote
from desktop.store.sensitive import LOOKUP_TYPES

MAIN_HEAD = (
    '"id" INTEGER PRIMARY KEY',
    '"created_at" TEXT NOT NULL',
    '"updated_at" TEXT NOT NULL',
    '"deleted_at" TEXT',
    '"purged_at" TEXT',
)


def column_sql(f: FieldDef) -> str:
    reference = " REFERENCES unit(id)" if f.type_id == "unit" else ""
    return f"{quote(f.id)} {f.kind.sql_type}{reference}"


def _create(db: Database, table: str, head: Sequence[str], fields: Sequence[FieldDef]) -> None:
    body = ",\n    ".join([*head, *(column_sql(f) for f in fields)])
    db.execute(f"CREATE TABLE {quote(table)} (\n    {body}\n)")
    ensure_lookups(db, table, fields)


def create_main(db: Database, form: FormDef) -> None:
    _create(db, form.table, MAIN_HEAD, form.fields)
    list_index.ensure_list_index(db, form)
    search_column.ensure_search_column(db, form)


def create_sub(db: Database, form: FormDef, sub: SubformDef) -> None:
    table = form.sub_table(sub)
    head = (
        '"id" INTEGER PRIMARY KEY',
        f'"parent_id" INTEGER NOT NULL REFERENCES {quote(form.table)}(id) ON DELETE CASCADE',
        '"position" INTEGER NOT NULL',
    )
    _create(db, table, head, sub.fields)
    db.execute(
        f"CREATE INDEX {quote(index_name(table, 'parent'))} ON {quote(table)}(parent_id, position)"
    )


def add_column(db: Database, table: str, f: FieldDef) -> None:
    db.execute(f"ALTER TABLE {quote(table)} ADD COLUMN {column_sql(f)}")


def rename_column(db: Database, table: str, old: str, new: str) -> None:
    db.execute(f"ALTER TABLE {quote(table)} RENAME COLUMN {quote(old)} TO {quote(new)}")


def ensure_lookups(db: Database, table: str, fields: Sequence[FieldDef]) -> list[str]:
    """A keyed-hash column and index beside each sensitive ID number and phone."""
    db.forget_schema()
    existing = set(db.columns(table))
    added = []
    for f in fields:
        column = lookup_column(f.id)
        if f.sensitive and f.type_id in LOOKUP_TYPES and column not in existing:
            db.execute(f"ALTER TABLE {quote(table)} ADD COLUMN {quote(column)} TEXT")
            db.execute(
                f"CREATE INDEX {quote(index_name(table, column))} "
                f"ON {quote(table)}({quote(column)})"
            )
            added.append(column)
    db.forget_schema()
    return added


def note_table(db: Database, form: FormDef, time: str) -> None:
    """The list of register tables (``fulian check`` reads it without the definitions)."""
    db.execute(
        "INSERT INTO register_table(form_id, table_name, version, title, synced_at) "
        "VALUES (:id, :table, :version, :title, :time) ON CONFLICT(form_id) DO UPDATE "
        "SET version = excluded.version, title = excluded.title, "
        "synced_at = excluded.synced_at",
        {
            "id": form.id,
            "table": form.table,
            "version": form.version,
            "title": form.title,
            "time": time,
        },
    )
