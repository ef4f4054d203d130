"""Replacing a database file as a whole, so that nothing of its old content stays on the stick.

Setting the password by updating the file in place would leave the plaintext behind: in the
pages SQLite frees (``secure_delete`` zeroes those) and, worse, in the rollback journal, whose
blocks keep every old page after the journal is deleted (issue 17: 270 ID numbers readable on
a small ext4 image). So a change of protection is made like this:

1. the database is copied with the backup API into **memory** and changed there (one
   transaction; its journal lives in memory too), so no intermediate state touches the disk;
2. ``VACUUM INTO`` writes the result as a new, compact file ``NAME.fulian.new`` beside the old
   one (only live rows, no free pages, no journal), which is fsynced and verified;
3. the old file is renamed to ``NAME.fulian.old``, the new one to ``NAME.fulian`` (both atomic
   renames; the first is the only step that can fail on Windows when another program holds the
   file open, and it fails before anything is destroyed), and
4. the old file's bytes are overwritten in place with zeros (header first, fsync, then the
   rest, fsync) before it is removed.

An interruption at any point is finished or undone by ``finish_interrupted`` when the file is
next opened. What this cannot reach: copies made earlier elsewhere, blocks freed by earlier
edits (before the password was set), and the flash chip's own spare blocks (a USB stick's
controller may keep old data in blocks the filesystem no longer sees).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from desktop.domain.plain import Frozen
from desktop.store.database import APPLICATION_ID, Database
from desktop.store.errors import StoreError, classify_sqlite

log = logging.getLogger("fulian.store.rewrite")

T = TypeVar("T")
_CHUNK = 1 << 20
_HEADER = 4096


def new_path(path: Path) -> Path:
    return path.with_name(path.name + ".new")


def old_path(path: Path) -> Path:
    return path.with_name(path.name + ".old")


class RewriteFailed(StoreError):
    exit_code = 3
    title = "无法改写数据库文件"


class Prepared(Frozen):
    """A complete, verified new file waiting to replace ``path``."""

    path: Path
    new: Path


def prepare(
    path: Path,
    transform: Callable[[Database], T],
    *,
    pc: str,
    check: Callable[[Database], None] | None = None,
) -> tuple[Prepared, T]:
    """Copy ``path`` into memory, run ``transform`` there, write the result beside ``path``
    and verify it (``check`` runs on the new file, read-only). ``path`` is not touched."""
    path = Path(path).absolute()
    source = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        source.backup(memory)
    finally:
        source.close()
    target = new_path(path)
    try:
        memory.row_factory = sqlite3.Row
        memory.execute("PRAGMA foreign_keys = ON")
        memory.execute("PRAGMA secure_delete = ON")
        db = Database(memory, path, read_only=False, pc=pc)
        result = transform(db)
        counts = _row_counts(memory)
        db_id = db.db_id
        if target.exists():
            scrub(target)  # a leftover of an attempt that never swapped
        try:
            try:
                memory.execute("VACUUM INTO :target", {"target": str(target)})
            except sqlite3.Error as exc:
                raise classify_sqlite(exc, path) or RewriteFailed(
                    "无法写入新的数据库文件，这次没有改动数据库。", path=target, detail=str(exc)
                ) from exc
            _fsync_file(target)
            _verify(target, db_id, counts, check, pc)
        except BaseException:
            if target.exists():
                scrub(target)
            raise
    finally:
        memory.close()
    return Prepared(path, target), result


def swap(prepared: Prepared) -> None:
    """Put the new file in place of the old one and overwrite the old one's bytes. The
    caller has closed every connection to ``prepared.path``."""
    path, new, aside = prepared.path, prepared.new, old_path(prepared.path)
    journal = path.with_name(path.name + "-journal")
    if journal.exists():
        scrub(new)
        raise RewriteFailed(
            "数据库旁有未完成的日志文件（-journal），这次没有改动数据库。请重新打开数据库后再试。",
            path=path,
        )
    try:
        os.replace(path, aside)
    except OSError as exc:
        scrub(new)
        raise RewriteFailed(
            "数据库文件正被其他程序使用，无法替换；这次没有改动数据库。"
            "请关闭可能打开它的程序（如杀毒软件、同步盘）后再试。",
            path=path,
            detail=str(exc),
        ) from exc
    try:
        os.replace(new, path)
    except OSError:
        os.replace(aside, path)
        raise
    _fsync_dir(path.parent)
    try:
        scrub(aside)
    except OSError:  # e.g. another program opened it meanwhile: the next open finishes it
        log.warning("could not overwrite %s yet", aside, exc_info=True)
        return
    log.info("rewrote %s as a new file; the old one was overwritten", path)


def scrub(path: Path) -> None:
    """Overwrite a file's bytes in place with zeros (its header first), then remove it."""
    with path.open("r+b") as handle:
        size = os.fstat(handle.fileno()).st_size
        zeros = bytes(_CHUNK)
        handle.write(zeros[: min(size, _HEADER)])
        handle.flush()
        os.fsync(handle.fileno())
        done = min(size, _HEADER)
        while done < size:
            step = min(_CHUNK, size - done)
            handle.write(zeros[:step])
            done += step
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()
    _fsync_dir(path.parent)


def finish_interrupted(path: Path) -> bool:
    """Finish (or undo) a rewrite of ``path`` that was interrupted; True when there was one.

    ``.old`` exists only after ``.new`` was verified, so a missing ``path`` is ``.new``'s
    place; a ``.new`` without ``.old`` never replaced anything and goes."""
    path = Path(path).absolute()
    new, aside = new_path(path), old_path(path)
    if aside.exists():
        if not path.exists():
            os.replace(new if new.exists() else aside, path)
            _fsync_dir(path.parent)
        if aside.exists():
            scrub(aside)
        log.warning("finished an interrupted rewrite of %s", path)
        return True
    if new.exists():
        scrub(new)
        log.warning("removed an unfinished rewrite of %s", path)
        return True
    return False


def _row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}


def _verify(
    target: Path,
    db_id: str,
    counts: dict[str, int],
    check: Callable[[Database], None] | None,
    pc: str,
) -> None:
    conn = sqlite3.connect(target.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        conn.row_factory = sqlite3.Row
        problems = [r[0] for r in conn.execute("PRAGMA quick_check") if r[0] != "ok"]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        written = _row_counts(conn)
        if problems or app_id != APPLICATION_ID or written != counts:
            raise RewriteFailed(
                "新写入的数据库文件校验未通过（U盘可能已满或有坏块），这次没有改动数据库。",
                path=target,
                detail="; ".join(problems[:3]) or f"rows {written} != {counts}",
            )
        db = Database(conn, target, read_only=True, pc=pc)
        if db.db_id != db_id:
            raise RewriteFailed("新写入的数据库文件标识不符，这次没有改动数据库。", path=target)
        if check is not None:
            check(db)
    finally:
        conn.close()


def _fsync_file(path: Path) -> None:
    with path.open("r+b") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make renames durable (POSIX; Windows has no directory handles to sync)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
