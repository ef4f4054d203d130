"""Exporting a report of the catalogue (or a register listing), and the assessment weights."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from desktop.domain.assessment import Weights
from desktop.forms.definition import FormDef
from desktop.operations import Area, Changes, slow
from desktop.outputs import Progress, batch
from desktop.outputs import reports as report_output
from desktop.reports import catalog
from desktop.reports.pdf.fonts import FontSet
from desktop.store import assessment
from desktop.store.database import Database


@slow
def export_report(
    db: Database,
    forms: Sequence[FormDef],
    request: catalog.Request,
    fmt: str,
    out: Path,
    *,
    fonts: FontSet | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> Path | None:
    """Write the report to ``out`` (a folder: a file named after the report). None: cancelled.
    Reads only: ``fulian export`` opens the database read-only."""
    if fmt not in catalog.FORMATS:
        raise catalog.ReportError(f"格式应为 {' 或 '.join(catalog.FORMATS)}")
    output = report_output.output_for(request, fonts=fonts, today=today, progress=progress)
    try:
        written = batch.write(output, report_output.parts(db, forms, request), fmt, out)
    except catalog.Cancelled:
        return None
    return written[0] if written else None


def save_weights(db: Database, weights: Weights) -> Changes:
    """The assessment's weights (ValueError with the clerk's message when they are wrong)."""
    assessment.save_weights(db, weights)
    return Changes.of(Area.ASSESSMENT)
