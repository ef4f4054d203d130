"""Read the 100-byte SQLite file header without opening the file through SQLite.

This lets us refuse a foreign or newer file before SQLite touches it: its bytes stay identical.
Offsets from https://www.sqlite.org/fileformat.html#the_database_header.
"""

from __future__ import annotations

import struct
from pathlib import Path

from desktop.domain.plain import Frozen

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


class FileHeader(Frozen):
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


#: The 8 bytes that open every valid rollback-journal header (fileformat.html, section 3).
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
_JOURNAL_HEADER = 28  # magic, page count, nonce, initial size, sector size, page size


def journal_state(path: Path) -> str:
    """What a ``-journal`` beside ``path`` means, decided the way SQLite decides it.

    - ``"none"``: no journal, or one SQLite ignores. SQLite's rule (https://www.sqlite.org/
      lockingv3.html, 4.1 "Dealing with hot journals"; pager.c ``hasHotJournal``): a journal
      is hot only if it exists, has a non-zero header (its first byte is not 0: a zeroed
      header is what ``journal_mode=PERSIST/TRUNCATE`` leaves after a commit), the database
      file is not empty, and no connection holds a RESERVED lock. An empty or zero-header
      journal is left where it is by SQLite, so treating it as hot refused forever.
    - ``"void"``: SQLite calls it hot, but its header is not a valid journal header (the magic
      ``d9 d5 05 f9 20 a1 63 d7`` of https://www.sqlite.org/fileformat.html, section 3 "The
      Rollback Journal", is missing or the header is cut short). SQLite's playback then
      restores no page and deletes the journal on the next read-write open; the database
      file already holds the last committed state, so it may be read as it is.
    - ``"hot"``: a real interrupted write; SQLite rolls it back on the next read-write open.

    A RESERVED lock means a live writer owns the journal: we cannot see other processes'
    locks portably, so a live writer's journal reads as hot here and the open is refused or
    waits as "busy", which clears when that writer commits (it never refuses forever).
    Never delete a journal: SQLite rolls it back on the next read-write open.
    """
    journal = journal_path(path)
    try:
        with journal.open("rb") as fh:
            head = fh.read(_JOURNAL_HEADER)
        db_size = path.stat().st_size
    except FileNotFoundError:
        return "none"
    except OSError:
        return "hot"  # unreadable: be careful, let SQLite decide on a read-write open
    if not head or head[0] == 0 or db_size == 0:
        return "none"
    if len(head) < _JOURNAL_HEADER or not head.startswith(JOURNAL_MAGIC):
        return "void"
    return "hot"


def has_hot_journal(path: Path) -> bool:
    """A journal SQLite would roll back (see ``journal_state``): a crash interrupted a write."""
    return journal_state(path) == "hot"


def has_journal_to_replay(path: Path) -> bool:
    """A journal a read-only connection cannot open past (SQLite calls it hot): ``hot`` or
    ``void``. A read-only open of a ``void`` one reads the file as it is (``immutable``)."""
    return journal_state(path) != "none"
