"""Monitoring actions: lock and unlock a year (the clerk's sign-off on 填报进度)."""

from __future__ import annotations

from desktop.operations import NOTHING, Area, Changes
from desktop.store import year_lock
from desktop.store.database import Database


def lock_year(db: Database, year: int) -> Changes:
    """锁定年度: the year's figures are final; edits, imports and rollover changes are refused.
    Audited; nothing changes when the year was locked already."""
    return Changes.of(Area.ROUND) if year_lock.lock(db, year) else NOTHING


def unlock_year(db: Database, year: int, reason: str) -> Changes:
    """解锁 with the reason (required, audited and shown in the year's history)."""
    return Changes.of(Area.ROUND) if year_lock.unlock(db, year, reason) else NOTHING
