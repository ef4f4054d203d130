"""The 图表 sheet prints each chart whole on a page: a chart that would cross a page starts
on the next one, lying bars taller than a page continue in a chart on each following page
(``（续）``). Checked on the workbook read back: its margins, row heights, breaks and the
charts' anchors and sizes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from reportlab.lib.pagesizes import A4

from desktop.reports.document import Chart, Report, Section
from desktop.reports.render_xlsx import write_xlsx

EMU_PER_PT = 12700


def _report(*charts: Chart) -> Report:
    report = Report("charts", "图表检查", "青山镇", "2025年")
    report.sections = [Section("", list(charts))]
    return report


def _charts() -> list[Chart]:
    states = ["未填报", "已填报", "已确认"]
    few = Chart("各状态单位数", "bar", states, [("单位数", [3.0, 10.0, 2.0])])
    long = [f"某某镇中心卫生院妇女儿童之家{n}" for n in range(14)]  # wrapped: taller rows
    many = [f"东岗村{n}" for n in range(60)]
    line = Chart("历年比例", "line", ["2023年", "2024年", "2025年"], [("比例", [30.0, 32.5, 35.0])])
    return [
        few,
        Chart("长名称", "bar", long, [("次数", [float(n) for n in range(14)])]),
        few,
        line,
        Chart("各村次数", "bar", many, [("次数", [float(n) for n in range(60)])]),
        few,
    ]


def _where(sheet: Any, room: float) -> dict[int, tuple[int, float]]:
    """Each row's page and its top on that page, as a spreadsheet breaks them."""
    breaks = {b.id for b in sheet.row_breaks.brk}
    page, used, where = 1, 0.0, {}
    for row in range(1, sheet.max_row + 300):
        height = sheet.row_dimensions[row].height or 15.0
        if used > 0 and used + height > room:
            page, used = page + 1, 0.0
        where[row] = (page, used)
        used += height
        if row in breaks:
            page, used = page + 1, 0.0
    return where


def _title(native: Any) -> str:
    return "".join(r.t for p in native.title.tx.rich.paragraphs for r in (p.r or []) if r.t)


def test_every_chart_prints_whole_on_one_page(tmp_path: Path) -> None:
    path = tmp_path / "charts.xlsx"
    write_xlsx(path, _report(*_charts()))
    sheet = load_workbook(path)["图表"]
    margins = sheet.page_margins
    assert sheet.page_setup.orientation == "landscape"
    room = A4[0] - (margins.top + margins.bottom) * 72  # about 30 rows of 15 points
    where = _where(sheet, room)
    titles = [_title(native) for native in sheet._charts]
    pages = []
    for native, title in zip(sheet._charts, titles, strict=True):
        top = native.anchor._from.row + 1
        height = native.anchor.ext.height / EMU_PER_PT
        page, at = where[top]
        assert at + height <= room + 0.5, (title, at, height, room)
        if title.endswith("（续）"):
            assert at == 0, title  # a continued part starts its page
        pages.append(page)
    assert pages == sorted(pages)
    assert titles.count("各村次数（续）") >= 1  # 60 names: taller than a page
    assert titles.count("长名称") == 1
    # the parts of 各村次数 show every name once, in order
    parts = [n for n, t in zip(sheet._charts, titles, strict=True) if t.startswith("各村次数")]
    refs = [part.series[0].cat.numRef or part.series[0].cat.strRef for part in parts]
    rows = [r.f.split("$")[-1] for r in refs]
    firsts = [int(r.f.split("$")[2].split(":")[0]) for r in refs]
    assert firsts == sorted(firsts)
    assert int(rows[-1]) - firsts[0] + 1 == 60
