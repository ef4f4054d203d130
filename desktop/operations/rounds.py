"""The monitoring year: create it (blank or rolled over from a year) with its deadline; who
reports what and who leads (the matrix); a unit's form saved and marked complete.

``save_unit_form``, ``assign_reporting`` and ``set_responsibility`` are ready for the unit form
and matrix pages (rewired in the follow-up of issue 20, once their branches have landed)."""

from __future__ import annotations

from desktop.operations import Area, Changes
from desktop.store import monitoring
from desktop.store.database import Database

ROUND_CHANGES = Changes.of(Area.ROUND, Area.VALUES, Area.INDICATORS, Area.LETTERS)


def new_year(
    db: Database, target: int, *, source: int | None = None, deadline: str = ""
) -> dict[str, int]:
    """Year ``target``, copied from ``source`` (assignments, responsibilities, targets, tasks)
    or blank; returns what was copied. ``monitoring.RolloverError`` when it cannot be made."""
    if source is None:
        return monitoring.start_blank_year(db, target, deadline)
    return monitoring.rollover(db, source, target, deadline)


def mark_complete(db: Database, year: int, unit_id: int, complete: bool = True) -> Changes:
    """The unit's form for ``year`` confirmed complete (or reopened)."""
    monitoring.mark_complete(db, year, unit_id, complete)
    return Changes.of(Area.ROUND)


def save_unit_form(
    db: Database, year: int, unit_id: int, entries: list[monitoring.ValueEntry]
) -> tuple[int, Changes]:
    """A unit's typed values, one audited transaction; (records changed, what changed)."""
    changed = monitoring.save_values(db, year, unit_id, entries)
    return changed, Changes.of(Area.VALUES) if changed else Changes()


def assign_reporting(
    db: Database, year: int, element_ids: list[int], unit_id: int, assigned: bool
) -> Changes:
    """The unit reports (or stops reporting) these data elements, in one transaction."""
    with db.transaction():
        for element_id in element_ids:
            monitoring.assign(db, year, element_id, unit_id, assigned)
    return Changes.of(Area.ROUND)


def set_responsibility(
    db: Database, year: int, indicator_id: int, unit_id: int, role: str | None
) -> Changes:
    """牵头 / 配合 / none for a unit and an indicator."""
    monitoring.set_responsibility(db, year, indicator_id, unit_id, role)
    return Changes.of(Area.ROUND, Area.LETTERS)
