"""A county's township list (issue 18 gap): registered before any file, 未上报 / 逾期 for the
ones that never submitted, a listed township's first file binds it, an unlisted one is added;
and the 统计监测报告 on a county database, worked by hand from three townships."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from desktop.cli import main
from desktop.exchange.submission_excel import read
from desktop.operations import county as county_ops
from desktop.operations.catalogue import save_profile
from desktop.reports import county_report
from desktop.store import county, profile
from desktop.store.database import Database
from tests.operations.test_county import FIGURES, _county, _merge, _submit, _township, three

__all__ = ["three"]  # the fixture, imported


def test_township_list_progress_and_binding(tmp_path: Path, three: dict[str, Path]) -> None:
    db = _county(tmp_path / "county.fulian")
    try:
        county_ops.add_township(db, "甲镇", "001")
        county_ops.add_township(db, "丁乡", "004")
        county_ops.add_township(db, "戊镇")
        with pytest.raises(county_ops.MergeRefused, match="已有“甲镇”"):
            county_ops.add_township(db, "甲镇")
        with pytest.raises(county_ops.MergeRefused, match="代码“001”"):
            county_ops.add_township(db, "己镇", "001")
        off = county_ops.township_named(db, "戊镇")
        county_ops.edit_township(db, off.id, active=False)

        (listed, unlisted) = county_ops.preview_merge(db, [three["甲镇"], three["乙乡"]])
        assert listed.registered
        assert not listed.new_township
        assert "名单内乡镇首次上报" in listed.summary()
        assert unlisted.new_township
        assert not unlisted.registered
        _merge(db, three["甲镇"], three["乙乡"])

        rows = county.townships(db)
        assert [(t.name, t.code, t.bound, t.active) for t in rows] == [
            ("甲镇", "001", True, True),  # bound: the same row, no second 甲镇
            ("丁乡", "004", False, True),
            ("戊镇", "", False, False),
            ("乙乡", "", True, True),  # not on the list: added when merged
        ]
        before = county_report.progress(db, 2025, today=date(2026, 1, 20))
        after = county_report.progress(db, 2025, today=date(2026, 2, 1))
        assert [(p.township, p.state) for p in before] == [
            ("甲镇", "已上报"),
            ("丁乡", "未上报"),
            ("乙乡", "已上报"),
        ]  # 戊镇 deactivated and never submitted: not listed
        assert not before[1].late
        assert after[1].late  # 逾期 after the due date 2026-01-31
    finally:
        db.close()


def test_first_file_binds_by_code_and_the_list_keeps_its_name(tmp_path: Path) -> None:
    """The township writes its name its own way; the county's list has its code: the file
    binds the listed township (no second row), whose name stays the county's."""
    town = _township(tmp_path / "t.fulian", "甲镇人民政府", FIGURES["甲镇"])
    tdb = Database.open(town)
    save_profile(tdb, profile.load(tdb)._replace(division_code="330110102"))
    tdb.close()
    files = _submit(town, tmp_path / "out")
    workbook = next(p for p in files if p.suffix == ".xlsx")
    assert read(workbook).claim.township_code == "330110102000"  # signed with the file
    assert "统计用区划代码：330110102000" in str(load_workbook(workbook)["上报表"]["A2"].value)
    pdf = next(p for p in files if p.suffix == ".pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "统计用区划代码：330110102000" in text
    db = _county(tmp_path / "county.fulian")
    try:
        county_ops.add_township(db, "乙乡", "101")
        county_ops.add_township(db, "甲镇", "102")
        (preview,) = county_ops.preview_merge(db, [workbook])
        assert preview.registered
        assert not preview.new_township
        assert preview.listed_as == "甲镇"
        assert "名单中为“甲镇”" in preview.summary()
        _merge(db, workbook)
        assert [(t.name, t.code, t.bound) for t in county.townships(db)] == [
            ("乙乡", "101", False),
            ("甲镇", "102", True),
        ]
    finally:
        db.close()


def test_townships_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "c.fulian")
    _county(tmp_path / "c.fulian").close()
    assert main(["townships", path, "--add", "甲镇", "--code", "001"]) == 0
    assert "1. 甲镇（代码 001）：尚未上报" in capsys.readouterr().out
    assert main(["townships", path, "--add", "甲镇"]) == 1
    assert "名单中已有“甲镇”" in capsys.readouterr().err
    assert main(["townships", path, "--deactivate", "001"]) == 0
    assert "1. 甲镇（代码 001）：尚未上报，已停用" in capsys.readouterr().out


def test_monitoring_report_on_a_county(
    tmp_path: Path, three: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "county.fulian"
    db = _county(path)
    try:
        for name in ("甲镇", "乙乡", "丙镇", "丁乡"):
            county_ops.add_township(db, name)
        _merge(db, *three.values())
    finally:
        db.close()
    out = tmp_path / "report.docx"
    args = ["export", str(path), "monitoring-report", "--year", "2025", "--format", "docx"]
    assert main([*args, "-o", str(out)]) == 0, capsys.readouterr().err
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "清河县2025年度妇女儿童发展规划\n实施情况统计监测报告" in text  # broken between words
    # 基本情况 in townships: 3 of 4 submitted (files made today, after the due date: late)
    assert "全县共有4个乡镇（街道）承担监测数据上报任务，已上报3个，未上报1个（丁乡）" in text
    assert "逾期上报3个（甲镇、乙乡、丙镇）" in text
    # county totals from summed counts: (270 + 80 + 594) / (300 + 100 + 600) = 94.4%, and
    # 1 death / 1000 live births = 100/10万 (the townships' 90%, 80%, 99% are not averaged)
    assert "孕产妇系统管理率为94.4%（期末目标90%以上）" in text
    assert "孕产妇死亡率为100.0/10万（期末目标12/10万以下）" in text
    # 存在问题 names the township that pulls the missed indicator down, and the one missing
    assert "未达标的乡镇：乙乡（1000.0/10万）" in text
    assert "未上报2025年度监测数据的乡镇1个：丁乡" in text
