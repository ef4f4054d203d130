"""Opening and closing a database, and its backups: the rules the app and the CLI share.

- ``open_database``: the lock file beside it, a backup before any migration, the registers'
  tables brought up to their definitions (``store.session.Session``). Every command that writes
  (``fulian letters``, ``fulian import``) opens through it, like the app.
- ``read_only``: ``check`` and ``export`` open read-only: no lock, no backup, no migration.
- ``backup_database`` is slow (a copy of the whole file): the UI runs it off its thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from desktop.forms.definition import FormDef
from desktop.operations import EVERYTHING, Changes, slow
from desktop.store.backup import BackupInfo, BackupStore
from desktop.store.database import Database, Integrity
from desktop.store.errors import StoreError
from desktop.store.session import Session

log = logging.getLogger("fulian.operations.session")


def backup_store(data_dir: Path) -> BackupStore:
    """The PC's backup folder under its data folder."""
    from desktop.paths import backups_dir

    return BackupStore(backups_dir(data_dir))


def open_database(
    path: Path,
    backups: BackupStore,
    *,
    pc: str | None = None,
    forms: Sequence[FormDef] = (),
    take_over: bool = False,
) -> Session:
    """Open for editing: lock, back up before migrating, sync the registers' tables."""
    return Session.open(path, backups, pc=pc, forms=forms, take_over=take_over)


def create_database(
    path: Path, backups: BackupStore, *, pc: str | None = None, forms: Sequence[FormDef] = ()
) -> Session:
    """A new, empty database (never over an existing file), locked and ready."""
    return Session.create(path, backups, pc=pc, forms=forms)


def close_database(session: Session) -> None:
    """Release the file and the lock (the stick can be ejected). A pulled stick is logged."""
    try:
        session.close()
    except (StoreError, OSError) as exc:
        log.warning("closing %s: %s", session.path, exc)


def read_only(path: Path, *, integrity: Integrity = "quick") -> Database:
    """For reading only (``check``, ``export``): no lock, no backup, no migration.
    ``fulian check`` asks for the full integrity check."""
    return Database.open(path, read_only=True, integrity=integrity)


@contextmanager
def connection(path: Path, *, read_only: bool = False) -> Iterator[Database]:
    """A connection of its own for a slow operation on a worker thread (SQLite connections
    stay on the thread that made them). The session holding the file checked it on open."""
    db = Database.open(path, read_only=read_only, integrity="none")
    try:
        yield db
    finally:
        db.close()


@slow
def backup_database(
    backups: BackupStore,
    path: Path,
    db_id: str,
    *,
    only_if_changed: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> BackupInfo | None:
    """A consistent copy to the PC's backup folder (None: unchanged since the last one)."""
    if only_if_changed:
        return backups.backup_if_changed(path, db_id, cancelled=cancelled)
    return backups.backup(path, db_id, cancelled=cancelled)


def restore_backup(session: Session, backup: BackupInfo) -> Changes:
    """Bring the database back to ``backup`` (the current state is backed up first)."""
    session.restore(backup)
    return EVERYTHING
