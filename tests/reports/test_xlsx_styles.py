"""Styles set through ``CellStyles`` (one look-up per style object per workbook) read back
exactly as styles assigned cell by cell; user text stays text in a styled report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from desktop.exchange.cell_styles import CellStyles
from desktop.exchange.sheets import put
from desktop.reports.document import Cell, Col, Report, Section, Table, text
from desktop.reports.render_xlsx import write_xlsx

THIN = Side(style="thin")
STYLES: dict[str, Any] = {
    "font": Font(bold=True, size=12),
    "fill": PatternFill("solid", start_color="EEEEEE", end_color="EEEEEE"),
    "border": Border(left=THIN, right=THIN, top=THIN, bottom=THIN),
    "alignment": Alignment(wrap_text=True, vertical="top"),
    "number_format": "0.0%",
}


def _write(path: Path, *, cached: bool) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    styles = CellStyles(book)
    for row in range(1, 30):
        for column, value in enumerate(["=1+1", "文字", 0.25, None], start=1):
            cell = put(sheet, row, column, value)
            chosen = {k: v for n, (k, v) in enumerate(STYLES.items()) if (row + n) % (column + 1)}
            if cached:
                styles.apply(cell, **chosen)
            else:
                for name, style in chosen.items():
                    setattr(cell, name, style)
    book.save(path)


def _described(path: Path) -> list[tuple[object, ...]]:
    sheet = load_workbook(path).active
    assert sheet is not None
    return [
        (
            c.coordinate,
            c.value,
            c.data_type,
            c.quotePrefix,
            c.font.b,
            c.font.sz,
            c.fill.fill_type,
            c.border.left.style,
            c.alignment.wrap_text,
            c.number_format,
        )
        for row in sheet.iter_rows()
        for c in row
    ]


def test_cached_styles_read_back_as_styles_assigned_one_by_one(tmp_path: Path) -> None:
    _write(tmp_path / "cached.xlsx", cached=True)
    _write(tmp_path / "direct.xlsx", cached=False)
    cached = _described(tmp_path / "cached.xlsx")
    assert cached == _described(tmp_path / "direct.xlsx")
    assert cached[0][:4] == ("A1", "=1+1", "s", True)  # text, never a formula
    assert {c[4] for c in cached} == {True, False}  # some bold, some not: styles vary


def test_a_styled_report_keeps_user_text_as_text(tmp_path: Path) -> None:
    table = Table(
        "清单",
        [Col("名称", 12), Col("数量", 8, numeric=True)],
        [
            [text('=HYPERLINK("http://x","a")'), Cell("3", 3, "0")],
            [text("合计"), Cell("3", 3, "0")],
        ],
    )
    table.totals.add(1)
    report = Report("t", "测试", "青山镇", "2025年")
    report.sections = [Section("表", [table])]
    write_xlsx(tmp_path / "r.xlsx", report)
    sheet = load_workbook(tmp_path / "r.xlsx").worksheets[0]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://x","a")'
    assert sheet["A3"].font.b  # the total row bold
    assert not sheet["A2"].font.b
    assert sheet["B2"].number_format == "0"
    assert all(sheet.cell(r, c).border.left.style == "thin" for r in (1, 2, 3) for c in (1, 2))


def test_long_texts_wrap_in_rows_tall_enough(tmp_path: Path) -> None:
    """Excel, WPS and LibreOffice keep a row's written height: a wrapped text in a row left at
    the default height prints over the next row (工作台账统计's 要点)."""
    long = "期末在册 10 个，其中本期新增 5 个；母婴设施配置率 43.8%（应配置 16 个，已配置 7 个）"
    long *= 2
    rows = [[text("母婴室"), text(long)], [text("培训"), text("参训人数合计 465")]]
    single = Table("总览", [Col("台账", 10), Col("要点", 30)], rows)
    stacked = [Table(f"信访台账·表{n}", [Col("台账", 10), Col("要点", 30)], rows) for n in (1, 2)]
    report = Report("t", "测试", "青山镇", "2025年")
    report.sections = [Section("总览", [single]), Section("信访台账", stacked)]
    write_xlsx(tmp_path / "r.xlsx", report)
    book = load_workbook(tmp_path / "r.xlsx")
    for sheet, first in ((book.worksheets[0], 2), (book.worksheets[1], 3)):
        tall, short = sheet.row_dimensions[first].height, sheet.row_dimensions[first + 1].height
        width = sheet.column_dimensions["B"].width
        assert sheet.cell(first, 2).value == long
        assert sheet.cell(first, 2).alignment.wrap_text
        assert sheet.cell(first, 1).alignment.vertical == "top"  # the row reads from its top
        lines = sum(2.0 if ord(ch) > 0x2E7F else 1.1 for ch in long) / width
        assert tall is not None
        assert tall >= 14 * lines  # every line has room
        assert short is None  # a short row keeps the default height
        assert not sheet.cell(first + 1, 2).alignment.wrap_text


def test_every_cell_of_a_table_is_bordered_as_it_is_written(tmp_path: Path) -> None:
    """Borders are set as each cell is written (issue 21): the header and every row across
    the table's columns; a cell past the columns keeps its own styles and no border."""
    table = Table(
        "清单",
        [Col("名称", 12), Col("数量", 8, numeric=True), Col("说明", 8)],
        [
            [text("甲"), Cell("3", 3, "0"), text("")],
            [text("乙"), Cell("", None), text("")],
            [text("丙"), Cell("4", 4, "0"), text(""), Cell("5", 5, "0.0")],  # one too many
        ],
    )
    report = Report("t", "测试", "青山镇", "2025年")
    report.sections = [Section("表", [table])]
    write_xlsx(tmp_path / "r.xlsx", report)
    sheet = load_workbook(tmp_path / "r.xlsx").worksheets[0]
    assert all(
        sheet.cell(r, c).border.left.style == "thin" for r in (1, 2, 3, 4) for c in (1, 2, 3)
    )
    assert sheet.cell(4, 4).border.left.style is None
    assert sheet.cell(4, 4).number_format == "0.0"
    assert sheet.cell(2, 2).number_format == "0"
    assert sheet.cell(1, 1).font.b
    assert not sheet.cell(2, 1).font.b
