"""`fulian new --level county`, `submit`, `merge`, `export county`, the county demo and the
submission format loader (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from desktop.forms.submission_format import FormatError, available, parse


def test_county_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    town, county = tmp_path / "t.fulian", tmp_path / "c.fulian"
    assert main(["demo", str(town)]) == 0
    assert main(["new", str(county), "--name", "清河县", "--level", "county"]) == 0
    assert main(["submit", str(town), "--year", "2025", "-o", str(tmp_path / "out")]) == 1
    refused = capsys.readouterr().err
    assert "个单位的数据未确认" in refused
    assert "加 --draft" in refused  # the command line's way to a draft, said here only
    assert main(["submit", str(town), "--year", "2024", "-o", str(tmp_path / "out")]) == 0
    (xlsx,) = (tmp_path / "out").glob("*.xlsx")
    assert main(["merge", str(town), str(xlsx)]) == 1
    assert "这是乡镇数据库" in capsys.readouterr().err
    assert main(["merge", str(county), str(xlsx), "--dry-run"]) == 0
    assert "新增" in capsys.readouterr().out
    assert main(["merge", str(county), str(xlsx)]) == 0
    assert main(["merge", str(county), str(xlsx)]) == 1
    assert "已经导入过" in capsys.readouterr().out
    out = tmp_path / "county.xlsx"
    assert (
        main(
            ["export", str(county), "county", "--year", "2024", "--format", "xlsx", "-o", str(out)]
        )
        == 0
    )
    from openpyxl import load_workbook

    sheets = load_workbook(out).sheetnames
    assert "乡镇上报进度" in sheets
    # the command does not apply to a county database: refused like a wrong argument
    assert main(["templates", str(county), "--year", "2024", "-o", str(tmp_path)]) == 2
    assert "这是县级数据库" in capsys.readouterr().err


def test_county_demo_has_a_late_and_a_resubmitted_township(tmp_path: Path) -> None:
    from desktop.demo import county
    from desktop.reports.county_report import progress
    from desktop.store.database import Database

    path = county.build(tmp_path / "c.fulian", townships=3, years=(2025,))
    db = Database.open(path, read_only=True)
    rows = progress(db, 2025)
    db.close()
    assert [r.township for r in rows] == ["青山镇", "白河镇", "石门乡"]
    assert [r.late for r in rows] == [False, True, False]
    assert [r.state for r in rows] == ["已上报", "已上报", "重新上报"]


def test_format_files_are_read_strictly(tmp_path: Path) -> None:
    default = available()["default"]
    assert default.table_number == "妇儿监乡1表"
    assert default.rows[0].indicator == "W-H-04"
    with pytest.raises(FormatError, match="未知的键“colour”"):
        parse('colour = "red"\n' + default.text, "x.toml")
    own = default.text.replace('table_number = "妇儿监乡1表"', 'table_number = "清妇儿统1表"')
    (tmp_path / "mine.toml").write_text(own, encoding="utf-8")
    assert available(tmp_path)["default"].table_number == "清妇儿统1表"
