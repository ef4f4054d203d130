"""Targets in PDF tables are text: left inside their cell, on one line when the table has the
room, else broken only before （期末）; the trend chart's target label worded like the tables'
and its legend inside the page. Read back with ``pdftotext -bbox``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.reports.document import Cell, Chart, Col, Report, Section, Table
from desktop.reports.pdf.fonts import FontSet
from desktop.reports.render_pdf import write_pdf
from tests.helpers.official import page_words

TARGETS = ("90%以上（期末）", "12/10万以下（期末）", "3.0‰以下（期末）", "100%（期末）")


def _write(tmp_path: Path, *blocks: Table | Chart) -> Path:
    report = Report("monitoring", "目标列", "青山镇", "2025年")
    report.sections.append(Section("", list(blocks)))
    path = tmp_path / "report.pdf"
    write_pdf(path, report, FontSet.discover(), today=date(2026, 12, 1))
    return path


def _targets_first() -> Table:
    """The summary's columns (统计监测汇总表), the target column first: its cell's left edge
    is the frame's, where the reference table's left-aligned text starts (less padding)."""
    columns = [
        Col("目标", 10, numeric=True),
        Col("领域", 10),
        Col("编码", 8),
        Col("指标", 26),
        Col("单位", 6),
        Col("上年", 8, numeric=True),
        Col("本年", 8, numeric=True),
        Col("变化", 8, numeric=True),
        Col("状态", 7),
        Col("牵头单位", 14),
    ]
    table = Table("目标", columns)
    cells = ("妇女与健康", "W-H-04", "孕产妇死亡数", "1/10万", "91.7", "94.3", "+2.6", "达标")
    table.rows = [[Cell(t), *map(Cell, cells), Cell("镇卫生院")] for t in TARGETS]
    return table


def _reference() -> Table:
    table = Table("参照", [Col("领域", 10), Col("指标", 30)])
    table.rows = [[Cell("参照"), Cell("居委会成员中女性比例")]]
    return table


def test_a_target_is_left_in_its_cell_and_on_one_line(tmp_path: Path) -> None:
    words = page_words(_write(tmp_path, _reference(), _targets_first()))[0]
    left = next(w for w in words if w.text == "参照").x0  # the cell's left edge + padding
    for target in TARGETS:
        [word] = [w for w in words if w.text == target]  # the whole target on one line
        assert word.x0 >= left - 0.5, target


def test_a_target_breaks_only_before_its_period_tag(tmp_path: Path) -> None:
    """No room to give (every other column's text on one line, filling it): the target
    breaks before （期末）, never inside ``3.0‰以下``."""
    table = Table(
        "窄",
        [Col("领域", 6), Col("目标", 3), *(Col(f"列{n}", 6) for n in range(5))],
    )
    table.rows = [
        [Cell("妇女与健康"), Cell(t), *(Cell("妇女与健康") for _ in range(5))] for t in TARGETS
    ]
    words = {w.text for w in page_words(_write(tmp_path, table))[0]}
    for target in TARGETS:
        head = target.removesuffix("（期末）")
        assert target in words or {head, "（期末）"} <= words, target


def test_the_trend_legend_words_the_target_and_stays_on_the_page(tmp_path: Path) -> None:
    name = "适龄儿童免疫规划疫苗接种率（以乡镇/街道为单位）与0～6岁儿童眼保健和视力检查覆盖率"
    chart = Chart(
        "趋势",
        "line",
        ["2023", "2024", "2025"],
        [(name, [85.4, 86.4, 88.7])],
        target=90.0,
        unit="%",
        decimals=1,
        direction=">=",
    )
    path = _write(tmp_path, chart)
    words = page_words(path)[0]
    text = " ".join(w.text for w in words)
    assert "目标 90%以上" in text
    assert "90.0" not in text.replace("90.0%", "")
    page_width = 595.3
    margin = 15 * 72 / 25.4
    assert all(w.x1 <= page_width - margin + 0.5 for w in words), [
        (w.text, w.x1) for w in words if w.x1 > page_width - margin
    ]


def test_a_long_target_text_wraps_inside_its_cell(demo_copy: Path, tmp_path: Path) -> None:
    """The 指标解释手册's 目标 column holds more than a target (``90%以上（2030年）（请按本地规划
    核对）``): it wraps inside the table, never past the page's right margin."""
    from desktop.cli import main

    out = tmp_path / "handbook.pdf"
    assert main(["export", str(demo_copy), "indicators", "--format", "pdf", "-o", str(out)]) == 0
    right = 842 - 15 * 72 / 25.4  # A4 landscape less its margin
    words = [w for page in page_words(out) for w in page]
    assert any("核对" in w.text for w in words)  # the note after the targets
    assert max(w.x1 for w in words) <= right + 0.5
