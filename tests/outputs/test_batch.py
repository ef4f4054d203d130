"""The one batch writer of the output pipeline: per-unit files or one combined file, file names
Windows accepts, and nothing half-written after a failure."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from desktop.outputs import OutputError, Part, batch


class TextOutput:
    key = "text"
    title = "文本"
    formats: tuple[str, ...] = ("txt",)

    def __init__(self, combinable: bool = True, fail_on: str = "") -> None:
        self.combinable = combinable
        self.fail_on = fail_on

    def render(self, fmt: str, path: Path, models: Sequence[object]) -> None:
        path.write_text("".join(str(m) for m in models), encoding="utf-8")
        if self.fail_on in models:
            raise OSError(5, "Input/output error")


PARTS = [Part("甲/乙:单位", "一"), Part("丙单位", "二")]


def test_a_folder_gets_one_file_per_part_with_safe_names(tmp_path: Path) -> None:
    written = batch.write(TextOutput(), PARTS, "txt", tmp_path)
    assert [p.name for p in written] == ["甲_乙_单位.txt", "丙单位.txt"]
    assert [p.read_text(encoding="utf-8") for p in written] == ["一", "二"]


def test_a_file_gets_everything_combined(tmp_path: Path) -> None:
    (out,) = batch.write(TextOutput(), PARTS, "txt", tmp_path / "all.txt")
    assert out.read_text(encoding="utf-8") == "一二"


def test_per_unit_outputs_ask_for_a_folder_and_formats_are_checked(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="请选择一个文件夹"):
        batch.write(TextOutput(combinable=False), PARTS, "txt", tmp_path / "all.txt")
    with pytest.raises(OutputError, match="不能导出为 pdf"):
        batch.write(TextOutput(), PARTS, "pdf", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_failure_removes_the_whole_batch(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="Input/output"):
        batch.write(TextOutput(fail_on="二"), PARTS, "txt", tmp_path)
    assert list(tmp_path.iterdir()) == []  # the first file too, and no temporary file


class StoppedMidFile(BaseException):
    """What stops a worker in the middle of a file (an interrupt, the app closing)."""


class HalfOutput(TextOutput):
    def render(self, fmt: str, path: Path, models: Sequence[object]) -> None:
        path.write_text("前半部分", encoding="utf-8")  # half a file on disk
        if "二" in models:
            raise StoppedMidFile


def test_a_batch_stopped_mid_file_leaves_no_partial_file(tmp_path: Path) -> None:
    with pytest.raises(StoppedMidFile):
        batch.write(HalfOutput(), PARTS, "txt", tmp_path)
    assert list(tmp_path.iterdir()) == []  # neither the half file nor the finished first one
    target = tmp_path / "all.txt"
    target.write_text("上次的文件", encoding="utf-8")
    with pytest.raises(StoppedMidFile):
        batch.write(HalfOutput(), PARTS, "txt", target)
    assert [p.name for p in tmp_path.iterdir()] == ["all.txt"]
    assert target.read_text(encoding="utf-8") == "上次的文件"  # the old file is left as it was
