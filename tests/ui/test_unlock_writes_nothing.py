"""Unlocking a password-protected database writes to it only when there is something to
write (a field newly made sensitive that still holds plain text, ciphertexts not yet bound to
their records, missing lookup hashes), in one transaction; otherwise the file stays
byte-identical and, as for opening, no new backup is made."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.forms.loader import default_forms
from desktop.operations import protection as operations
from desktop.store.backup import BackupStore
from desktop.store.database import Database
from desktop.store.protection import SEALED_FIELDS_KEY, unlock_work
from desktop.store.session import Session
from desktop.ui.main_window import MainWindow
from tests.helpers.qt import ScriptedPrompts
from tests.helpers.vault import CHEAP
from tests.ui.conftest import wait_for_backup

PASSWORD = "qingshan2026"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _protect(path: Path, backups: BackupStore) -> None:
    session = Session.open(path, backups, forms=default_forms().forms)
    try:
        operations.set_password(session, PASSWORD, cost=CHEAP)
    finally:
        session.close()


def _open_unlock_close(
    qtbot: QtBot, window: MainWindow, path: Path, prompts: ScriptedPrompts
) -> str:
    assert window.open_database(path)
    wait_for_backup(qtbot, window)
    window.show_page("privacy")
    prompts.passwords.append(PASSWORD)
    assert window.privacy_page.unlock()
    assert window.session is not None
    assert not window.session.protection.codec.locked
    db_id = window.session.db_id
    assert window.close_database()
    return db_id


def test_unlock_and_close_twice_leave_the_file_byte_identical(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    _protect(demo_db, window.backups)
    _open_unlock_close(qtbot, window, demo_db, prompts)
    after_first = _digest(demo_db)
    db_id = _open_unlock_close(qtbot, window, demo_db, prompts)
    backups = len(window.backups.backups(db_id))
    assert _digest(demo_db) == after_first
    _open_unlock_close(qtbot, window, demo_db, prompts)
    assert _digest(demo_db) == after_first
    assert len(window.backups.backups(db_id)) == backups  # nothing changed: no new backup


def test_a_field_sealed_later_is_encrypted_on_unlock_in_one_transaction(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    """A file whose record of sealed fields lacks one (as after a form update made it
    personal data) and whose ciphertexts are not marked bound: the unlock has work, writes it
    in one transaction, and has none the next time."""
    _protect(demo_db, window.backups)
    db = Database.open(demo_db)
    try:
        sealed = json.loads(db.meta(SEALED_FIELDS_KEY) or "[]")
        assert sealed
        with db.transaction():
            db.execute(
                "UPDATE meta SET value = :v WHERE key = :k",
                {"k": SEALED_FIELDS_KEY, "v": json.dumps(sealed[1:])},
            )
            db.execute("DELETE FROM meta WHERE key = 'sensitive_bound'")  # and not bound yet
    finally:
        db.close()
    before = _digest(demo_db)
    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    session = window.session
    assert session is not None
    assert unlock_work(session.db, session.forms, session.protection.codec)
    commits: list[str] = []
    session.db.connection.set_trace_callback(
        lambda sql: (
            commits.append(sql) if sql.strip().upper() in {"COMMIT", "BEGIN IMMEDIATE"} else None
        )
    )
    window.show_page("privacy")
    prompts.passwords.append(PASSWORD)
    assert window.privacy_page.unlock()
    session.db.connection.set_trace_callback(None)
    assert commits == ["BEGIN IMMEDIATE", "COMMIT"]  # one transaction
    assert json.loads(session.db.meta(SEALED_FIELDS_KEY) or "[]") == sealed
    assert session.db.meta("sensitive_bound") == "1"
    assert not unlock_work(session.db, session.forms, session.protection.codec)
    assert window.close_database()
    assert _digest(demo_db) != before
