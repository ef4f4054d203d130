"""The pages' modules load while the clerk is idle, once the window has settled."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from stdnum import numdb

from desktop.ui.main_window import MainWindow
from desktop.ui.page_slots import PAGE_MODULES
from desktop.ui.warmup import IDLE_S, Warmup


@pytest.fixture
def modules(tmp_path: Path) -> Iterator[list[str]]:
    """Three modules on disk that nothing has imported; the third fails to load."""
    names = [f"warm_{tmp_path.name[-8:].replace('-', '_')}_{n}" for n in "abc"]
    for name in names[:2]:
        (tmp_path / f"{name}.py").write_text("LOADED = True\n", encoding="utf-8")
    (tmp_path / f"{names[2]}.py").write_text("raise ImportError('broken')\n", encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    yield names
    sys.path.remove(str(tmp_path))
    for name in names:
        sys.modules.pop(name, None)


def test_steps_run_in_order_while_idle(qtbot: QtBot, modules: list[str]) -> None:
    busy_until = time.monotonic() + 0.4
    done: list[bool] = []
    steps = [modules[2], modules[0], lambda: done.append(modules[0] in sys.modules), modules[1]]
    warmup = Warmup(steps, lambda: busy_until - IDLE_S)
    warmup.start()
    qtbot.wait(200)
    assert not [name for name in modules if name in sys.modules]  # the clerk is busy
    assert done == []
    qtbot.waitUntil(lambda: not warmup.left, timeout=5_000)
    assert [name in sys.modules for name in modules] == [True, True, False]  # broken: left
    assert done == [True]  # called after the module before it


def test_the_window_loads_every_page_module_once_settled(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    assert window.open_database(demo_db)
    qtbot.waitUntil(lambda: window.warmup is not None, timeout=5_000)
    qtbot.waitUntil(lambda: window.warmup is not None and not window.warmup.left, timeout=10_000)
    assert all(name in sys.modules for name in PAGE_MODULES)
    assert "desktop.ui.record_dialog" in sys.modules
    assert "cn/loc" in numdb._open_databases  # the ID numbers' region table, read
    assert not window.lazy.is_built("form")  # loaded, not built: a page is built when shown
