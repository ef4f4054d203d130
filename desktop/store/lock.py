"""The lock file beside a database opened for editing: ``<name>.fulian.lock``.

It names the PC, the user, the process and the time, so that a second PC (the stick moved
without 关闭数据库) or a second window on the same PC is warned. The GUI refreshes the time while
it holds the lock; a lock whose process is gone (same PC) or whose time was not refreshed for
``STALE_AFTER`` is stale and may be taken over. ``check`` and ``export`` never lock.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from desktop.store.database import this_pc
from desktop.store.errors import LockedByOther, StoreError, classify_os

log = logging.getLogger("fulian.store.lock")

STALE_AFTER = timedelta(minutes=30)
REFRESH_EVERY = timedelta(minutes=5)
_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@dataclass(frozen=True)
class LockOwner:
    pc: str
    user: str
    pid: int
    time: str  # last refresh, local time

    @property
    def refreshed_at(self) -> datetime:
        return datetime.strptime(self.time, _TIME_FORMAT)

    def describe(self) -> str:
        return f"电脑“{self.pc}”（用户 {self.user}）于 {self.time}"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        process_query_limited = 0x1000
        handle = ctypes.windll.kernel32.OpenProcess(process_query_limited, False, pid)  # type: ignore[attr-defined]
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_stale(owner: LockOwner, *, now: datetime | None = None, pc: str | None = None) -> bool:
    """A lock is stale when its process is gone (same PC) or it was not refreshed in time."""
    now = now or datetime.now()
    try:
        age = now - owner.refreshed_at
    except ValueError:
        return True
    if age > STALE_AFTER:
        return True
    return owner.pc == (pc or this_pc()) and not _pid_alive(owner.pid)


def read_owner(db_path: Path) -> LockOwner | None:
    path = lock_path(db_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockOwner(str(data["pc"]), str(data["user"]), int(data["pid"]), str(data["time"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        # An unreadable lock (half-written when the stick was pulled) is treated as stale.
        return LockOwner("未知电脑", "未知", 0, "1970-01-01 00:00:00")


class FileLock:
    """A held lock. ``release()`` removes the file only if it is still ours."""

    def __init__(self, db_path: Path, owner: LockOwner) -> None:
        self.db_path = db_path
        self.owner = owner

    @property
    def path(self) -> Path:
        return lock_path(self.db_path)

    def refresh(self) -> None:
        """Rewrite the time; called periodically by the GUI so that others see we are alive."""
        current = read_owner(self.db_path)
        if current is not None and (current.pc, current.pid) != (self.owner.pc, self.owner.pid):
            log.warning("lock on %s was taken over by %s", self.db_path, current.describe())
            return
        self.owner = _new_owner(self.owner.pc)
        _write(self.path, self.owner, exclusive=False)

    def release(self) -> None:
        current = read_owner(self.db_path)
        if current is not None and (current.pc, current.pid) == (self.owner.pc, self.owner.pid):
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
        log.info("released lock on %s", self.db_path)


def _new_owner(pc: str) -> LockOwner:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "未知"
    return LockOwner(pc, user, os.getpid(), datetime.now().strftime(_TIME_FORMAT))


def _write(path: Path, owner: LockOwner, *, exclusive: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(asdict(owner), fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())


def acquire(db_path: Path, *, pc: str | None = None, take_over: bool = False) -> FileLock:
    """Take the lock, or raise ``LockedByOther`` naming the holder.

    ``take_over=True`` replaces any existing lock (the clerk confirmed it after the warning).
    """
    pc = pc or this_pc()
    owner = _new_owner(pc)
    path = lock_path(db_path)
    try:
        try:
            _write(path, owner, exclusive=True)
        except FileExistsError:
            holder = read_owner(db_path)
            if holder is not None and holder.pc == pc and not _pid_alive(holder.pid):
                # Our own program on this PC crashed or was killed: nobody to warn.
                take_over = True
            if holder is not None and not take_over:
                stale = is_stale(holder, pc=pc)
                same = holder.pc == pc
                if same and not stale:
                    text = "这个数据库已在本机的另一个妇联工作台窗口中打开。"
                elif stale:
                    text = (
                        f"这个数据库上次由{holder.describe()}打开后未正常关闭"
                        "（可能直接拔出了U盘）。如确认没有别处在使用，可以接管。"
                    )
                else:
                    text = (
                        f"这个数据库正由{holder.describe()}使用。"
                        "同时在两处修改会造成混乱；如确认那边已不再使用，可以接管。"
                    )
                raise LockedByOther(text, path=db_path, owner=holder) from None
            _write(path, owner, exclusive=False)
            log.warning(
                "took over lock on %s from %s", db_path, holder.describe() if holder else "nobody"
            )
    except OSError as exc:
        known = classify_os(exc, db_path)
        if known is None:
            raise
        raise known from exc
    return FileLock(db_path, owner)


def stale_for_takeover(error: StoreError) -> bool:
    """Whether a LockedByOther error concerns a lock that looks abandoned."""
    owner = getattr(error, "owner", None)
    return isinstance(owner, LockOwner) and is_stale(owner)
