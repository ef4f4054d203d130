"""Exporting a report of the catalogue (or a register listing)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from desktop.forms.definition import FormDef
from desktop.operations import slow
from desktop.outputs import Progress, batch
from desktop.outputs import reports as report_output
from desktop.reports import catalog
from desktop.reports.pdf.fonts import FontSet
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
    formats = report_output.formats_for(request.key)
    if fmt not in formats:
        raise catalog.ReportError(f"格式应为 {' 或 '.join(formats)}")
    try:
        parts = report_output.parts(db, forms, request, fmt, today=today, progress=progress)
    except catalog.Cancelled:
        return None
    output = report_output.output_for(request.key, fonts=fonts, today=today)
    written = batch.write(output, parts, fmt, out)
    return written[0] if written else None
