"""Issue 17, files and locks: verified backups, stale locks and ``fulian unlock``, journal
hotness as SQLite decides it, restore beside a crash journal."""

from __future__ import annotations

import io
import json
import os
import random
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.cli import EXIT_DATA, EXIT_ENV, EXIT_OK, EXIT_USAGE, main
from desktop.store import lock as lockfile
from desktop.store import units
from desktop.store.backup import (
    LEFTOVER_AGE,
    BackupStore,
    RetentionPolicy,
    backup_to_folder,
    copy_database,
    restore,
)
from desktop.store.database import Database
from desktop.store.errors import LockPathBlocked, StoreError
from desktop.store.header import JOURNAL_MAGIC, journal_path, journal_state
from desktop.store.session import Session
from tests.helpers.crash import run_and_kill
from tests.helpers.files import sha256

BACKUP_WRITER = Path(__file__).resolve().parents[1] / "helpers" / "backup_writer.py"


def _add_units(path: Path, n: int, start: int = 0) -> None:
    db = Database.open(path)
    try:
        with db.transaction():
            for i in range(start, start + n):
                units.add(db, units.Unit(f"U{i:05d}", f"单位{i}"))
    finally:
        db.close()


def _count(path: Path) -> int:
    db = Database.open(path, read_only=True)
    try:
        return int(db.scalar("SELECT count(*) FROM unit"))
    finally:
        db.close()


