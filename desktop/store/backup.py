"""Consistent backups to the PC's local data folder, rotated and capped in size.

Backups are made with SQLite's online backup API from a separate read-only connection (never by
copying the file: a copy taken during a write can hold a half-applied transaction). A backup is
named after its time and the source's file change counter (header offset 24), which SQLite bumps
on every committed write in rollback-journal mode: "changed since the last backup" is a
comparison of two integers, no hashing of the file.

Layout: ``<root>/<database id>/<YYYYmmdd-HHMMSS-ffffff>_c<counter>.fulian``.

Every backup (to the data folder or ``fulian backup --to DIR``) is written under a ``.partial``
name, checked (opened read-only: application id and ``quick_check``), flushed to disk and only
then renamed: a file named like a finished backup is always complete. A killed backup leaves a
``.partial`` (and perhaps its ``-journal``); the next backup removes such leftovers once they
are older than ``LEFTOVER_AGE`` (a younger one may be a backup running right now), and until
then their size counts against the size cap. Names are unique: two backups in the same second
(or the same microsecond) get distinct names, never an error.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path

from desktop.domain.plain import Frozen
from desktop.store.database import Database
from desktop.store.errors import Corrupt, StoreError, classify_os, classify_sqlite
from desktop.store.header import journal_path, read_header
from desktop.store.seen import FILE_NAME as SEEN_FILE
from desktop.store.seen import SeenFiles

log = logging.getLogger("fulian.store.backup")

_NAME = r"(?a)^(\d{8}-\d{6}-\d{6})_c(\d+)\.fulian$"  # compiled when first used (``re``'s cache)
_STAMP = "%Y%m%d-%H%M%S-%f"
PARTIAL = ".partial"
#: a leftover younger than this may belong to a backup still running in another process
LEFTOVER_AGE = timedelta(minutes=2)


class RetentionPolicy(Frozen):
    keep_last: int = 20
    keep_daily_days: int = 30
    max_total_bytes: int = 1024 * 1024 * 1024


class BackupInfo(Frozen):
    path: Path
    made_at: datetime
    change_counter: int
    size: int

    @property
    def label(self) -> str:
        return self.made_at.strftime("%Y-%m-%d %H:%M:%S")


def _stamp_time(stamp: str) -> datetime:
    """The time of a backup's name (``_STAMP``, already matched by ``_NAME``): read by hand,
    as ``datetime.strptime`` would, without loading its locale machinery at start-up (the
    home page shows the latest backup). Raises ValueError for a date that does not exist."""
    day, clock, micro = stamp.split("-")
    return datetime(
        int(day[:4]),
        int(day[4:6]),
        int(day[6:]),
        int(clock[:2]),
        int(clock[2:4]),
        int(clock[4:]),
        int(micro),
    )


def choose_kept(
    backups: Iterable[BackupInfo], now: datetime, policy: RetentionPolicy, reserved: int = 0
) -> list[BackupInfo]:
    """Which backups to keep: the last N, the newest of each of the last D days, within a cap.

    ``reserved``: bytes the folder holds besides finished backups (leftovers of interrupted
    ones), counted against the cap. The newest backup is always kept, even when it alone
    exceeds the cap.
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
    while len(kept) > 1 and reserved + sum(b.size for b in kept) > policy.max_total_bytes:
        kept.pop()
    return kept


