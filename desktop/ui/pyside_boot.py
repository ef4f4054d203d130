"""PySide6's own start without compiling its support code at every start.

Importing PySide6 runs shiboken's ``signature_bootstrap``: it unpacks ``shibokensupport`` (the
signature and ``__feature__`` code, 14 modules, ~130 KB of Python) from a zip archive inside
libshiboken and compiles each module from source with ``compile()``, at every start of every
PySide6 program: ~105 M instructions, a sixth of what an empty PySide6 window costs to show.

``support_compiled_once`` keeps those code objects in the PC's data folder, as Python keeps
``.pyc`` files beside modules on disk, and hands them back while PySide6 is imported. For that
moment only, ``builtins.compile`` is a function that answers the bootstrap's own calls (bytes
source, a ``shibokensupport/`` file name, ``exec`` mode, no other argument) from the cache and
passes every other call to the real ``compile``.

A cached entry is used only for the same source (its length and CRC-32), the same Python (the
folder is named after the interpreter's version) and an intact payload (its own CRC-32). A
missing or damaged entry, or a folder that cannot be written, compiles as PySide6 would; a
damaged entry is written again. A PySide6 that ships its support code compiled never calls
``compile`` and the cache stays empty. The folder is this PC's own data folder (never the
stick), trusted as the installed program's own files are.
"""

from __future__ import annotations

import builtins
import contextlib
import marshal
import os
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import CodeType
from typing import Any

#: the file names the bootstrap gives the modules it compiles (paths inside its zip archive)
SUPPORT_PREFIX = "shibokensupport/"
_HEADER = 12  # the source's length and CRC-32, the payload's CRC-32: little-endian uint32s


def cache_folder(data_dir: Path) -> Path:
    """This interpreter's cache of PySide6's support code (safe to delete)."""
    return data_dir / "cache" / f"pyside-{sys.implementation.cache_tag}-{sys.hexversion:x}"


@contextlib.contextmanager
def support_compiled_once(folder: Path) -> Iterator[None]:
    """While PySide6 is imported inside it: its support modules' code from ``folder``."""
    real = builtins.compile

    def compile(source: Any, filename: Any, mode: str, *args: Any, **kwargs: Any) -> Any:
        entry = _entry_name(source, filename, mode, args or kwargs)
        if entry is None:
            return real(source, filename, mode, *args, **kwargs)
        return _cached(folder / entry, source, filename, real)

    builtins.compile = compile
    try:
        yield
    finally:
        builtins.compile = real


def _entry_name(source: Any, filename: Any, mode: str, more: object) -> str | None:
    """The cache file for a call the bootstrap makes; None for any other call."""
    if more or mode != "exec" or not isinstance(source, bytes) or not isinstance(filename, str):
        return None
    if not filename.startswith(SUPPORT_PREFIX) or not filename.endswith(".py"):
        return None
    name = filename.replace("/", ".")
    if not name.replace(".", "").replace("_", "").isalnum():
        return None  # a name the bootstrap would not give: nothing outside the folder
    return name + "c"


def _cached(path: Path, source: bytes, filename: str, real: Callable[..., CodeType]) -> CodeType:
    stamp = len(source).to_bytes(4, "little") + zlib.crc32(source).to_bytes(4, "little")
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        data = path.read_bytes()
        payload = memoryview(data)[_HEADER:]
        if data[:8] == stamp and data[8:_HEADER] == zlib.crc32(payload).to_bytes(4, "little"):
            code = marshal.loads(payload)
            if isinstance(code, CodeType) and code.co_filename == filename:
                return code
    code = real(source, filename, "exec")
    made = marshal.dumps(code)
    _store(path, stamp + zlib.crc32(made).to_bytes(4, "little") + made)
    return code


def _store(path: Path, data: bytes) -> None:
    """Written whole or not at all (another start may be reading it): a cache, errors ignored."""
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(data)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
