"""The one runner for slow work, with the output pipeline's batch writer behind it: cancel
really stops and leaves no file, a known problem becomes a Chinese message, a bug reaches the
crash dialog with the traceback the worker logged, and the window answers meanwhile."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.outputs import Part, batch
from desktop.ui.errors import CrashReporter
from desktop.ui.runner import Problem, TaskRunner, TaskState

WAIT_S = 10


class SlowOutput:
    """Writes each part as a small text file; rendering part ``hold_at`` waits for the test."""

    key = "slow"
    title = "测试输出"
    formats: tuple[str, ...] = ("txt",)
    combinable = True

    def __init__(self, hold_at: int = -1, fail: BaseException | None = None) -> None:
        self.hold_at = hold_at
        self.fail = fail
        self.rendered: list[str] = []
        self.holding = threading.Event()
        self.release = threading.Event()

    def render(self, fmt: str, path: Path, models: Sequence[object]) -> None:
        index = len(self.rendered)
        self.rendered.append(str(models[0]))
        with path.open("w", encoding="utf-8") as file:
            file.write("前半部分")  # a half-written file if anything stopped here
            if index == self.hold_at:
                self.holding.set()
                assert self.release.wait(WAIT_S)
            if self.fail is not None:
                raise self.fail
            file.write(str(models[0]))


def _parts(n: int) -> list[Part]:
    return [Part(f"单位{i}", f"内容{i}") for i in range(n)]


def _progress_dialog() -> QProgressDialog | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
    return next((w for w in found if w.isVisible()), None)


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_cancel_stops_the_task_and_leaves_no_file(
    qtbot: QtBot, window: QWidget, tmp_path: Path
) -> None:
    runner = TaskRunner(window)
    output = SlowOutput(hold_at=1)
    results: list[object] = []

    def work(state: TaskState) -> list[Path]:
        return batch.write(output, _parts(5), "txt", tmp_path, progress=state.step)

    task = runner.start("正在导出……", work, results.append, pytest.fail, show_progress=True)
    assert output.holding.wait(WAIT_S)  # the second file is being written
    qtbot.waitUntil(lambda: _progress_dialog() is not None, timeout=5_000)
    # the window answers while the task works
    edit = QLineEdit(window)
    edit.show()
    qtbot.keyClicks(edit, "still here")
    assert edit.text() == "still here"
    dialog = _progress_dialog()
    assert dialog is not None
    (button,) = dialog.findChildren(QPushButton)
    assert button.text() == "取消"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert task.state.cancelled
    output.release.set()
    qtbot.waitUntil(lambda: task.done, timeout=WAIT_S * 1000)
    assert results == [[]]
    assert output.rendered == ["内容0", "内容1"]  # stopped: the other three never started
    assert list(tmp_path.iterdir()) == []  # neither the finished file nor a partial one
    assert not runner.busy


def test_a_failed_file_leaves_nothing_and_a_known_problem_is_a_message(
    qtbot: QtBot, window: QWidget, tmp_path: Path
) -> None:
    runner = TaskRunner(window)
    output = SlowOutput(fail=OSError(28, "No space left on device"))
    problems: list[Problem] = []
    out = tmp_path / "合并.txt"
    out.write_text("上次导出的内容", encoding="utf-8")

    def work(state: TaskState) -> list[Path]:
        return batch.write(output, _parts(3), "txt", out, progress=state.step)

    task = runner.start("正在导出……", work, pytest.fail, problems.append)
    qtbot.waitUntil(lambda: task.done, timeout=WAIT_S * 1000)
    (problem,) = problems
    assert "空间" in problem.message or "磁盘" in problem.message
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left
    assert out.read_text(encoding="utf-8") == "上次导出的内容"  # the old file untouched


def test_a_bug_reaches_the_crash_dialog_with_the_logged_traceback(
    qtbot: QtBot,
    window: QWidget,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    reporter = CrashReporter(tmp_path / "fulian.log", lambda: window)
    runner = TaskRunner(window)
    output = SlowOutput(fail=ZeroDivisionError("a planted bug"))
    not_for_bugs: list[Problem] = []

    def work(state: TaskState) -> list[Path]:
        return batch.write(output, _parts(2), "txt", tmp_path, progress=state.step)

    reporter.install()  # as the app does at start-up (restored below: pytest-qt has its own)
    try:
        with (
            caplog.at_level(logging.ERROR, logger="fulian.ui.runner"),
            qtbot.waitSignal(runner.crashed, timeout=WAIT_S * 1000),
        ):
            runner.start("正在导出……", work, pytest.fail, not_for_bugs.append)
    finally:
        reporter.uninstall()
    assert not_for_bugs == []  # not turned into "操作失败：…"
    (record,) = [r for r in caplog.records if r.name == "fulian.ui.runner"]
    assert record.exc_info is not None  # the worker logged the traceback
    (box,) = reporter.boxes
    assert "意外问题" in box.text()
    details = box.detailedText()
    assert "ZeroDivisionError: a planted bug" in details
    assert "in render" in details  # the frame in the worker thread, not just the message
    box.close()
    assert list(tmp_path.iterdir()) == []