class BackupStore:
    """Backups of all databases opened on this PC, one folder per database id."""

    def __init__(self, root: Path, policy: RetentionPolicy | None = None) -> None:
        self.root = root
        self.policy = policy or RetentionPolicy()
        #: what this PC last saw of each file it opened (skips the integrity check on open)
        self.seen = SeenFiles(root / SEEN_FILE)

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
            match = re.match(_NAME, path.name)
            if not match:
                continue
            with contextlib.suppress(OSError, ValueError):
                found.append(
                    BackupInfo(
                        path,
                        _stamp_time(match.group(1)),
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
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise (classify_os(exc, folder) or exc) from exc
        remove_leftovers(folder)
        while True:  # unique: a second backup in the same microsecond gets the next one
            target = folder / f"{now.strftime(_STAMP)}_c{counter}.fulian"
            if not target.exists() and not _partial_of(target).exists():
                break
            now += timedelta(microseconds=1)
        write_verified(db_path, target, cancelled)
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

    def leftovers(self, db_id: str) -> list[Path]:
        """Files of interrupted backups still in the folder (``.partial`` and journals)."""
        folder = self.folder(db_id)
        return _leftovers(folder) if folder.is_dir() else []

    def prune(self, db_id: str, *, now: datetime | None = None) -> list[Path]:
        backups = self.backups(db_id)
        reserved = 0
        for path in self.leftovers(db_id):
            with contextlib.suppress(OSError):
                reserved += path.stat().st_size
        kept = {b.path for b in choose_kept(backups, now or datetime.now(), self.policy, reserved)}
        removed = [b.path for b in backups if b.path not in kept]
        for path in removed:
            with contextlib.suppress(OSError):
                path.unlink()
        return removed


class BackupCancelled(Exception):
    """The clerk cancelled; nothing was written."""


def _partial_of(target: Path) -> Path:
    return target.with_name(target.name + PARTIAL)


def _leftovers(folder: Path) -> list[Path]:
    return [
        p
        for p in folder.iterdir()
        if p.is_file() and (p.name.endswith(PARTIAL) or p.name.endswith(PARTIAL + "-journal"))
    ]


def remove_leftovers(folder: Path, *, now: datetime | None = None) -> int:
    """Delete what interrupted backups left in ``folder`` (old enough not to be a backup
    running right now); returns how many files were removed."""
    if not folder.is_dir():
        return 0
    limit = (now or datetime.now()) - LEFTOVER_AGE
    removed = 0
    for path in _leftovers(folder):
        with contextlib.suppress(OSError, ValueError, OverflowError):
            if datetime.fromtimestamp(path.stat().st_mtime) <= limit:
                path.unlink()
                removed += 1
    if removed:
        log.info("removed %d leftover(s) of interrupted backups in %s", removed, folder)
    return removed


def write_verified(source: Path, target: Path, cancelled: Callable[[], bool] | None = None) -> None:
    """Copy ``source`` to ``target.partial``, check the copy, then rename it to ``target``.

    A cancelled, failed or killed backup never leaves a file under ``target``'s name.
    """
    partial = _partial_of(target)
    try:
        copy_database(source, partial, cancelled)
        if cancelled is not None and cancelled():
            raise BackupCancelled  # nor a check of the whole copy (a quit waits for it)
        try:
            verify_copy(partial)
        except Corrupt:
            Database.open(source, read_only=True).close()  # Corrupt if the source is at fault
            raise
        if target.exists():
            raise FileExistsError(target)  # never replace a finished backup
        os.replace(partial, target)
        _sync_folder(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def verify_copy(path: Path) -> None:
    """The copy opens as a Fulian database and passes quick_check (else Corrupt)."""
    try:
        Database.open(path, read_only=True).close()
    except StoreError as exc:
        raise Corrupt(
            "备份写完后检查未通过（备份文件不完整），已删除这个不完整的备份。"
            "请检查目标U盘或磁盘后重试。",
            path=path,
            detail=str(exc),
        ) from exc


def _sync_folder(folder: Path) -> None:
    """Make the rename durable where the system allows it (POSIX)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def unique_target(folder: Path, stem: str, now: datetime) -> Path:
    """``<stem>-备份-<YYYYmmdd-HHMMSS>.fulian``, with ``-2``, ``-3`` … when taken."""
    base = f"{stem}-备份-{now:%Y%m%d-%H%M%S}"
    candidate = folder / f"{base}.fulian"
    n = 1
    while candidate.exists() or _partial_of(candidate).exists():
        n += 1
        candidate = folder / f"{base}-{n}.fulian"
    return candidate


def backup_to_folder(source: Path, folder: Path, *, now: datetime | None = None) -> Path:
    """``fulian backup DB --to DIR``: a verified copy in ``folder``; returns its path."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise (classify_os(exc, folder) or exc) from exc
    if not folder.is_dir():
        raise StoreError("备份目标不是文件夹，请换一个文件夹。", path=folder)
    remove_leftovers(folder)
    target = unique_target(folder, Path(source).stem, now or datetime.now())
    write_verified(Path(source), target)
    log.info("backed up %s to %s", source, target)
    return target


def copy_database(source: Path, target: Path, cancelled: Callable[[], bool] | None = None) -> None:
    """Online backup from a read-only connection into ``target`` (a new file)."""
    if target.exists():
        raise FileExistsError(target)
    # unchecked: the copy is checked (a whole-file check here made a quit wait a second)
    src = Database.open(source, read_only=True, integrity="none")
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
        progress(0, 0, 0)  # cancelled while the last pages were copied: no flush to wait for
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


def move_journal_aside(db_path: Path, *, now: datetime | None = None) -> Path | None:
    """Rename a ``-journal`` beside ``db_path`` to ``<name>-journal.恢复前移开-<time>``.

    Restoring writes a whole other state into the file; a crash journal left beside it
    belongs to the state being replaced, and SQLite would play it back into whatever the file
    holds when it next opens it. So the journal is moved out of SQLite's sight first, never
    deleted (it is evidence of the interrupted write and could be handed to a specialist).
    Returns the new name, or None when there was no journal.
    """
    journal = journal_path(db_path)
    if not journal.exists():
        return None
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside = journal.with_name(f"{journal.name}.恢复前移开-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = journal.with_name(f"{journal.name}.恢复前移开-{stamp}-{n}")
    try:
        os.replace(journal, aside)
    except OSError as exc:
        raise (classify_os(exc, journal) or exc) from exc
    log.warning("moved the journal %s aside to %s before restoring", journal, aside)
    return aside


def restore(backup: Path, db_path: Path) -> Path | None:
    """Replace the contents of ``db_path`` with a backup, in one write transaction.

    The caller closes its own connection first and makes a safety backup of the current state.
    The backup is checked (a Fulian file that passes quick_check) before anything is written;
    a crash journal beside ``db_path`` is moved aside first (see ``move_journal_aside``), and
    its new name is returned.
    """
    src = Database.open(backup, read_only=True)
    try:
        aside = move_journal_aside(db_path)
        try:
            dst = sqlite3.connect(db_path.resolve().as_uri() + "?mode=rw", uri=True)
            try:
                dst.execute("PRAGMA synchronous = FULL")
                src.connection.backup(dst)
            finally:
                dst.close()
        except BaseException as exc:
            # The restore rolled itself back: the file is as it was, so its journal goes back.
            if aside is not None and not journal_path(db_path).exists():
                with contextlib.suppress(OSError):
                    os.replace(aside, journal_path(db_path))
            if isinstance(exc, sqlite3.Error):
                known = classify_sqlite(exc, db_path)
                raise (known or exc) from exc
            raise
    finally:
        src.close()
    log.info("restored %s from %s", db_path, backup)
    return aside
