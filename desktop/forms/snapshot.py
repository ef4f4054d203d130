"""The registers' definitions as the strict loader last built them, kept in the PC's data
folder beside ``toml_cache``'s files: a start reads one file instead of checking 14
definitions again (~25 M instructions, ~10 ms at every start).

A snapshot is named by a checksum of everything its definitions came from: each form file's
path and text, the app's version, the fields of the classes it holds, and the size and time of
the program that built them (the sources of ``desktop/forms`` and ``desktop/domain``, or the
executable of a packaged build): a changed loader builds again. The loader writes one only
when every file was read without a problem, and takes one only when each definition's text and
path are the file's. The content carries its CRC-32: a damaged file is built again from the
TOML, as is one that names anything but the definition classes (``find_class``).

Trust: the snapshot is the PC's own cache, in the clerk's local data folder (never on the
stick; it holds no personal data), trusted as that folder and the installed program are.
Pickle is not a defence against someone who can write there (they could change the program
too); the checks above are against damage and stale files. Writing is best effort, whole or
not at all (a read-only data folder only costs the time saved).
"""

from __future__ import annotations

import _pickle  # the C pickler itself: ``pickle.py`` costs ~1.7 ms to import
import contextlib
import io
import os
import sys
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath
from types import MappingProxyType
from typing import Any

from desktop import __version__
from desktop.forms.definition import (
    FieldDef,
    FormDef,
    Recode,
    Reminder,
    Retention,
    Rule,
    Statistics,
    Stock,
    SubformDef,
)
from desktop.forms.field_types import TYPES
from desktop.forms.fields import Choice, FieldType, Options

#: the Frozen classes a definition is made of (their fields are part of a snapshot's name)
_RECORDS: tuple[type[Any], ...] = (FormDef, FieldDef, SubformDef, Rule, Recode, Reminder)
_RECORDS += (Statistics, Stock, Retention, Choice, Options)


def _mapping(items: dict[str, Any]) -> Mapping[str, Any]:
    """A read-only mapping again (a reminder's intervals)."""
    return MappingProxyType(items)


def _field_type(cls: type[FieldType], options: Options) -> FieldType:
    """A field type made again from its options (what it derives from them is derived anew)."""
    return cls(options)


_ALLOWED: dict[tuple[str, str], object] = {
    (cls.__module__, cls.__qualname__): cls for cls in (*_RECORDS, *TYPES.values())
}
_ALLOWED |= {(__name__, f.__name__): f for f in (_mapping, _field_type)}
_ALLOWED |= {("pathlib", cls.__name__): cls for cls in (type(Path()), type(PurePath()))}


_MAGIC = b"fulian-forms-1\n"


def name(files: Iterable[tuple[Path, str]]) -> str:
    """The snapshot's file name for these form files (path, text) and this loader."""
    parts = [__version__, *(f"{c.__qualname__}{c._fields}" for c in _RECORDS)]
    if getattr(sys, "frozen", False):  # a packaged build: its sources are inside the program
        parts.append(_stamp(Path(sys.executable)))
    else:
        desktop = Path(__file__).parents[1]
        for folder in (desktop / "forms", desktop / "domain"):
            with contextlib.suppress(OSError):
                parts += sorted(
                    f"{entry.name}:{_stamp(Path(entry.path))}"
                    for entry in os.scandir(folder)
                    if entry.name.endswith(".py")
                )
    for path, text in files:
        parts += (str(path), text)
    data = "\0".join(parts).encode("utf-8")
    return f"forms-{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data)}.pickle"


def _stamp(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "?"
    return f"{info.st_size}:{info.st_mtime_ns}"


class _Reader(_pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        found = _ALLOWED.get((module, name))
        if found is None:
            raise _pickle.UnpicklingError(f"{module}.{name} is not part of a definition")
        return found


def read(path: Path) -> list[FormDef] | None:
    """The definitions kept in ``path``, or None (missing, damaged, refused)."""
    try:
        data = path.read_bytes()
        head, content = data[: len(_MAGIC) + 4], data[len(_MAGIC) + 4 :]
        if head != _MAGIC + zlib.crc32(content).to_bytes(4, "big"):
            return None
        forms = _Reader(io.BytesIO(content)).load()
    except Exception:  # whatever a damaged cache raises: built again
        return None
    if isinstance(forms, list) and all(isinstance(f, FormDef) for f in forms):
        return forms
    return None


def write(path: Path, forms: list[FormDef]) -> None:
    """Keep ``forms`` in ``path`` (best effort), in place of the folder's other snapshots."""
    buffer = io.BytesIO()
    pickler = _pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = {
        MappingProxyType: lambda m: (_mapping, (dict(m),)),
        **{cls: (lambda t: (_field_type, (type(t), t.options))) for cls in TYPES.values()},
    }
    try:
        pickler.dump(forms)
    except (_pickle.PicklingError, TypeError, AttributeError):  # a definition it cannot hold
        return
    content = buffer.getvalue()
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(_MAGIC + zlib.crc32(content).to_bytes(4, "big") + content)
        partial.replace(path)  # whole or not at all
        for old in path.parent.glob("forms-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
