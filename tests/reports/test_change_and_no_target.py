"""What a clerk found walking the demo's 2025 monitoring files: the 变化 column beside the
rounded 上年/本年 (C-H-06 90.9 → 93.8 is +2.9, C-H-08 88.6 → 88.7 is +0.1, C-H-14 58.0 → 58.0
is 0.0, never -0.0), and C-W-03 儿童之家数 (18, no target set), which has data: 未设目标, not
无数据, and no 预警通知书 for it. Read back from the exported files."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

from desktop.cli import main
from desktop.store import evaluation
from desktop.store.database import Database
from desktop.ui.results_page import ResultRow, _change
from tests.helpers.official import layout_text

CHANGES = {"C-H-06": "+2.9", "C-H-08": "+0.1", "C-H-14": "0.0"}
#: a negative zero as printed: -0, -0.0, -0.00 (not -0.05)
NEGATIVE_ZERO = re.compile(r"(?<![\d.])-0(?:\.0+)?(?![\d.])")


def _export(db: Path, report: str, out: Path, fmt: str) -> Path:
    assert main(["export", str(db), report, "--year", "2025", "--format", fmt, "-o", str(out)]) == 0
    return out


def test_monitoring_workbook_changes_and_no_target(demo: Path, tmp_path: Path) -> None:
    book = load_workbook(_export(demo, "monitoring", tmp_path / "m.xlsx", "xlsx"))
    rows: dict[str, list[object]] = {}
    header: list[object] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            values = [c.value for c in row]
            if "变化" in values:
                header = values
            for cell in row:
                if isinstance(cell.value, str):
                    assert not NEGATIVE_ZERO.search(cell.value), cell.value
                if cell.number_format.startswith("+") and isinstance(cell.value, float):
                    assert not (cell.value < 0 and round(cell.value, 4) == 0), cell.coordinate
            if len(values) > 1 and values[1] in (*CHANGES, "C-W-03"):
                rows[str(values[1])] = values
    change, status = header.index("变化"), header.index("状态")
    assert rows["C-H-06"][change] == 2.9
    assert rows["C-H-08"][change] == 0.1
    assert rows["C-H-14"][change] == 0.0
    assert rows["C-W-03"][status] == "未设目标"
    by_domain = book["按领域汇总"]
    titles = [c.value for c in next(by_domain.iter_rows())]
    assert "未设目标" in titles
    welfare = next(r for r in by_domain.iter_rows(values_only=True) if r[0] == "儿童与福利")
    assert welfare[titles.index("无数据")] == 2  # C-W-01, C-W-02: no value
    assert welfare[titles.index("未设目标")] == 1  # C-W-03


def test_monitoring_pdf_changes_and_no_target(demo: Path, tmp_path: Path) -> None:
    text = layout_text(_export(demo, "monitoring", tmp_path / "m.pdf", "pdf"))
    assert not NEGATIVE_ZERO.search(text)
    lines = {code: next(x for x in text.splitlines() if code in x) for code in [*CHANGES, "C-W-03"]}
    for code, shown in CHANGES.items():
        assert f" {shown} " in lines[code], lines[code]
    assert "未设目标" in lines["C-W-03"]
    assert "无数据" not in lines["C-W-03"]


def test_the_report_and_the_notices_do_not_call_it_missing(demo: Path, tmp_path: Path) -> None:
    report = layout_text(_export(demo, "monitoring-report", tmp_path / "r.pdf", "pdf"))
    flat = re.sub(r"\s+", "", report)
    assert "未设目标值1项：儿童之家数为18个" in flat
    for missing in re.findall(r"无数据\d+项：[^。]*。", flat):
        assert "儿童之家数" not in missing, missing
    assert not NEGATIVE_ZERO.search(report)
    warnings = layout_text(_export(demo, "warnings", tmp_path / "w.pdf", "pdf"))
    assert "儿童之家数" not in warnings
    notices = tmp_path / "notices"
    notices.mkdir()
    assert main(["export", str(demo), "notices", "--year", "2025", "-o", str(notices)]) == 0
    texts = [layout_text(p) for p in sorted(notices.glob("*.pdf"))]
    assert texts
    assert all("儿童之家数" not in t and "没有设定目标值" not in t for t in texts)


def test_the_results_page_shows_the_same_change(demo: Path) -> None:
    db = Database.open(demo, read_only=True)
    try:
        verdicts = {i.code: (i, v) for i, v in evaluation.evaluate_year(db, 2025)}
    finally:
        db.close()
    for code, shown in CHANGES.items():
        indicator, verdict = verdicts[code]
        assert _change(ResultRow(indicator, verdict, "")) == shown
    _i, kids_homes = verdicts["C-W-03"]
    assert kids_homes.status.label == "未设目标"
    assert kids_homes.flags == ()


def test_format_change_never_prints_a_negative_zero() -> None:
    from decimal import Decimal as D  # noqa: N817

    from desktop.domain.numbers import format_change  # new with the fix

    assert [format_change(D(x), 1) for x in ("2.9", "-0.1", "0.0", "-0.0", "-0.04")] == [
        "+2.9",
        "-0.1",
        "0.0",
        "0.0",
        "0.0",
    ]
    assert format_change(None, 1) == ""
