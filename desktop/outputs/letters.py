"""目标管理责任书 as an output: PDF in official layout, Word (docx) and Excel for hand edits.

``parts`` needs every chosen unit's letter to have its number already: numbering is a write and
belongs to ``operations.letter_numbers`` (which units, one rule), called first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.outputs import OutputError, Part
from desktop.reports.pdf.fonts import FontSet
from desktop.store import letters, units
from desktop.store.database import Database

if TYPE_CHECKING:
    from desktop.reports.letters_pdf import LetterData


class LetterOutput:
    key = "letter"
    title = "目标管理责任书"
    formats: tuple[str, ...] = ("pdf", "docx", "xlsx")
    combinable = True

    def __init__(
        self,
        template: str,
        *,
        copies: int = 1,
        fonts: FontSet | None = None,
        duplex: bool | None = None,
    ) -> None:
        self.template = template
        self.copies = copies
        self.duplex = duplex  # None: blank backs when a file holds more than one letter or copy
        self._fonts = fonts

    def render(self, fmt: str, path: Path, models: Sequence[object]) -> None:
        from desktop.reports import letters_docx, letters_office, letters_pdf

        data: list[LetterData] = [m for m in models if isinstance(m, letters_pdf.LetterData)]
        if fmt == "pdf":
            if self._fonts is None:
                self._fonts = FontSet.discover()
            letters_pdf.write(
                path, data, self.template, self._fonts, copies=self.copies, duplex=self.duplex
            )
        elif fmt == "docx":
            letters_docx.write_docx(path, data, self.template, copies=self.copies)
        elif fmt == "xlsx":
            letters_office.write_xlsx(path, data, self.template, copies=self.copies)
        else:
            raise OutputError(f"责任书不能导出为 {fmt}")


def parts(
    db: Database, year: int, chosen: Sequence[units.Unit], day: date | None = None
) -> list[Part]:
    """One letter per unit (reads only; the letters must be numbered already). Each bears
    ``day`` or else its own recorded date (``letters.letter_date``), else today."""
    from desktop.reports import letters_pdf

    year_letters = letters.letters(db, year)
    records = {letter.unit_id: letter for letter in year_letters}
    numbers = {unit_id: letter.number for unit_id, letter in records.items()}
    missing = [u.name for u in chosen if u.id not in numbers]
    if missing:
        raise ValueError(f"letters not numbered yet: {missing}")  # an operation's bug
    return [
        Part(
            f"{year}年度目标管理责任书-{u.code}-{u.name}",
            letters_pdf.gather(
                db,
                year,
                u,
                numbers[u.id or 0],
                day or letters.letter_date(records.get(u.id or 0), year_letters) or date.today(),
            ),
        )
        for u in chosen
    ]
