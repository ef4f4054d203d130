"""One SQLite database file, opened the way a USB stick needs it.

Rules (design.md, Storage): ``journal_mode=DELETE`` (never WAL: a copied file without its
``-wal`` loses data), ``synchronous=FULL``, ``foreign_keys=ON``, ``busy_timeout`` set; every write
inside ``with db.transaction():``; named parameters only; a foreign, newer or damaged file is
refused before anything is written to it.

Threading: a ``Database`` (one connection) belongs to the thread that opened it. Background work
(backups) opens its own read-only connection.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from desktop.store import schema_latest
from desktop.store.errors import (
    Corrupt,
    FileMissing,
    NewerSchema,
    NotAFulianDatabase,
    StoreError,
    classify_sqlite,
)
from desktop.store.header import journal_state, read_header

log = logging.getLogger("fulian.store")

#: PRAGMA application_id: the ASCII bytes "FLND".
APPLICATION_ID = 0x464C4E44
DB_SUFFIX = ".fulian"
OPENABLE_SUFFIXES = (".fulian", ".db", ".sqlite", ".sqlite3")
DEFAULT_BUSY_TIMEOUT_MS = 5000

Params = Mapping[str, object]
#: integrity check on open: "quick" (``PRAGMA quick_check``, reads the whole file), "full"
#: (``PRAGMA integrity_check``, also indexes against tables) or "none" (the caller knows the
#: file is as this PC last left it: ``store/seen.py``)
Integrity = Literal["quick", "full", "none"]
BeforeMigrate = Callable[["Database", int], None]

_CHECKS = {"quick": "quick_check", "full": "integrity_check"}
_READ_PREFIXES = ("select", "pragma", "with", "explain")


def now_text() -> str:
    """Local time as stored in the database: ``2026-03-08 14:05:09``."""
    return datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def this_pc() -> str:
    """The PC's network name, read as ``platform.node()`` reads it without importing platform
    (or socket, on the start path): ``os.uname()``, and on Windows the socket's host name."""
    if hasattr(os, "uname"):
        return os.uname().nodename or "未知电脑"
    import socket  # Windows: what platform.node() reads there

    return socket.gethostname() or "未知电脑"


