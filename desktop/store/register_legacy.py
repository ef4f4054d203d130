"""Schema 7: registers' generated names and stored definitions.

Before schema 7 a sub-form's table was ``reg_<form>__<sub>`` and a lookup hash column
``<field>__h``: a form ``a__b`` could share form ``a``'s sub-records table, a field ``phone__h``
could share ``phone``'s hash. They are renamed to ``reg_<form>#<sub>`` and ``<field>#h``
(``store/register_names.py``), which no declared id can produce. Only tables listed in
``register_table`` are touched; a legacy table is a sub-form's when it has ``parent_id`` and
``position``, a legacy column a hash when the index the old engine made for it exists.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Protocol

from desktop.store.register_names import quote


class Database(Protocol):
    """What the migration needs (``migrations.Schema``; no import of ``database.py``)."""

    def execute(self, sql: str, params: Mapping[str, object] | None = None) -> sqlite3.Cursor: ...

    def forget_schema(self) -> None: ...


DDL = (
    # each register's definition as it was last accepted (the TOML text): a database opened
    # where the TOML is missing still shows the register (store/register_sync.py)
    """CREATE TABLE register_definition (
        form_id   TEXT PRIMARY KEY,
        version   INTEGER NOT NULL,
        file      TEXT NOT NULL,
        source    TEXT NOT NULL,
        stored_at TEXT NOT NULL
    ) STRICT""",
    # files attached to register records (photos, 签到表, scans), kept inside the database so
    # they travel with it; encrypted like personal fields for registers with personal data
    # when a password is set (store/attachments.py)
    """CREATE TABLE register_attachment (
        id        INTEGER PRIMARY KEY,
        form_id   TEXT NOT NULL,
        record_id INTEGER NOT NULL,
        name      TEXT NOT NULL,
        mime      TEXT NOT NULL,
        size      INTEGER NOT NULL,
        sealed    INTEGER NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1)),
        data      BLOB NOT NULL,
        added_at  TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX register_attachment_record ON register_attachment(form_id, record_id)",
)


def _tables(db: Database) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [str(r[0]) for r in rows.fetchall()]


def _columns(db: Database, table: str) -> list[str]:
    return [str(r[1]) for r in db.execute(f"PRAGMA table_info({quote(table)})").fetchall()]


def _indexes(db: Database, table: str) -> set[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :t", {"t": table}
    )
    return {str(r[0]) for r in rows.fetchall()}


def rename_legacy(db: Database) -> None:
    """Rename the pre-7 sub-record tables and lookup columns; the caller holds the
    transaction."""
    mains = [str(r[0]) for r in db.execute("SELECT table_name FROM register_table").fetchall()]
    every = _tables(db)
    for main in mains:
        for table in every:
            if not table.startswith(main + "__") or table in mains:
                continue
            columns = _columns(db, table)
            if "parent_id" in columns and "position" in columns:
                new = main + "#" + table[len(main) + 2 :]
                if new not in every:
                    db.execute(f"ALTER TABLE {quote(table)} RENAME TO {quote(new)}")
    for table in _tables(db):
        if not table.startswith("reg_"):
            continue
        columns = _columns(db, table)
        indexes = _indexes(db, table)
        for column in columns:
            base = column[:-3]
            if column.endswith("__h") and base in columns and f"{table}_{column}" in indexes:
                new = base + "#h"
                if new not in columns:
                    db.execute(
                        f"ALTER TABLE {quote(table)} RENAME COLUMN {quote(column)} TO {quote(new)}"
                    )
    db.forget_schema()
