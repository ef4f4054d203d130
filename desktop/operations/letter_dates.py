"""Dating the year's letters: the date a letter bears is its own (成文日期), recorded once, so
a 2025 letter reprinted in 2026 still reads 2025's date."""

from __future__ import annotations

from datetime import date

from desktop.operations import NOTHING, Area, Changes
from desktop.outputs import letters as letter_output
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


def date_year_letters(db: Database, year: int, day: date, unit_code: str | None = None) -> Changes:
    """``date_letters`` for every unit that gets a letter in ``year`` (or ``unit_code``'s)."""
    chosen = letter_output.involved_units(db, year, unit_code)
    return date_letters(db, year, day, [u.id or 0 for u in chosen])
