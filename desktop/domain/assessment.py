"""Year-end assessment of units (年度考核): a score from weighted parts, ranked. Pure.

Parts, each 0-100: indicators met among those the unit leads; tasks completed (by their
weights, or by count when none are weighted); reporting (complete on time 100, complete late
80, entered but not confirmed 50, nothing entered 0). A part the unit has nothing in (it leads
no indicator, has no task, reports nothing) is left out and the other weights count in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

REPORTING_POINTS = {"complete": 100.0, "late": 80.0, "entered": 50.0, "pending": 0.0}
PARTS = {"indicators": "指标达标", "tasks": "任务完成", "reporting": "按时填报"}


@dataclass(frozen=True)
class Weights:
    indicators: int = 40
    tasks: int = 40
    reporting: int = 20

    def of(self, part: str) -> int:
        return int(getattr(self, part))

    def validate(self) -> str | None:
        values = [self.indicators, self.tasks, self.reporting]
        if any(v < 0 for v in values):
            return "权重不能为负数"
        if sum(values) == 0:
            return "至少一项权重大于0"
        return None


@dataclass(frozen=True)
class UnitFacts:
    unit_id: int
    name: str
    led: int = 0
    led_met: int = 0
    tasks: int = 0
    tasks_done: int = 0
    task_weight: float = 0.0
    task_weight_done: float = 0.0
    reporting: str | None = None  # complete / late / entered / pending; None: nothing to report


@dataclass(frozen=True)
class Score:
    facts: UnitFacts
    parts: dict[str, float | None] = field(default_factory=dict)
    total: float = 0.0
    rank: int = 0


def parts_of(facts: UnitFacts) -> dict[str, float | None]:
    indicators = 100 * facts.led_met / facts.led if facts.led else None
    if facts.task_weight > 0:
        tasks: float | None = 100 * facts.task_weight_done / facts.task_weight
    else:
        tasks = 100 * facts.tasks_done / facts.tasks if facts.tasks else None
    reporting = None if facts.reporting is None else REPORTING_POINTS[facts.reporting]
    return {"indicators": indicators, "tasks": tasks, "reporting": reporting}


def assess(units: Sequence[UnitFacts], weights: Weights) -> list[Score]:
    """Scores ranked best first; equal totals share a rank; units with no part are left out."""
    scored = []
    for facts in units:
        parts = parts_of(facts)
        counted = {k: v for k, v in parts.items() if v is not None and weights.of(k) > 0}
        if not counted:
            continue
        total_weight = sum(weights.of(k) for k in counted)
        total = sum(weights.of(k) * v for k, v in counted.items()) / total_weight
        scored.append((round(total, 1), facts, parts))
    scored.sort(key=lambda s: (-s[0], s[1].name))
    result: list[Score] = []
    for index, (total, facts, parts) in enumerate(scored):
        rank = result[-1].rank if result and result[-1].total == total else index + 1
        result.append(Score(facts, parts, total, rank))
    return result
