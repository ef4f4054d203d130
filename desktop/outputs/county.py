"""县级汇总 (``fulian export DB county``): 乡镇上报进度, township × indicator values with the
county totals, and the county's evaluation, as Excel or PDF (the catalogue's renderers)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from desktop.outputs import Part
from desktop.reports.document import Report
from desktop.reports.pdf.fonts import FontSet


class CountyOutput:
    key = "county"
    title = "乡镇上报汇总"
    formats: tuple[str, ...] = ("xlsx", "pdf")
    combinable = False

    def __init__(self, fonts: FontSet | None = None, today: date | None = None) -> None:
        self.fonts = fonts
        self.today = today

    def render(self, fmt: str, path: Path, models: Sequence[object]) -> None:
        (report,) = models
        assert isinstance(report, Report)
        if fmt == "xlsx":
            from desktop.reports.render_xlsx import write_xlsx

            write_xlsx(path, report, today=self.today)
        else:
            from desktop.reports.render_pdf import write_pdf

            write_pdf(path, report, self.fonts or FontSet.discover(), today=self.today)


def parts(report: Report, year: int) -> list[Part]:
    return [Part(f"{report.township}{year}年度乡镇上报汇总", report)]
