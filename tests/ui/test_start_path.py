"""What a start does and does not do (issue 21): `fulian open DB` loads the home page's code
only, paints once, starts no backup task for an unchanged file, writes no settings it already
holds; the log file it sets up still rotates."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QByteArray
from pytestqt.qtbot import QtBot

from desktop.operations.session import backup_store
from desktop.store import units
from desktop.store.database import Database
from desktop.ui.app import KEEP_CONSTANTS_ALIVE_MS, RotatingLog
from desktop.ui.main_window import MainWindow
from desktop.ui.page_slots import SPECS
from desktop.ui.settings import RecentFile, Settings
from tests.ui.conftest import wait_for_backup

#: loaded when first used, never by a start: the libraries of outputs and passwords, the other
#: pages and the dialogs, and the stdlib modules the start path used to pull in
NOT_AT_START = (
    "reportlab",
    "openpyxl",
    "docx",
    "cryptography",
    *(f"desktop.ui.{spec.module}" for spec in SPECS if spec.page_id != "home"),
    "desktop.ui.password_dialogs",
    "desktop.ui.profile_dialog",
    "desktop.ui.font_dialog",
    "desktop.ui.county_dialog",
    "desktop.ui.record_dialog",
    "desktop.ui.pdf_preview",
    "desktop.ui.welcome_page",
    "desktop.ui.year_page",  # the year picker of the pages about a year
    "desktop.ui.widgets",  # a start that opens a file never shows it, nor does its quit
    # the register store and its search, bulk reads and sums: the home page's facts are SQL
    "desktop.store.registers",
    "desktop.store.register_search",
    "desktop.store.register_bulk",
    "logging.handlers",
    "typing_extensions",
    "ctypes",  # ``refcount_guard``: a second after the start
    "tomllib",  # the forms' definitions come from the data folder's snapshot
    "pickle",  # the snapshot is read by the C unpickler itself (``_pickle``)
    "getpass",  # ``lock``: the login variables
    # no dataclass either (a frozen one costs ~0.6 ms to create, its methods compiled from
    # source; the module ~2 ms to import): a start's records are ``Frozen`` or ``Plain``
    "dataclasses",
)
_RUN = """
import gc, runpy, sys
sys.argv = ["fulian", "open", sys.argv[1], "--auto-quit", sys.argv[2]]
try:
    runpy.run_module("desktop", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    assert not exc.code, exc.code
print(" ".join(sorted(sys.modules)))
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication.instance()
window = next(w for w in app.topLevelWidgets() if isinstance(w, QMainWindow))
actions = window.menuBar().findChildren(QAction)
keys = ",".join(sorted(a.shortcut().toString() for a in actions if not a.shortcut().isEmpty()))
print(gc.isenabled(), gc.get_freeze_count(), not app.windowIcon().isNull(), keys or "-")
order = list(sys.modules)
print(" ".join(m for m in order[order.index("PySide6"):] if m.startswith("desktop.")) or "-")
import linecache, os
ours = os.path.join(os.getcwd(), "desktop")
print(" ".join(path for path in linecache.cache if path.startswith(ours)) or "-")
print(all(sys.getrefcount(c) > 2**39 for c in (None, True, False)))
"""


class Start(NamedTuple):
    modules: set[str]  # the modules a start loaded
    collector_on: bool
    frozen: int  # objects the start left frozen (out of later collections' way)
    icon: bool  # whether the window has its icon (set once it settled)
    shortcuts: set[str]  # the menus' keyboard shortcuts (given once it settled)
    after_qt: list[str]  # our modules loaded after PySide6
    read_as_text: list[str]  # our source files read as text (into ``linecache``)
    constants_kept_alive: bool  # ``refcount_guard`` has raised None's, True's, False's counts


def _start(db: Path, data_dir: Path, auto_quit_ms: int = 0) -> Start:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FULIAN_DATA_DIR": str(data_dir)}
    proc = subprocess.run(
        [sys.executable, "-c", _RUN, str(db), str(auto_quit_ms)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    modules, collector, after_qt, read, kept = proc.stdout.splitlines()[-5:]
    enabled, frozen, icon, keys = collector.split()
    return Start(
        set(modules.split()),
        enabled == "True",
        int(frozen),
        icon == "True",
        set() if keys == "-" else set(keys.split(",")),
        after_qt.split(),
        [] if read == "-" else read.split(),
        kept == "True",
    )


def test_a_start_loads_the_home_page_only(demo_db: Path, data_dir: Path) -> None:
    _start(demo_db, data_dir)  # the first start: the forms' cache, perhaps a migration
    db = Database.open(demo_db, read_only=True)
    db_id = db.db_id
    db.close()
    backup_store(data_dir).backup(demo_db, db_id)  # this PC's first backup (quit may cancel it)
    start = _start(demo_db, data_dir)
    assert "desktop.ui.home_page" in start.modules  # the run did get to the home page
    # PySide6 reads the source of each module imported after it, unless told (``desktop.ui``):
    # only the window's own modules come after it (``cli.BEFORE_QT``), none is read as text
    assert "desktop.ui.main_window" in start.after_qt
    assert [name for name in start.after_qt if not name.startswith("desktop.ui")] == []
    assert start.read_as_text == []
    assert start.collector_on  # off while the start made its objects, on again once usable
    assert start.frozen > 10_000
    # the icon, the shortcuts and ``refcount_guard`` wait until the window has settled, out
    # of the start's way (their Qt types and the PNG decoder: ~30 M instructions)
    assert (start.icon, start.shortcuts, start.constants_kept_alive) == (False, set(), False)
    assert not [name for name in NOT_AT_START if name in start.modules]
    log = (data_dir / "logs" / "fulian.log").read_text("utf-8")
    second = log[log.rindex("starting") :]
    # unchanged since the first start's backup: asked by the window, no worker started (nor
    # waited for at quit)
    assert "fulian.ui.session INFO no backup needed" in second
    assert "fulian.ui.runner" not in second
    assert second.index("opened") < second.index("usable after") < second.index("stopped")


def test_a_second_after_the_start_the_constants_are_kept_alive(
    demo_db: Path, data_dir: Path
) -> None:
    start = _start(demo_db, data_dir, auto_quit_ms=KEEP_CONSTANTS_ALIVE_MS + 500)
    assert start.constants_kept_alive == (sys.version_info < (3, 12))  # 3.12: immortal already
    assert start.icon
    assert {"Ctrl+Shift+N", "Ctrl+O", "Ctrl+F4"} <= start.shortcuts  # 新建数据库, 打开, 关闭


def test_an_unchanged_file_starts_no_backup_task(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    window.open_database(db_path)
    assert window.tasks.busy  # never backed up on this PC: a backup task
    wait_for_backup(qtbot, window)
    assert window.control.last_backup is not None
    assert window.close_database()
    window.open_database(db_path)
    assert not window.tasks.busy  # the same file: nothing to back up, no task
    assert "最近备份" in window.status_backup.text()
    assert window.session is not None
    units.add(window.session.db, units.Unit(code="D01", name="镇卫生院"))  # a change
    assert window.close_database()
    window.open_database(db_path)
    assert window.tasks.busy  # changed since the last backup: backed up again
    wait_for_backup(qtbot, window)
    assert len(window.backups.backups(window.session.db_id)) == 2


def test_usable_means_painted_after_the_open(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    painted: list[bool] = []
    window.open_database(db_path)
    window.after_next_paint(
        lambda: painted.append(window.pages_stack.currentWidget() is window.home)
    )
    window.after_next_paint(
        lambda: painted.append(window.stack.currentWidget() is window.workspace)
    )
    qtbot.waitUntil(lambda: len(painted) == 2)
    assert painted == [True, True]
    window.repaint()  # a later paint calls nothing again
    qtbot.wait(10)
    assert len(painted) == 2


def test_settings_are_written_only_when_they_change(qtbot: QtBot, data_dir: Path) -> None:
    settings = Settings(data_dir)
    entry = RecentFile("/stick/妇联数据.fulian", "a" * 36, "青山镇妇联")
    settings.add_recent(entry)
    settings.save_geometry("main", QByteArray(b"\x01\xd9\xd0\xcb"))
    settings.sync()
    ini = data_dir / "settings.ini"
    before = (ini.read_bytes(), ini.stat().st_mtime_ns)
    settings.add_recent(entry)  # reopening the first recent file
    settings.save_geometry("main", QByteArray(b"\x01\xd9\xd0\xcb"))  # the window did not move
    settings.sync()
    assert (ini.read_bytes(), ini.stat().st_mtime_ns) == before
    other = RecentFile("/stick/县级.fulian", "b" * 36, "县妇联")
    settings.add_recent(other)
    assert Settings(data_dir).recent_files() == [other, entry]


def test_the_log_file_rotates(tmp_path: Path) -> None:
    path = tmp_path / "fulian.log"
    handler = RotatingLog(path, max_bytes=200, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("test.rotating")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for number in range(30):
            logger.warning("第%02d行 line %02d", number, number)
    finally:
        logger.removeHandler(handler)
        handler.close()
    kept = [path, tmp_path / "fulian.log.1", tmp_path / "fulian.log.2"]
    assert [p.exists() for p in kept] == [True, True, True]
    assert not (tmp_path / "fulian.log.3").exists()  # the oldest went
    assert all(p.stat().st_size < 200 for p in kept)
    lines = [line for p in reversed(kept) for line in p.read_text("utf-8").splitlines()]
    assert lines[-1] == "第29行 line 29"
    assert lines == [f"第{n:02d}行 line {n:02d}" for n in range(30 - len(lines), 30)]


def test_modules_imported_later_are_not_read_as_text() -> None:
    """PySide6 asks about every module imported after it; the answers come from the module's
    name (``desktop.ui``), not from reading its source into memory: a page's modules, and
    openpyxl's and reportlab's at a first report, stay out of ``linecache`` (312 files were
    read for these imports before)."""
    script = (
        "import linecache, sys\n"
        "import desktop.ui\n"
        "import desktop.ui.reports_page, desktop.reports.render_xlsx\n"
        "import openpyxl, reportlab.platypus\n"
        "from shibokensupport.feature import pyside_feature_dict as answers\n"
        "print(' '.join(linecache.cache))\n"
        "print(answers['desktop.ui.widgets'], answers['openpyxl'], answers['reportlab'],"
        " answers['desktop.reports.document'])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    read, answers = proc.stdout.splitlines()[-2:]
    # PySide6 reads its own two files and enum.py while it starts, before it can be told
    assert {Path(path).name for path in read.split()} <= {"__init__.py", "enum.py"}
    assert not [path for path in read.split() if "desktop" in path or "openpyxl" in path]
    assert answers.split() == ["0", "-1", "-1", "-1"]  # as its source test: uses PySide6 or not
