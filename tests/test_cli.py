from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE, main
from desktop.store import evaluation, units
from desktop.store.database import Database
from desktop.store.lock import acquire
from tests.helpers.files import sha256, siblings


def test_demo_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stick = tmp_path / "stick"  # apart from the PC's data folder (the forms' cache is there)
    stick.mkdir()
    path = stick / "演示.fulian"
    assert main(["demo", str(path)]) == EXIT_OK
    db = Database.open(path, read_only=True)
    try:
        demo_units = units.list_units(db)
    finally:
        db.close()
    assert 20 <= len(demo_units) <= 40  # a township: 17 offices, 6 communities, 12 villages
    names = {u.name for u in demo_units}
    assert {"镇卫生院", "中心学校", "派出所", "民政办"} <= names
    assert any(u.kind == "village" for u in demo_units)
    assert all(u.liaison and u.phone for u in demo_units)
    before = sha256(path)
    assert main(["check", str(path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "完整性：正常" in out
    assert "可以安全拔出U盘" in out
    assert "台账：信访台账 60，" in out
    assert "个人信息：未设置密码" in out
    assert sha256(path) == before  # check is read-only
    assert siblings(path) == {path.name}


def test_large_demo_has_60_units(tmp_path: Path) -> None:
    path = tmp_path / "large.fulian"
    assert main(["demo", str(path), "--size", "large"]) == EXIT_OK
    db = Database.open(path, read_only=True)
    try:
        assert units.count(db) == 60
    finally:
        db.close()


def test_demo_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.fulian"
    path.write_text("mine", "utf-8")
    assert main(["demo", str(path)]) == EXIT_DATA
    assert "已存在" in capsys.readouterr().err
    assert path.read_text("utf-8") == "mine"


def test_check_reports_a_lock(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    held = acquire(db_path, pc="另一台电脑")
    assert main(["check", str(db_path)]) == EXIT_OK
    assert "另一台电脑" in capsys.readouterr().out
    held.release()


def test_check_on_non_database_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    before = sha256(path)
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONUTF8": "1", "PATH": ""},
        cwd=Path(__file__).parents[1],
    )
    assert proc.returncode == EXIT_DATA
    assert "不是妇联工作台的数据库" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert sha256(path) == before


def test_check_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "none.fulian")]) == EXIT_DATA
    assert "找不到" in capsys.readouterr().err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == EXIT_USAGE
    assert "用法错误" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["export"], "缺少必需的参数：db, report, -o/--out"),
        (["letters", "x.fulian", "--year", "abc"], "参数 --year：值 'abc' 无效"),
        (["export", "x.fulian", "monitoring", "-o", "o", "--format", "odt"], "不是可选值"),
        (["check", "x.fulian", "--bogus"], "无法识别的参数：--bogus"),
    ],
)
def test_usage_errors_are_in_chinese(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse's own messages and usage line are Chinese too (issue 22 item 2)."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert said in err
    assert err.startswith("用法：")
    assert "usage" not in err
    assert "error" not in err


def test_backup_to_folder_and_to_data_dir(db_path: Path, tmp_path: Path, data_dir: Path) -> None:
    target = tmp_path / "备份"
    assert main(["backup", str(db_path), "--to", str(target)]) == EXIT_OK
    copies = list(target.glob("*.fulian"))
    assert len(copies) == 1
    Database.open(copies[0], read_only=True).close()
    assert main(["backup", str(db_path)]) == EXIT_OK
    assert len(list((data_dir / "backups").rglob("*.fulian"))) == 1


def test_demo_fills_a_monitoring_round(tmp_path: Path) -> None:
    from desktop.domain.evaluation import Status
    from desktop.store import round_progress

    path = tmp_path / "演示.fulian"
    assert main(["demo", str(path)]) == EXIT_OK
    db = Database.open(path, read_only=True)
    try:
        verdicts = [v for _i, v in evaluation.evaluate_year(db, 2025)]
        board = round_progress.completeness(db, 2025)
    finally:
        db.close()
    statuses = {v.status for v in verdicts}
    assert statuses == {
        Status.MET,
        Status.MISSED,
        Status.MISSING,
        Status.COUNTS,
        Status.NO_TARGET,  # C-W-03 儿童之家数: 18, no target set
    }
    assert {p.state for p in board} == {"pending", "entered", "complete"}
    assert any(p.late for p in board)


def test_demo_with_a_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.store import vault

    short = tmp_path / "short.fulian"
    assert main(["demo", str(short), "--password", "1234567"]) == EXIT_USAGE
    assert "密码至少8位" in capsys.readouterr().err
    path = tmp_path / "protected.fulian"
    monkeypatch.setenv("FULIAN_DEMO_PASSWORD", "qingshan2026")
    assert main(["demo", str(path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "恢复密钥：" in out
    db = Database.open(path, read_only=True)
    try:
        assert vault.is_protected(db)
        stored = db.scalar("SELECT person_name FROM reg_petition LIMIT 1")
        assert str(stored).startswith("fx2:")
        assert vault.unlock(db, "qingshan2026")
    finally:
        db.close()


def test_export_reports_read_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "stick").mkdir()
    path = tmp_path / "stick" / "演示.fulian"
    assert main(["demo", str(path)]) == EXIT_OK
    before = sha256(path)
    out = tmp_path / "out"
    out.mkdir()
    assert (
        main(
            [
                "export",
                str(path),
                "monitoring",
                "--year",
                "2025",
                "--format",
                "xlsx",
                "-o",
                str(out),
            ]
        )
        == EXIT_OK
    )
    assert (out / "统计监测汇总表_2025年.xlsx").is_file()
    target = tmp_path / "stats.pdf"
    assert (
        main(
            [
                "export",
                str(path),
                "statistics",
                "--from",
                "2025-1-1",
                "--to",
                "2025年12月31日",
                "--format",
                "pdf",
                "-o",
                str(target),
            ]
        )
        == EXIT_OK
    )
    assert target.stat().st_size > 3000
    assert (
        main(
            [
                "export",
                str(path),
                "register:petition",
                "--format",
                "pdf",
                "-o",
                str(tmp_path / "p.pdf"),
            ]
        )
        == EXIT_OK
    )
    capsys.readouterr()
    assert main(["export", str(path), "nope", "-o", str(out)]) == EXIT_USAGE
    assert "没有“nope”这个报表" in capsys.readouterr().err
    assert main(["export", str(path), "trend:X-1", "-o", str(out)]) == EXIT_DATA
    assert "X-1" in capsys.readouterr().err
    assert (
        main(["export", str(path), "statistics", "--from", "2025-13-01", "-o", str(out)])
        == EXIT_USAGE
    )
    assert sha256(path) == before  # export opens read-only: no lock, no backup, no change
    assert siblings(path) == {path.name}


def test_help_texts_are_chinese() -> None:
    """Every command's help, description and option help reads in Chinese (issue 22 item 2):
    English words only as names the clerk types or sees elsewhere (Excel, PDF, file types)."""
    import argparse
    import re

    from desktop.cli import build_parser

    allowed = {"Excel", "Word", "PDF", "WPS", "QtPdf", "MS", "xlsx", "pdf", "docx", "toml"}
    allowed |= {"DB", "FILE", "Y", "FULIAN_DEMO_PASSWORD", "FULIAN_NEW_PASSWORD", "SUPPRESS"}
    # the report and register names the clerk types after ``export`` / ``demo --size``
    allowed |= {"monitoring", "warnings", "trend", "completeness", "assessment", "report"}
    allowed |= {"statistics", "petition", "return", "dispute", "summary", "register"}
    allowed |= {"notices", "county", "default"}

    def _no_options(text: str) -> str:  # option names (--add) are typed as they are
        return re.sub(r"--[a-z-]+", "", text)

    def texts(parser: argparse.ArgumentParser) -> list[str]:
        found = [parser.description or ""]
        for action in parser._actions:
            found.append(action.help or "")
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    found.append(choice.help or "")
                for sub in action.choices.values():
                    found += texts(sub)
        return found

    english = {
        text: words
        for text in texts(build_parser())
        if (
            words := [
                w for w in re.findall(r"[A-Za-z_]{2,}", _no_options(text)) if w not in allowed
            ]
        )
        and not text.startswith("%(")
    }
    assert english == {}


def test_commands_load_lazily_and_help_lists_every_one() -> None:
    """``fulian open`` parses without importing any other command's module (a fast start);
    ``--help`` lists every command, each module's ``NAME`` is its command."""
    from desktop import cli

    for name, _module in cli.COMMANDS:
        assert name == cli.command(name).NAME
    script = (
        "import sys\n"
        "from desktop.cli import build_parser, _chosen\n"
        "argv = ['open', 'x.fulian', '--auto-quit', '0']\n"
        "args = build_parser(_chosen(argv)).parse_args(argv)\n"
        "assert (args.command, args.auto_quit_open) == ('open', 0), args\n"
        "assert build_parser(_chosen([])).parse_args([]).command is None\n"
        "print(sorted(m for m in sys.modules if m.startswith('desktop.cli.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['desktop.cli.argparse_zh', 'desktop.cli.common']"
    listed = subprocess.run(
        [sys.executable, "-m", "desktop", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for name in cli.NAMES:
        assert f"    {name} " in listed
    assert "导出报表" in listed
    # a command names its own arguments only when it is the one chosen
    assert cli._chosen(["export", "--help"]) == "export"
    assert cli._chosen(["--auto-quit", "5", "open", "x"]) is None


@pytest.mark.parametrize(
    ("argv", "quick"),
    [
        ([], True),
        (["open", "青山镇.fulian"], True),
        (["open", "D:\\妇联\\数据.fulian", "--auto-quit", "250"], True),
        (["--auto-quit", "0"], True),
        (["open", "x.fulian", "--auto-quit", "-1"], False),  # argparse's: a negative number
        (["open", "--auto-quit", "5"], False),
        (["open"], False),
        (["open", "a", "b"], False),
        (["--auto-quit", "x"], False),
        (["--smoke"], False),
        (["check", "x.fulian"], False),
        (["open", "-x"], False),
    ],
)
def test_the_window_s_command_lines_read_as_argparse_reads_them(
    argv: list[str], quick: bool
) -> None:
    """``fulian`` and ``fulian open DB [--auto-quit MS]`` are read without building argparse's
    parser (a faster start), to the same result; anything else is left to argparse."""
    from desktop import cli

    read = cli.parse_window_args(argv)
    assert (read is not None) == quick
    try:
        full = cli.build_parser(cli._chosen(argv)).parse_args(argv)
    except SystemExit:  # a usage error: argparse says it
        assert read is None
        return
    if read is not None:
        assert vars(read) == vars(full)


def test_an_output_files_extension_names_its_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx
    import openpyxl

    path = tmp_path / "演示.fulian"
    assert main(["demo", str(path)]) == EXIT_OK
    book = tmp_path / "汇总.xlsx"
    assert main(["export", str(path), "monitoring", "--year", "2025", "-o", str(book)]) == EXIT_OK
    assert openpyxl.load_workbook(book).sheetnames  # a workbook, not a PDF under its name
    letters = tmp_path / "责任书.docx"
    assert main(["letters", str(path), "--year", "2025", "-o", str(letters)]) == EXIT_OK
    assert docx.Document(str(letters)).paragraphs
    pdf = tmp_path / "汇总"  # no extension: PDF, as before
    assert main(["export", str(path), "monitoring", "--year", "2025", "-o", str(pdf)]) == EXIT_OK
    assert pdf.read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    wrong = tmp_path / "另一个.xlsx"
    args = ["export", str(path), "monitoring", "--year", "2025", "--format", "pdf"]
    assert main([*args, "-o", str(wrong)]) == EXIT_USAGE
    assert "扩展名是 .xlsx，与 --format pdf 不一致" in capsys.readouterr().err
    assert not wrong.exists()
