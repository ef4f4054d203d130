from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.paths import backups_dir
from desktop.store.backup import BackupStore
from desktop.ui.main_window import MainWindow
from desktop.ui.refcount_guard import keep_constants_alive
from desktop.ui.settings import Settings
from tests.helpers.qt import ScriptedPrompts
from tests.helpers.vault import CHEAP

# the test process makes more Qt calls than a working day: kept alive as the app keeps them
# (PySide6 6.12.0 on Python 3.11 takes None's and True's references away)
keep_constants_alive()


@pytest.fixture
def prompts() -> ScriptedPrompts:
    return ScriptedPrompts()


@pytest.fixture
def window(qtbot: QtBot, data_dir: Path, prompts: ScriptedPrompts) -> Iterator[MainWindow]:
    win = MainWindow(
        Settings(data_dir),
        BackupStore(backups_dir(data_dir)),
        prompts,
        pc="办公室电脑",
        kdf_cost=CHEAP,  # passwords set through the window cost little in tests
    )
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close_database()


def wait_for_backup(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop import demo

    path = tmp_path_factory.mktemp("demo") / "demo.fulian"
    demo.build(path)
    return path


@pytest.fixture
def demo_db(demo_template: Path, stick: Path) -> Path:
    """A copy of the small demo database on the 'stick'."""
    import shutil

    path = stick / "演示.fulian"
    shutil.copyfile(demo_template, path)
    return path
