"""One helper for slow work: run a function off the GUI thread, deliver the result on it.

The function receives a ``TaskState`` to report progress and to see a cancellation; it must
not touch widgets or the GUI's database connection (open its own). Results and errors arrive
through queued signals on the main thread. A busy cursor appears after 300 ms and, for tasks
that ask for one, a cancellable progress dialog after 600 ms (style.md rule 12).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

log = logging.getLogger("fulian.ui.worker")

BUSY_CURSOR_AFTER_MS = 300
PROGRESS_AFTER_MS = 600


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
            log.info("task %r failed: %s", self.task.title, exc)
            self.task.failed.emit(exc)
        else:
            self.task.finished.emit(result)


class TaskRunner(QObject):
    """Starts tasks on a private thread pool (one worker: the stick is one device)."""

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
        on_error: Callable[[BaseException], None],
        *,
        show_progress: bool = False,
    ) -> Task:
        task = Task(title, self)
        self._running.add(task)
        busy = QTimer(task)
        busy.setSingleShot(True)
        busy.timeout.connect(lambda: QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor))
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
            on_error(exc if isinstance(exc, BaseException) else RuntimeError(str(exc)))

        task.finished.connect(done)
        task.failed.connect(error)
        self.pool.start(_Runnable(task, fn))
        return task

    def _progress_dialog(self, task: Task) -> QProgressDialog:
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
