"""Application start-up, in one explicit, logged order (style.md rule 4).

1. logging to the PC's log folder; 2. QApplication and Qt's Chinese translations; 3. settings
and the backup store (both in the local data folder); 4. the crash reporter; 5. the main
window; 6. the database named on the command line, if any; 7. the event loop.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop import APP_ID, APP_NAME, __version__
from desktop.forms.loader import default_forms
from desktop.paths import backups_dir, forms_cache_dir, logs_dir, resource_path
from desktop.store.backup import BackupStore
from desktop.ui import override
from desktop.ui.errors import CrashReporter
from desktop.ui.main_window import SETTLE_MS, MainWindow
from desktop.ui.settings import Settings
from desktop.ui.translations import install_translations

log = logging.getLogger("fulian.ui.app")

#: the garbage collector is back on by then even if the window has not painted yet
COLLECTOR_BACK_MS = 10_000
#: after the window is usable: None, True and False kept alive (``refcount_guard``)
KEEP_CONSTANTS_ALIVE_MS = 1_000
LOG_MAX_BYTES = 2_000_000
LOG_BACKUPS = 3


class RotatingLog(logging.FileHandler):
    """``logging.handlers.RotatingFileHandler``'s rule (a full file becomes ``.1``, ``.1``
    becomes ``.2`` …, the oldest goes) without importing ``logging.handlers``, whose socket,
    pickle and queue modules cost ~10 ms at every start."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:  # backups ≥ 1
        super().__init__(path, encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    @override
    def emit(self, record: logging.LogRecord) -> None:
        try:
            stream = self.stream  # at the end, as the stdlib handler asks (Windows' append)
            if stream is not None and stream.seek(0, 2) + len(self.format(record)) + 1 >= (
                self.max_bytes
            ):
                self._roll_over()
        except (OSError, ValueError):
            self.handleError(record)
            return
        super().emit(record)

    def _roll_over(self) -> None:
        if self.stream is not None:
            self.stream.close()
        for number in range(self.backups - 1, 0, -1):
            older = f"{self.baseFilename}.{number}"
            if os.path.exists(older):
                os.replace(older, f"{self.baseFilename}.{number + 1}")
        os.replace(self.baseFilename, f"{self.baseFilename}.1")
        self.stream = self._open()


def setup_logging(data_dir: Path) -> Path:
    folder = logs_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    log_file = folder / "fulian.log"
    handler = RotatingLog(log_file, LOG_MAX_BYTES, LOG_BACKUPS)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or logging.INFO, logging.INFO))
    return log_file


def run(*, db: Path | None, auto_quit_ms: int | None, data_dir: Path) -> int:
    started = time.perf_counter()
    log_file = setup_logging(data_dir)
    log.info("starting %s %s (data folder %s)", APP_NAME, __version__, data_dir)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    install_translations(app)  # Qt's menus and dialogs in Chinese, before any widget

    settings = Settings(data_dir)
    backups = BackupStore(backups_dir(data_dir))
    forms = default_forms(cache=forms_cache_dir(data_dir))
    window = MainWindow(settings, backups, forms=forms, opening=db is not None)
    reporter = CrashReporter(log_file, lambda: window)
    reporter.install()
    window.show()
    log.info("window shown after %.0f ms", (time.perf_counter() - started) * 1000)
    if db is not None:
        # before the first paint: the window opens on 首页 (one paint, no welcome screen first)
        _open_named(window, db)

    def usable() -> None:
        """The database open (if named), the home page shown and painted."""
        log.info("usable after %.0f ms", (time.perf_counter() - started) * 1000)
        # what the start made lives until the end: later collections (and the one at exit)
        # need not walk it again; the collector was off while it was made (``cli``)
        gc.freeze()
        gc.enable()
        QTimer.singleShot(SETTLE_MS, lambda: _set_icon(app))
        QTimer.singleShot(KEEP_CONSTANTS_ALIVE_MS, _keep_constants_alive)
        if auto_quit_ms is not None:
            # closes the window and leaves every event loop, a question box's included
            QTimer.singleShot(auto_quit_ms, lambda: (window.close(), app.quit()))

    window.after_next_paint(usable)

    def late() -> None:  # a window started minimized paints late: these do not wait for it
        gc.enable()
        _set_icon(app)
        _keep_constants_alive()

    QTimer.singleShot(COLLECTOR_BACK_MS, late)
    try:
        return app.exec()
    finally:
        reporter.uninstall()
        log.info("stopped")


def _open_named(window: MainWindow, db: Path) -> None:
    """The database named on the command line; a bug goes to the crash reporter, as from any
    slot, and leaves the window open (known errors show in its message bar)."""
    try:
        window.open_database(db)
    except Exception:
        sys.excepthook(*sys.exc_info())
    if window.session is None:  # not opened (its message is in the bar): 新建 / 打开 / 最近
        window.show_welcome()


def _keep_constants_alive() -> None:
    from desktop.ui.refcount_guard import keep_constants_alive  # a second after the start

    keep_constants_alive()


def _set_icon(app: QApplication) -> None:
    """The window's icon, set once the window has painted and settled (QIcon's types, the
    image plugins and the PNG decoder cost ~24 M instructions, ~8 ms; the title bar shows the
    icon a tenth of a second later). Set once."""
    from PySide6.QtGui import QIcon

    if app.windowIcon().isNull():
        app.setWindowIcon(QIcon(str(resource_path("icons", "fulian.png"))))
