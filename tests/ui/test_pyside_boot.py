"""PySide6's support code compiled once per PC (``desktop/ui/pyside_boot.py``, issue 21).

Each start is a fresh process importing ``desktop.ui`` with an audit hook that records every
``compile()`` of a ``shibokensupport/`` module; the process then calls a method with the wrong
argument, and PySide6's message (its supported signatures) comes from that support code."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    count, signature = done.stdout.splitlines()
    return int(count), signature


def _entries(data: Path) -> list[Path]:
    return sorted(cache_folder(data).glob("*.pyc"))


def test_the_second_start_compiles_none_of_pysides_support_code(tmp_path: Path) -> None:
    first, signature = _start(tmp_path)
    assert first >= 10  # shibokensupport's modules, compiled from source at a first start
    assert len(_entries(tmp_path)) == first
    assert "QSize.__init__(w: int, h: int, /)" in signature

    again, same = _start(tmp_path)
    assert again == 0
    assert same == signature


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