def _connect(
    path: Path, *, read_only: bool, busy_timeout_ms: int, immutable: bool = False
) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + ("?mode=ro" if read_only else "?mode=rw")
    if immutable:
        # Only for a read-only look past a journal SQLite would replay as a no-op (header.py
        # ``journal_state`` "void"): the file already holds the last committed state.
        uri += "&immutable=1"
    # isolation_level=None: we issue BEGIN/COMMIT ourselves (see Database.transaction).
    conn = sqlite3.connect(
        uri,
        uri=True,
        isolation_level=None,
        check_same_thread=True,
        timeout=busy_timeout_ms / 1000,
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    return conn


def _apply_write_pragmas(conn: sqlite3.Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    if str(mode).lower() != "delete":
        raise StoreError(f"无法设置日志模式（得到 {mode}）。")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # Deleted personal data is overwritten with zeros rather than left in free pages.
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA trusted_schema = OFF")


class Database:
    """A connection to a Fulian database with transactions, named parameters and known errors."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool, pc: str) -> None:
        self._conn = conn
        self.path = path
        self.read_only = read_only
        self.pc = pc
        self._columns: dict[str, tuple[str, ...]] = {}
        self._tables: set[str] = set()  # found to exist (a missing one is asked again)

    # ----- opening -------------------------------------------------------------------------
    @classmethod
    def create(
        cls, path: Path, *, pc: str | None = None, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
    ) -> Database:
        """Create a new, empty, fully migrated database. Never overwrites an existing file."""
        path = Path(path).absolute()
        if path.exists():
            raise StoreError("文件已存在，不会覆盖。请换一个文件名。", path=path)
        try:
            conn = sqlite3.connect(
                path.resolve().as_uri() + "?mode=rwc",
                uri=True,
                isolation_level=None,
                timeout=busy_timeout_ms / 1000,
            )
        except sqlite3.Error as exc:
            raise _known_or_raise(exc, path) from exc
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        db = cls(conn, path, read_only=False, pc=pc or this_pc())
        import uuid  # a new file's id: uuid loads platform probing that opening never needs

        from desktop.store import migrations  # a new file: every step

        try:
            _apply_write_pragmas(conn)
            with db.transaction():
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                migrations.migrate(db, 0)
                db.execute(
                    "INSERT INTO meta(key, value) VALUES ('db_id', :db_id), "
                    "('created_at', :now), ('created_by', :pc)",
                    {"db_id": str(uuid.uuid4()), "now": now_text(), "pc": db.pc},
                )
        except BaseException:
            conn.close()
            raise
        log.info("created database %s", path)
        return db

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        read_only: bool = False,
        pc: str | None = None,
        before_migrate: BeforeMigrate | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        integrity: Integrity = "quick",
    ) -> Database:
        """Open an existing database; refuse anything that is not a sound Fulian file.

        ``before_migrate(db, old_version)`` runs before a forward migration (the automatic
        backup). A read-only open never migrates: callers that need the latest schema compare
        ``schema_version`` with ``schema_latest.LATEST``.
        """
        path = Path(path).absolute()
        if not path.is_file():
            raise FileMissing("找不到数据库文件（U盘是否已插好？）。", path=path)
        state = journal_state(path)
        hot = state == "hot"
        if not hot:
            check_header(path)  # refuse before SQLite opens the file
        elif read_only:
            raise StoreError(
                "上次使用时程序意外中断，数据库旁有未完成的日志文件（-journal）。"
                "请用妇联工作台正常打开一次，程序会自动恢复，不要删除该日志文件。",
                path=path,
            )
        try:
            conn = _connect(
                path,
                read_only=read_only,
                busy_timeout_ms=busy_timeout_ms,
                immutable=read_only and state == "void",
            )
        except sqlite3.Error as exc:
            raise _known_or_raise(exc, path) from exc
        db = cls(conn, path, read_only=read_only, pc=pc or this_pc())
        try:
            db._verify(hot_journal=hot, integrity="quick" if hot else integrity)
            if not read_only:
                _apply_write_pragmas(conn)
                db._migrate_if_needed(before_migrate)
        except BaseException:
            conn.close()
            raise
        log.info("opened %s (%s)", path, "read-only" if read_only else "read-write")
        return db

    def _verify(self, *, hot_journal: bool, integrity: Integrity) -> None:
        """Identity (after a hot-journal rollback the header is re-read through SQLite) and
        the integrity check asked for (always after a rollback)."""
        try:
            app_id = self._conn.execute("PRAGMA application_id").fetchone()[0]
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise _not_ours(self.path)
            if version > schema_latest.LATEST:
                raise _newer(self.path, version)
            check = (
                self._conn.execute(f"PRAGMA {_CHECKS[integrity]}").fetchall()
                if integrity != "none"
                else []
            )
        except sqlite3.DatabaseError as exc:
            raise _known_or_raise(exc, self.path) from exc
        problems = [row[0] for row in check if row[0] != "ok"]
        if problems:
            raise Corrupt(
                "数据库文件完整性检查未通过，程序不会写入它。请在“备份与恢复”中恢复最近的备份。",
                path=self.path,
                detail="; ".join(problems[:3]),
            )
        # every table's name in one statement: later ``table_exists`` calls about them are
        # answered from memory (a register's table is asked about by every page)
        self._tables.update(
            row[0]
            for row in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        )
        if "meta" not in self._tables:
            raise _not_ours(self.path)
        if hot_journal:
            log.warning("rolled back an interrupted write in %s", self.path)

    def _migrate_if_needed(self, before_migrate: BeforeMigrate | None) -> None:
        current = self.schema_version
        if current == schema_latest.LATEST:
            return
        if before_migrate is not None:
            before_migrate(self, current)
        from desktop.store import migrations  # an older file only (``schema_latest``)

        with self.transaction():
            migrations.migrate(self, current)
        log.info("migrated %s from schema %d to %d", self.path, current, schema_latest.LATEST)

    # ----- queries -------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One user action = one transaction. Nested use joins the outer transaction."""
        if self._conn.in_transaction:
            yield self
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _known_or_raise(exc, self.path) from exc
        try:
            yield self
            self._conn.execute("COMMIT")
        except BaseException as exc:
            try:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                log.exception("rollback failed in %s", self.path)
            self.forget_schema()  # a table made or changed inside it may be gone again
            if isinstance(exc, sqlite3.Error):
                raise _known_or_raise(exc, self.path) from exc
            raise

    def execute(self, sql: str, params: Params | None = None) -> sqlite3.Cursor:
        """Run one statement with named parameters. Writes must be inside ``transaction()``."""
        if params is not None and not isinstance(params, Mapping):
            raise TypeError("named parameters only: pass a mapping")
        if not self._conn.in_transaction and not sql.lstrip().lower().startswith(_READ_PREFIXES):
            raise RuntimeError("write outside a transaction: use `with db.transaction():`")
        try:
            return self._conn.execute(sql, params or {})
        except sqlite3.Error as exc:
            raise _known_or_raise(exc, self.path) from exc

    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        """One write statement for many rows of named parameters, inside ``transaction()``."""
        if not self._conn.in_transaction:
            raise RuntimeError("write outside a transaction: use `with db.transaction():`")
        try:
            self._conn.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise _known_or_raise(exc, self.path) from exc

    def query_all(self, sql: str, params: Params | None = None) -> list[sqlite3.Row]:
        return list(self.execute(sql, params).fetchall())

    def query_one(self, sql: str, params: Params | None = None) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.execute(sql, params).fetchone()
        return row

    def scalar(self, sql: str, params: Params | None = None) -> Any:
        row = self.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def table_exists(self, table: str) -> bool:
        """Whether the table exists; one found is remembered with the columns' cache, until
        ``forget_schema`` (what changes the schema calls it), one missing is asked again."""
        if table in self._tables:
            return True
        found = bool(
            self.scalar(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :name",
                {"name": table},
            )
        )
        if found:
            self._tables.add(table)
        return found

    def index_sql(self, name: str) -> str | None:
        """An index's ``CREATE INDEX`` text as SQLite keeps it; None: no such index."""
        row = self._conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :n", {"n": name}
        ).fetchone()
        return None if row is None else str(row[0])

    def columns(self, table: str) -> tuple[str, ...]:
        """Column names of a table (cached until ``forget_schema``)."""
        if table not in self._columns:
            if not self.table_exists(table):
                raise KeyError(f"no table {table!r}")
            rows = self.query_all("SELECT name FROM pragma_table_info(:t)", {"t": table})
            self._columns[table] = tuple(r["name"] for r in rows)
        return self._columns[table]

    def forget_schema(self) -> None:
        self._columns.clear()
        self._tables.clear()

    # ----- facts ---------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    def meta(self, key: str) -> str | None:
        value = self.scalar("SELECT value FROM meta WHERE key = :key", {"key": key})
        return None if value is None else str(value)

    @property
    def db_id(self) -> str:
        return self.meta("db_id") or ""

    def change_stamp(self) -> tuple[int, int]:
        """Changes since: rows this connection changed, and SQLite's ``data_version`` (bumped by
        other connections' commits). Equal stamps: nothing was written in between."""
        return self._conn.total_changes, int(self.scalar("PRAGMA data_version"))

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection, for the backup API and read-only models in the same thread."""
        return self._conn

    def close(self) -> None:
        self._conn.close()
        log.info("closed %s", self.path)


def _not_ours(path: Path) -> NotAFulianDatabase:
    return NotAFulianDatabase(
        "这个文件不是妇联工作台的数据库（可能是其他程序的文件），程序不会改动它。",
        path=path,
    )


def _newer(path: Path, version: int) -> NewerSchema:
    return NewerSchema(
        f"这个数据库由更新版本的妇联工作台创建（数据版本 {version}，本程序支持到 "
        f"{schema_latest.LATEST}）。请先升级程序；为保护数据，本程序不会改动它。",
        path=path,
    )


def check_header(path: Path) -> None:
    try:
        header = read_header(path)
    except OSError as exc:
        raise FileMissing("无法读取文件（U盘是否已拔出？）。", path=path, detail=str(exc)) from exc
    if header is None or header.application_id != APPLICATION_ID:
        raise _not_ours(path)
    if header.user_version > schema_latest.LATEST:
        raise _newer(path, header.user_version)


def _known_or_raise(exc: sqlite3.Error, path: Path) -> BaseException:
    known = classify_sqlite(exc, path)
    return known if known is not None else exc
