"""Dating the year's letters: the date a letter bears is its own (成文日期), recorded once, so
a 2025 letter reprinted in 2026 still reads 2025's date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop.operations import NOTHING, Area, Changes
from desktop.operations.letter_numbers import letter_units, number_letters
from desktop.store import letters, units
from desktop.store.database import Database


def date_letters(
    db: Database, year: int, day: date, chosen: Sequence[units.Unit] | None = None
) -> Changes:
    """Number the letters that have no number yet and record ``day`` as the date of the
    year's letters (or of ``chosen`` units' letters): one transaction, audited per letter.
    Rendering afterwards only reads."""
    unit_ids = None if chosen is None else [u.id or 0 for u in chosen]
    with db.transaction():
        if chosen:
            number_letters(db, year, chosen)
        changed = letters.set_dated(db, year, day, unit_ids)
    return Changes.of(Area.LETTERS) if changed else NOTHING


def date_year_letters(db: Database, year: int, day: date, unit_code: str | None = None) -> Changes:
    """``date_letters`` for every unit that gets a letter in ``year`` (or ``unit_code``'s)."""
    return date_letters(db, year, day, letter_units(db, year, unit_code))
