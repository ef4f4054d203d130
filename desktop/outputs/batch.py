"""The one batch writer: per-part files or one combined file, progress, cancel, clean-up."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from desktop.outputs import Output, OutputError, Part, Progress

log = logging.getLogger("fulian.outputs")

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_stem(stem: str) -> str:
    """A file name that Windows accepts (the unit names are the clerk's own text)."""
    return _UNSAFE.sub("_", stem).strip(" .") or "未命名"


def temporary_name(path: Path) -> Path:
    """Where a file is written before it is complete (same folder: the rename is atomic)."""
    return path.with_name(f"~{path.stem}.未完成{path.suffix}")


def write_file(path: Path, render: Callable[[Path], object]) -> Path:
    """Run ``render(temp)`` and rename the finished file to ``path``; on any failure (or an
    interrupt) the temporary file is removed and ``path`` is left as it was."""
    temp = temporary_name(path)
    try:
        render(temp)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def plan(
    output: Output, parts: Sequence[Part], fmt: str, out: Path
) -> list[tuple[Path, list[object]]]:
    """(file, models) of each file the batch writes."""
    if fmt not in output.formats:
        raise OutputError(
            f"“{output.title}”可以导出为 {'、'.join(output.formats)}，不能导出为 {fmt}"
        )
    if out.is_dir():
        return [(out / f"{safe_stem(part.stem)}.{fmt}", [part.model]) for part in parts]
    if len(parts) > 1 and not output.combinable:
        raise OutputError(f"“{output.title}”每个单位一个文件：请选择一个文件夹。")
    return [(out, [part.model for part in parts])] if parts else []


def write(
    output: Output,
    parts: Sequence[Part],
    fmt: str,
    out: Path,
    *,
    progress: Progress | None = None,
) -> list[Path]:
    """Write ``parts``: one file each when ``out`` is an existing folder, else one file.

    ``progress(done, total)`` is asked before the first file and after each one; False cancels:
    the files this call wrote are removed and ``[]`` is returned. A failure removes them too.
    """
    jobs = plan(output, parts, fmt, out)
    total = len(jobs)
    written: list[Path] = []
    try:
        if progress is not None and jobs and not progress(0, total):
            return []
        for done, (path, models) in enumerate(jobs, start=1):
            written.append(write_file(path, partial(output.render, fmt, models=models)))
            if progress is not None and not progress(done, total):
                log.info("%s: cancelled after %d of %d files", output.key, done, total)
                _remove(written)
                return []
    except BaseException:
        _remove(written)
        raise
    return written


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
    paths.clear()
