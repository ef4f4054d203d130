"""The two error paths (style.md rule 14).

Known failures (``StoreError``: stick pulled, file read-only, locked, corrupt) are caught where
the action started and shown inline with what to do. Everything else is a bug: one
``sys.excepthook`` logs the traceback to the log folder and shows a non-blocking Chinese notice;
no window is closed, so whatever the clerk typed stays on screen.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.store.errors import StoreError

log = logging.getLogger("fulian.ui.errors")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def describe(exc: BaseException) -> str:
    """The clerk-facing text of a known error."""
    if isinstance(exc, StoreError):
        where = f"\n文件：{exc.path}" if exc.path else ""
        return f"{exc.title}：{exc.message}{where}"
    return f"操作失败：{exc}"


class CrashReporter:
    """Installed as ``sys.excepthook`` by the application start-up."""

    def __init__(self, log_file: Path, parent: Callable[[], QWidget | None]) -> None:
        self.log_file = log_file
        self.parent = parent
        self.boxes: list[QMessageBox] = []
        self.previous: ExceptHook | None = None

    def install(self) -> None:
        self.previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        if self.previous is not None:
            sys.excepthook = self.previous

    def __call__(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            if self.previous is not None:
                self.previous(kind, value, tb)
            return
        text = "".join(traceback.format_exception(kind, value, tb))
        log.critical("unexpected error\n%s", text)
        if isinstance(value, StoreError):
            message = describe(value)
        else:
            message = (
                "程序遇到了一个意外问题，详细信息已记录在日志文件中：\n"
                f"{self.log_file}\n\n"
                "您正在填写的内容仍保留在窗口中，可以继续保存。"
                "如果问题反复出现，请把日志文件发给技术支持。"
            )
        box = QMessageBox(QMessageBox.Icon.Critical, "意外错误", message, parent=self.parent())
        box.setDetailedText(text)
        box.setModal(False)
        box.finished.connect(lambda _result: self.boxes.remove(box))
        self.boxes.append(box)
        box.show()
