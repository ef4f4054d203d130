"""The indicator booklet and the mid-term review, exported and read back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop import demo
from desktop.cli import EXIT_OK, main
from tests.helpers.official import layout_text


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo.build(tmp_path_factory.mktemp("booklet") / "demo.fulian")


def _pdf_text(path: Path) -> str:
    return layout_text(path)


def test_booklet_lists_every_township_row_with_its_explanation(
    demo_file: Path, tmp_path: Path
) -> None:
    xlsx, pdf = tmp_path / "b.xlsx", tmp_path / "b.pdf"
    assert main(["export", str(demo_file), "indicators", "--format", "xlsx", "-o", str(xlsx)]) == 0
    assert main(["export", str(demo_file), "indicators", "--format", "pdf", "-o", str(pdf)]) == 0
    book = load_workbook(xlsx)
    rows = [
        r
        for name in ("妇女发展规划", "儿童发展规划")
        for r in book[name].iter_rows(values_only=True)
        if r and r[0] and str(r[0])[:2] in ("W-", "C-", "L-")
    ]
    assert len(rows) == 27  # township and local rows
    by_code = {r[0]: r for r in rows}
    assert "W-H-01" not in by_code  # county: listed apart, not explained as a township row
    health = by_code["C-H-06"]
    assert "4:2:2" in health[2]  # 定义
    assert "÷" in health[3]  # 计算方法
    assert "镇卫生院" in health[5]  # 资料来源
    assert health[6] == "年报"
    assert "2030年" in health[7]
    milk = by_code["C-H-10"]
    assert "2025年50%以上" in milk[7]
    assert "请按本地规划核对" in milk[7]
    assert "低于目标允许偏差5.0" in by_code["W-D-02"][7]
    text = _pdf_text(pdf)
    assert "指标解释" in text
    assert "县级指标，乡镇不填" in text
    assert re.search(r"单位\s+资料来源\s+报送\s+目标", text)  # 报送 not broken into 报 / 送
    assert re.search(r"\s年报\s", text)  # the 报送 cell: nor 年 / 报


def test_midterm_review_exports_and_is_in_the_pack(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.xlsx"
    args = ["export", str(demo_file), "midterm", "--year", "2025", "--format"]
    assert main([*args, "xlsx", "-o", str(out)]) == EXIT_OK
    sheet = load_workbook(out)["儿童发展规划"]
    classes = {r[0]: r[8] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert set(classes.values()) - {"评估结果"} <= {
        "已达标",
        "提前达标",
        "预期可达标",
        "进展缓慢",
        "难以达标",
        "无数据",
    }
    assert "C-H-16" not in classes  # counts: the county reviews the rate
    rows = list(sheet.iter_rows())
    header = next([c.value for c in r] for r in rows if r[0].value == "编码")
    assert header[1:4] == ["指标", "单位", "基期"]  # 88.7 is 88.7%: the unit is printed
    changes = [r[header.index("每年需变化")] for r in rows if r[0].value == "C-H-08"]
    assert changes[0].number_format.startswith("+")  # +0.25 in Excel as in the PDF
    assert main([*args, "pdf", "-o", str(tmp_path / "m.pdf")]) == EXIT_OK
    assert "中期评估" in _pdf_text(tmp_path / "m.pdf")
    pack = tmp_path / "pack.pdf"
    assert (
        main(
            [
                "export",
                str(demo_file),
                "summary",
                "--year",
                "2025",
                "--format",
                "pdf",
                "-o",
                str(pack),
            ]
        )
        == 0
    )
    assert "中期评估" in _pdf_text(pack)
