"""Trend charts (issue 19 items 1 and 9): a year without data is a gap, never 0; the value
axis fitted to the data and the target; markers and values on the points; the Excel chart
titled once, straight lines, blanks shown as gaps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from reportlab.graphics.shapes import Circle, Line

from desktop.reports import monitoring_reports
from desktop.reports.chart_layout import nice_range
from desktop.reports.document import Chart
from desktop.reports.pdf.charts import line_drawing
from desktop.reports.pdf.fonts import FontSet
from desktop.reports.render_pdf import write_pdf
from desktop.reports.render_xlsx import write_xlsx
from tests.helpers.official import layout_text
from tests.reports.conftest import Township

GAPPED = Chart(
    "村委会成员中女性比例（%）",
    "line",
    ["2022", "2023", "2024", "2025"],
    [("村委会成员中女性比例", [31.0, 32.6, None, 33.4])],
    target=30.0,
    unit="%",
)


def _series_shapes(chart: Chart) -> tuple[list[Line], list[Circle]]:
    drawing = line_drawing(chart, FontSet.discover(), 480, 200)
    series = drawing.series0
    lines = [s for s in series.contents if isinstance(s, Line)]
    points = [s for s in series.contents if isinstance(s, Circle)]
    return lines, points


def test_a_missing_year_is_a_gap_not_zero() -> None:
    lines, points = _series_shapes(GAPPED)
    assert len(points) == 3  # 2022, 2023, 2025: no point for 2024
    assert len(lines) == 1  # 2022-2023 only: nothing into or out of the missing year
    lowest = min(p.cy for p in points)
    plot_floor = 40.0
    assert lowest > plot_floor  # no point drawn on the axis floor (the old "0")


def test_axis_fits_data_and_target() -> None:
    low, high, step = nice_range([31.0, 32.6, 33.4, 30.0])
    assert 25 <= low < 30
    assert 33.4 < high <= 40
    assert step in (1, 2, 5)
    assert nice_range([0.0, 0.0])[0] == 0.0


def test_trend_pdf_and_excel_of_an_indicator_with_a_missing_year(
    township: Township, tmp_path: Path
) -> None:
    report = monitoring_reports.trend(township.db, "T-H-01", years=[2024, 2025, 2026])
    [chart] = report.charts()
    assert chart.series[0][1] == [14.0, 10.0, None]
    pdf = tmp_path / "trend.pdf"
    write_pdf(pdf, report, FontSet.discover(), today=date(2026, 11, 30))
    text = layout_text(pdf)
    assert "14" in text
    assert "10" in text  # values printed at the points
    assert "目标 12" in text
    xlsx = tmp_path / "trend.xlsx"
    write_xlsx(xlsx, report)
    book = load_workbook(xlsx)
    [native] = book["图表"]._charts
    assert native.display_blanks == "gap"
    title = "".join(
        run.t for para in native.title.tx.rich.paragraphs for run in (para.r or []) if run.t
    )
    assert title == "孕产妇死亡率（1/10万）"  # the unit once
    first = native.series[0]
    assert first.smooth is False
    assert first.marker.symbol == "circle"
    assert first.dLbls.showVal
    assert native.y_axis.scaling.min is not None
    assert native.y_axis.scaling.min > 0  # fitted, not from 0
    sheet = book["图表"]
    years = [sheet.cell(r, 1).value for r in range(3, 6)]
    values = [sheet.cell(r, 2).value for r in range(3, 6)]
    assert years == ["2024", "2025", "2026"]
    assert values == [14, 10, None]  # an empty cell, not 0


def test_chart_values_carry_the_indicators_decimals(township: Township) -> None:
    from decimal import Decimal

    from desktop.store import indicators, monitoring

    element = next(
        e.id
        for e in indicators.elements(township.db)
        if e.indicator_id == township.indicators["T-H-02"]
    )
    monitoring.save_values(
        township.db,
        2025,
        township.units["镇卫生院"],
        [monitoring.ValueEntry(element, Decimal("98.56789"))],
    )
    report = monitoring_reports.trend(township.db, "T-H-02", years=[2024, 2025])
    assert report.charts()[0].series[0][1] == [99.2, 98.6]
