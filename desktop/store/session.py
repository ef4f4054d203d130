"""A database opened for editing: the connection, its lock file, and its backups.

This is what the GUI holds between 打开 and 关闭数据库. ``close()`` releases the connection and the
lock so that Windows can eject the stick. The backup on open is *not* made here: it is slow on a
stick, so the UI runs ``backups.backup_if_changed(path, db_id)`` on a worker thread (it opens its
own connection).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from desktop.forms.definition import FormDef
from desktop.store import lock as lockfile
from desktop.store import register_sync, rewrite, vault
from desktop.store.backup import BackupInfo, BackupStore, restore
from desktop.store.database import BeforeMigrate, Database, check_header
from desktop.store.errors import FileMissing
from desktop.store.header import has_hot_journal
from desktop.store.protection import Protection, fill_missing_lookups

log = logging.getLogger("fulian.store.session")
T = TypeVar("T")


class Session:
    def __init__(
        self,
        db: Database,
        lock: lockfile.FileLock,
        backups: BackupStore,
        forms: Sequence[FormDef] = (),
        registers: register_sync.SyncResult | None = None,
    ) -> None:
        self.db = db
        self.lock = lock
        self.backups = backups
        #: what opening did to the registers: the forms shown (a register whose TOML this PC
        #: lacks comes from the file), plans run, forms refused
        self.registers = registers or register_sync.SyncResult(forms=list(forms))
        self.forms = tuple(self.registers.forms)
        self.protection = Protection(db, self.forms)
        self.db_id = db.db_id
        self._closed = False

    @property
    def path(self) -> Path:
        return self.db.path

    @classmethod
    def open(
        cls,
        path: Path,
        backups: BackupStore,
        *,
        take_over: bool = False,
        pc: str | None = None,
        forms: Sequence[FormDef] = (),
    ) -> Session:
        """Lock, open, migrate (after an automatic backup), bring the registers' tables up to
        their definitions. Raises known StoreErrors."""
        path = Path(path).absolute()
        rewrite.finish_interrupted(path)  # a password change cut short (stick pulled)
        if not path.is_file():
            raise FileMissing("找不到数据库文件（U盘是否已插好？）。", path=path)
        if not has_hot_journal(path):
            check_header(path)  # refuse a foreign file before putting a lock file beside it
        held = lockfile.acquire(path, pc=pc, take_over=take_over)
        try:
            db = Database.open(
                path,
                pc=pc,
                before_migrate=_backup_before_migrate(backups),
                integrity="quick" if backups.seen.needs_check(path) else "none",
            )
        except BaseException:
            held.release()
            raise
        backups.seen.opened(path)
        try:
            result = _sync(db, forms, backups)
            _finish_catalogue_upgrade(db)
            session = cls(db, held, backups, forms, result)
            fill_missing_lookups(db, session.forms, session.protection.codec)
        except BaseException:
            db.close()
            held.release()
            raise
        return session

    @classmethod
    def create(
        cls,
        path: Path,
        backups: BackupStore,
        *,
        pc: str | None = None,
        forms: Sequence[FormDef] = (),
    ) -> Session:
        from desktop.store import catalogue  # the indicators and their CSV: a new file only

        db = Database.create(Path(path), pc=pc)
        try:
            catalogue.seed_reference(db)
            result = register_sync.sync(db, forms)
            held = lockfile.acquire(db.path, pc=pc)
        except BaseException:
            db.close()
            raise
        backups.seen.opened(db.path)
        return cls(db, held, backups, forms, result)

    def restore(self, backup: BackupInfo) -> None:
        """Bring the database back to a backup; the current state is backed up first."""
        self.backups.backup(self.path, self.db_id)
        pc = self.db.pc
        self.db.close()
        try:
            restore(backup.path, self.path)
        finally:
            self.db = Database.open(
                self.path, pc=pc, before_migrate=_backup_before_migrate(self.backups)
            )
            self.registers = _sync(self.db, self.forms, self.backups)
            self.forms = tuple(self.registers.forms)
            self.protection = Protection(self.db, self.forms)  # a restored file: locked again

    def rewrite(
        self,
        transform: Callable[[Database], T],
        check: Callable[[Database], None] | None = None,
    ) -> T:
        """Change the whole file through a new, verified copy (``store/rewrite.py``), keeping
        the lock and the database id; the connection is closed and opened again."""
        pc = self.db.pc
        prepared, result = rewrite.prepare(self.path, transform, pc=pc, check=check)
        self.db.close()
        try:
            rewrite.swap(prepared)
        finally:
            self.db = Database.open(
                self.path, pc=pc, before_migrate=_backup_before_migrate(self.backups)
            )
            self.protection.rebind(self.db)
        return result

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.db.close()
            self.backups.seen.closed(self.path)
        finally:
            self.lock.release()
        log.info("session closed: %s may be removed", self.path)

    @property
    def closed(self) -> bool:
        return self._closed


def _sync(db: Database, forms: Sequence[FormDef], backups: BackupStore) -> register_sync.SyncResult:
    """Registers' plans on open: a plan that changes a table runs after a backup."""

    def before() -> None:
        log.info("backing up %s before changing a register's table", db.path)
        backups.backup(db.path, db.db_id)

    return register_sync.sync(db, forms, before_change=before, protected=vault.is_protected(db))


def _finish_catalogue_upgrade(db: Database) -> None:
    """A round-1 catalogue, after migration 8 (meta ``catalogue_upgrade``): the catalogue
    module (and the indicators and evaluation rules it imports) loads only then."""
    if db.read_only or not db.meta("catalogue_upgrade"):
        return
    from desktop.store import catalogue

    catalogue.finish_upgrade(db)


def _backup_before_migrate(backups: BackupStore) -> BeforeMigrate:
    def before(db: Database, old_version: int) -> None:
        log.info("backing up %s before migrating from schema %d", db.path, old_version)
        backups.backup(db.path, db.db_id)

    return before
