"""PySide6's own start without compiling its support code at every start.

Importing PySide6 runs shiboken's ``signature_bootstrap``: it unpacks ``shibokensupport`` (the
signature and ``__feature__`` code, 13 modules, ~130 KB of Python) from a zip archive inside
libshiboken and compiles each module from source with ``compile()``, at every start of every
PySide6 program: ~105 M instructions, a sixth of what an empty PySide6 window costs to show.

``support_compiled_once`` keeps those code objects in the PC's data folder, as Python keeps
``.pyc`` files beside modules on disk, and hands them back while PySide6 is imported. For that
moment only, ``builtins.compile`` is a function that answers the bootstrap's own calls (bytes
source, a ``shibokensupport/…py`` file name, ``exec`` mode, no other argument) from the cache
and passes every other call to the real ``compile`` unchanged: the ``__future__`` flags a call
inherits are its caller's, as ``compile`` would take them, not this module's.

A cached entry is used only for the same source (its length and CRC-32), the same compiler
flags, the same Python and optimization level (the folder is named after both) and an intact
payload (its own CRC-32). A missing or damaged entry, or a folder that cannot be written,
compiles as PySide6 would; a damaged entry is written again. A PySide6 that ships its support
code compiled never calls ``compile`` and the cache stays empty. The packaged program imports
``desktop.ui`` in a runtime hook (``packaging/rth_pyside_cache.py``), before PyInstaller's own
hook imports PySide6. The folder is this PC's data folder, trusted as the installed program's
own files are.
"""

from __future__ import annotations
import __future__

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
#: what ``compile`` takes from its caller's code when ``dont_inherit`` is false (CPython's
#: ``PyCF_MASK``: the features a ``from __future__ import`` can still switch on)
_FUTURES = "division absolute_import with_statement print_function unicode_literals"
_FUTURE_FLAGS = sum(
    getattr(__future__, feature).compiler_flag
    for feature in f"{_FUTURES} barry_as_FLUFL generator_stop annotations".split()
)
_HEADER = 16  # the source's length and CRC-32, the flags, the payload's CRC-32: uint32 LE


def cache_folder(data_dir: Path) -> Path:
    """This interpreter's cache of PySide6's support code (safe to delete)."""
    python = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-opt{sys.flags.optimize}"
    return data_dir / "cache" / f"pyside-{python}"


@contextlib.contextmanager
def support_compiled_once(folder: Path) -> Iterator[None]:
    """While PySide6 is imported inside it: its support modules' code from ``folder``."""
    real = builtins.compile

    def compile(
        source: Any,
        filename: Any,
        mode: str,
        flags: int = 0,
        dont_inherit: bool = False,
        optimize: int = -1,
        **more: Any,
    ) -> Any:
        inherited = 0 if dont_inherit else sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
        plain = not (flags or dont_inherit or more) and optimize == -1
        entry = _entry_name(source, filename, mode) if plain else None
        if entry is None:
            return real(source, filename, mode, flags | inherited, True, optimize, **more)
        return _cached(folder / entry, source, filename, inherited, real)

    builtins.compile = compile
    try:
        yield
    finally:
        builtins.compile = real


def _entry_name(source: Any, filename: Any, mode: str) -> str | None:
    """The cache file for a call the bootstrap makes; None for any other call."""
    if mode != "exec" or not isinstance(source, bytes) or not isinstance(filename, str):
        return None
    if not filename.startswith(SUPPORT_PREFIX) or not filename.endswith(".py"):
        return None
    if not all(part.isidentifier() for part in filename[:-3].split("/")):
        return None  # a module path the bootstrap would not give: nothing outside the folder
    return filename.replace("/", ".") + "c"


def _cached(
    path: Path, source: bytes, filename: str, flags: int, real: Callable[..., CodeType]
) -> CodeType:
    stamp = b"".join(n.to_bytes(4, "little") for n in (len(source), zlib.crc32(source), flags))
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        data = path.read_bytes()
        payload = memoryview(data)[_HEADER:]
        if data[:12] == stamp and data[12:_HEADER] == zlib.crc32(payload).to_bytes(4, "little"):
            code = marshal.loads(payload)
            if isinstance(code, CodeType) and code.co_filename == filename:
                return code
    code = real(source, filename, "exec", flags, True)
    made = marshal.dumps(code)
    _store(path, stamp + zlib.crc32(made).to_bytes(4, "little") + made)
    return code


def _store(path: Path, data: bytes) -> None:
    """Written whole or not at all: a cache, errors ignored. Two starts writing at once share
    the temporary file (one may replace the entry with the other's half: its CRC turns it
    down), and a start killed while writing leaves at most that one file beside the entry."""
    temp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(data)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
