"""The pages' code loaded while the clerk reads the home page, so that her first click on a
page does not wait for it.

A start loads the home page's modules only (``page_slots``): each page's module is imported
when the page is first shown, ~165 ms for all of them on the benchmark machine, most of it in
the first (填报: 65 ms, the table views' Qt types and the store modules the pages share); the
first record opened waited ~100 ms more for the record dialog and the ID numbers' region
table. Once the window has settled, ``Warmup`` takes ``STEPS`` one at a time (the pages'
modules in the sidebar's order, then the record dialog's, then the region table), on the
window's thread (a page module may build Qt objects as it loads), and only while the clerk
has been idle for ``IDLE_S`` (a step is a short pause she would feel while typing or
scrolling). Nothing is built and no data is read: a page is still built and read when first
shown. A step that fails is left to the first real use, which reports the error as it
always has.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer

from desktop.domain.identity import load_regions
from desktop.ui.page_slots import PAGE_MODULES

log = logging.getLogger("fulian.ui.warmup")

#: a module's name (imported), or a function (called)
Step = str | Callable[[], object]
STEPS: tuple[Step, ...] = (*PAGE_MODULES, "desktop.ui.record_dialog", load_regions)

#: between two steps, and the wait before trying again while the clerk is busy
STEP_MS = 50
#: how long since her last input (``ActivityWatch``) counts as idle
IDLE_S = 0.5


class Warmup(QObject):
    def __init__(
        self,
        steps: Sequence[Step],
        last_activity: Callable[[], float],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.left = list(steps)
        self._last_activity = last_activity
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)

    def start(self) -> None:
        self._timer.start(STEP_MS)

    def _step(self) -> None:
        if not self.left:
            return
        if time.monotonic() - self._last_activity() < IDLE_S:
            self._timer.start(STEP_MS)
            return
        step = self.left.pop(0)
        try:
            if isinstance(step, str):
                importlib.import_module(step)
            else:
                step()
        except Exception:  # its first real use tries again and reports the error
            log.warning("could not prepare %s ahead of its use", step, exc_info=True)
        if self.left:
            self._timer.start(STEP_MS)
