"""Find a remembered database again after its stick came back under another drive letter.

Windows gives a stick whichever letter is free (E: today, F: tomorrow); Linux mounts it under
``/media/<user>/<label>``. We try the remembered path's tail under every mounted root and accept
a candidate only if its database id matches.
"""

from __future__ import annotations

import contextlib
import os
import string
from collections.abc import Iterable
from pathlib import Path, PurePath, PureWindowsPath

from desktop.store.database import Database
from desktop.store.errors import StoreError


def default_roots() -> list[Path]:
    """Mounted drives and removable-media folders of this PC."""
    if os.name == "nt":
        return [
            Path(f"{letter}:\\")
            for letter in string.ascii_uppercase
            if os.path.exists(f"{letter}:\\")
        ]
    import glob  # a moved file is rarely searched for: not loaded at start-up

    patterns = ("/media/*/*", "/media/*", "/run/media/*/*", "/mnt/*", "/Volumes/*")
    roots: list[Path] = []
    for pattern in patterns:
        roots.extend(Path(p) for p in glob.glob(pattern) if os.path.isdir(p))
    return roots


def _tails(remembered: str) -> list[PurePath]:
    """The path without its first 1, 2, ... components: ``E:\\a\\b.fulian`` -> ``a\\b.fulian``."""
    pure: PurePath = PureWindowsPath(remembered) if ":" in remembered[:3] else PurePath(remembered)
    parts = pure.parts[1:]  # drop the anchor (drive or "/")
    return [PurePath(*parts[i:]) for i in range(len(parts)) if parts[i:]]


def read_db_id(path: Path) -> str | None:
    """The database id of a Fulian file, read without writing; None when not one."""
    with contextlib.suppress(StoreError, OSError):
        db = Database.open(path, read_only=True)
        try:
            return db.db_id
        finally:
            db.close()
    return None


def find_moved(remembered: str, db_id: str, roots: Iterable[Path] | None = None) -> Path | None:
    """Where the database with ``db_id`` is now, searched under ``roots``; None if not found."""
    candidates: list[Path] = []
    for root in roots if roots is not None else default_roots():
        for tail in _tails(remembered):
            candidate = Path(root, *tail.parts)
            if candidate not in candidates and candidate.is_file():
                candidates.append(candidate)
    for candidate in candidates:
        if read_db_id(candidate) == db_id:
            return candidate
    return None
