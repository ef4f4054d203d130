"""Bulk writes for the demo generator (past rounds with their real completion times)."""

from __future__ import annotations

from desktop.store.database import Database


def completed_round_units(db: Database, rows: list[tuple[int, int, str]]) -> None:
    """(year, unit id, completed at) rows of ``round_unit``; the caller holds the transaction."""
    for year, unit_id, completed_at in rows:
        db.execute(
            "INSERT INTO round_unit(year, unit_id, completed_at) VALUES (:y, :u, :t)",
            {"y": year, "u": unit_id, "t": completed_at},
        )
