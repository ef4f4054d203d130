"""The runner's timing: both sides of a benchmark alternate (ours, bare, bare, ours, ...) so
that a machine busy with other work slows both alike; each side's min and median are kept."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Fn = Callable[[], object]


@dataclass
class Case:
    """One line of the table. ``prepare`` runs before each timed call of ours (untimed),
    e.g. to open the list before timing a first search. A case without ``bare`` is held to
    ``goal_ms`` only."""

    name: str
    ours: Fn
    bare: Fn | None = None
    goal_ratio: float | None = None
    goal_ms: float | None = None
    prepare: Fn | None = None
    settle: Fn | None = None  # after each timed call, timed (Qt events: painting)
    note: str = ""


@dataclass
class Result:
    case: Case
    ours: list[float] = field(default_factory=list)  # seconds
    bare: list[float] = field(default_factory=list)
    error: str = ""

    @staticmethod
    def _ms(samples: list[float], pick: Callable[[list[float]], float]) -> float | None:
        return pick(samples) * 1000 if samples else None

    @property
    def ours_min(self) -> float | None:
        return self._ms(self.ours, min)

    @property
    def ours_median(self) -> float | None:
        return self._ms(self.ours, statistics.median)

    @property
    def bare_min(self) -> float | None:
        return self._ms(self.bare, min)

    @property
    def bare_median(self) -> float | None:
        return self._ms(self.bare, statistics.median)

    @property
    def ratio(self) -> float | None:
        """Median over median (min over min is printed beside it)."""
        if not self.ours or not self.bare:
            return None
        return statistics.median(self.ours) / statistics.median(self.bare)

    @property
    def min_ratio(self) -> float | None:
        if not self.ours or not self.bare:
            return None
        return min(self.ours) / min(self.bare)

    @property
    def met(self) -> bool:
        if self.error:
            return False
        goal = self.case
        ok = True
        if goal.goal_ratio is not None and self.ratio is not None:
            ok = ok and self.ratio <= goal.goal_ratio
        if goal.goal_ms is not None and self.ours_median is not None:
            ok = ok and self.ours_median <= goal.goal_ms
        return ok


def _timed(fn: Fn, settle: Fn | None) -> float:
    start = time.perf_counter()
    fn()
    if settle is not None:
        settle()
    return time.perf_counter() - start


def run_case(case: Case, reps: int) -> Result:
    result = Result(case)
    try:
        if case.prepare is not None:
            case.prepare()
        case.ours()  # warm-up: caches, imports, first paint
        if case.bare is not None:
            case.bare()
        for rep in range(reps):
            sides: list[tuple[Fn, list[float], Fn | None]] = [
                (case.ours, result.ours, case.prepare)
            ]
            if case.bare is not None:
                sides.append((case.bare, result.bare, None))
            if rep % 2:
                sides.reverse()
            for fn, samples, prepare in sides:
                if prepare is not None:
                    prepare()
                samples.append(_timed(fn, case.settle))
    except Exception as exc:  # a broken case is a line in the table, not the end of the run
        result.error = f"{type(exc).__name__}: {exc}"
    return result


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def goal_text(case: Case) -> str:
    parts = []
    if case.goal_ratio is not None:
        parts.append(f"≤ {case.goal_ratio:g}x")
    if case.goal_ms is not None:
        parts.append(f"≤ {case.goal_ms:g} ms")
    return " and ".join(parts) or "—"


def table(results: list[Result], title: str) -> str:
    """A Markdown table (README's Benchmarks section takes it as it is)."""
    lines = [
        f"**{title}**",
        "",
        "| what | ours min / median ms | bare min / median ms | ratio (median, min) | goal | met |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        if r.error:
            lines.append(f"| {r.case.name} | error: {r.error} | | | {goal_text(r.case)} | no |")
            continue
        lines.append(
            f"| {r.case.name} | {_fmt(r.ours_min)} / {_fmt(r.ours_median)} | "
            f"{_fmt(r.bare_min)} / {_fmt(r.bare_median)} | "
            f"{_fmt(r.ratio, 'x')}, {_fmt(r.min_ratio, 'x')} | {goal_text(r.case)} | "
            f"{'yes' if r.met else '**no**'} |"
        )
    return "\n".join(lines)
