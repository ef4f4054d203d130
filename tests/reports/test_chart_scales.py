"""What the PDF's bar charts promise and a reader checks with a ruler: a value is as long a
bar on every page of a continued chart, values never print over each other, a stack with
no data says — (not 0), the legend stays on the drawing, line-chart ticks read as numbers.
Checked on the PDF written, by the word boxes pdftotext finds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from reportlab.lib.pagesizes import A4

from desktop.reports.chart_layout import bar_layout
from desktop.reports.document import Chart, Report, Section
from desktop.reports.pdf.base import MARGIN
from desktop.reports.pdf.fonts import FontSet
from desktop.reports.render_pdf import write_pdf
from desktop.reports.render_xlsx import write_xlsx
from tests.helpers.official import Word, page_words


def _report(*charts: Chart) -> Report:
    report = Report("charts", "图表检查", "青山镇", "2025年")
    report.sections = [Section("", list(charts))]
    return report


def _words(tmp_path: Path, *charts: Chart) -> list[list[Word]]:
    path = tmp_path / "charts.pdf"
    write_pdf(path, _report(*charts), FontSet.discover(), today=date(2026, 12, 1))
    return page_words(path)


def _lefts(pages: list[list[Word]], text: str) -> set[float]:
    return {round(w.x0, 1) for page in pages for w in page if w.text == text}


def test_continued_parts_share_one_axis(tmp_path: Path) -> None:
    """40 long names, then 40 short ones, all 50: every part's bars start at the same x and
    a 50 ends at the same x, on every page."""
    names = [f"某某镇中心卫生院妇女儿童之家{n}" for n in range(40)]
    names += [f"村{n}" for n in range(40)]
    chart = Chart("各单位次数", "bar", names, [("次数", [50.0] * 80)], unit="次")
    pages = _words(tmp_path, chart)
    assert sum(w.text == "各单位次数（续）" for page in pages for w in page) >= 2
    assert len(_lefts(pages, "0")) == 1  # the axis's 0: one x on every page
    assert len(_lefts(pages, "50")) == 2  # the tick 50 and every bar's value 50
    # 60 units, one far larger value in the second half: the same ticks on every page
    values = [10.0 + n for n in range(60)]
    values[45] = 1234.0
    many = Chart("另一图", "bar", [f"东岗村{n}" for n in range(60)], [("次数", values)])
    pages = _words(tmp_path, many)
    assert [w.text for w in pages[1]].count("另一图（续）") == 1
    for tick in ("0", "1,000"):  # on both pages, at one x
        assert [sum(w.text == tick for w in page) for page in pages] == [1, 1]
        assert len(_lefts(pages, tick)) == 1


def test_grouped_values_never_overlap(tmp_path: Path) -> None:
    values = ("1,234,567.8", "1,234,567.1", "1,234,566.0")
    series = [(name, [float(v.replace(",", ""))]) for name, v in zip("abc", values, strict=True)]
    chart = Chart("三组", "bar", ["甲"], series)
    [page] = _words(tmp_path, chart)
    found = [w for w in page if w.text in values]
    assert sorted(w.text for w in found) == sorted(values)
    for a in found:
        for b in found:
            if a is not b:
                assert a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0, (a, b)
    assert bar_layout(chart).horizontal  # too wide over three bars side by side: they lie down
    # short values over three bars of a few categories still stand
    few = Chart(
        "三组", "bar", ["甲", "乙", "丙", "丁"], [(n, [1.0, 12.0, 3.0, 45.0]) for n in "abc"]
    )
    assert not bar_layout(few).horizontal


def test_a_stack_without_data_says_so_and_excel_prints_no_zero(tmp_path: Path) -> None:
    chart = Chart(
        "分类", "stacked", ["甲", "乙", "丙"], [("a", [1.0, None, 2.0]), ("b", [3.0, None, None])]
    )
    [page] = _words(tmp_path, chart)
    assert [w.text for w in page].count("0") == 1  # the axis's 0 alone, no 0 over 乙
    [dash] = [w for w in page if w.text == "—"]
    [name] = [w for w in page if w.text == "乙"]
    assert abs((dash.x0 + dash.x1) / 2 - (name.x0 + name.x1) / 2) < 2  # over 乙
    path = tmp_path / "stacked.xlsx"
    write_xlsx(path, _report(chart))
    sheet = load_workbook(path)["图表"]
    [native] = sheet._charts
    assert [sheet.cell(4, c).value for c in (1, 2, 3)] == ["乙", None, None]
    for series in native.series:  # no label at all over 乙: no total, no 0
        hidden = {label.idx for label in series.dLbls.dLbl if not label.showVal}
        assert 1 in hidden


def test_legend_wraps_inside_the_drawing(tmp_path: Path) -> None:
    names = [f"某某镇中心卫生院系列{n}" for n in range(1, 9)]
    chart = Chart("八个系列", "bar", ["甲", "乙"], [(name, [1.0, 2.0]) for name in names])
    [page] = _words(tmp_path, chart)
    left, right = MARGIN, A4[0] - MARGIN
    for name in names:
        [word] = [w for w in page if w.text == name]
        assert left - 1 <= word.x0, word
        assert word.x1 <= right + 1, word
    rows = sorted({round(w.y0) for w in page if w.text in names})
    assert len(rows) > 1
    [title] = [w for w in page if w.text == "八个系列"]
    assert all(title.y1 <= y for y in rows)
    plot = min(w.y0 for w in page if w.text in ("0", "1", "2", "甲", "乙"))
    assert max(rows) < plot  # the legend's lines above the plot, their height reserved


def test_line_chart_ticks_are_printed_like_the_values(tmp_path: Path) -> None:
    chart = Chart("金额", "line", ["2023年", "2024年", "2025年"], [("金额", [1e6, 2e6, 3.5e6])])
    [page] = _words(tmp_path, chart)
    texts = [w.text for w in page]
    assert not any("e+" in t for t in texts), texts
    assert "1,000,000" in texts
