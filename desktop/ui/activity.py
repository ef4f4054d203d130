"""When the clerk last used the app: the idle lock's clock (personal data locks itself after
her idle minutes, privacy page), and the warm-up's (``warmup``).

A filter on each window taking the focus, not on every object (a private Qt object's first
event makes PySide build ~130 enum types): keys, clicks and the wheel reach a window first.
Text typed through an input method (Chinese pinyin) does not: the platform sends it to the
focused widget itself (``QInputMethodEvent``), so the filter also sits on the widget holding
the focus, moved as the focus moves. Installed once the main window has settled
(``MainWindow.settle``), not at the start: the types of the events a filter sees cost
instructions the first paint does not need.
"""

from __future__ import annotations

import contextlib
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication

from desktop.ui import override

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
    }
)


class ActivityWatch(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: ``time.monotonic()`` of the last key press, click, wheel turn or text typed
        self.last = time.monotonic()
        self.watching = False
        self._focused: QObject | None = None

    def start(self, window: QWindow | None) -> None:
        """Watch ``window`` and each window that takes the focus from now on."""
        if self.watching:
            return
        self.watching = True
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusWindowChanged.connect(self.watch)
            app.focusObjectChanged.connect(self._follow)
            self.watch(app.focusWindow())
            self._follow(app.focusObject())
        self.watch(window)

    def _follow(self, focused: QObject | None) -> None:
        """The filter moves to the object that now has the focus (input method text)."""
        if self._focused is not None:
            with contextlib.suppress(RuntimeError):  # deleted on the C++ side already
                self._focused.removeEventFilter(self)
        self._focused = focused
        if focused is not None and not isinstance(focused, QWindow):  # a window: ``watch``
            focused.installEventFilter(self)

    def watch(self, window: QWindow | None) -> None:
        if window is not None and self.watching:  # installing again only moves it first
            window.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.last = time.monotonic()
        return False
