"""Bulk writes for the demo generator (assignments, values, past rounds with their real
completion times)."""

from __future__ import annotations

from desktop.store import records
from desktop.store.database import Database, now_text


def completed_round_units(db: Database, rows: list[tuple[int, int, str]]) -> None:
    """(year, unit id, completed at) rows of ``round_unit``; the caller holds the transaction."""
    for year, unit_id, completed_at in rows:
        db.execute(
            "INSERT INTO round_unit(year, unit_id, completed_at) VALUES (:y, :u, :t)",
            {"y": year, "u": unit_id, "t": completed_at},
        )


def insert_values_bulk(db: Database, rows: list[dict[str, object]], *, origin: str) -> int:
    """Insert many new values at once, audited as one entry (demo data, whole-file imports).

    Each row: year, unit_id, element_id, value, no_data, note, source.
    """
    now = now_text()
    with db.transaction():
        db.execute_many(
            "INSERT INTO value(year, unit_id, element_id, value, no_data, note, source, origin, "
            "updated_at) VALUES (:year, :unit_id, :element_id, :value, :no_data, :note, "
            ":source, :origin, :now)",
            [{**row, "origin": origin, "now": now} for row in rows],
        )
        records.insert_audit_note(db, "value", 0, f"批量写入 {len(rows)} 条（{origin}）")
    return len(rows)


def assign_bulk(db: Database, pairs: list[tuple[int, int, int]]) -> None:
    """Insert (year, element id, unit id) assignments at once (demo and year set-up)."""
    with db.transaction():
        db.execute_many(
            "INSERT OR IGNORE INTO assignment(year, element_id, unit_id) VALUES (:y, :e, :u)",
            [{"y": y, "e": e, "u": u} for y, e, u in pairs],
        )
