"""A report's headings and short tables are not split from what they introduce: a section
heading or a table's title never stands alone at a page's foot, and a table of a few rows is
printed whole on one page (a 风险等级 table left its 红 row behind). Read back per page with
pdftotext."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.reports.document import Cell, Col, Report, Section, Table
from desktop.reports.pdf.fonts import FontSet
from desktop.reports.render_pdf import write_pdf
from tests.helpers.official import layout_text


def _table(title: str, rows: int, tag: str) -> Table:
    return Table(
        title,
        [Col("类别", 20), Col("数量", 8, numeric=True)],
        [[Cell(f"{tag}{n}"), Cell(str(n))] for n in range(1, rows + 1)],
    )


def _pages(tmp_path: Path, filler: int, section: Section) -> list[str]:
    """A first section of ``filler`` rows, then ``section``: page texts without spaces."""
    report = Report("statistics", "分页", "青山镇", "全部记录")
    report.sections.append(Section("信访台账（60 条）", [_table("信访台账·渠道", filler, "填充")]))
    report.sections.append(section)
    path = tmp_path / f"r{filler}.pdf"
    write_pdf(path, report, FontSet.discover(), today=date(2026, 12, 1))
    return [page.replace(" ", "") for page in layout_text(path).split("\f")]


@pytest.mark.parametrize("filler", range(20, 34))  # the second section starts lower each time
def test_a_heading_and_a_short_table_stay_together(tmp_path: Path, filler: int) -> None:
    pages = _pages(
        tmp_path, filler, Section("婚姻家庭纠纷（40 条）", [_table("风险等级", 4, "风险")])
    )
    [page] = [p for p in pages if "婚姻家庭纠纷（40条）" in p]
    assert "风险等级" in page
    assert all(f"风险{n}" in page for n in range(1, 5))  # the whole table with its heading


def test_a_short_table_taller_than_half_a_page_starts_where_it_stands(tmp_path: Path) -> None:
    """Ten rows of long definitions (the 指标解释手册) are split from where they start: kept
    together they left the report's first page blank."""
    long = "统计期内本乡镇户籍及常住孕产妇中死亡人数，以及同期活产数。" * 6
    rows = [[Cell(f"W-H-0{n}"), Cell(long)] for n in range(10)]
    table = Table("妇女发展规划", [Col("编码", 8), Col("定义", 60)], rows)
    report = Report("indicators", "指标解释", "青山镇", "乡镇填报指标")
    report.sections.append(Section("妇女发展规划", [table]))
    path = tmp_path / "handbook.pdf"
    write_pdf(path, report, FontSet.discover(), today=date(2026, 12, 1))
    first = layout_text(path).split("\f")[0].replace(" ", "")
    assert "妇女发展规划" in first
    assert "W-H-00" in first
