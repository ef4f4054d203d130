"""Targets and values as the files sent out write them, read back from the demo database's
notices, letters (PDF and Word), unit templates and the monitoring workbook: one wording
everywhere (domain.indicator_text), never the symbols or the stray digits of the old ones."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from desktop.cli import main
from tests.helpers.official import pdf_text

#: what the old wordings printed: ≥90.0, 18.01/10万 (a 1/10万 glued on), 100%以上, 90.0%以上
WRONG = re.compile(r"[≥≤≈]|\d1/10万|100%以上|\d\.0%(以上|以下|左右)")


def test_notices_state_targets_with_unit_direction_and_period(
    demo_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "notices"
    out.mkdir()
    assert main(["export", str(demo_copy), "notices", "--year", "2025", "-o", str(out)]) == 0
    text = "\n".join(pdf_text(p) for p in sorted(out.glob("*.pdf")))
    assert "98%以上（期末）" in text  # 住院分娩率, beside its value 98.7%
    assert "98.7%" in text
    assert "32%以下（期末）" in text  # 小学生近视率
    assert "50%以上（年度）" in text  # a year's own target says so
    assert "100%（期末）" in text  # an exact target: no 以上 after 100%
    assert "1人以上（期末）" in text
    assert "10个" in text  # a count from a register (L-02 母婴室数, an outlier), with its unit
    # C-W-03 儿童之家数 (18个) has data but no target: the clerk's to set, no unit is warned
    assert "儿童之家数" not in text
    assert "没有设定目标值" not in text
    assert not WRONG.search(text)


def test_letters_state_targets_as_the_plans_do(demo_copy: Path, tmp_path: Path) -> None:
    pdf, word = tmp_path / "pdf", tmp_path / "docx"
    pdf.mkdir()
    word.mkdir()
    common = [str(demo_copy), "--year", "2025", "--unit", "D02", "--date", "2025-03-01"]
    assert main(["letters", *common, "-o", str(pdf)]) == 0
    assert main(["letters", *common, "--format", "docx", "-o", str(word)]) == 0
    (printed,) = pdf.glob("*.pdf")
    (document,) = word.glob("*.docx")
    rows = [[c.text for c in row.cells] for row in Document(str(document)).tables[0].rows]
    targets = {name: target for _n, name, target, _role in rows[1:]}
    assert targets["孕产妇死亡数（活产数）"] == "12/10万以下（期末）"
    assert targets["婴儿死亡数"] == "5.0‰以下（期末）"  # the plan's one decimal kept
    assert targets["住院分娩率"] == "98%以上（期末）"  # none invented
    assert targets["两癌检查任务完成率"] == "100%（期末）"
    assert targets["6个月内婴儿纯母乳喂养率"] == "50%以上（年度）"
    text = pdf_text(printed)
    for target in targets.values():
        assert target in text  # the PDF says the same
    assert not WRONG.search("".join(targets.values()) + text)


def test_unit_templates_and_the_monitoring_workbook(demo_copy: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    assert main(["templates", str(demo_copy), "--year", "2025", "-o", str(templates)]) == 0
    shown = {}
    for path in sorted(templates.glob("*.xlsx")):
        sheet = load_workbook(path)["填报表"]
        header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "序号")
        column = header.index("目标")
        for row in sheet.iter_rows(min_row=5, values_only=True):
            if row[1] and row[column] != "—":  # a count row of an indicator has no target
                shown[row[1]] = row[column]
    assert shown["C-W-02"] == "1人以上（期末）"
    assert shown["L-01"] == "100%（期末）"
    assert not WRONG.search("".join(str(v) for v in shown.values()))

    summary = tmp_path / "monitoring.xlsx"
    export = ["export", str(demo_copy), "monitoring", "--year", "2025", "--format", "xlsx"]
    assert main([*export, "-o", str(summary)]) == 0
    book = load_workbook(summary)
    targets = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header = next((r for r in rows if "目标" in r and "编码" in r), None)
        if header is None:
            continue
        code, target = header.index("编码"), header.index("目标")
        targets |= {r[code]: r[target] for r in rows if r[code] and r is not header}
    assert targets["W-H-04"] == "12/10万以下（期末）"
    assert targets["C-H-17"] == "5.0‰以下（期末）"
    assert targets["W-H-06"] == "98%以上（期末）"
    assert not WRONG.search("".join(str(v) for v in targets.values()))
