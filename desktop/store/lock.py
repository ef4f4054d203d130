"""The lock file beside a database opened for editing: ``<name>.fulian.lock``.

It names the PC, the user, the process and the time, so that a second PC (the stick moved
without 关闭数据库) or a second window on the same PC is warned. The GUI refreshes the time while
it holds the lock; a lock whose process is gone (same PC) or whose time was not refreshed for
``STALE_AFTER`` is stale and may be taken over. ``check`` and ``export`` never lock.

A lock file that names nobody (0 bytes after the stick filled up, half-written, garbage) cannot
be answered by anyone: it is stale, and once it is a few seconds old (so that a lock being
written this instant by another program is not stolen) it is taken over without asking.
``fulian unlock DB`` shows the holder and removes a lock after the clerk confirms.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from datetime import datetime, timedelta
from pathlib import Path

from desktop.domain.plain import Frozen
from desktop.store.database import this_pc
from desktop.store.errors import LockedByOther, LockPathBlocked, StoreError, classify_os

log = logging.getLogger("fulian.store.lock")

STALE_AFTER = timedelta(minutes=30)
#: an unreadable lock younger than this may be one another program is writing right now
UNREADABLE_GRACE = timedelta(seconds=5)
REFRESH_EVERY = timedelta(minutes=5)
_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_CANONICAL = r"(?a)\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"  # as written; compiled when first used


def _parse_time(text: str) -> datetime:
    """``datetime.strptime(text, _TIME_FORMAT)``. The form this program writes is read by
    hand (``strptime`` loads its locale machinery: the lock is read on every close); any
    other text goes to ``strptime`` itself, so what is accepted is unchanged."""
    if re.fullmatch(_CANONICAL, text):
        return datetime(
            int(text[:4]),
            int(text[5:7]),
            int(text[8:10]),
            int(text[11:13]),
            int(text[14:16]),
            int(text[17:19]),
        )
    return datetime.strptime(text, _TIME_FORMAT)


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class LockOwner(Frozen):
    pc: str
    user: str
    pid: int
    time: str  # last refresh, local time
    readable: bool = True  # False: the file names nobody (empty, cut short, garbage)

    @property
    def refreshed_at(self) -> datetime:
        return _parse_time(self.time)

    def describe(self) -> str:
        if not self.readable:
            return f"未知程序（锁定文件内容无法读取，文件时间 {self.time}）"
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
    """A lock is stale when its process is gone (same PC) or it was not refreshed in time;
    a lock that names nobody is always stale."""
    if not owner.readable:
        return True
    now = now or datetime.now()
    try:
        age = now - owner.refreshed_at
    except ValueError:
        return True
    if age > STALE_AFTER:
        return True
    return owner.pc == (pc or this_pc()) and not _pid_alive(owner.pid)


def check_lock_path(db_path: Path) -> None:
    """Refuse (in Chinese) a lock path that is a folder: nothing could ever lock this file."""
    path = lock_path(db_path)
    if path.is_dir():
        raise LockPathBlocked(
            f"数据库旁边有一个名为“{path.name}”的文件夹，占用了锁定文件的位置，"
            "程序无法锁定这个数据库。请把这个文件夹改名或移走后重试。",
            path=path,
        )


def read_owner(db_path: Path) -> LockOwner | None:
    """Who holds the lock; None when there is no lock file. Raises LockPathBlocked when the
    lock path is a folder."""
    check_lock_path(db_path)
    path = lock_path(db_path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return _unreadable(path)
    try:
        data = json.loads(raw.decode("utf-8"))
        owner = LockOwner(str(data["pc"]), str(data["user"]), int(data["pid"]), str(data["time"]))
        _parse_time(owner.time)  # a time that does not parse: unreadable
    except (ValueError, KeyError, TypeError, AttributeError):
        # Empty (the stick was full), half-written when the stick was pulled, or garbage.
        return _unreadable(path)
    return owner


def _unreadable(path: Path) -> LockOwner:
    try:
        stamp = datetime.fromtimestamp(path.stat().st_mtime).strftime(_TIME_FORMAT)
    except (OSError, ValueError, OverflowError):
        stamp = "1970-01-01 00:00:00"
    return LockOwner("未知电脑", "未知", 0, stamp, readable=False)


def _abandoned(owner: LockOwner, now: datetime | None = None) -> bool:
    """An unreadable lock old enough that nobody is writing it right now."""
    if owner.readable:
        return False
    try:
        return (now or datetime.now()) - owner.refreshed_at >= UNREADABLE_GRACE
    except ValueError:
        return True


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
    return LockOwner(pc, _user_name(), os.getpid(), datetime.now().strftime(_TIME_FORMAT))


def _user_name() -> str:
    """``getpass.getuser()``'s answer without importing ``getpass`` (its terminal modules cost
    ~4 M instructions at every start): the login variables, then the account database."""
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        user = os.environ.get(name)
        if user:
            return user
    try:
        import pwd  # POSIX only; Windows sets USERNAME

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, OSError, KeyError):
        return "未知"


def _write(path: Path, owner: LockOwner, *, exclusive: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(owner._asdict(), fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())


def acquire(db_path: Path, *, pc: str | None = None, take_over: bool = False) -> FileLock:
    """Take the lock, or raise ``LockedByOther`` naming the holder.

    ``take_over=True`` replaces any existing lock (the clerk confirmed it after the warning).
    """
    pc = pc or this_pc()
    owner = _new_owner(pc)
    check_lock_path(db_path)
    path = lock_path(db_path)
    try:
        try:
            _write(path, owner, exclusive=True)
        except FileExistsError:
            holder = read_owner(db_path)
            if holder is not None and holder.pc == pc and not _pid_alive(holder.pid):
                # Our own program on this PC crashed or was killed: nobody to warn.
                take_over = True
            if holder is not None and _abandoned(holder):
                # An empty or garbage lock names nobody who could be warned.
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


def remove_lock(db_path: Path, seen: LockOwner) -> bool:
    """Remove the lock file if it still names ``seen`` (what the clerk was shown); returns
    whether it was removed. Used by ``fulian unlock`` after the clerk confirmed."""
    current = read_owner(db_path)
    if current is None:
        return True
    if current != seen:
        return False
    try:
        lock_path(db_path).unlink()
    except FileNotFoundError:
        return True
    except OSError as exc:
        known = classify_os(exc, lock_path(db_path))
        if known is None:
            raise
        raise known from exc
    log.info("removed lock on %s held by %s", db_path, seen.describe())
    return True


def holder_alive_here(owner: LockOwner, *, pc: str | None = None) -> bool:
    """The holder is a running program on this very PC: never remove its lock."""
    return owner.readable and owner.pc == (pc or this_pc()) and _pid_alive(owner.pid)


def stale_for_takeover(error: StoreError) -> bool:
    """Whether a LockedByOther error concerns a lock that looks abandoned."""
    owner = getattr(error, "owner", None)
    return isinstance(owner, LockOwner) and is_stale(owner)
