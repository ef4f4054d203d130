"""Opening and closing a database in the app writes nothing to it, and after the first
backup on this PC an unchanged file gets no new one."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from tests.ui.conftest import wait_for_backup


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_open_and_close_leave_the_demo_byte_identical(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    before = _digest(demo_db)
    for _ in range(3):
        assert window.open_database(demo_db)
        wait_for_backup(qtbot, window)
        db_id = window.session.db_id if window.session else ""
        assert window.close_database()
        assert _digest(demo_db) == before
        assert len(window.backups.backups(db_id)) == 1  # the first open's backup only
