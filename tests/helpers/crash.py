"""A crash harness: run a writer in a child process and kill it (SIGKILL) at a chosen moment.

The child prints one line per committed transaction (after COMMIT returns). Killing it can
land between a commit and its print, so the committed count is either the last number printed
or one more; the checks say so explicitly. Reused by every feature that writes in bulk.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class KillResult:
    last_reported: int
    lines: list[str]


def run_and_kill(
    script: Path, args: list[str], delay_s: float, timeout_s: float = 20
) -> KillResult:
    """Start ``python script args``; once it reports its first commit, wait ``delay_s`` and kill."""
    proc = subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    first = proc.stdout.readline()
    if not first:
        _out, err = proc.communicate(timeout=timeout_s)
        raise AssertionError(f"writer died before its first commit: {err}")
    lines.append(first.strip())
    time.sleep(delay_s)
    proc.kill()
    rest, _err = proc.communicate(timeout=timeout_s)
    lines.extend(line for line in rest.splitlines() if line.strip())
    last = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    return KillResult(last, lines)
