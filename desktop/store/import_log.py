"""The import log of returned templates: a file (by its hash) is applied once only."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.store import records
from desktop.store.database import Database, now_text


@dataclass(frozen=True)
class EarlierImport:
    time: str
    pc: str


def earlier_import(db: Database, file_hash: str) -> EarlierImport | None:
    """When and where a file with this hash was imported last, or None."""
    row = db.query_one(
        "SELECT time, pc FROM import_log WHERE file_hash = :h ORDER BY id DESC LIMIT 1",
        {"h": file_hash},
    )
    return None if row is None else EarlierImport(str(row["time"]), str(row["pc"]))


def was_imported(db: Database, file_hash: str) -> bool:
    return bool(db.scalar("SELECT count(*) FROM import_log WHERE file_hash = :h", {"h": file_hash}))


def record_import(
    db: Database,
    *,
    file_name: str,
    file_hash: str,
    year: int | None,
    unit_id: int | None,
    applied: int,
    skipped: int,
    valid_only: bool,
) -> int:
    """Log one applied file, with an audit note; the caller holds the transaction."""
    log_id = db.execute(
        "INSERT INTO import_log(file_name, file_hash, time, pc, year, unit_id, applied, "
        "skipped, valid_only) VALUES (:name, :hash, :time, :pc, :year, :unit, :applied, "
        ":skipped, :valid_only)",
        {
            "name": file_name,
            "hash": file_hash,
            "time": now_text(),
            "pc": db.pc,
            "year": year,
            "unit": unit_id,
            "applied": applied,
            "skipped": skipped,
            "valid_only": int(valid_only),
        },
    ).lastrowid
    records.insert_audit_note(
        db, "import_log", int(log_id or 0), f"导入文件“{file_name}”：写入 {applied} 项"
    )
    return int(log_id or 0)
