"""Database, lock and journal files that are not what they should be, through the CLI
(in-process, a few as a subprocess): a Chinese message, the documented exit code, the file
byte-identical."""

from __future__ import annotations

import json
import os
import sqlite3
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.cli import EXIT_DATA, EXIT_ENV, EXIT_OK, main
from desktop.store import lock as lockfile
from desktop.store import vault
from desktop.store.database import Database
from desktop.store.header import JOURNAL_MAGIC, journal_path
from tests.helpers.files import sha256
from tests.malformed.conftest import assert_clerk_message


def _header_int(path: Path, offset: int, value: int) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        fh.write(struct.pack(">i", value))


def _zero_page(path: Path, page: int) -> None:
    size = struct.unpack(">H", path.read_bytes()[16:18])[0]
    with path.open("r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(b"\0" * size)


DB_DAMAGE: dict[str, tuple[Callable[[Path], None], int]] = {
    "empty file": (lambda p: p.write_bytes(b""), EXIT_DATA),
    "text": (lambda p: p.write_text("妇联数据\n", "utf-8"), EXIT_DATA),
    "random bytes": (lambda p: p.write_bytes(os.urandom(4096)), EXIT_DATA),
    "a workbook": (lambda p: p.write_bytes(b"PK\x03\x04" + b"\0" * 200), EXIT_DATA),
    "cut in half": (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), EXIT_DATA),
    "foreign sqlite": (lambda p: _header_int(p, 68, 0), EXIT_DATA),
    "newer version": (lambda p: _header_int(p, 60, 999), EXIT_DATA),
    "magic changed": (lambda p: p.write_bytes(b"SQLite format 4" + p.read_bytes()[15:]), EXIT_DATA),
    "page 2 zeroed": (lambda p: _zero_page(p, 2), EXIT_DATA),
}

COMMANDS: dict[str, Callable[[Path, Path], list[str]]] = {
    "check": lambda db, tmp: ["check", str(db)],
    "backup": lambda db, tmp: ["backup", str(db), "--to", str(tmp / "备份")],
    "export": lambda db, tmp: [
        "export",
        str(db),
        "completeness",
        "--year",
        "2025",
        "-o",
        str(tmp / "完成情况.xlsx"),
    ],
    "import": lambda db, tmp: ["import", str(db), str(tmp / "无.xlsx")],
}


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("damage", list(DB_DAMAGE))
def test_damaged_database(
    case_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str, command: str
) -> None:
    change, expected = DB_DAMAGE[damage]
    change(case_db)
    before = sha256(case_db)
    code, text = _run(COMMANDS[command](case_db, tmp_path), capsys)
    assert code == expected, text
    assert_clerk_message(text, case_db.name)
    assert sha256(case_db) == before
    assert sorted(p.name for p in case_db.parent.iterdir() if p.suffix == ".fulian") == [
        case_db.name
    ]


@pytest.mark.parametrize("command", ["check", "backup", "export", "unlock"])
def test_database_that_is_missing_or_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    for path in (tmp_path / "不存在.fulian", tmp_path / "文件夹.fulian"):
        if path.name.startswith("文件夹"):
            path.mkdir()
        argv = COMMANDS[command](path, tmp_path) if command in COMMANDS else [command, str(path)]
        code, text = _run(argv, capsys)
        assert code == EXIT_DATA, text
        assert_clerk_message(text, path.name)


# ----- lock files ----------------------------------------------------------------------------
def _aged(path: Path) -> None:
    past = time.time() - 3600
    os.utime(path, (past, past))


def _NOW() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


LOCKS: dict[str, tuple[Callable[[Path], None], int]] = {
    # an old lock that names nobody is taken over: the import (dry run) goes ahead
    "0 bytes, old": (lambda p: (p.write_bytes(b""), _aged(p)), EXIT_OK),
    "zeros, old": (lambda p: (p.write_bytes(b"\0" * 64), _aged(p)), EXIT_OK),
    "half json, old": (lambda p: (p.write_text('{"pc": "A', "utf-8"), _aged(p)), EXIT_OK),
    "json list, old": (lambda p: (p.write_text("[1, 2]", "utf-8"), _aged(p)), EXIT_OK),
    "bad time, old": (
        lambda p: (
            p.write_text(json.dumps({"pc": "A", "user": "B", "pid": 1, "time": "昨天"}), "utf-8"),
            _aged(p),
        ),
        EXIT_OK,
    ),
    "gbk bytes, old": (lambda p: (p.write_bytes("锁定".encode("gbk")), _aged(p)), EXIT_OK),
    # written this instant: perhaps another program is writing it; refuse, never steal
    "0 bytes, new": (lambda p: p.write_bytes(b""), EXIT_ENV),
    "another pc, fresh": (
        lambda p: p.write_text(
            json.dumps(
                {
                    "pc": "家里的电脑",
                    "user": "王芳",
                    "pid": 1,
                    "time": time.strftime("%Y-%m-%d %H:%M:%S"),
                },
                ensure_ascii=False,
            ),
            "utf-8",
        ),
        EXIT_ENV,
    ),
    "a folder": (lambda p: p.mkdir(), EXIT_ENV),
}


