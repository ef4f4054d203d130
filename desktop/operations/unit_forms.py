"""The monitoring round's material for units: Excel fill-in templates and printed blank forms
(written through the output pipeline: one file per unit, cancel leaves nothing)."""

from __future__ import annotations

from pathlib import Path

from desktop.operations import slow
from desktop.outputs import Part, Progress, batch
from desktop.outputs import unit_forms as unit_output
from desktop.store.database import Database

FORMATS = {"xlsx": unit_output.TemplateOutput, "pdf": unit_output.BlankFormOutput}


@slow
def write_unit_forms(
    db: Database,
    year: int,
    folder: Path,
    *,
    fmt: str = "xlsx",
    unit_code: str | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Templates (xlsx) or blank forms (pdf) of every unit reporting in ``year`` (or one unit)
    into ``folder``; ``[]`` when cancelled or nobody reports."""
    parts = unit_output.parts(db, year, unit_code=unit_code)
    if fmt == "pdf":
        parts = [
            Part(unit_output.blank_form_stem(year, sheet.unit), sheet)
            for part in parts
            if isinstance(sheet := part.model, unit_output.UnitSheet)
        ]
    folder.mkdir(parents=True, exist_ok=True)
    return batch.write(FORMATS[fmt](), parts, fmt, folder, progress=progress)
