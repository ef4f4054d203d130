"""Dating the year's letters: the date a letter bears is its own (成文日期), recorded once, so
a 2025 letter reprinted in 2026 still reads 2025's date."""

from __future__ import annotations

from datetime import date

from desktop.operations import NOTHING, Area, Changes
from desktop.store import letters
from desktop.store.database import Database


def date_letters(db: Database, year: int, day: date, unit_ids: list[int] | None = None) -> Changes:
    """Number the letters that have no number yet and record ``day`` as the date of the
    year's letters (or of ``unit_ids``' letters): one transaction, audited per letter.
    Rendering afterwards only reads."""
    with db.transaction():
        if unit_ids:
            letters.ensure_letters(db, year, unit_ids)
        changed = letters.set_dated(db, year, day, unit_ids)
    return Changes.of(Area.LETTERS) if changed else NOTHING
