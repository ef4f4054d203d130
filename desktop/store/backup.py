"""Consistent backups to the PC's local data folder, rotated and capped in size.

Backups are made with SQLite's online backup API from a separate read-only connection (never by
copying the file: a copy taken during a write can hold a half-applied transaction). A backup is
named after its time and the source's file change counter (header offset 24), which SQLite bumps
on every committed write in rollback-journal mode: "changed since the last backup" is a
comparison of two integers, no hashing of the file.

Layout: ``<root>/<database id>/<YYYYmmdd-HHMMSS-ffffff>_c<counter>.fulian``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from desktop.store.database import Database
from desktop.store.errors import classify_os, classify_sqlite
from desktop.store.header import read_header

log = logging.getLogger("fulian.store.backup")

_NAME = re.compile(r"^(\d{8}-\d{6}-\d{6})_c(\d+)\.fulian$")
_STAMP = "%Y%m%d-%H%M%S-%f"


@dataclass(frozen=True)
class RetentionPolicy:
    keep_last: int = 20
    keep_daily_days: int = 30
    max_total_bytes: int = 1024 * 1024 * 1024


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    change_counter: int
    size: int

    @property
    def label(self) -> str:
        return self.made_at.strftime("%Y-%m-%d %H:%M:%S")


def choose_kept(
    backups: Iterable[BackupInfo], now: datetime, policy: RetentionPolicy
) -> list[BackupInfo]:
    """Which backups to keep: the last N, the newest of each of the last D days, within a cap.

    The newest backup is always kept, even when it alone exceeds the cap.
    """
    ordered = sorted(backups, key=lambda b: b.made_at, reverse=True)
    kept: list[BackupInfo] = list(ordered[: policy.keep_last])
    seen_days = {b.made_at.date() for b in kept}
    horizon = (now - timedelta(days=policy.keep_daily_days)).date()
    for backup in ordered[policy.keep_last :]:
        day = backup.made_at.date()
        if day >= horizon and day not in seen_days:
            kept.append(backup)
            seen_days.add(day)
    kept.sort(key=lambda b: b.made_at, reverse=True)
    while len(kept) > 1 and sum(b.size for b in kept) > policy.max_total_bytes:
        kept.pop()
    return kept


class BackupStore:
    """Backups of all databases opened on this PC, one folder per database id."""

    def __init__(self, root: Path, policy: RetentionPolicy | None = None) -> None:
        self.root = root
        self.policy = policy or RetentionPolicy()

    def folder(self, db_id: str) -> Path:
        if not re.fullmatch(r"[0-9a-f-]{36}", db_id):
            raise ValueError(f"not a database id: {db_id!r}")
        return self.root / db_id

    def backups(self, db_id: str) -> list[BackupInfo]:
        """Backups of one database, newest first."""
        folder = self.folder(db_id)
        if not folder.is_dir():
            return []
        found: list[BackupInfo] = []
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if not match:
                continue
            with contextlib.suppress(OSError, ValueError):
                found.append(
                    BackupInfo(
                        path,
                        datetime.strptime(match.group(1), _STAMP),
                        int(match.group(2)),
                        path.stat().st_size,
                    )
                )
        found.sort(key=lambda b: b.made_at, reverse=True)
        return found

    def latest(self, db_id: str) -> BackupInfo | None:
        backups = self.backups(db_id)
        return backups[0] if backups else None

    def needs_backup(self, db_path: Path, db_id: str) -> bool:
        header = read_header(db_path)
        latest = self.latest(db_id)
        return header is None or latest is None or latest.change_counter != header.change_counter

    def backup_if_changed(
        self, db_path: Path, db_id: str, *, cancelled: Callable[[], bool] | None = None
    ) -> BackupInfo | None:
        if not self.needs_backup(db_path, db_id):
            log.info("no backup needed for %s: unchanged since the last one", db_path)
            return None
        return self.backup(db_path, db_id, cancelled=cancelled)

    def backup(
        self,
        db_path: Path,
        db_id: str,
        *,
        cancelled: Callable[[], bool] | None = None,
        now: datetime | None = None,
    ) -> BackupInfo:
        """Copy ``db_path`` consistently; a cancelled or failed backup leaves no file behind."""
        now = now or datetime.now()
        header = read_header(db_path)
        counter = header.change_counter if header else 0
        folder = self.folder(db_id)
        target = folder / f"{now.strftime(_STAMP)}_c{counter}.fulian"
        partial = target.with_suffix(".partial")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            copy_database(db_path, partial, cancelled)
            os.replace(partial, target)
        except BaseException:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
        info = BackupInfo(target, now, counter, target.stat().st_size)
        log.info("backed up %s to %s", db_path, target)
        self.prune(db_id, now=now)
        return info

    def remove_before(self, db_id: str, moment: datetime) -> int:
        """Delete the backups made before ``moment`` (e.g. those still holding personal data
        in plain text after a password was set); returns how many were deleted."""
        removed = 0
        for backup in self.backups(db_id):
            if backup.made_at < moment:
                with contextlib.suppress(OSError):
                    backup.path.unlink()
                    removed += 1
        return removed

    def prune(self, db_id: str, *, now: datetime | None = None) -> list[Path]:
        backups = self.backups(db_id)
        kept = {b.path for b in choose_kept(backups, now or datetime.now(), self.policy)}
        removed = [b.path for b in backups if b.path not in kept]
        for path in removed:
            with contextlib.suppress(OSError):
                path.unlink()
        return removed


class BackupCancelled(Exception):
    """The clerk cancelled; nothing was written."""


def copy_database(source: Path, target: Path, cancelled: Callable[[], bool] | None = None) -> None:
    """Online backup from a read-only connection into ``target`` (a new file)."""
    if target.exists():
        raise FileExistsError(target)
    src = Database.open(source, read_only=True)
    try:
        dst = sqlite3.connect(target)
        try:

            def progress(_status: int, _remaining: int, _total: int) -> None:
                if cancelled is not None and cancelled():
                    raise BackupCancelled

            src.connection.backup(dst, pages=256, progress=progress)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        with open(target, "rb+") as fh:
            os.fsync(fh.fileno())
    except sqlite3.Error as exc:
        known = classify_sqlite(exc, source)
        raise (known or exc) from exc
    except OSError as exc:
        known_os = classify_os(exc, target)
        raise (known_os or exc) from exc
    finally:
        src.close()


def restore(backup: Path, db_path: Path) -> None:
    """Replace the contents of ``db_path`` with a backup, in one write transaction.

    The caller closes its own connection first and makes a safety backup of the current state.
    The backup is checked (a Fulian file that passes quick_check) before anything is written.
    """
    src = Database.open(backup, read_only=True)
    try:
        dst = sqlite3.connect(db_path.resolve().as_uri() + "?mode=rw", uri=True)
        try:
            dst.execute("PRAGMA synchronous = FULL")
            src.connection.backup(dst)
        except sqlite3.Error as exc:
            known = classify_sqlite(exc, db_path)
            raise (known or exc) from exc
        finally:
            dst.close()
    finally:
        src.close()
    log.info("restored %s from %s", db_path, backup)
