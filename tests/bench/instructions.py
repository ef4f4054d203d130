"""The start counted in instructions: ``run.py --instructions``.

``valgrind --tool=callgrind`` counts the instructions a process executes (its threads
included): the same count run after run, whatever else the machine is doing, where this
machine's clock has been seen to swing 1.5x within an hour. Each of the start's three programs
(``cases.start_sides``: ours, the empty window, the bare program doing the same work) runs once
under it, with a fixed hash seed. Instructions are not time (a cache miss or a disk read costs
none), so the timed runs stay the issue's measure; this is the repeatable one beside them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from cases import ROOT, StartSides

_COLLECTED = re.compile(r"Collected : (\d+)")


def available() -> bool:
    return shutil.which("valgrind") is not None


def count(args: list[str], env: dict[str, str]) -> int:
    """Instructions executed by ``python ARGS``."""
    proc = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            *args,
        ],
        env={**env, "PYTHONHASHSEED": "0"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found = _COLLECTED.search(proc.stderr)
    if found is None:
        raise RuntimeError(f"valgrind printed no count: {proc.stderr[-500:]}")
    return int(found.group(1))


def start_table(sides: StartSides, goal: float) -> str:
    """The three programs' counts and ratios to the empty window, as Markdown."""
    counts = {
        "empty QMainWindow (the issue's bare side)": count(sides.empty, sides.env),
        "bare PySide6 + sqlite3 doing the same work": count(sides.same_work, sides.env),
        "ours: fulian open DB --auto-quit 0": count(sides.ours, sides.env),
    }
    empty = counts["empty QMainWindow (the issue's bare side)"]
    same = counts["bare PySide6 + sqlite3 doing the same work"]
    lines = [
        "| start, instructions (callgrind) | count | ratio to the empty window |",
        "|---|---|---|",
    ]
    for name, n in counts.items():
        lines.append(f"| {name} | {n / 1e6:,.0f} M | {n / empty:.2f}x |")
    ours = counts["ours: fulian open DB --auto-quit 0"]
    met = "yes" if ours / empty <= goal else "**no**"
    lines.append(
        f"\nours / empty window {ours / empty:.2f}x (goal ≤ {goal}x: {met}); "
        f"ours / the same work {ours / same:.2f}x"
    )
    return "\n".join(lines)
