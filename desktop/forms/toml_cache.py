"""Parsed ``forms/*.toml`` kept as JSON in the PC's data folder, so a start does not run the
TOML parser (pure Python: most of the time it takes to load the 14 registers' forms).

A file named by the text's CRC-32, Adler-32 and length holds what ``tomllib.loads`` made of
that text: the same text finds the same data, a changed text a new file (64 bits of checksum
and the length: ample for a folder's few files, and no ``hashlib``, whose OpenSSL import costs
~2 ms at every start). JSON is data only (nothing in it runs), and the strict loader checks the
data exactly as it checks freshly parsed TOML. A missing, unreadable or damaged cache file is
parsed again (and rewritten); a text whose data JSON cannot hold (a TOML date) is never cached.
Writing is best effort: a read-only data folder only costs the time saved. The TOML parser
itself is imported on a miss only.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from pathlib import Path
from typing import Any


def loads(text: str, cache: Path | None) -> dict[str, Any]:
    """``tomllib.loads(text)``, from ``cache`` (a folder) when it holds it. A syntax error
    raises ``tomllib.TOMLDecodeError`` (a ``ValueError``)."""
    if cache is None:
        return _parse(text)
    data = text.encode("utf-8")
    path = cache / f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data)}.json"
    with contextlib.suppress(OSError, ValueError):
        found = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(found, dict):
            return found
    parsed = _parse(text)  # raises TOMLDecodeError for the loader to report
    try:
        encoded = json.dumps(parsed, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):  # a date or time, infinity: not for JSON
        return parsed
    with contextlib.suppress(OSError):
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_text(encoded, encoding="utf-8")
        partial.replace(path)  # whole or not at all
    return parsed


def _parse(text: str) -> dict[str, Any]:
    import tomllib  # pure Python, ~8 ms to import: not needed when every text is cached

    return tomllib.loads(text)
