"""Report pages as they print (issue 19 items 8 and 11-15), on the hand-made township."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.reports import catalog, monitoring_reports, progress_reports
from desktop.reports.document import STATUS_COLOURS, Table
from desktop.reports.pdf.fonts import FontSet
from desktop.reports.register_reports import all_months
from desktop.reports.render_pdf import write_pdf
from desktop.reports.render_xlsx import write_xlsx
from tests.forms.helpers import bundled
from tests.helpers.official import layout_text, soffice_pdf
from tests.reports.conftest import Township


def _texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def test_warnings_coloured_counted_ordered_and_unbroken(township: Township, tmp_path: Path) -> None:
    report = monitoring_reports.warnings(township.db, 2025)
    [table] = report.tables()
    titles = [c.title for c in table.columns]
    assert titles.index("上年") < titles.index("本年")  # as in the summary
    rows = _texts(table)
    assert rows[0][4:6] == ["99.2", "98.5"]  # 上年, 本年
    flags = [row[6] for row in table.rows]
    assert all(cell.status != "met" for cell in flags)  # never green
    # the counts stated add up to the total stated
    match = re.search(r"共 (\d+) 项预警：(.*?)[（。]", table.note)
    assert match is not None
    stated = sum(int(n) for n in re.findall(r"(\d+) 项", match.group(2)))
    assert stated == int(match.group(1)) == len(table.rows)
    pdf = tmp_path / "w.pdf"
    write_pdf(pdf, report, FontSet.discover(), today=date(2026, 11, 30))
    layout = layout_text(pdf)
    assert "99%以上（期末）" in layout.replace(" ", "")
    assert re.search(r"领域\s+指标\s+单位\s+目标\s+上年\s+本年", layout)  # 98.5 of what: %
    assert any("（期末）" in line for line in layout.splitlines())  # on one line, not split
    assert "warning" in STATUS_COLOURS


def test_report_workbooks_have_borders_and_signed_changes(
    township: Township, tmp_path: Path
) -> None:
    report = monitoring_reports.monitoring_summary(township.db, 2025)
    path = tmp_path / "m.xlsx"
    write_xlsx(path, report)
    sheet = load_workbook(path)["妇女发展规划"]
    assert sheet["A1"].border.left.style == "thin"
    assert sheet["J3"].border.bottom.style == "thin"
    change = sheet["H2"]  # T-H-01: 14 → 10, a change of -4.0
    assert change.value == -4.0
    assert change.number_format.startswith("+")  # positive changes print with a + sign


def test_summary_has_trends_statistics_year_and_empty_months(
    township: Township, tmp_path: Path
) -> None:
    forms = bundled()
    pack = catalog.build(township.db, forms.forms, catalog.Request("summary", year=2025))
    titles = [r.title for r in pack]
    assert "指标变化趋势" in titles
    trend = next(r for r in pack if r.title == "指标变化趋势")
    assert trend.charts()
    statistics = pack[-1]
    assert statistics.title == "2025年度工作台账统计"
    months = all_months([("2025-03", 2), ("2025-05", 1)], "2025-01-01", "2025-12-31")
    assert len(months) == 12
    assert months[1] == ("2025-02", 0)
    assert months[2] == ("2025-03", 2)
    assert all_months([("2025-11", 1), ("2026-02", 3)], None, None) == [
        ("2025-11", 1),
        ("2025-12", 0),
        ("2026-01", 0),
        ("2026-02", 3),
    ]
    completeness = progress_reports.completeness(township.db, 2025, today=date(2026, 11, 29))
    assert completeness.tables()


def test_reminder_notice_is_its_own_portrait_page(township: Township, tmp_path: Path) -> None:
    report = progress_reports.completeness(township.db, 2025, today=date(2026, 11, 29))
    pdf = tmp_path / "c.pdf"
    write_pdf(pdf, report, FontSet.discover(), today=date(2026, 11, 29))
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "20", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", info)
    pages = [
        subprocess.run(
            ["pdftotext", "-f", n, "-l", n, "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n, _w, _h in sizes
    ]
    notice = next(i for i, page in enumerate(pages) if "催报单" in page and "贵单位" in page)
    _n, width, height = sizes[notice]
    assert float(width) < float(height)  # portrait
    text = pages[notice]
    assert "第" not in text.replace("第一", "")  # no "第 X 页 共 Y 页"
    assert "青山镇 ·" not in text  # no report header
    lines = text.splitlines()
    body = next(line for line in lines if "贵单位" in line)
    addressee = next(line for line in lines if line.strip().startswith("东岗村"))
    assert len(body) - len(body.lstrip()) > len(addressee) - len(addressee.lstrip())  # indented
    date_line = next(line for line in lines if "2026年11月29日" in line)
    assert len(date_line) - len(date_line.lstrip()) > 15  # on the right
    report_pages = [p for i, p in enumerate(pages) if i != notice]
    total = len(report_pages)
    assert f"共 {total} 页" in report_pages[0]  # the notices are not counted
    xlsx = tmp_path / "c.xlsx"
    write_xlsx(xlsx, report)
    sheet = load_workbook(xlsx)["催报单"]
    assert sheet["B2"].alignment.wrap_text
    height = sheet.row_dimensions[2].height
    assert height is not None
    assert height >= 15 * len(str(sheet["B2"].value).splitlines())


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (float(a), float(b), float(c), float(d), w)
        for a, b, c, d, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', out
        )
    ]


def test_blank_form_rows_to_write_in_and_signature_with_last_rows(tmp_path: Path) -> None:
    from desktop.cli import main

    db = tmp_path / "demo.fulian"
    assert main(["demo", str(db)]) == 0
    out = tmp_path / "forms"
    args = ["templates", str(db), "--year", "2025", "--unit", "D02", "--format", "pdf"]
    assert main([*args, "-o", str(out)]) == 0
    [pdf] = sorted(out.glob("*.pdf"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    mm = 72 / 25.4
    first = _words(pdf, 1)
    numbers = sorted(
        (y0, w) for x0, y0, _x1, _y1, w in first if w.isdigit() and x0 < 60 and int(w) < 100
    )
    steps = [b[0] - a[0] for a, b in pairwise(numbers)]
    assert steps
    assert min(steps) >= 8 * mm - 0.5  # every row at least 8 mm to write in
    last = _words(pdf, pages)
    text = " ".join(w for *_b, w in last)
    assert "单位负责人：" in text
    assert any(w.isdigit() and x0 < 60 for x0, _y0, _x1, _y1, w in last)  # rows on this page
    # the rows that go over with the signature stand in the same columns as the others
    starts = [x0 for x0, _y, _x1, _y1, w in first + last if w.isdigit() and x0 < 60]
    assert max(starts) - min(starts) < 0.5
    assert "序号" in text.replace(" ", "") or pages == 1  # continued rows carry the header
    year = next(b for b in last if b[4] == "年")
    month = next(b for b in last if b[4] == "月")
    day = next(b for b in last if b[4] == "日")
    assert year[0] - max(b[2] for b in last if b[4] == "（单位盖章）") > -200
    assert month[0] - year[2] >= 8 * mm  # room to write the month
    assert day[0] - month[2] >= 8 * mm


def test_register_workbook_prints_legibly(tmp_path: Path) -> None:
    from desktop.cli import main
    from desktop.reports.register_workbook import BASE_POINTS, MIN_POINTS, column_mm, text_units

    db = tmp_path / "demo.fulian"
    assert main(["demo", str(db)]) == 0
    out = tmp_path / "petition.xlsx"
    args = ["export", str(db), "register:petition", "--format", "xlsx", "-o", str(out)]
    assert main(args) == 0
    sheet = load_workbook(out).worksheets[0]
    assert "信访台账" in sheet["A1"].value  # the title row; the import finds its header below
    assert "制表日期" in sheet["A1"].value
    assert sheet["A2"].value == "序号"
    header = sheet.oddHeader
    assert "信访" in header.center.text
    assert "台账清单" in header.center.text
    assert "制表日期" in header.right.text
    assert "统计期间" in header.right.text
    assert sheet.page_setup.orientation == "landscape"
    if sheet.sheet_properties.pageSetUpPr.fitToPage:
        widths = [
            sheet.column_dimensions[c.column_letter].width or 8.43 for c in sheet[1] if c.value
        ]
        scale = (297 - 2 * 0.7 * 25.4) / sum(column_mm(w) for w in widths)
        assert min(1.0, scale) * BASE_POINTS >= MIN_POINTS
    else:
        assert sheet.page_setup.scale is not None
        assert sheet.page_setup.scale * BASE_POINTS / 100 >= MIN_POINTS - 0.1
    assert sheet["B2"].border.left.style == "thin"
    for row in sheet.iter_rows(min_row=2, max_row=40):
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                width = sheet.column_dimensions[cell.column_letter].width or 8.43
                lines = -(-text_units(cell.value) // max(1.0, width - 1))
                height = sheet.row_dimensions[cell.row].height
                assert height is not None
                assert height >= 15 * lines - 0.1  # no overprinting in LibreOffice / WPS
    tall = [r for r in sheet.iter_rows(min_row=3) if (sheet.row_dimensions[r[0].row].height or 0)]
    assert tall
    for row in tall:  # every cell of a tall row reads from its top, level with the wrapped
        assert {c.alignment.vertical for c in row if c.value is not None} == {"top"}


def test_statistics_workbook_prints_compactly(tmp_path: Path) -> None:
    from desktop.cli import main

    db = tmp_path / "demo.fulian"
    assert main(["demo", str(db)]) == 0
    out = tmp_path / "stats.xlsx"
    args = ["export", str(db), "statistics", "--year", "2025", "--format", "xlsx", "-o", str(out)]
    assert main(args) == 0
    book = load_workbook(out)
    assert "信访台账" in book.sheetnames  # a register's small tables on one sheet
    assert len(book.sheetnames) < 20  # was one sheet per table (46)
    petitions = book["信访台账"]
    assert "2025年度工作台账统计" in petitions.oddHeader.center.text  # the title on each page
    firsts = [row[0].value for row in petitions.iter_rows()]
    assert "来源方式" in firsts
    assert "按月" in firsts
    del book["图表"]  # the charts print as before; the tables are what this is about
    tables = tmp_path / "tables" / "stats.xlsx"
    tables.parent.mkdir()
    book.save(tables)
    info = subprocess.run(
        ["pdfinfo", str(soffice_pdf(tables))], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    # 46 sheets printed on 52 pages before, most a small table alone; 20 for 12 registers,
    # 22 since 14 (婚姻家庭纠纷排查化解, 妇联组织与执委 and more breakdowns)
    assert pages <= 24


def test_statistics_count_people_in_persons(tmp_path: Path) -> None:
    """志愿者 and 执委 are people (人); 母婴室 and 巾帼文明岗 are things (个)."""
    from desktop import demo
    from desktop.cli import main

    demo_file = demo.build(tmp_path / "demo.fulian")
    out = tmp_path / "s.pdf"
    args = ["export", str(demo_file), "statistics", "--from", "2025-01-01", "--to", "2025-12-31"]
    assert main([*args, "--format", "pdf", "-o", str(out)]) == 0
    layout = layout_text(out)
    lines = {line.split()[0]: line for line in layout.splitlines() if "期末在册" in line}
    assert re.search(r"期末在册 \d+ 人，其中本期新增 \d+ 人", lines["志愿者"])
    assert re.search(r"期末在册 \d+ 人", lines["妇联组织与执委"])
    assert re.search(r"期末在册 \d+ 个", lines["母婴室"])
    # the 信访统计表's word for the same figure
    assert re.search(r"信访台账\s+\d+\s+办结 \d+ 件，办结率 [\d.]+%", layout)


def test_reminder_for_a_unit_that_entered_everything_asks_to_confirm(tmp_path: Path) -> None:
    """中心学校 in the demo entered its 4 items without confirming: not "尚有 0 项未填报"."""
    from desktop import demo
    from desktop.store.database import Database

    db = Database.open(demo.build(tmp_path / "demo.fulian"))
    try:
        report = progress_reports.completeness(db, 2025, today=date(2026, 11, 29))
    finally:
        db.close()
    pages = [b for s in report.sections for b in s.blocks if hasattr(b, "paragraphs")]
    school = next(p for p in pages if p.paragraphs[0].startswith("中心学校"))  # type: ignore[union-attr]
    body = "".join(school.paragraphs)  # type: ignore[union-attr]
    assert "统计监测数据共4项，已全部填报，但尚未确认提交。" in body
    assert "请抓紧核对并确认提交" in body
    assert "尚有0项" not in body


def test_domain_trend_workbook_prints_units_and_years(township: Township, tmp_path: Path) -> None:
    from desktop.operations.reports import export_report

    request = catalog.Request.parse("trend:妇女与健康")
    path = export_report(township.db, [], request, "xlsx", tmp_path)
    assert path is not None
    rows = [[c for c in r if c is not None] for r in load_workbook(path).active.values]
    assert ["指标", "单位", "2024年", "2025年"] in rows
    assert ["T-H-02 住院分娩率", "%", 99.2, 98.5] in rows


def _layout(pdf: Path) -> str:
    return layout_text(pdf)


def test_an_empty_table_prints_none_under_its_header(tmp_path: Path) -> None:
    from desktop.cli import main
    from desktop.reports.document import Col, Report, Section

    report = Report("warnings", "2025年度监测预警清单", "空镇", "统计年度：2025年")
    report.sections.append(Section("", [Table("预警清单", [Col("指标", 20), Col("本年", 8)])]))
    pdf = tmp_path / "w.pdf"
    write_pdf(pdf, report, FontSet.discover(), today=date(2026, 12, 1))
    text = _layout(pdf)
    assert re.search(r"指标\s+本年\s*\n\s*无\s*\n", text)
    # a register with nothing in the period: the same 无 under the listing's header
    db = tmp_path / "empty.fulian"
    assert main(["new", str(db), "--name", "空镇"]) == 0
    out = tmp_path / "r.pdf"
    assert main(["export", str(db), "register:petition", "--format", "pdf", "-o", str(out)]) == 0
    listing = _layout(out)
    assert re.search(r"办理状态\s*\n\s*无\s*\n", listing)
    dated = tmp_path / "d.pdf"
    period = ["--from", "2025-01-01", "--to", "2025-12-31", "--format", "pdf", "-o", str(dated)]
    assert main(["export", str(db), "register:petition", *period]) == 0
    assert "受理日期 2025年1月1日 至 2025年12月31日" in _layout(dated)  # not 2025-01-01


def test_targets_are_text_in_excel_as_in_the_pdf(township: Township, tmp_path: Path) -> None:
    report = monitoring_reports.monitoring_summary(township.db, 2025)
    path = tmp_path / "m.xlsx"
    write_xlsx(path, report)
    sheet = load_workbook(path)["妇女发展规划"]
    header = [c.value for c in sheet[1]]
    target = sheet.cell(2, header.index("目标") + 1)
    assert target.value == "12/10万以下（期末）"  # a target is words: left, as in the PDF
    assert target.alignment.horizontal is None
    assert sheet.cell(2, header.index("指标") + 1).alignment.horizontal is None  # text stays left


def test_reminder_signed_as_a_stamped_document(tmp_path: Path) -> None:
    """The issuer centred on the date, the date 右空四字 (GB/T 9704-2012 7.3.5.1)."""
    from desktop import demo
    from desktop.store.database import Database

    db = Database.open(demo.build(tmp_path / "demo.fulian"))
    try:
        report = progress_reports.completeness(db, 2025, today=date(2026, 11, 29))
    finally:
        db.close()
    pdf = tmp_path / "c.pdf"
    write_pdf(pdf, report, FontSet.discover(), today=date(2026, 11, 29))
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = {
        w: (float(x0), float(x1))
        for x0, x1, w in re.findall(
            r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]+)<', xml
        )
    }
    issuer, day = boxes["青山镇妇女儿童工作委员会"], boxes["2026年11月29日"]
    assert (issuer[0] + issuer[1]) / 2 == pytest.approx((day[0] + day[1]) / 2, abs=2)
    assert day[1] < issuer[1] - 20  # the date is the shorter line: it ends before the name
