"""What a migration or an index maker needs of the database: ``database.Database`` satisfies
it. A protocol rather than an import: ``database.py`` runs the migrations, so importing it
from them would make an import circle (tests/test_architecture.py forbids them)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Protocol

from desktop.store.register_names import quote


class Schema(Protocol):
    def execute(self, sql: str, params: Mapping[str, object] | None = None) -> sqlite3.Cursor: ...

    def forget_schema(self) -> None: ...

    def table_exists(self, table: str) -> bool: ...

    def columns(self, table: str) -> tuple[str, ...]: ...

    def index_sql(self, name: str) -> str | None: ...


def remake(db: Schema, kind: str, name: str, sql: str, current: str | None) -> bool:
    """Make the ``kind`` (INDEX, TRIGGER) ``name`` from ``sql`` unless ``current``, the SQL
    stored for it, is the same (dropped first when it differs). True when it was made."""
    if current == sql:
        return False
    if current is not None:
        db.execute(f"DROP {kind} {quote(name)}")
    db.execute(sql)
    return True
