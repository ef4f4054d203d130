"""目标管理责任书 as an output: PDF in official layout, Word (docx) and Excel for hand edits.

``parts`` needs every chosen unit's letter to have its number already: numbering is a write and
belongs to ``operations.letter_numbers`` (which units, one rule), called first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.outputs import Part
from desktop.outputs.renderers import Context, DocumentOutput, formats_of, renders

if TYPE_CHECKING:
    from desktop.reports.letters_pdf import LetterData
    from desktop.store import units
    from desktop.store.database import Database


@dataclass(frozen=True)
class Letter:
    """One unit's letter as it is printed: what it says (``LetterData``), the template's
    text, how many copies, and blank backs for duplex (None: when a file holds more than one
    letter or copy). The letters of one file share the first one's template and copies."""

    data: LetterData
    template: str
    copies: int = 1
    duplex: bool | None = None


@renders(Letter, "pdf")
def _pdf(path: Path, models: Sequence[Letter], context: Context) -> None:
    from desktop.reports import letters_pdf

    first = models[0]
    data = [m.data for m in models]
    fonts = context.font_set()
    letters_pdf.write(path, data, first.template, fonts, copies=first.copies, duplex=first.duplex)


@renders(Letter, "docx")
def _docx(path: Path, models: Sequence[Letter], context: Context) -> None:
    from desktop.reports import letters_docx

    first = models[0]
    letters_docx.write_docx(path, [m.data for m in models], first.template, copies=first.copies)


@renders(Letter, "xlsx")
def _xlsx(path: Path, models: Sequence[Letter], context: Context) -> None:
    from desktop.reports import letters_office

    first = models[0]
    letters_office.write_xlsx(path, [m.data for m in models], first.template, copies=first.copies)


class LetterOutput(DocumentOutput):
    key = "letter"
    title = "目标管理责任书"
    formats = formats_of(Letter)
    combinable = True


def parts(
    db: Database,
    year: int,
    chosen: Sequence[units.Unit],
    template: str,
    *,
    copies: int = 1,
    duplex: bool | None = None,
    day: date | None = None,
) -> list[Part]:
    """One letter per unit (reads only; the letters must be numbered already). Each bears
    ``day`` or else its own recorded date (``letters.letter_date``), else today."""
    from desktop.reports import letters_pdf
    from desktop.store import letters

    year_letters = letters.letters(db, year)
    records = {letter.unit_id: letter for letter in year_letters}
    numbers = {unit_id: letter.number for unit_id, letter in records.items()}
    missing = [u.name for u in chosen if u.id not in numbers]
    if missing:
        raise ValueError(f"letters not numbered yet: {missing}")  # an operation's bug
    return [
        Part(
            f"{year}年度目标管理责任书-{u.code}-{u.name}",
            Letter(
                letters_pdf.gather(
                    db,
                    year,
                    u,
                    numbers[u.id or 0],
                    day
                    or letters.letter_date(records.get(u.id or 0), year_letters)
                    or date.today(),
                ),
                template,
                copies,
                duplex,
            ),
        )
        for u in chosen
    ]
