"""When the clerk last used the app: the idle lock's clock (personal data locks itself after
her idle minutes, privacy page).

A filter on each window taking the focus, not on every object (a private Qt object's first
event makes PySide build ~130 enum types): input reaches a window first. Installed once the
main window has settled (``MainWindow.settle``), not at the start: the types of the events a
filter sees cost instructions the first paint does not need.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from desktop.ui import override

if TYPE_CHECKING:
    from PySide6.QtGui import QWindow

_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel})


class ActivityWatch(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: ``time.monotonic()`` of the last key press, click or wheel turn
        self.last = time.monotonic()
        self.watching = False

    def start(self, window: QWindow | None) -> None:
        """Watch ``window`` and each window that takes the focus from now on."""
        if self.watching:
            return
        self.watching = True
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusWindowChanged.connect(self.watch)
            self.watch(app.focusWindow())
        self.watch(window)

    def watch(self, window: QWindow | None) -> None:
        if window is not None and self.watching:  # installing again only moves it first
            window.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.last = time.monotonic()
        return False
