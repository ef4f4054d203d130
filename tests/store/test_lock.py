from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.store import lock as lockfile
from desktop.store.backup import BackupStore
from desktop.store.errors import LockedByOther, NotAFulianDatabase
from desktop.store.session import Session
from tests.helpers.files import siblings


def _write_lock(db_path: Path, *, pc: str, pid: int, time: datetime) -> None:
    lockfile.lock_path(db_path).write_text(
        json.dumps(
            {"pc": pc, "user": "clerk", "pid": pid, "time": time.strftime("%Y-%m-%d %H:%M:%S")},
            ensure_ascii=False,
        ),
        "utf-8",
    )


def test_open_creates_lock_naming_pc_and_close_removes_it(db_path: Path, tmp_path: Path) -> None:
    session = Session.open(db_path, BackupStore(tmp_path / "b"), pc="办公室电脑")
    owner = lockfile.read_owner(db_path)
    assert owner is not None
    assert owner.pc == "办公室电脑"
    assert abs(datetime.now() - owner.refreshed_at) < timedelta(minutes=1)
    session.close()
    assert lockfile.read_owner(db_path) is None
    assert siblings(db_path) == {db_path.name}


def test_second_open_on_same_pc_warns(db_path: Path, tmp_path: Path) -> None:
    first = Session.open(db_path, BackupStore(tmp_path / "b"), pc="办公室电脑")
    with pytest.raises(LockedByOther, match="另一个妇联工作台窗口"):
        Session.open(db_path, BackupStore(tmp_path / "b"), pc="办公室电脑")
    first.close()


def test_lock_of_other_pc_warns_and_can_be_taken_over(db_path: Path, tmp_path: Path) -> None:
    _write_lock(db_path, pc="家里的电脑", pid=4242, time=datetime.now())
    with pytest.raises(LockedByOther, match="家里的电脑") as info:
        Session.open(db_path, BackupStore(tmp_path / "b"), pc="办公室电脑")
    assert isinstance(info.value.owner, lockfile.LockOwner)
    session = Session.open(db_path, BackupStore(tmp_path / "b"), pc="办公室电脑", take_over=True)
    owner = lockfile.read_owner(db_path)
    assert owner is not None
    assert owner.pc == "办公室电脑"
    session.close()
    assert not lockfile.lock_path(db_path).exists()


def test_stale_lock_is_recognised(db_path: Path) -> None:
    old = datetime.now() - lockfile.STALE_AFTER - timedelta(minutes=1)
    _write_lock(db_path, pc="家里的电脑", pid=4242, time=old)
    with pytest.raises(LockedByOther, match="未正常关闭") as info:
        lockfile.acquire(db_path, pc="办公室电脑")
    assert lockfile.stale_for_takeover(info.value)
    # same PC, process gone: stale even if recent
    _write_lock(db_path, pc="办公室电脑", pid=2**22 + 12345, time=datetime.now())
    owner = lockfile.read_owner(db_path)
    assert owner is not None
    assert lockfile.is_stale(owner, pc="办公室电脑")


def test_half_written_lock_counts_as_stale(db_path: Path) -> None:
    lockfile.lock_path(db_path).write_bytes(b'{"pc": "\xe5')
    owner = lockfile.read_owner(db_path)
    assert owner is not None
    assert lockfile.is_stale(owner)


def test_release_leaves_a_lock_taken_over_by_another(db_path: Path) -> None:
    mine = lockfile.acquire(db_path, pc="甲电脑")
    _write_lock(db_path, pc="乙电脑", pid=1, time=datetime.now())
    mine.release()
    owner = lockfile.read_owner(db_path)
    assert owner is not None
    assert owner.pc == "乙电脑"


def test_refresh_updates_time(db_path: Path) -> None:
    held = lockfile.acquire(db_path, pc="甲电脑")
    _write_lock(db_path, pc="甲电脑", pid=held.owner.pid, time=datetime(2026, 1, 1, 8, 0, 0))
    held.refresh()
    owner = lockfile.read_owner(db_path)
    assert owner is not None
    assert owner.refreshed_at > datetime(2026, 1, 1, 8, 0, 0)
    held.release()


def test_foreign_file_gets_no_lock_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello", "utf-8")
    with pytest.raises(NotAFulianDatabase):
        Session.open(path, BackupStore(tmp_path / "b"))
    assert siblings(path) == {"notes.db", "b"} - {"b"} or siblings(path) == {"notes.db"}


def test_lock_left_by_a_crash_on_this_pc_is_taken_over_silently(db_path: Path) -> None:
    _write_lock(db_path, pc="办公室电脑", pid=2**22 + 12345, time=datetime.now())
    held = lockfile.acquire(db_path, pc="办公室电脑")
    owner = lockfile.read_owner(db_path)
    assert owner is not None
    assert owner.pid == held.owner.pid
    held.release()
