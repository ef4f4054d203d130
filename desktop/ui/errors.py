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
from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # QMessageBox's type is built when a crash shows it, not at start

from desktop.store.errors import StoreError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger("fulian.ui.errors")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def is_cancellation(exc: BaseException) -> bool:
    """A task that stopped because the clerk (or closing the database) cancelled it."""
    from desktop.store.backup import BackupCancelled

    if isinstance(exc, BackupCancelled):  # closing cancels a backup: cheap to ask at quit
        return True
    catalog = sys.modules.get("desktop.reports.catalog")  # not loaded: none of its errors
    return catalog is not None and isinstance(exc, catalog.Cancelled)


def known_message(exc: BaseException) -> str | None:
    """The clerk-facing text of a problem she can act on (a known error), None for a bug.

    Known: the store's errors (stick pulled, read-only, locked ...), a file the OS cannot
    write or read, and the operations' own problems with a Chinese message (a workbook with
    wrong cells, no font for PDFs, a report, letter or county submission that cannot be made).
    """
    from desktop.domain.letter_template import TemplateError
    from desktop.exchange.sheets import ImportProblem
    from desktop.exchange.submission_build import SubmissionError
    from desktop.forms.submission_format import FormatError
    from desktop.operations.county import MergeRefused
    from desktop.outputs import OutputError
    from desktop.reports.catalog import ReportError
    from desktop.reports.pdf.fonts import FontMissing
    from desktop.store.errors import classify_os
    from desktop.store.letters import LetterError
    from desktop.store.year_rollover import RolloverError

    if isinstance(exc, StoreError):
        return describe(exc)
    if isinstance(exc, ImportProblem):
        return exc.report()
    if isinstance(exc, FontMissing | RolloverError | LetterError | MergeRefused):
        return str(exc.message)
    if isinstance(exc, ReportError | OutputError | TemplateError | SubmissionError | FormatError):
        return str(exc)
    if isinstance(exc, OSError):
        known = classify_os(exc)
        if known is not None:
            return describe(known)
        return f"无法读写文件：{exc.strerror or exc}" + (
            f"\n文件：{exc.filename}" if exc.filename else ""
        )
    return None


def describe(exc: BaseException) -> str:
    """The clerk-facing text of a known error."""
    if isinstance(exc, StoreError):
        where = f"\n文件：{exc.path}" if exc.path else ""
        if exc.message.startswith(exc.title):  # "密码不正确，请重新输入" says it once
            return f"{exc.message}{where}"
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
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Critical, "意外错误", message, parent=self.parent()
        )
        box.setDetailedText(text)
        box.setModal(False)
        box.finished.connect(lambda _result: self.boxes.remove(box))
        self.boxes.append(box)
        box.show()
