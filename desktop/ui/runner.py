"""The one runner for slow work: run an operation off the GUI thread, deliver the result on it.

The function receives a ``TaskState`` to report progress and to see a cancellation; it must
not touch widgets or the GUI's database connection (it opens its own:
``operations.session.connection``). Results and errors arrive through queued signals on the
main thread. A busy cursor appears after 300 ms and, for tasks that ask for one, a cancellable
progress dialog after 600 ms (style.md rule 12); the window stays usable meanwhile.

Cancel: ``TaskState.step`` returns False once cancel was pressed; the output pipeline then
stops between files and removes what it wrote (``outputs.batch``).

Two error paths (style.md rule 14): a known problem (``errors.known_message``) goes to the
page's ``on_error`` as a Chinese message; anything else is a bug: the worker logs it with its
traceback and the GUI thread hands it to ``sys.excepthook`` (the crash dialog, which shows the
same traceback), never to the page as "操作失败".
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from desktop.domain.plain import Frozen
from desktop.ui.errors import is_cancellation, known_message

if TYPE_CHECKING:  # shown after 600 ms of a long task, imported then (its enums cost at start)
    from PySide6.QtWidgets import QProgressDialog

log = logging.getLogger("fulian.ui.runner")

BUSY_CURSOR_AFTER_MS = 300
PROGRESS_AFTER_MS = 600


class Problem(Frozen):
    """A known problem that stopped a task: the clerk's message, and the error (for a page
    that shows some problems differently)."""

    message: str
    error: BaseException


def _busy_cursor() -> None:
    from PySide6.QtCore import Qt  # here: the Qt namespace costs at start (every task)

    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)


class TaskState:
    """Shared between the GUI and the worker: cancellation flag and progress."""

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self.progress_reporter: Callable[[int, str], None] | None = None

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, percent: int, text: str = "") -> None:
        if self.progress_reporter is not None:
            self.progress_reporter(percent, text)

    def step(self, done: int, total: int) -> bool:
        """Progress callback for batch writers: reports ``done/total``; False means cancel."""
        self.report(int(done * 100 / max(total, 1)), f"{done}/{total}")
        return not self.cancelled


class Task(QObject):
    """A running task. Signals are delivered on the GUI thread."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, str)

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.state = TaskState()
        self.state.progress_reporter = self.progressed.emit
        self.done = False


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[[TaskState], Any]) -> None:
        super().__init__()
        self.task = task
        self.fn = fn

    def run(self) -> None:
        try:
            result = self.fn(self.task.state)
        except BaseException as exc:  # delivered to the GUI thread, which decides
            if is_cancellation(exc):
                log.info("task %r cancelled", self.task.title)
                self.task.finished.emit(None)
                return
            if known_message(exc) is None:
                log.error("task %r failed", self.task.title, exc_info=exc)
            else:
                log.info("task %r stopped: %s", self.task.title, exc)
            self.task.failed.emit(exc)
        else:
            self.task.finished.emit(result)


class TaskRunner(QObject):
    """Starts tasks on a private thread pool (one worker: the stick is one device)."""

    #: a bug in a task, after the crash dialog was asked for (tests wait on it)
    crashed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._window = parent
        self._running: set[Task] = set()

    def start(
        self,
        title: str,
        fn: Callable[[TaskState], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Problem], None],
        *,
        show_progress: bool = False,
    ) -> Task:
        """Run ``fn(state)`` off the GUI thread; ``on_done(result)`` (``None`` when a cancelled
        task raised its cancellation) or, for a known problem, ``on_error(Problem)`` on the GUI
        thread. A bug goes to the crash dialog."""
        task = Task(title, self)
        self._running.add(task)
        busy = QTimer(task)
        busy.setSingleShot(True)
        busy.timeout.connect(_busy_cursor)
        busy.start(BUSY_CURSOR_AFTER_MS)
        dialog: list[QProgressDialog] = []
        if show_progress:
            timer = QTimer(task)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda: dialog.append(self._progress_dialog(task)))
            timer.start(PROGRESS_AFTER_MS)

        def finish() -> None:
            task.done = True
            if not busy.isActive():
                QApplication.restoreOverrideCursor()
            busy.stop()
            for d in dialog:
                d.close()
            self._running.discard(task)

        def done(result: object) -> None:
            finish()
            on_done(result)

        def error(exc: object) -> None:
            finish()
            if not isinstance(exc, BaseException):
                exc = RuntimeError(str(exc))
            message = known_message(exc)
            if message is not None:
                on_error(Problem(message, exc))
                return
            sys.excepthook(type(exc), exc, exc.__traceback__)
            self.crashed.emit(exc)

        task.finished.connect(done)
        task.failed.connect(error)
        self.pool.start(_Runnable(task, fn))
        return task

    def _progress_dialog(self, task: Task) -> QProgressDialog:
        from PySide6.QtCore import Qt  # here: the Qt namespace costs at start (every task)
        from PySide6.QtWidgets import QProgressDialog

        dialog = QProgressDialog(task.title, "取消", 0, 100, self._window)
        dialog.setWindowTitle("请稍候")

        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.canceled.connect(task.state.cancel)
        task.progressed.connect(lambda percent, _text: dialog.setValue(percent))
        if task.done:
            dialog.close()
        else:
            dialog.show()
        return dialog

    def cancel_all_and_wait(self) -> None:
        for task in list(self._running):
            task.state.cancel()
        self.pool.waitForDone()

    @property
    def busy(self) -> bool:
        return bool(self._running)
