"""The reports catalogue (summary tables, warnings, trends, completeness, assessment,
statistics, the year's pack) and register listings as outputs of the pipeline.

The document model is ``catalog.Request``: the catalogue builds its ``Report`` documents and
renders them (xlsx / pdf) in one go, so a large pack can be cancelled between its reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.forms.definition import FormDef
from desktop.outputs import Part, Progress
from desktop.reports import catalog
from desktop.reports.pdf.fonts import FontSet
from desktop.store.database import Database


@dataclass(frozen=True)
class ReportJob:
    db: Database
    forms: tuple[FormDef, ...]
    request: catalog.Request


class ReportOutput:
    """One report of the catalogue."""

    key = "report"
    title = "报表"
    combinable = False
    formats: tuple[str, ...] = catalog.FORMATS

    def __init__(
        self,
        *,
        fonts: FontSet | None = None,
        today: date | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.fonts = fonts
        self.today = today
        self.progress = progress

    def render(self, fmt: str, path: Path, models: Sequence[object]) -> None:
        for job in models:
            assert isinstance(job, ReportJob)
            catalog.export(
                job.db,
                job.forms,
                job.request,
                fmt,
                path,
                fonts=self.fonts,
                today=self.today,
                progress=self.progress,
            )


class RegisterListingOutput(ReportOutput):
    """A register's records as a list (``register:FORM``; personal data masked)."""

    key = "register_listing"
    title = "台账清单"


class AssessmentOutput(ReportOutput):
    """年度考核: the scoring tables (Excel) or the 考核通报 in official layout (PDF, Word)."""

    key = "assessment"
    title = "年度考核评分"
    formats = catalog.OFFICIAL_FORMATS["assessment"]


class MonitoringReportOutput(ReportOutput):
    """统计监测报告: the year's narrative in official layout (PDF, or Word to finish)."""

    key = "monitoring_report"
    title = "统计监测报告"
    formats = catalog.OFFICIAL_FORMATS["monitoring-report"]


class ReturnOutput(ReportOutput):
    """A return to the county federation made from the registers for a period (no personal
    data: it prints without the password)."""

    key = "register_return"
    title = "报县妇联报表"


class PetitionReturnOutput(ReturnOutput):
    key = "petition-return"
    title = "信访统计表"


class DisputeReturnOutput(ReturnOutput):
    key = "dispute-return"
    title = "矛盾纠纷排查化解月报"


RETURNS: dict[str, type[ReturnOutput]] = {
    cls.key: cls for cls in (PetitionReturnOutput, DisputeReturnOutput)
}


def output_for(
    request: catalog.Request,
    *,
    fonts: FontSet | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ReportOutput:
    cls: type[ReportOutput] = ReportOutput
    if request.key == "register":
        cls = RegisterListingOutput
    elif request.key == "assessment":
        cls = AssessmentOutput
    elif request.key == "monitoring-report":
        cls = MonitoringReportOutput
    elif request.key in RETURNS:
        cls = RETURNS[request.key]
    return cls(fonts=fonts, today=today, progress=progress)


def parts(db: Database, forms: Sequence[FormDef], request: catalog.Request) -> list[Part]:
    return [Part(request.file_stem(), ReportJob(db, tuple(forms), request))]
