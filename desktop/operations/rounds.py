"""The monitoring year: create it (blank or rolled over from a year) with its deadline; a unit's
form saved and marked complete (who reports what and who leads: ``operations.assignments``).

``save_unit_form`` and ``mark_complete`` are ready for the unit form page (rewired in the
follow-up of issue 20)."""

from __future__ import annotations

from desktop.operations import Area, Changes
from desktop.store import monitoring, year_rollover
from desktop.store.database import Database

ROUND_CHANGES = Changes.of(Area.ROUND, Area.VALUES, Area.INDICATORS, Area.LETTERS)


def new_year(
    db: Database, target: int, *, source: int | None = None, deadline: str = ""
) -> dict[str, int]:
    """Year ``target``, copied from ``source`` (assignments, responsibilities, targets, tasks)
    or blank; returns what was copied. ``year_rollover.RolloverError`` when it cannot be made."""
    if source is None:
        return year_rollover.start_blank_year(db, target, deadline)
    return year_rollover.rollover(db, source, target, deadline)


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
