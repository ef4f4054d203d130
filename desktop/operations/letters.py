"""目标责任书: numbering, status, scans, the template, tasks, and writing the letters.

Numbers are given here, in one transaction, before anything is rendered (``letter_numbers``:
which units get a letter, one rule): a renderer never writes to the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.operations import NOTHING, Area, Changes, slow
from desktop.operations.letter_dates import date_letters
from desktop.operations.letter_numbers import letter_units, number_letters
from desktop.outputs import Progress, batch
from desktop.outputs import letters as letter_output
from desktop.reports.pdf.fonts import FontSet
from desktop.store import letters
from desktop.store.database import Database


@dataclass(frozen=True)
class Written:
    """Files an export wrote (``[]``: cancelled, or nothing to write) and what it changed."""

    paths: list[Path]
    changes: Changes = NOTHING


def number_year(db: Database, year: int) -> tuple[int, Changes]:
    """生成本年度责任书: number a letter for every unit that gets one in ``year``
    (``letter_units``); returns how many letters the year has."""
    changes = number_letters(db, year, letter_units(db, year))
    return len(letters.letters(db, year)), changes


@slow
def write_letters(
    db: Database,
    year: int,
    out: Path,
    *,
    unit_code: str | None = None,
    template: str | None = None,
    day: date | None = None,
    copies: int = 1,
    fmt: str = "pdf",
    fonts: FontSet | None = None,
    progress: Progress | None = None,
    duplex: bool | None = None,
) -> Written:
    """The year's letters (pdf, docx or xlsx): one combined file at ``out``, or one file per
    unit when ``out`` is an existing folder. Units without a letter get a numbered draft first;
    ``day`` is recorded as the letters' date before rendering (a reprint keeps it), else each
    bears its own recorded date. ``duplex`` as ``letters_pdf.write``'s. Cancelled through
    ``progress``: nothing is left behind (the numbers and dates stay given)."""
    chosen = letter_units(db, year, unit_code)
    if not chosen:
        return Written([])
    changes = number_letters(db, year, chosen)
    if day is not None:
        changes |= date_letters(db, year, day, chosen)
    text = template or letters.template_text(db)
    parts = letter_output.parts(db, year, chosen, text, copies=copies, duplex=duplex)
    output = letter_output.LetterOutput(fonts=fonts)
    return Written(batch.write(output, parts, fmt, out, progress=progress), changes)


def advance_letter(db: Database, letter_id: int, on: date | None = None) -> Changes:
    """草稿 → 已印发 → 已签订 → 已归档, with the date (audited)."""
    letters.advance(db, letter_id, on or date.today())
    return Changes.of(Area.LETTERS)


def attach_scan(db: Database, letter_id: int, path: Path) -> Changes:
    """The scanned signed copy, stored inside the database (OSError: the file cannot be read)."""
    letters.attach_scan(db, letter_id, path.name, path.read_bytes())
    return Changes.of(Area.LETTERS)


def save_template(db: Database, text: str | None) -> Changes:
    """The clerk's letter template (None: back to the default)."""
    letters.save_template(db, text)
    return Changes.of(Area.LETTERS)


def save_task(db: Database, task: letters.Task) -> Changes:
    letters.save_task(db, task)
    return Changes.of(Area.LETTERS)
