"""Forward-only schema migrations. The schema version lives in ``PRAGMA user_version``.

``user_version`` sits in the file header, so a file from a newer program can be refused by
reading 100 bytes, before SQLite opens it (see ``header.py``). Each migration runs inside the
caller's transaction: all steps of one open succeed together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.store.database import Database


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...] = ()
    run: Callable[[Database], None] | None = None


_V1 = (
    """CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE profile (
        id                  INTEGER PRIMARY KEY CHECK (id = 1),
        township            TEXT NOT NULL DEFAULT '',
        federation          TEXT NOT NULL DEFAULT '',
        committee           TEXT NOT NULL DEFAULT '',
        doc_prefix          TEXT NOT NULL DEFAULT '',
        committee_signatory TEXT NOT NULL DEFAULT '',
        federation_chair    TEXT NOT NULL DEFAULT '',
        clerk               TEXT NOT NULL DEFAULT '',
        address             TEXT NOT NULL DEFAULT '',
        phone               TEXT NOT NULL DEFAULT ''
    ) STRICT""",
    "INSERT INTO profile(id) VALUES (1)",
    """CREATE TABLE unit (
        id         INTEGER PRIMARY KEY,
        code       TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL UNIQUE,
        kind       TEXT NOT NULL DEFAULT 'department',
        liaison    TEXT NOT NULL DEFAULT '',
        phone      TEXT NOT NULL DEFAULT '',
        active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        sort_order INTEGER NOT NULL DEFAULT 0
    ) STRICT""",
    """CREATE TABLE audit (
        id         INTEGER PRIMARY KEY,
        time       TEXT NOT NULL,
        pc         TEXT NOT NULL,
        table_name TEXT NOT NULL,
        record_id  INTEGER NOT NULL,
        action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
        field      TEXT,
        old        TEXT,
        new        TEXT
    ) STRICT""",
    "CREATE INDEX audit_record ON audit(table_name, record_id)",
)

MIGRATIONS: tuple[Migration, ...] = (Migration(1, "meta, profile, unit, audit", _V1),)

LATEST = MIGRATIONS[-1].version


def migrate(db: Database, current: int) -> None:
    """Bring the schema from ``current`` to ``LATEST``; the caller holds the transaction."""
    for migration in MIGRATIONS:
        if migration.version <= current:
            continue
        for statement in migration.statements:
            db.execute(statement)
        if migration.run is not None:
            migration.run(db)
        db.execute(f"PRAGMA user_version = {int(migration.version)}")
    db.forget_schema()
