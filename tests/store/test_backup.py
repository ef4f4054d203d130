from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.store import records, units
from desktop.store.backup import (
    BackupCancelled,
    BackupInfo,
    BackupStore,
    RetentionPolicy,
    choose_kept,
)
from desktop.store.database import Database
from desktop.store.errors import Corrupt, StoreError
from desktop.store.session import Session


def _store(tmp_path: Path, **policy: int) -> BackupStore:
    return BackupStore(tmp_path / "local" / "backups", RetentionPolicy(**policy))


def _db_id(path: Path) -> str:
    db = Database.open(path, read_only=True)
    try:
        return db.db_id
    finally:
        db.close()


def test_backup_made_when_changed_and_skipped_when_not(db_path: Path, tmp_path: Path) -> None:
    store = _store(tmp_path)
    db_id = _db_id(db_path)
    first = store.backup_if_changed(db_path, db_id)
    assert first is not None
    assert store.backup_if_changed(db_path, db_id) is None  # unchanged: skipped
    db = Database.open(db_path)
    records.insert(db, "unit", {"code": "A", "name": "卫生院"})
    db.close()
    second = store.backup_if_changed(db_path, db_id)
    assert second is not None
    assert second.change_counter != first.change_counter
    assert [b.path for b in store.backups(db_id)] == [second.path, first.path]


def test_backup_is_a_sound_fulian_database_with_the_data(db_path: Path, tmp_path: Path) -> None:
    db = Database.open(db_path)
    units.add(db, units.Unit(code="D01", name="镇卫生院", kind="medical"))
    db.close()
    info = _store(tmp_path).backup(db_path, _db_id(db_path))
    copy = Database.open(info.path, read_only=True)
    try:
        assert [u.name for u in units.list_units(copy)] == ["镇卫生院"]
        assert copy.db_id == _db_id(db_path)
        assert copy.scalar("PRAGMA journal_mode") == "delete"
    finally:
        copy.close()
    assert not list(info.path.parent.glob("*.partial"))


def test_cancelled_backup_leaves_nothing(db_path: Path, tmp_path: Path) -> None:
    store = _store(tmp_path)
    with pytest.raises(BackupCancelled):
        store.backup(db_path, _db_id(db_path), cancelled=lambda: True)
    assert store.backups(_db_id(db_path)) == []
    assert not list(store.folder(_db_id(db_path)).glob("*"))


@pytest.mark.parametrize("calls", [1, 2])
def test_a_backup_cancelled_after_its_copy_stops_before_flushing_and_checking(
    db_path: Path, tmp_path: Path, calls: int
) -> None:
    """A quit soon after opening waits for no flush or quick_check of a whole copy."""
    store = _store(tmp_path)
    asked: list[int] = []

    def cancelled() -> bool:  # the copy's one step goes through; the quit comes after it
        asked.append(1)
        return len(asked) > calls

    with pytest.raises(BackupCancelled):
        store.backup(db_path, _db_id(db_path), cancelled=cancelled)
    assert len(asked) == calls + 1
    assert not list(store.folder(_db_id(db_path)).glob("*"))


def test_a_damaged_database_is_named_as_such_and_leaves_no_backup(
    db_path: Path, tmp_path: Path
) -> None:
    """The source is not checked before the copy (the copy is): a damaged source is still
    reported as the database's fault, not the backup disk's."""
    store, db_id = _store(tmp_path), _db_id(db_path)
    db = Database.open(db_path)
    with db.transaction():
        for i in range(300):
            db.execute(
                "INSERT INTO unit(code, name) VALUES (:c, :n)",
                {"c": f"C{i}", "n": "名称" * 40 + str(i)},
            )
    db.close()
    data = bytearray(db_path.read_bytes())
    for offset in range(4096 * 3 + 100, 4096 * 6, 7):  # pages 4-6: the header still reads
        data[offset] = 0xAB
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as info:
        store.backup(db_path, db_id)
    assert info.value.path == db_path.absolute()
    assert isinstance(info.value, Corrupt)
    assert "备份写完后" not in info.value.message  # not the backup disk's fault
    assert not list(store.folder(db_id).glob("*"))


def test_backups_are_rotated(db_path: Path, tmp_path: Path) -> None:
    store = _store(tmp_path, keep_last=3, keep_daily_days=0)
    db_id = _db_id(db_path)
    start = datetime(2026, 3, 8, 9, 0, 0)
    made = [store.backup(db_path, db_id, now=start + timedelta(minutes=i)) for i in range(6)]
    kept = store.backups(db_id)
    assert [b.path for b in kept] == [b.path for b in reversed(made[-3:])]
    assert all(not b.path.exists() for b in made[:3])


def test_restore_brings_the_data_back(db_path: Path, tmp_path: Path) -> None:
    store = _store(tmp_path)
    session = Session.open(db_path, store, pc="办公室电脑")
    units.add(session.db, units.Unit(code="D01", name="镇卫生院"))
    good = store.backup(session.path, session.db_id)
    records.delete(session.db, "unit", units.list_units(session.db)[0].id or 0)
    units.add(session.db, units.Unit(code="X", name="误加的单位"))
    session.restore(good)
    assert [u.name for u in units.list_units(session.db)] == ["镇卫生院"]
    # the state before the restore was backed up too, so the restore can be undone
    assert len(store.backups(session.db_id)) == 2
    session.close()
    plain = sqlite3.connect(db_path)
    assert plain.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    plain.close()


def _info(made_at: datetime, size: int = 10) -> BackupInfo:
    return BackupInfo(Path(f"/b/{made_at:%Y%m%d%H%M%S%f}"), made_at, 1, size)


def test_retention_keeps_last_n_and_one_a_day() -> None:
    now = datetime(2026, 11, 29, 12, 0)
    backups = [_info(now - timedelta(hours=6 * i)) for i in range(200)]  # 50 days, 4 a day
    kept = choose_kept(
        backups, now, RetentionPolicy(keep_last=20, keep_daily_days=30, max_total_bytes=10**9)
    )
    assert kept[:20] == sorted(backups, key=lambda b: b.made_at, reverse=True)[:20]
    days = {b.made_at.date() for b in kept}
    assert len(days) == 31  # today and the 30 days before
    assert min(days) == (now - timedelta(days=30)).date()


@given(
    hours=st.lists(
        st.integers(min_value=0, max_value=24 * 90), min_size=1, max_size=80, unique=True
    ),
    sizes=st.integers(min_value=1, max_value=500),
    cap=st.integers(min_value=1, max_value=20_000),
    keep_last=st.integers(min_value=1, max_value=30),
)
def test_retention_properties(hours: list[int], sizes: int, cap: int, keep_last: int) -> None:
    now = datetime(2026, 11, 29, 12, 0)
    backups = [_info(now - timedelta(hours=h), sizes) for h in hours]
    policy = RetentionPolicy(keep_last=keep_last, keep_daily_days=30, max_total_bytes=cap)
    kept = choose_kept(backups, now, policy)
    newest = max(backups, key=lambda b: b.made_at)
    assert kept[0] == newest  # the newest is always kept
    assert len(kept) == 1 or sum(b.size for b in kept) <= cap
    assert len({b.path for b in kept}) == len(kept)
