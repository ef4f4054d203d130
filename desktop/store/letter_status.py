"""Which units' 目标责任书 of a year are not signed yet: the home page's read at start-up
(``store.letters`` holds the letters, their numbers and scans, and imports more)."""

from __future__ import annotations

from desktop.store.database import Database

#: statuses of a letter not signed yet: 草稿, 已印发
UNSIGNED = ("draft", "issued")


def unsigned_units(db: Database, year: int) -> list[int]:
    """The unit ids of ``year``'s unsigned letters, in the letters' order (their numbers)."""
    return [
        r["unit_id"]
        for r in db.query_all(
            "SELECT unit_id FROM letter WHERE year = :y AND status IN (:a, :b) ORDER BY sequence",
            {"y": year, "a": UNSIGNED[0], "b": UNSIGNED[1]},
        )
    ]
