"""The command line for registers: a blank register workbook with the export's checks, the
import of register workbooks (added rows, updated rows, all or nothing, --dry-run) and the
audited full export, refused without the password."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import EXIT_DATA, EXIT_OK, main
from desktop.forms.loader import default_forms
from desktop.operations import protection as protection_ops
from desktop.store.audit import history
from desktop.store.backup import BackupStore
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.session import Session
from tests.forms.helpers import FIXTURE_FORMS, add_units
from tests.helpers.files import sha256
from tests.helpers.vault import CHEAP

PASSWORD = "qingshan-2026"


@pytest.fixture
def made(data_dir: Path, stick: Path, tmp_path: Path) -> Path:
    """A database with the clerk's own register (her data folder's forms/lecture.toml)."""
    (data_dir / "forms").mkdir(parents=True)
    shutil.copy(FIXTURE_FORMS / "lecture.toml", data_dir / "forms" / "lecture.toml")
    path = stick / "镇妇联.fulian"
    session = Session.create(path, BackupStore(tmp_path / "b"), forms=default_forms().forms)
    add_units(session.db)
    form = next(f for f in session.forms if f.id == "lecture")
    RegisterStore(session.db, form).add(
        {"held_on": "2026-03-08", "topic": "亲子沟通", "speaker": "李秀兰"}
    )
    session.close()
    return path


def lecture_records(path: Path) -> list[dict[str, object]]:
    session = Session.open(path, BackupStore(path.parent / "b"), forms=default_forms().forms)
    try:
        form = next(f for f in session.forms if f.id == "lecture")
        return [r.values for r in RegisterStore(session.db, form).list_records()]
    finally:
        session.close()


def test_blank_workbook_has_the_checks_and_its_rows_are_added(
    made: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "授课.xlsx"
    assert main(["templates", str(made), "--register", "lecture", "-o", str(out)]) == EXIT_OK
    book = load_workbook(out)
    sheet = book["家长学校授课"]
    assert "家长学校授课" in sheet["A1"].value  # the title row
    assert [c.value for c in sheet[2]][1:4] == ["授课日期", "主题", "主讲人"]
    assert sheet.max_row == 2
    checks = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert checks["C3"].type == "list"  # 主题: a drop-down of its choices
    lists = book["_lists"]
    column = str(checks["C3"].formula1).split("$")[1]
    assert [lists[f"{column}{n}"].value for n in (1, 2, 3)] == [
        "亲子沟通",
        "青春期教育",
        "隔代教育",
    ]
    assert checks["B3"].type == "date"
    assert checks["G3"].type == "whole"  # 听课人数
    assert "家长反馈" not in book.sheetnames  # sub-rows need a record id
    sheet.append([None, "2026-04-01", "隔代教育", "王芳", None, "东岗村", 30])
    sheet.append([None, "2026-04-02", "青春期教育", "赵敏", None, None, None])
    book.save(out)
    before = sha256(made)
    assert main(["import", str(made), str(out), "--dry-run"]) == EXIT_OK
    assert "新增 2 条" in capsys.readouterr().out
    assert len(lecture_records(made)) == 1, "--dry-run writes nothing"
    assert main(["import", str(made), str(out)]) == EXIT_OK
    speakers = [r["speaker"] for r in lecture_records(made)]
    assert speakers == ["李秀兰", "王芳", "赵敏"]
    assert before != sha256(made)


def test_a_register_workbook_with_one_bad_row_changes_nothing(
    made: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "授课.xlsx"
    assert main(["templates", str(made), "--register", "lecture", "-o", str(out)]) == EXIT_OK
    book = load_workbook(out)
    sheet = book["家长学校授课"]
    sheet.append([None, "2026-04-01", "隔代教育", "王芳"])
    sheet.append([None, "2026-04-02", "不存在的主题", "赵敏"])
    book.save(out)
    assert main(["import", str(made), str(out)]) == EXIT_DATA
    err = capsys.readouterr().err
    assert "第 4 行“主题”" in err
    assert "整个文件都没有写入" in err
    assert len(lecture_records(made)) == 1


def _break_sheet(path: Path, title: str) -> None:
    """The part of the workbook holding sheet ``title`` replaced by bytes no XML parser reads
    (a copy cut short, a tool that wrote garbage)."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    book = parts["xl/workbook.xml"].decode()
    rel_id = re.search(rf'<sheet [^>]*name="{title}"[^>]*r:id="(rId\d+)"', book)
    assert rel_id, book
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'Id="{rel_id.group(1)}"[^>]*Target="/?(?:xl/)?([^"]+)"', rels)
    if target is None:
        target = re.search(rf'Target="/?(?:xl/)?([^"]+)"[^>]*Id="{rel_id.group(1)}"', rels)
    assert target, rels
    parts[f"xl/{target.group(1)}"] = b"\x00not xml at all"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_a_register_workbook_with_a_damaged_hidden_sheet_is_named_not_a_traceback(
    made: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "授课.xlsx"
    assert main(["templates", str(made), "--register", "lecture", "-o", str(out)]) == EXIT_OK
    _break_sheet(out, "fulian")
    before = sha256(made)
    assert main(["import", str(made), str(out)]) == EXIT_DATA
    err = capsys.readouterr().err
    assert "授课.xlsx" in err
    assert "工作表“fulian”" in err  # the damaged part named, not "not our template"
    assert "填报表" not in err
    assert sha256(made) == before


def test_full_export_is_audited_refused_without_the_password_and_imports_back(
    made: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session.open(made, BackupStore(tmp_path / "b"), forms=default_forms().forms)
    protection_ops.set_password(session, PASSWORD, cost=CHEAP)
    session.close()
    out = tmp_path / "完整.xlsx"
    argv = ["export", str(made), "register:lecture", "--full", "-o", str(out)]
    monkeypatch.delenv("FULIAN_PASSWORD", raising=False)
    assert main(argv) == EXIT_DATA
    assert "需要数据库密码" in capsys.readouterr().err
    assert not out.exists()
    monkeypatch.setenv("FULIAN_PASSWORD", PASSWORD)
    assert main(argv) == EXIT_OK
    book = load_workbook(out)
    sheet = book["家长学校授课"]
    assert sheet["D3"].value == "李秀兰"
    db = Database.open(made, read_only=True)
    try:
        notes = [str(e.new) for e in history(db, "reg_lecture", 0)]
    finally:
        db.close()
    assert any(n.startswith("完整导出 1 条到“完整.xlsx”") for n in notes)
    sheet["G3"].value = 45
    book.save(out)
    assert main(["import", str(made), str(out)]) == EXIT_OK
    assert "修改 1 条" in capsys.readouterr().out
    assert main(["export", str(made), "register:nothing", "--full", "-o", str(out)]) == EXIT_DATA
    assert "没有标识为“nothing”的台账" in capsys.readouterr().err
