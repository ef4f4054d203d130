"""The reports catalogue (summary tables, warnings, trends, completeness, assessment,
statistics, the year's pack, register listings) as outputs of the pipeline.

``document`` builds the request's document model for a format (reads only): a
``document.Report``, the year's ``Pack``, the 考核通报 as an ``OfficialDoc`` (PDF, Word) or a
``RegisterListing``; the renderers of those models write it (``renderers``). The formats a
report offers are the formats its model has renderers for (``formats_for``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from desktop.outputs import Part, Progress
from desktop.outputs import register_listing as listing_output
from desktop.outputs.renderers import DocumentOutput, formats_of
from desktop.reports.document import Pack, Report
from desktop.reports.official_doc import OfficialDoc

if TYPE_CHECKING:
    from desktop.forms.definition import FormDef
    from desktop.reports import catalog
    from desktop.reports.pdf.fonts import FontSet
    from desktop.store.database import Database


def formats_for(key: str) -> tuple[str, ...]:
    """The formats of the catalogue's report ``key``."""
    if key == "register":
        return formats_of(listing_output.RegisterListing)
    if key == "assessment":  # the scoring tables in Excel, the 考核通报 otherwise
        return ("xlsx", *formats_of(OfficialDoc))
    if key == "monitoring-report":
        return formats_of(OfficialDoc)
    if key == "summary":
        return formats_of(Pack)
    return formats_of(Report)


class ReportOutput(DocumentOutput):
    """One report of the catalogue (one file: reports are not combined)."""

    key = "report"
    title = "报表"
    formats = tuple(
        dict.fromkeys((*formats_of(Report), *formats_of(Pack), *formats_of(OfficialDoc)))
    )


class MonitoringReportOutput(DocumentOutput):
    """统计监测报告: the year's narrative draft in official layout (PDF, or Word to finish)."""

    key = "monitoring_report"
    title = "统计监测报告"
    formats = formats_for("monitoring-report")


class ReturnOutput(DocumentOutput):
    """A return to the county federation made from the registers for a period (no personal
    data: it prints without the password)."""

    key = "register_return"
    title = "报县妇联报表"
    formats = formats_of(Report)


class PetitionReturnOutput(ReturnOutput):
    key = "petition-return"
    title = "信访统计表"


class DisputeReturnOutput(ReturnOutput):
    key = "dispute-return"
    title = "矛盾纠纷排查化解月报"


#: reports of the catalogue with an output of their own in the registry (by catalogue key);
#: every other report is written by ``ReportOutput``
OWN_OUTPUT: dict[str, type[DocumentOutput]] = {
    "register": listing_output.RegisterListingOutput,
    "monitoring-report": MonitoringReportOutput,
    "petition-return": PetitionReturnOutput,
    "dispute-return": DisputeReturnOutput,
}


def output_for(
    key: str, *, fonts: FontSet | None = None, today: date | None = None
) -> DocumentOutput:
    """The output that writes the catalogue's report ``key``."""
    return OWN_OUTPUT.get(key, ReportOutput)(fonts=fonts, today=today)


def document(
    db: Database,
    forms: Sequence[FormDef],
    request: catalog.Request,
    fmt: str,
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> object:
    """The model the request's ``fmt`` file is rendered from (``catalog.Cancelled`` when
    ``progress`` says stop while the year's pack is assembled)."""
    from desktop.reports import catalog  # the report builders: only when one is made
    from desktop.store import profile

    key = request.key
    if key == "register":
        return listing_output.from_database(db, forms, request.argument, *catalog.period(request))
    if key == "monitoring-report":
        return catalog.narrative(db, request, today or date.today())
    if key == "assessment" and fmt != "xlsx":
        return catalog.bulletin(db, forms, catalog.year_of(db, request), today or date.today())
    reports = catalog.build(db, forms, request, progress)
    if key == "summary":
        year = catalog.year_of(db, request)
        return Pack(f"{year}年度妇女儿童工作汇总", profile.load(db).township, reports)
    return reports[0]


def parts(
    db: Database,
    forms: Sequence[FormDef],
    request: catalog.Request,
    fmt: str,
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> list[Part]:
    model = document(db, forms, request, fmt, today=today, progress=progress)
    return [Part(request.file_stem(), model)]