def _age(path: Path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


# ----- item 12: backups ---------------------------------------------------------------------
def test_two_backups_in_the_same_second_get_two_names(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "备份"
    moment = datetime(2026, 3, 8, 14, 5, 9)
    first = backup_to_folder(db_path, folder, now=moment)
    second = backup_to_folder(db_path, folder, now=moment)
    assert first != second
    assert first.name == "妇联数据-备份-20260308-140509.fulian"
    assert second.name == "妇联数据-备份-20260308-140509-2.fulian"
    assert sorted(p.name for p in folder.iterdir()) == sorted([first.name, second.name])


def test_cli_backups_in_quick_succession_never_crash(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "备份"
    for _ in range(3):  # today's code: FileExistsError on the second one within a second
        assert main(["backup", str(db_path), "--to", str(folder)]) == EXIT_OK
    assert len(list(folder.glob("*.fulian"))) == 3
    assert "Traceback" not in capsys.readouterr().err


def test_leftovers_of_killed_backups_are_removed(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "备份"
    folder.mkdir()
    old = folder / "妇联数据-备份-20260101-080000.fulian.partial"
    old_journal = folder / "妇联数据-备份-20260101-080000.fulian.partial-journal"
    young = folder / "妇联数据-备份-20260308-140000.fulian.partial"
    mine = folder / "我的笔记.txt"
    for path in (old, old_journal, young, mine):
        path.write_bytes(b"x" * 100)
    for path in (old, old_journal):
        _age(path, LEFTOVER_AGE.total_seconds() + 60)
    made = backup_to_folder(db_path, folder)
    left = {p.name for p in folder.iterdir()}
    assert left == {made.name, young.name, mine.name}  # a young one may be a running backup


def test_store_leftovers_are_removed_and_count_in_the_cap(db_path: Path, tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "b", RetentionPolicy(keep_last=5, max_total_bytes=10**9))
    db_id = Database.open(db_path, read_only=True)
    try:
        ident = db_id.db_id
    finally:
        db_id.close()
    first = store.backup(db_path, ident, now=datetime(2026, 3, 8, 9, 0, 0))
    size = first.path.stat().st_size
    folder = store.folder(ident)
    stale = folder / "20260101-080000-000000_c1.fulian.partial"
    stale.write_bytes(b"\0" * 10)
    _age(stale, LEFTOVER_AGE.total_seconds() + 60)
    running = folder / "20260308-090001-000000_c9.fulian.partial"
    running.write_bytes(b"\0" * size)
    store.policy = RetentionPolicy(keep_last=5, max_total_bytes=size * 2 + size // 2)
    _add_units(db_path, 1)
    second = store.backup(db_path, ident, now=datetime(2026, 3, 8, 10, 0, 0))
    assert not stale.exists()
    assert running.exists()
    # two backups + the running partial exceed the cap: the older backup goes
    assert [b.path for b in store.backups(ident)] == [second.path]
    assert store.leftovers(ident) == [running]


def test_same_moment_store_backups_get_distinct_names(db_path: Path, tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "b")
    db = Database.open(db_path, read_only=True)
    ident = db.db_id
    db.close()
    moment = datetime(2026, 3, 8, 9, 0, 0)
    a = store.backup(db_path, ident, now=moment)
    b = store.backup(db_path, ident, now=moment)
    assert a.path != b.path
    assert a.path.exists()
    assert b.path.exists()


@pytest.mark.slow
def test_killed_backup_never_leaves_an_incomplete_file_under_a_final_name(
    db_path: Path, tmp_path: Path
) -> None:
    seed = int(os.environ.get("FULIAN_CRASH_SEED", "20261130"))
    rng = random.Random(seed)
    plain = sqlite3.connect(db_path)  # ballast so that one copy takes a while
    plain.execute("CREATE TABLE ballast(b BLOB)")
    plain.executemany("INSERT INTO ballast VALUES (?)", [(os.urandom(4000),) for _ in range(1500)])
    plain.commit()
    plain.close()
    _add_units(db_path, 3)
    folder = tmp_path / "备份"
    root = str(Path(__file__).resolve().parents[2])
    os.environ["PYTHONPATH"] = root + os.pathsep + os.environ.get("PYTHONPATH", "")
    for trial in range(6):
        delay = rng.uniform(0.0, 0.3)
        run_and_kill(BACKUP_WRITER, [str(db_path), str(folder)], delay)
        for made in folder.glob("*.fulian"):
            context = f"seed={seed} trial={trial} delay={delay:.3f} {made.name}"
            con = sqlite3.connect(f"file:{made}?mode=ro", uri=True)
            try:
                assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok", context
                assert con.execute("SELECT count(*) FROM unit").fetchone()[0] == 3, context
                assert con.execute("SELECT count(*) FROM ballast").fetchone()[0] == 1500, context
            finally:
                con.close()
    assert list(folder.glob("*.fulian")), "no backup ever finished: the test proves nothing"


# ----- item 13: locks -------------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"\0\0\0\0", b'{"pc": "X"', "垃圾".encode("gbk")])
def test_unreadable_lock_is_stale_and_taken_over(
    db_path: Path, tmp_path: Path, content: bytes
) -> None:
    path = lockfile.lock_path(db_path)
    path.write_bytes(content)
    owner = lockfile.read_owner(db_path)
    assert owner is not None
    assert not owner.readable
    assert lockfile.is_stale(owner)
    _age(path, 60)
    session = Session.open(db_path, BackupStore(tmp_path / "b"), pc="办公室电脑")
    try:
        now_owner = lockfile.read_owner(db_path)
        assert now_owner is not None
        assert now_owner.pc == "办公室电脑"
    finally:
        session.close()


def test_unreadable_lock_written_this_instant_is_not_stolen(db_path: Path, tmp_path: Path) -> None:
    lockfile.lock_path(db_path).write_bytes(b"")
    with pytest.raises(StoreError, match="未正常关闭"):
        Session.open(db_path, BackupStore(tmp_path / "b"), pc="办公室电脑")


def _foreign_lock(db_path: Path, *, minutes_ago: int) -> None:
    stamp = (datetime.now() - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%d %H:%M:%S")
    lockfile.lock_path(db_path).write_text(
        json.dumps({"pc": "家里的电脑", "user": "王芳", "pid": 4242, "time": stamp}), "utf-8"
    )


def test_unlock_shows_the_holder_and_removes_with_yes(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _foreign_lock(db_path, minutes_ago=90)
    assert main(["unlock", str(db_path), "--yes"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "家里的电脑" in out
    assert "王芳" in out
    assert "已解除锁定" in out
    assert not lockfile.lock_path(db_path).exists()


@pytest.mark.parametrize(
    ("answer", "code", "removed"), [("y\n", EXIT_OK, True), ("n\n", EXIT_DATA, False)]
)
def test_unlock_asks(
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answer: str,
    code: int,
    removed: bool,
) -> None:
    _foreign_lock(db_path, minutes_ago=2)
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    assert main(["unlock", str(db_path)]) == code
    out = capsys.readouterr().out
    assert "(y/N)" in out
    assert "对方可能仍在使用" in out  # a recent lock: the question says so
    assert lockfile.lock_path(db_path).exists() is not removed


def test_unlock_without_input_refuses(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _foreign_lock(db_path, minutes_ago=90)
    before = lockfile.lock_path(db_path).read_bytes()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["unlock", str(db_path)]) == EXIT_USAGE
    assert "--yes" in capsys.readouterr().err
    assert lockfile.lock_path(db_path).read_bytes() == before


def test_unlock_never_removes_a_running_window_on_this_pc(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    held = lockfile.acquire(db_path)  # this process, alive, on this PC
    try:
        assert main(["unlock", str(db_path), "--yes"]) == EXIT_ENV
        assert "另一个妇联工作台窗口" in capsys.readouterr().err
        assert lockfile.lock_path(db_path).exists()
    finally:
        held.release()


def test_unlock_of_an_unlocked_database(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["unlock", str(db_path)]) == EXIT_OK
    assert "没有被锁定" in capsys.readouterr().out


def test_lock_path_that_is_a_folder(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lockfile.lock_path(db_path).mkdir()
    with pytest.raises(LockPathBlocked, match="文件夹"):
        Session.open(db_path, BackupStore(tmp_path / "b"))
    before = sha256(db_path)
    for argv in (["unlock", str(db_path), "--yes"], ["check", str(db_path)]):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == EXIT_ENV, argv
        assert "文件夹" in err
        assert "Traceback" not in err
    assert sha256(db_path) == before


# ----- item 14: journal hotness ---------------------------------------------------------------
def _journal(db_path: Path, content: bytes) -> None:
    journal_path(db_path).write_bytes(content)


@pytest.mark.parametrize(
    ("content", "state"),
    [
        (b"", "none"),  # SQLite: empty → not hot
        (b"\0" * 512, "none"),  # zeroed header (PERSIST leftovers) → not hot, never deleted
        (b"garbage!" * 64, "void"),  # first byte set, no magic: playback restores nothing
        (JOURNAL_MAGIC + b"\0" * 4, "void"),  # header cut short
        (JOURNAL_MAGIC + b"\0\0\0\1" + b"\0" * 500, "hot"),
    ],
)
def test_journal_state_follows_sqlite(db_path: Path, content: bytes, state: str) -> None:
    _journal(db_path, content)
    assert journal_state(db_path) == state


@pytest.mark.parametrize("content", [b"\0" * 512, b"garbage!" * 64])
def test_journal_sqlite_ignores_does_not_block_check_backup_export(
    db_path: Path, tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_units(db_path, 2)
    _journal(db_path, content)
    before = sha256(db_path)
    assert main(["check", str(db_path)]) == EXIT_OK
    assert main(["backup", str(db_path), "--to", str(tmp_path / "备份")]) == EXIT_OK
    out = tmp_path / "units.xlsx"
    assert main(["export", str(db_path), "completeness", "--year", "2026", "-o", str(out)]) == 0
    assert "未完成的日志" not in capsys.readouterr().out
    assert sha256(db_path) == before
    assert journal_path(db_path).read_bytes() == content  # never deleted by us
    (made,) = (tmp_path / "备份").glob("*.fulian")
    assert _count(made) == 2


def test_a_real_hot_journal_still_refuses_a_read_only_open(db_path: Path) -> None:
    _journal(db_path, JOURNAL_MAGIC + b"\0\0\0\1" + b"\0" * 500)
    with pytest.raises(StoreError, match="未完成的日志文件"):
        Database.open(db_path, read_only=True)


# ----- item 15: restore beside a crash journal -----------------------------------------------
def test_restore_moves_a_crash_journal_aside_and_the_result_is_intact(
    db_path: Path, tmp_path: Path
) -> None:
    _add_units(db_path, 5)
    backup = tmp_path / "backup.fulian"
    copy_database(db_path, backup)
    _add_units(db_path, 7, start=100)
    # a crash journal from another state of the file (e.g. the stick pulled mid-save)
    other = tmp_path / "other.fulian"
    copy_database(db_path, other)
    _add_units(other, 1, start=900)
    journal_bytes = JOURNAL_MAGIC + b"\0\0\0\1" + os.urandom(2000)
    _journal(db_path, journal_bytes)
    aside = restore(backup, db_path)
    assert aside is not None
    assert aside.name.startswith(journal_path(db_path).name + ".恢复前移开-")
    assert aside.read_bytes() == journal_bytes  # moved, never deleted
    assert not journal_path(db_path).exists()
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    assert _count(db_path) == 5
