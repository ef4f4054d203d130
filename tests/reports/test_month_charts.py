"""More than 12 months as a time series: standing columns left to right on a two-level time
axis (the month under each column, each year once below its months), in the PDF and as
Excel's multi-level category axis. Checked on the files written: pdftotext for the PDF,
openpyxl and LibreOffice for the workbook."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from desktop.reports.chart_layout import bar_layout
from desktop.reports.document import Chart, Col, Report, Section, Table, text
from desktop.reports.pdf.fonts import FontSet
from desktop.reports.render_pdf import write_pdf
from desktop.reports.render_xlsx import write_xlsx
from tests.helpers.official import layout_text, soffice_pdf

#: 2024-02 … 2026-11, as the demo's 信访台账 runs: 11 months of 2024, 12 of 2025, 11 of 2026
MONTHS = [f"{2024 + (n + 1) // 12}-{(n + 1) % 12 + 1:02d}" for n in range(34)]
COUNTS = [float((n * 7) % 6) for n in range(34)]  # 0 … 5, some months empty
SHORT = ["2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", *map(str, range(1, 13))]
SHORT += [str(m) for m in range(1, 12)]


def _months(title: str = "信访台账按月数量", names: list[str] = MONTHS) -> Chart:
    return Chart(title, "bar", names, [("数量", COUNTS[: len(names)])], unit="条")


def _report(*blocks: Chart | Table) -> Report:
    report = Report("charts", "图表检查", "青山镇", "全部记录")
    report.sections = [Section("", list(blocks))]
    return report


def _pdf(report: Report, path: Path) -> tuple[int, str]:
    pages = write_pdf(path, report, FontSet.discover(), today=date(2026, 12, 1))
    printed = layout_text(path)
    return pages, printed


def test_layout_puts_many_months_on_a_time_axis() -> None:
    layout = bar_layout(_months())
    assert layout.timeline
    assert not layout.horizontal
    assert [label for (label,) in layout.labels] == SHORT  # 48 units / 34: no room for 2月
    assert [(y.text, y.first, y.count) for y in layout.years] == [
        ("2024年", 0, 11),
        ("2025年", 11, 12),
        ("2026年", 23, 11),
    ]
    twenty = bar_layout(_months(names=MONTHS[:20]))
    assert twenty.labels[0] == ("2月",)  # room enough: the month with 月
    chinese = [f"{m[:4]}年{int(m[5:])}月" for m in MONTHS]
    assert bar_layout(_months(names=chinese)).years == layout.years


def test_layout_keeps_few_months_and_names_as_they_were() -> None:
    eight = bar_layout(_months(names=MONTHS[:8]))
    assert not eight.timeline
    assert not eight.horizontal
    assert eight.labels[0] == ("2024-02",)
    units = [f"东岗村第{n}村民小组" for n in range(34)]
    named = bar_layout(_months(names=units))
    assert not named.timeline
    assert named.horizontal  # a list of units still lies down, a row a name
    mixed = bar_layout(_months(names=[*MONTHS[:33], "合计"]))
    assert not mixed.timeline


def test_layout_lays_months_down_when_their_values_cannot_stand_over_them() -> None:
    wide = Chart("按月金额", "bar", MONTHS, [("金额", [123456.5] * 34)], unit="元")
    layout = bar_layout(wide)
    assert not layout.timeline
    assert layout.horizontal  # every value readable beside its bar instead


def test_pdf_prints_months_side_by_side_and_each_year_once(tmp_path: Path) -> None:
    _pages, printed = _pdf(_report(_months()), tmp_path / "months.pdf")
    for year in ("2024年", "2025年", "2026年"):  # not 报告日期：2026年12月1日
        assert len(re.findall(rf"{year}(?!\d)", printed)) == 1, year
    lines = printed.splitlines()
    # the 34 months on one line, left to right, the years on the line under it in order
    [axis] = [n for n, line in enumerate(lines) if line.split() == SHORT]
    assert re.search(r"2024年\s+2025年\s+2026年", lines[axis + 1])
    assert "2024-02" not in printed  # no row of lying bars
    assert "单位：条" in printed
    values = " ".join(lines[:axis]).split()
    for value in sorted(set(COUNTS)):  # every value printed over its column
        shown = f"{value:.0f}"
        assert values.count(shown) >= COUNTS.count(value), shown


def test_month_charts_share_pages_where_lying_bars_took_one_each(tmp_path: Path) -> None:
    table = Table("信访台账·按月", [Col("月份", 10), Col("数量", 8, numeric=True)])
    table.rows = [[text(m), text(f"{v:.0f}")] for m, v in zip(MONTHS, COUNTS, strict=True)]
    charts = [_months(f"台账{n}按月数量") for n in range(3)]
    standing, _printed = _pdf(_report(table, *charts), tmp_path / "standing.pdf")
    # the same data under names that are not months: bars lie down, a row a category
    names = [f"第{n + 1}期" for n in range(34)]
    lying = [_months(f"台账{n}按期数量", names) for n in range(3)]
    laid, _printed = _pdf(_report(table, *lying), tmp_path / "lying.pdf")
    assert standing <= 2
    assert laid >= standing + 2


def test_xlsx_chart_is_columns_on_a_two_level_category_axis(tmp_path: Path) -> None:
    path = tmp_path / "months.xlsx"
    write_xlsx(path, _report(_months()))
    sheet = load_workbook(path)["图表"]
    [native] = sheet._charts
    assert native.type == "col"
    assert native.x_axis.noMultiLvlLbl is False
    [series] = native.series
    assert series.cat.multiLvlStrRef.f == "'图表'!$A$3:$B$36"  # year and month columns
    assert series.val.numRef.f == "'图表'!$C$3:$C$36"
    assert [sheet.cell(2, c).value for c in (1, 2, 3)] == ["年份", "月份", "数量"]
    years = [sheet.cell(r, 1).value for r in range(3, 37)]
    assert {r: y for r, y in enumerate(years) if y} == {0: "2024年", 11: "2025年", 23: "2026年"}
    assert [sheet.cell(r, 2).value for r in range(3, 37)] == SHORT
    assert [sheet.cell(r, 3).value for r in range(3, 37)] == COUNTS
    assert native.x_axis.txPr.bodyPr.rot == 0  # months level


def test_xlsx_time_axis_renders_in_libreoffice(tmp_path: Path) -> None:
    path = tmp_path / "months.xlsx"
    write_xlsx(path, _report(_months()))
    printed = layout_text(soffice_pdf(path))
    # each year twice: in the data's 年份 column and once under its months in the chart
    # (LibreOffice sets a space between 2024 and 年)
    for year in ("2024", "2025", "2026"):
        assert len(re.findall(rf"{year} ?年(?!\d)", printed)) == 2, year
    # the chart's years on one line, level, in order
    assert re.search(r"2024 ?年\s+2025 ?年\s+2026 ?年", printed)
