"""Facts about an open database for the database page and ``fulian check``."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.store.database import Database
from desktop.store.schema_latest import LATEST

#: table -> label of the counts shown to the clerk. Later features add their tables.
COUNTED_TABLES: dict[str, str] = {
    "unit": "责任单位",
    "indicator": "监测指标",
    "value": "监测数据",
    "audit": "修改记录",
}


@dataclass(frozen=True)
class DatabaseFacts:
    path: str
    size_bytes: int
    schema_version: int
    latest_schema: int
    db_id: str
    created_at: str
    created_by: str
    counts: dict[str, int]


def facts(db: Database) -> DatabaseFacts:
    counts = {
        label: int(db.scalar(f"SELECT count(*) FROM {table}"))
        for table, label in COUNTED_TABLES.items()
        if db.table_exists(table)
    }
    return DatabaseFacts(
        path=str(db.path),
        size_bytes=db.path.stat().st_size,
        schema_version=db.schema_version,
        latest_schema=LATEST,
        db_id=db.db_id,
        created_at=db.meta("created_at") or "",
        created_by=db.meta("created_by") or "",
        counts=counts,
    )


def format_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def register_counts(db: Database) -> list[tuple[str, int]]:
    """(register title, live record count) for every register table in the file (read-only)."""
    if not db.table_exists("register_table"):
        return []
    counts = []
    for row in db.query_all("SELECT title, table_name FROM register_table ORDER BY rowid"):
        table = row["table_name"]
        if db.table_exists(table):
            n = db.scalar(f'SELECT count(*) FROM "{table}" WHERE deleted_at IS NULL')
            counts.append((str(row["title"]), int(n or 0)))
    return counts
