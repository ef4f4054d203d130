"""PySide6's support code compiled once per PC (``desktop/ui/pyside_boot.py``, issue 21).

Each start is a fresh process importing ``desktop.ui`` with an audit hook that records every
``compile()`` of a ``shibokensupport/`` module; the process then calls a method with the wrong
argument, and PySide6's message (its supported signatures) comes from that support code."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any

import pytest
import shiboken6

from desktop.ui.pyside_boot import SUPPORT_PREFIX, cache_folder, support_compiled_once

ROOT = Path(__file__).resolve().parents[2]
_START = f"""
import sys
compiled = []
def hook(event, args):
    if event == "compile" and str(args[1]).startswith({SUPPORT_PREFIX!r}):
        compiled.append(args[1])
sys.addaudithook(hook)
import desktop.ui
from PySide6.QtCore import QSize
print(len(compiled))
try:
    QSize("x")
except TypeError as error:
    print(" | ".join(str(error).splitlines()))
"""


#: a PySide6 whose support code was once written out (``SBK_EMBED=0``) reads it from there
_UNPACKED = (Path(shiboken6.__file__).parent / "files.dir").exists()
needs_embedded = pytest.mark.skipif(_UNPACKED, reason="shibokensupport unpacked: no compile")


def _start(data: Path) -> tuple[int, str]:
    """A process importing the UI package: the support modules it compiled, a signature."""
    env = {**os.environ, "FULIAN_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", _START],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    count, signature = done.stdout.splitlines()[-2:]
    return int(count), signature


def _entries(data: Path) -> list[Path]:
    return sorted(cache_folder(data).glob("*.pyc"))


@needs_embedded
def test_the_second_start_compiles_none_of_pysides_support_code(tmp_path: Path) -> None:
    first, signature = _start(tmp_path)
    assert first >= 10  # shibokensupport's modules, compiled from source at a first start
    assert len(_entries(tmp_path)) == first
    assert "QSize.__init__(w: int, h: int, /)" in signature

    again, same = _start(tmp_path)
    assert again == 0
    assert same == signature


@needs_embedded
def test_a_damaged_entry_is_compiled_again_and_mended(tmp_path: Path) -> None:
    _start(tmp_path)
    flipped, cut = _entries(tmp_path)[:2]
    data = bytearray(flipped.read_bytes())
    data[-1] ^= 0xFF  # the payload no longer matches its CRC
    flipped.write_bytes(bytes(data))
    cut.write_bytes(cut.read_bytes()[:20])

    compiled, signature = _start(tmp_path)
    assert compiled == 2
    assert "QSize.__init__(w: int, h: int, /)" in signature
    assert _start(tmp_path)[0] == 0  # both written again


@needs_embedded
def test_a_folder_that_cannot_be_written_only_costs_the_compile(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder would be")
    first, signature = _start(tmp_path)
    assert first >= 10
    assert "Supported signatures" in signature
    assert _start(tmp_path)[0] == first  # nothing kept, nothing broken


def test_other_compiles_pass_through_and_compile_is_restored(tmp_path: Path) -> None:
    real = builtins.compile
    with support_compiled_once(tmp_path):
        assert builtins.compile is not real
        text = compile("x = 1", "shibokensupport/a.py", "exec")  # text, not bytes
        flags = compile(b"x = 2", "shibokensupport/b.py", "exec", dont_inherit=True)
        elsewhere = compile(b"x = 3", "elsewhere/c.py", "exec")
        kept = compile(b"x = 4", "shibokensupport/d.py", "exec")
    assert builtins.compile is real
    assert [c.co_filename for c in (text, flags, elsewhere, kept)] == [
        "shibokensupport/a.py",
        "shibokensupport/b.py",
        "elsewhere/c.py",
        "shibokensupport/d.py",
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["shibokensupport.d.pyc"]

    with pytest.raises(RuntimeError), support_compiled_once(tmp_path):
        raise RuntimeError
    assert builtins.compile is real


def _value(source: bytes, folder: Path) -> object:
    namespace: dict[str, object] = {}
    with support_compiled_once(folder):
        exec(compile(source, "shibokensupport/e.py", "exec"), namespace)
    return namespace["x"]


def test_a_changed_source_is_not_answered_from_the_cache(tmp_path: Path) -> None:
    assert [_value(b"x = 1", tmp_path) for _ in range(2)] == [1, 1]
    assert _value(b"x = 22", tmp_path) == 22  # PySide6 updated: same file name, new source
    assert _value(b"x = 22", tmp_path) == 22
    assert _value(b"x = 1", tmp_path) == 1


def _compile_without_futures() -> Callable[..., CodeType]:
    """``compile`` called from code without ``from __future__ import annotations``."""
    namespace: dict[str, Any] = {}
    source = "def call(*args, **kwargs):\n    return compile(*args, **kwargs)\n"
    exec(builtins.compile(source, "caller.py", "exec", dont_inherit=True), namespace)
    call: Callable[..., CodeType] = namespace["call"]
    return call


ANNOTATED = b"x: undefined_name = 1"  # a NameError unless annotations are postponed


def test_other_calls_get_what_compile_would_give(tmp_path: Path) -> None:
    with support_compiled_once(tmp_path):
        assert eval(compile(b"1 + 1", "shibokensupport/g.py", "eval")) == 2
        flagged = compile(b"x = 1", "shibokensupport/h.py", "exec", 0, True)
        named = compile(b"x = 1", "shibokensupport/../../x.py", "exec")
        text = compile(b"x = 1", "shibokensupport/notes.txt", "exec")
        plain = _compile_without_futures()(ANNOTATED, "elsewhere/p.py", "exec")
    assert [c.co_filename for c in (flagged, named, text)] == [
        "shibokensupport/h.py",
        "shibokensupport/../../x.py",
        "shibokensupport/notes.txt",
    ]
    assert list(tmp_path.iterdir()) == []  # none of those is the bootstrap's call
    with pytest.raises(NameError):  # the caller's futures, not pyside_boot's
        exec(plain, {})


def test_an_entry_is_kept_per_callers_futures(tmp_path: Path) -> None:
    with support_compiled_once(tmp_path):
        eager = _compile_without_futures()(ANNOTATED, "shibokensupport/a.py", "exec")
        postponed = compile(ANNOTATED, "shibokensupport/a.py", "exec")  # this module's future
    with pytest.raises(NameError):
        exec(eager, {})
    exec(postponed, {})
    with support_compiled_once(tmp_path):
        again = _compile_without_futures()(ANNOTATED, "shibokensupport/a.py", "exec")
    with pytest.raises(NameError):
        exec(again, {})


def test_an_entry_marshal_would_accept_but_its_crc_refuses(tmp_path: Path) -> None:
    assert _value(b"x = 'abc'", tmp_path) == "abc"
    (entry,) = tmp_path.iterdir()
    data = entry.read_bytes()
    assert data.count(b"abc") == 1
    entry.write_bytes(data.replace(b"abc", b"abd"))  # still valid marshal data
    assert _value(b"x = 'abc'", tmp_path) == "abc"


def test_an_entry_for_another_file_name_is_not_served(tmp_path: Path) -> None:
    with support_compiled_once(tmp_path):
        compile(b"x = 1", "shibokensupport/a.py", "exec")
        compile(b"x = 1", "shibokensupport/b.py", "exec")
    (tmp_path / "shibokensupport.a.pyc").replace(tmp_path / "shibokensupport.b.pyc")
    with support_compiled_once(tmp_path):
        code = compile(b"x = 1", "shibokensupport/b.py", "exec")
    assert code.co_filename == "shibokensupport/b.py"


def test_the_folder_is_per_python_and_optimization_level(tmp_path: Path) -> None:
    name = cache_folder(tmp_path).name
    assert f"{sys.hexversion:x}" in name
    assert name.endswith(f"-opt{sys.flags.optimize}")