@pytest.mark.parametrize("lock", list(LOCKS))
def test_lock_files(
    world_template_copy: Path, case_db: Path, capsys: pytest.CaptureFixture[str], lock: str
) -> None:
    make, expected = LOCKS[lock]
    make(lockfile.lock_path(case_db))
    before = sha256(case_db)
    code, text = _run(["import", str(case_db), str(world_template_copy), "--dry-run"], capsys)
    assert code == expected, text
    if expected != EXIT_OK:
        assert_clerk_message(text, case_db.name)
    assert "Traceback" not in text
    assert sha256(case_db) == before


@pytest.fixture
def world_template_copy(world: object, tmp_path: Path) -> Path:
    import shutil

    path = tmp_path / "模板.xlsx"
    shutil.copyfile(world.template, path)  # type: ignore[attr-defined]
    return path


# ----- journals ------------------------------------------------------------------------------
JOURNALS: dict[str, tuple[bytes, int]] = {
    "empty": (b"", EXIT_OK),
    "zeroed header": (b"\0" * 1024, EXIT_OK),
    "garbage": (b"not a journal" * 40, EXIT_OK),
    "cut header": (JOURNAL_MAGIC + b"\0\0", EXIT_OK),
    "hot": (JOURNAL_MAGIC + b"\0\0\0\1" + b"\0" * 1000, EXIT_ENV),
}


@pytest.mark.parametrize("journal", list(JOURNALS))
def test_journal_beside_the_database(
    case_db: Path, capsys: pytest.CaptureFixture[str], journal: str
) -> None:
    content, expected = JOURNALS[journal]
    journal_path(case_db).write_bytes(content)
    before = sha256(case_db)
    code, text = _run(["check", str(case_db)], capsys)
    assert code == expected, text
    assert_clerk_message(text, case_db.name)
    assert sha256(case_db) == before
    assert journal_path(case_db).read_bytes() == content


# ----- tampered key parameters ---------------------------------------------------------------
VAULT: dict[str, dict[str, object]] = {
    "n 2^40": {"kdf_n": 2**40},
    "n 2^21": {"kdf_n": 2**21},
    "n not a power of two": {"kdf_n": 3 * 2**14},
    "n tiny": {"kdf_n": 2},
    "r huge": {"kdf_r": 10**6},
    "r zero": {"kdf_r": 0},
    "p huge": {"kdf_p": 10**6},
    "n·r above 1 GiB": {"kdf_n": 2**20, "kdf_r": 16},
    "salt short": {"salt": b"x"},
}


@pytest.mark.parametrize("tamper", list(VAULT))
def test_tampered_key_parameters(case_db: Path, tamper: str) -> None:
    values = {
        "kdf_n": 2**15,
        "kdf_r": 8,
        "kdf_p": 1,
        "salt": b"s" * 16,
        "pw": b"w" * 60,
        "rsalt": b"r" * 16,
        "rw": b"v" * 60,
    }
    values.update(VAULT[tamper])
    con = sqlite3.connect(case_db)
    con.execute(
        "INSERT INTO vault(id, version, kdf, kdf_n, kdf_r, kdf_p, salt, password_wrap, "
        "recovery_salt, recovery_wrap, created_at, changed_at) VALUES (1, 1, 'scrypt', "
        ":kdf_n, :kdf_r, :kdf_p, :salt, :pw, :rsalt, :rw, '', '')",
        values,
    )
    con.commit()
    con.close()
    before = sha256(case_db)
    db = Database.open(case_db, read_only=True)
    try:
        with pytest.raises(vault.KeyDamaged) as info:
            vault.unlock(db, "correct horse battery")
    finally:
        db.close()
    assert_clerk_message(info.value.message, "损坏")
    assert sha256(case_db) == before


# ----- as a real process: the exit code and stderr the clerk's script sees -------------------
@pytest.mark.parametrize(
    ("argv", "expected"),
    [(["check"], EXIT_DATA), (["backup"], EXIT_DATA), (["unlock", "--yes"], EXIT_DATA)],
)
def test_subprocess_no_traceback(tmp_path: Path, argv: list[str], expected: int) -> None:
    path = tmp_path / "坏文件.fulian"
    path.write_bytes(os.urandom(2048))
    before = sha256(path)
    if argv[0] == "unlock":
        path.unlink()
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", argv[0], str(path), *argv[1:]],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONUTF8": "1"},
        cwd=Path(__file__).parents[2],
    )
    assert proc.returncode == expected, proc.stderr
    assert_clerk_message(proc.stderr, path.name)
    if path.exists():
        assert sha256(path) == before
