"""What this PC last saw of each database it opened, so that an open can skip the integrity
check that reads the whole file.

``PRAGMA quick_check`` reads every page: ~60-120 ms for a 20 MB file on a PC's disk, seconds on
a USB 2.0 stick. It finds damage done *outside* the program (a stick pulled during a copy, a
bad sector, another tool). So it runs on open only when the file may have met such a thing:

- this PC never saw the file, or its last session here did not end with a clean close
  (the program was killed, the PC lost power, the stick was pulled);
- the file's size or modification time differs from when this PC closed it (another PC or
  program wrote it, or it was copied over);
- a hot journal is found (``Database.open`` always checks then).

A full ``integrity_check`` runs in ``fulian check``. The record is one small JSON file in the
PC's data folder (never in the database: opening writes nothing to the file), written by
rename, at most ``LIMIT`` files remembered (the least recently opened are forgotten).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

log = logging.getLogger("fulian.store.seen")

FILE_NAME = "seen.json"
LIMIT = 50


def _key(path: Path) -> str:
    return str(Path(path).resolve())


class SeenFiles:
    """The record of files this PC opened: ``{path: {"clean": bool, "size": n, "mtime": ns}}``
    in opening order (oldest first)."""

    def __init__(self, record: Path) -> None:
        self.record = record

    def _load(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads(self.record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _save(self, data: dict[str, dict[str, object]]) -> None:
        while len(data) > LIMIT:
            data.pop(next(iter(data)))
        temp = self.record.with_name(self.record.name + ".tmp")
        try:
            self.record.parent.mkdir(parents=True, exist_ok=True)
            temp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(temp, self.record)
        except OSError as exc:  # a read-only data folder: the next open checks, no harm
            log.warning("cannot record %s: %s", self.record, exc)

    def needs_check(self, path: Path) -> bool:
        """Whether the file may have changed outside a clean session of this PC."""
        entry = self._load().get(_key(path))
        if not isinstance(entry, dict) or entry.get("clean") is not True:
            return True
        try:
            stat = Path(path).stat()
        except OSError:
            return True
        return entry.get("size") != stat.st_size or entry.get("mtime") != stat.st_mtime_ns

    def opened(self, path: Path) -> None:
        """A session starts: until ``closed`` the file counts as not cleanly closed."""
        data = self._load()
        data.pop(_key(path), None)
        data[_key(path)] = {"clean": False}
        self._save(data)

    def closed(self, path: Path) -> None:
        """A session ended cleanly: remember the file as it is now."""
        with contextlib.suppress(OSError):
            stat = Path(path).stat()
            data = self._load()
            data.pop(_key(path), None)
            data[_key(path)] = {"clean": True, "size": stat.st_size, "mtime": stat.st_mtime_ns}
            self._save(data)
