"""The integrity check on open runs only when the file may have changed outside a clean
session of this PC (``store/seen.py``); a damaged file is still refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.store.backup import BackupStore
from desktop.store.errors import Corrupt, NotAFulianDatabase
from desktop.store.session import Session


def _fill(session: Session) -> None:
    with session.db.transaction():
        for i in range(300):
            session.db.execute(
                "INSERT INTO unit(code, name) VALUES (:c, :n)",
                {"c": f"C{i}", "n": "名称" * 40 + str(i)},
            )


def test_clean_close_is_remembered_and_a_changed_file_is_checked(
    db_path: Path, tmp_path: Path
) -> None:
    backups = BackupStore(tmp_path / "backups")
    assert backups.seen.needs_check(db_path)  # never seen on this PC
    session = Session.open(db_path, backups)
    _fill(session)
    session.close()
    assert not backups.seen.needs_check(db_path)
    Session.open(db_path, backups).close()
    assert not backups.seen.needs_check(db_path)

    data = bytearray(db_path.read_bytes())
    for offset in range(4096 + 100, 4096 * 3, 7):  # damage, same size, header intact
        data[offset] = 0xAB
    db_path.write_bytes(bytes(data))
    assert backups.seen.needs_check(db_path)
    with pytest.raises((Corrupt, NotAFulianDatabase)):
        Session.open(db_path, backups)


def test_a_session_that_did_not_close_cleanly_means_a_check(db_path: Path, tmp_path: Path) -> None:
    backups = BackupStore(tmp_path / "backups")
    Session.open(db_path, backups).close()
    assert not backups.seen.needs_check(db_path)
    crashed = Session.open(db_path, backups)
    crashed.db.close()  # the process dies: no Session.close
    crashed.lock.release()
    assert backups.seen.needs_check(db_path)
