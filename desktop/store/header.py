"""Read the 100-byte SQLite file header without opening the file through SQLite.

This lets us refuse a foreign or newer file before SQLite touches it: its bytes stay identical.
Offsets from https://www.sqlite.org/fileformat.html#the_database_header.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


@dataclass(frozen=True)
class FileHeader:
    change_counter: int  # offset 24: bumped on every committed write in rollback-journal mode
    user_version: int  # offset 60: our schema version
    application_id: int  # offset 68: identifies a Fulian Desk file


def read_header(path: Path) -> FileHeader | None:
    """Return the header of an SQLite file, or None if the file is not SQLite at all."""
    with path.open("rb") as fh:
        raw = fh.read(HEADER_SIZE)
    if len(raw) < HEADER_SIZE or not raw.startswith(SQLITE_MAGIC):
        return None
    (change_counter,) = struct.unpack_from(">I", raw, 24)
    (user_version,) = struct.unpack_from(">i", raw, 60)
    (application_id,) = struct.unpack_from(">i", raw, 68)
    return FileHeader(change_counter, user_version, application_id)


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def has_hot_journal(path: Path) -> bool:
    """A non-empty ``-journal`` beside the file: a crash interrupted a write.

    Never delete it: SQLite rolls it back on the next read-write open.
    """
    journal = journal_path(path)
    try:
        return journal.stat().st_size > 0
    except FileNotFoundError:
        return False
