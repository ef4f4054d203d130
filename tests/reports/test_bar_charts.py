"""Bar charts as a statistics report prints them: one layout for the PDF and Excel (bars lie
down for long names or many categories), names level and whole, each value once at its bar
in the chart's decimals, round axis steps, 无数据 for an empty chart, one 无 row for an empty
table. Checked on the files written: pdftotext for the PDF, openpyxl and LibreOffice for
the workbook."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from desktop.reports.chart_layout import bar_axis, bar_layout, units, wrap
from desktop.reports.document import Chart, Col, Report, Section, Table, text
from desktop.reports.pdf.fonts import FontSet
from desktop.reports.render_pdf import write_pdf
from desktop.reports.render_xlsx import write_xlsx
from tests.helpers.official import layout_text, soffice_pdf

KINDS = ("某某镇中心卫生院", "某某村民委员会", "东岗村")
#: 60 units, names up to 10 CJK units; every value distinct, one decimal
MANY = [f"{KINDS[i % 3]}{i + 1}" for i in range(60)]
MANY_VALUES = [10 + i + (i % 9 + 1) / 10 for i in range(60)]
FEW = ["未填报", "已填报", "已确认", "逾期"]


def _many() -> Chart:
    return Chart("各单位妇女议事会次数", "bar", MANY, [("次数", MANY_VALUES)], unit="次")


def _few() -> Chart:
    return Chart("各状态单位数", "bar", FEW, [("单位数", [3.0, 10.0, 22.0, 0.0])], unit="个")


def _report(*blocks: Chart | Table) -> Report:
    report = Report("charts", "图表检查", "青山镇", "2025年")
    report.sections = [Section("", list(blocks))]
    return report


def _pdf_text(report: Report, tmp_path: Path) -> str:
    path = tmp_path / "charts.pdf"
    write_pdf(path, report, FontSet.discover(), today=date(2026, 12, 1))
    return layout_text(path)


def _count(word: str, text: str) -> int:
    """How often ``word`` stands whole in ``text`` (``某某村民委员会2`` is not in ``…20``,
    ``10.1`` not in ``110.1``)."""
    return len(re.findall(rf"(?<![\d.,]){re.escape(word)}(?![\d.])", text))


def test_layout_lies_down_for_many_or_long_names_and_stands_for_few_short_ones() -> None:
    assert bar_layout(_many()).horizontal
    assert not bar_layout(_few()).horizontal
    long = ["某某镇中心卫生院妇女儿童之家", "某某村民委员会妇女议事会", "派出所", "司法所"]
    assert bar_layout(Chart("长名称", "bar", long, [("次数", [1.0, 2.0, 3.0, 4.0])])).horizontal
    twelve_months = [f"2025-{m:02d}" for m in range(1, 13)]
    months = Chart("按月数量", "bar", twelve_months, [("数量", [float(m) for m in range(12)])])
    layout = bar_layout(months)
    assert not layout.horizontal
    assert all(label == (month,) for label, month in zip(layout.labels, twelve_months, strict=True))


def test_names_wrap_whole_and_balanced() -> None:
    name = "某某镇中心卫生院妇女儿童之家"
    lines = wrap(name, 12)
    assert "".join(lines) == name  # nothing cut
    assert all(units(line) <= 12 for line in lines)
    assert lines == ("某某镇中心卫生", "院妇女儿童之家")  # balanced, not 12 + 2
    assert "2025-03" in wrap("截至2025-03月", 4)  # a number is never split at a break
    names = [name, *(f"司法所{n}" for n in range(12))]
    layout = bar_layout(Chart("长名称", "bar", names, [("次数", [1.0] * 13)]))
    assert layout.horizontal
    assert layout.labels[0] == lines  # beside a lying bar, in a column 12 units wide
    assert layout.labels[1] == ("司法所0",)


def test_axis_ends_on_a_round_step() -> None:
    axis = bar_axis(548, whole=True)
    assert (axis.maximum, axis.step) == (600, 100)
    assert bar_axis(3, whole=True).ticks() == [0, 1, 2, 3]  # counts: no 0.5 ticks
    assert bar_axis(99.2).maximum == 100
    assert bar_axis(0.3).decimals == 2  # ticks of 0.05


def test_decimals_from_the_data_unless_given() -> None:
    assert _few().places == 0
    assert Chart("比例", "bar", ["甲"], [("比例", [98.5])]).places == 1
    assert Chart("比例", "bar", ["甲"], [("比例", [98.0])], decimals=2).places == 2


def test_pdf_prints_every_name_and_value_once_and_level(tmp_path: Path) -> None:
    text = _pdf_text(_report(_many(), _few()), tmp_path)
    for name in MANY:
        assert _count(name, text) == 1, name
    for value in MANY_VALUES:
        assert _count(f"{value:.1f}", text) == 1, value
    # standing bars for four short names: the names side by side on one line, not turned
    assert any(all(name in line for name in FEW) for line in text.splitlines())
    for shown in ("3", "10", "22", "0"):
        assert any(re.search(rf"(^|\s){shown}(\s|$)", line) for line in text.splitlines())
    assert "单位：次" in text
    assert "单位：个" in text
    assert "各单位妇女议事会次数（续）" in text  # 60 rows: continued on the next page


def test_pdf_prints_the_charts_decimals(tmp_path: Path) -> None:
    chart = Chart("达标率", "bar", ["东岗村", "西岭村"], [("达标率", [87.25, 90.0])], decimals=1)
    text = _pdf_text(_report(chart), tmp_path)
    assert _count("87.3", text) == 1  # half up, as the tables round
    assert _count("90.0", text) == 1
    chart.decimals = 2
    text = _pdf_text(_report(chart), tmp_path)
    assert _count("87.25", text) == 1
    assert _count("90.00", text) == 1


def test_empty_chart_says_no_data_without_axes(tmp_path: Path) -> None:
    empty = Chart("没有记录的图表", "bar", [], [("数量", [])], unit="条")
    text = _pdf_text(_report(empty), tmp_path)
    assert "没有记录的图表" in text
    assert text.count("无数据") == 1
    assert "单位：条" not in text  # no axes, no unit
    assert not re.search(r"(^|\s)0(\s|$)", text.split("没有记录的图表")[1])


def test_xlsx_charts_follow_the_layout(tmp_path: Path) -> None:
    rates = Chart("达标率", "bar", ["东岗村", "西岭村"], [("达标率", [87.25, 90.0])], decimals=1)
    empty = Chart("没有记录的图表", "bar", [], [("数量", [])])
    path = tmp_path / "charts.xlsx"
    write_xlsx(path, _report(_many(), _few(), rates, empty))
    sheet = load_workbook(path)["图表"]
    *parts, few, rated = sheet._charts  # the empty chart has none
    many = parts[0]  # 60 names: taller than a page, continued in further charts
    assert len(parts) > 1
    assert all(part.type == "bar" for part in parts)  # lying bars
    assert few.type == "col"
    assert rated.type == "col"
    assert sum(p.anchor.ext.height for p in parts) > 3 * few.anchor.ext.height  # a row per name
    assert many.x_axis.scaling.orientation == "maxMin"  # the first name on top
    for native, code in ((many, "#,##0.0"), (few, "#,##0"), (rated, "#,##0.0")):
        [series] = native.series
        assert series.dLbls.showVal
        assert series.dLbls.numFmt == code
        assert native.x_axis.txPr.bodyPr.rot == 0  # names level
        assert native.x_axis.delete is False
        assert native.y_axis.scaling.min == 0
    assert few.y_axis.scaling.max == 25
    assert few.y_axis.majorUnit == 5
    title = "".join(
        run.t for para in few.y_axis.title.tx.rich.paragraphs for run in (para.r or []) if run.t
    )
    assert title == "单位：个"
    texts = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "无数据" in texts
    # each data table's headings: the names' column as text, a value column's over its figures
    heads = [row for row in sheet.iter_rows() if row[0].value == "类别"]
    assert heads
    for row in heads:
        assert row[0].alignment.horizontal is None
        assert row[1].value
        assert row[1].alignment.horizontal == "right"


def test_xlsx_chart_opens_in_libreoffice(tmp_path: Path) -> None:
    path = tmp_path / "charts.xlsx"
    write_xlsx(path, _report(_few()))
    printed = layout_text(soffice_pdf(path))
    # each name twice: in the chart's data and under its bar in the drawn chart
    assert all(printed.count(name) == 2 for name in FEW)
    assert any(all(name in line for name in FEW) for line in printed.splitlines())
    assert "单位：个" in printed


def test_an_empty_table_prints_one_none_row_everywhere(tmp_path: Path) -> None:
    empty = Table("空表", [Col("名称", 10), Col("数量", 6, numeric=True)])
    other = Table("另一表", [Col("名称", 10)], [[text("东岗村")]])
    pdf = _pdf_text(_report(empty), tmp_path)
    lines = [line.split() for line in pdf.splitlines() if line.strip()]
    header = lines.index(["名称", "数量"])
    assert lines[header + 1] == ["无"]
    alone = tmp_path / "alone.xlsx"
    write_xlsx(alone, _report(empty))
    sheet = load_workbook(alone)["空表"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["名称", "数量"], ["无", None]]
    stacked = tmp_path / "stacked.xlsx"
    write_xlsx(stacked, _report(other, empty))  # small tables of a section share a sheet
    book = load_workbook(stacked)
    [name] = book.sheetnames
    rows = [[c.value for c in row] for row in book[name].iter_rows()]
    header = rows.index(["名称", "数量"])
    assert rows[header + 1] == ["无", None]
    assert [r[0] for r in rows].count("无") == 1
