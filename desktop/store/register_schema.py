"""Register tables made from their definitions (``forms/*.toml``).

Table ``reg_<form id>``: ``id``, ``created_at``, ``updated_at``, ``deleted_at`` (soft delete),
``purged_at`` (personal data erased), then one column per field, and a keyed-hash column
``<field>__h`` beside each sensitive ID number and phone. Sub-records live in
``reg_<form id>__<sub id>`` with ``parent_id`` and ``position``. A field added to a definition
is added to the table on open; a field removed keeps its column and data, hidden; a field
renamed with ``[[renamed]]`` keeps its data. ``register_table`` lists the tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.forms.definition import FieldDef, FormDef
from desktop.store.database import Database, now_text
from desktop.store.sensitive import LOOKUP_TYPES, lookup_column


@dataclass(frozen=True)
class SyncReport:
    created: tuple[str, ...] = ()
    added: tuple[str, ...] = ()  # "table.column"
    renamed: tuple[str, ...] = ()


def _column(f: FieldDef) -> str:
    reference = " REFERENCES unit(id)" if f.type_id == "unit" else ""
    return f"{f.id} {f.kind.sql_type}{reference}"


def _ensure_table(
    db: Database,
    table: str,
    head: Sequence[str],
    fields: Sequence[FieldDef],
    renamed: Sequence[tuple[str, str]],
    report: dict[str, list[str]],
) -> None:
    if not db.table_exists(table):
        body = ",\n    ".join([*head, *(_column(f) for f in fields)])
        db.execute(f"CREATE TABLE {table} (\n    {body}\n)")
        _ensure_lookups(db, table, fields, set())
        report["created"].append(table)
        return
    existing = set(db.columns(table))
    for old, new in renamed:
        if old in existing and new not in existing:
            db.execute(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")
            report["renamed"].append(f"{table}.{old}→{new}")
            existing = (existing - {old}) | {new}
    for f in fields:
        if f.id not in existing:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {_column(f)}")
            report["added"].append(f"{table}.{f.id}")
    _ensure_lookups(db, table, fields, existing)
    db.forget_schema()


def _ensure_lookups(
    db: Database, table: str, fields: Sequence[FieldDef], existing: set[str]
) -> None:
    """A keyed-hash column and index beside each sensitive ID number and phone."""
    for f in fields:
        if f.sensitive and f.type_id in LOOKUP_TYPES and lookup_column(f.id) not in existing:
            column = lookup_column(f.id)
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
            db.execute(f"CREATE INDEX {table}_{column} ON {table}({column})")


def sync(db: Database, forms: Iterable[FormDef]) -> SyncReport:
    """Create or migrate every register's tables, in one transaction. Idempotent."""
    report: dict[str, list[str]] = {"created": [], "added": [], "renamed": []}
    with db.transaction():
        for form in forms:
            head = (
                "id INTEGER PRIMARY KEY",
                "created_at TEXT NOT NULL",
                "updated_at TEXT NOT NULL",
                "deleted_at TEXT",
                "purged_at TEXT",
            )
            _ensure_table(db, form.table, head, form.fields, form.renamed, report)
            for sub in form.subforms:
                sub_head = (
                    "id INTEGER PRIMARY KEY",
                    f"parent_id INTEGER NOT NULL REFERENCES {form.table}(id) ON DELETE CASCADE",
                    "position INTEGER NOT NULL",
                )
                table = form.sub_table(sub)
                created = not db.table_exists(table)
                _ensure_table(db, table, sub_head, sub.fields, (), report)
                if created:
                    db.execute(f"CREATE INDEX {table}_parent ON {table}(parent_id, position)")
            db.execute(
                "INSERT INTO register_table(form_id, table_name, version, title, synced_at) "
                "VALUES (:id, :table, :version, :title, :time) ON CONFLICT(form_id) DO UPDATE "
                "SET version = max(version, excluded.version), title = excluded.title, "
                "synced_at = excluded.synced_at",
                {
                    "id": form.id,
                    "table": form.table,
                    "version": form.version,
                    "title": form.title,
                    "time": now_text(),
                },
            )
    return SyncReport(tuple(report["created"]), tuple(report["added"]), tuple(report["renamed"]))
