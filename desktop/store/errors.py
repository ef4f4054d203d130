"""Errors the clerk is told about (known) versus bugs (everything else).

Each known error carries a Chinese message for the clerk; the English ``str()`` is for logs.
``classify_sqlite`` and ``classify_os`` turn library exceptions into known errors where the
cause is the environment (stick pulled, file read-only, disk full) rather than our code.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from desktop.domain.os_errors import describe_os_error


class StoreError(Exception):
    """A failure the clerk can understand and act on."""

    #: CLI exit code: 1 the input/data is wrong, 3 the environment failed.
    exit_code = 3
    title = "数据库错误"

    def __init__(self, message: str, *, path: Path | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.detail = detail

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        extra = f" ({self.detail})" if self.detail else ""
        return f"{where}{self.message}{extra}"


class NotAFulianDatabase(StoreError):
    exit_code = 1
    title = "不是妇联工作台数据库"


class NewerSchema(StoreError):
    exit_code = 1
    title = "数据库版本较新"


class Corrupt(StoreError):
    exit_code = 1
    title = "数据库文件已损坏"


class DatabaseBusy(StoreError):
    title = "数据库正被占用"


class ReadOnly(StoreError):
    title = "数据库只读"


class DiskFull(StoreError):
    title = "磁盘空间不足"


class StorageIOError(StoreError):
    title = "读写失败"


class FileMissing(StoreError):
    exit_code = 1
    title = "找不到数据库文件"


class PathMissing(FileMissing):
    """A file or folder other than the database is missing (an output folder, a lock path)."""

    title = "找不到文件或文件夹"


class LockedByOther(StoreError):
    """The lock file names another PC or another running copy of the program."""

    title = "数据库正在别处使用"

    def __init__(self, message: str, *, path: Path | None = None, owner: object = None) -> None:
        super().__init__(message, path=path)
        self.owner = owner


class LockPathBlocked(StoreError):
    """The lock file's place is taken by a folder (or cannot be a file)."""

    title = "无法锁定数据库"


_HINT_STICK = "请检查U盘是否插好、是否写保护，然后重试，或另存到其他位置。"

# Primary result codes (sqlite3.h); Python 3.11 exposes ``sqlite_errorcode`` on exceptions.
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


def classify_sqlite(exc: sqlite3.Error, path: Path | None = None) -> StoreError | None:
    """Map an sqlite3 error caused by the environment to a known error; None means a bug."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        return DatabaseBusy(
            "数据库文件正被其他程序或窗口占用，请关闭其他正在使用它的程序后重试。",
            path=path,
            detail=text,
        )
    if primary == _SQLITE_READONLY or "readonly database" in text:
        return ReadOnly("数据库文件是只读的，无法保存。" + _HINT_STICK, path=path, detail=text)
    if primary == _SQLITE_FULL or "disk is full" in text:
        return DiskFull("U盘或磁盘空间已满，无法保存。请腾出空间后重试。", path=path, detail=text)
    if primary == _SQLITE_IOERR or "disk I/O error" in text:
        return StorageIOError(
            "读写数据库文件失败（U盘可能已拔出）。" + _HINT_STICK, path=path, detail=text
        )
    if primary == _SQLITE_CANTOPEN or "unable to open" in text:
        return StorageIOError("无法打开数据库文件。" + _HINT_STICK, path=path, detail=text)
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text:
        return Corrupt(
            "数据库文件已损坏，无法读取。请在“备份与恢复”中恢复最近的备份。", path=path, detail=text
        )
    return None


def classify_os(exc: OSError, path: Path | None = None) -> StoreError | None:
    """Map an OSError from file work (lock file, backup copy) to a known error."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull("磁盘空间已满。请腾出空间后重试。", path=path, detail=str(exc))
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnly("没有写入权限（文件或U盘只读）。" + _HINT_STICK, path=path, detail=str(exc))
    if code == errno.ENOENT:
        return PathMissing("找不到文件或文件夹（U盘可能已拔出）。", path=path, detail=str(exc))
    if code in (errno.EIO, errno.ENODEV, errno.ENXIO):
        return StorageIOError(
            "读写失败（U盘可能已拔出）。" + _HINT_STICK, path=path, detail=str(exc)
        )
    if code in (errno.EISDIR, errno.ENOTDIR, errno.ENAMETOOLONG, errno.EINVAL, errno.EBUSY):
        return StorageIOError(describe_os_error(exc) + "。", path=path, detail=str(exc))
    return None
