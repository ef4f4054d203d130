"""县级汇总 (``fulian export DB county``): 乡镇上报进度, township × indicator values with the
county totals, and the county's evaluation: a ``Report``, so Excel or PDF by the catalogue's
renderers (``renderers``)."""

from __future__ import annotations

from desktop.outputs import Part
from desktop.outputs.renderers import DocumentOutput, formats_of
from desktop.reports.document import Report


class CountyOutput(DocumentOutput):
    key = "county"
    title = "乡镇上报汇总"
    formats = formats_of(Report)


def parts(report: Report, year: int) -> list[Part]:
    return [Part(f"{report.township}{year}年度乡镇上报汇总", report)]
