"""What every command shares: exit codes, the PC's data folder, and opening a database as the
app does (a command that changes it) or for a command that writes files."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from desktop.store.database import Database
    from desktop.store.session import Session

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_ENV = 0, 1, 2, 3


class CommandFailed(Exception):
    """Ends a command: ``message`` for the clerk (stderr) and the exit code (``main`` prints
    it and returns the code)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def output_format(out: Path, given: str | None, default: str) -> str:
    """The format a command writes ``out`` in: ``--format`` when given, else the one its
    extension names (any format an output writes, ``outputs.registry``), else ``default``.
    An extension naming another format than ``--format`` ends the command (a PDF saved as
    ``报表.xlsx`` would not open in Excel)."""
    from desktop.outputs.registry import OUTPUTS, formats  # a command's, not the window's

    named = out.suffix.lower().removeprefix(".")
    if named not in formats(*OUTPUTS):
        return given or default
    if given is not None and given != named:
        raise CommandFailed(
            f"输出文件“{out.name}”的扩展名是 .{named}，与 --format {given} 不一致。"
            f"请改用 --format {named}，或把文件名改为 .{given}。",
            EXIT_USAGE,
        )
    return named


def data_dir() -> Path:
    from desktop.paths import user_data_dir

    return user_data_dir()


@contextmanager
def working_session(path: Path) -> Iterator[Session]:
    """The database opened as the app opens it (its lock, a backup before migrating, the
    backup rule on close) for a command that changes it; closed afterwards."""
    from desktop.operations.session import backup_store, close_database, open_database

    session = open_database(path, backup_store(data_dir()))
    try:
        yield session
    finally:
        close_database(session)


@contextmanager
def output_database(path: Path, *, writes: bool = False) -> Iterator[Database]:
    """The database an export works on, closed afterwards. Read-only (no lock, no backup, no
    migration) unless the export ``writes`` first (letter numbers and dates, notices issued):
    then it is opened as the app opens it (the lock, a backup before migrating). A missing
    Chinese font or an output that cannot be written as asked ends the command
    (``CommandFailed``: exit 3 or 2)."""
    from desktop.operations.session import read_only
    from desktop.outputs import OutputError
    from desktop.reports.pdf.fonts import FontMissing

    try:
        if writes:
            with working_session(path) as session:
                yield session.db
        else:
            db = read_only(path)
            try:
                yield db
            finally:
                db.close()
    except FontMissing as exc:
        raise CommandFailed(exc.message, EXIT_ENV) from None
    except OutputError as exc:
        raise CommandFailed(exc.message, EXIT_USAGE) from None


if TYPE_CHECKING:
    #: what ``register(sub)`` receives: the parser's sub-command collection
    Subparsers: TypeAlias = argparse._SubParsersAction[Any]
