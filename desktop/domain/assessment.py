"""Year-end 考核 of units by a scheme (``assessment_scheme.Scheme``). Pure.

Each scored item gives points by its rule (automatic from the year's facts, or the assessor's
考评 score typed in); items that do not apply to a unit are left out and, when the scheme says
``scale``, the rest are scaled to full marks. 加分 and 扣分 are summed and capped, any 一票否决
item sets the lowest grade and ranks the unit last. A unit to which no scored item applies is
不参与考核: listed, never ranked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from desktop.domain.assessment_scheme import Item, Scheme

NOT_TAKING_PART = "不参与考核"
#: the grade while a scored item still waits for its 考评 score (a veto decides it at once)
PENDING_GRADE = "待定"
REPORTING_LABELS = {
    "complete": "按时确认",
    "late": "逾期确认",
    "entered": "已填未确认",
    "pending": "未填报",
}


@dataclass(frozen=True)
class UnitFacts:
    """What the automatic rules read about one unit in one year."""

    unit_id: int
    name: str
    kind: str = "department"
    led: int = 0
    led_met: int = 0
    led_improved: int = 0  # missed, but better than last year
    tasks: int = 0
    tasks_done: int = 0
    task_weight: float = 0.0
    task_weight_done: float = 0.0
    reporting: str | None = None  # complete / late / entered / pending; None: nothing to report
    records: Mapping[str, int] = field(default_factory=dict)  # register id -> records this year
    letter: str | None = None  # the letter's status; None: no letter


@dataclass(frozen=True)
class Entry:
    """A manual item's scores for one unit: 自评, 考评 and the assessor's note."""

    self_score: float | None = None
    score: float | None = None
    note: str = ""


@dataclass(frozen=True)
class ItemScore:
    item: Item
    applies: bool
    points: float | None  # None: not applicable, or a manual item not yet scored
    detail: str = ""  # how the points came about (3/4 达标, 按时确认 …)
    self_score: float | None = None
    note: str = ""


@dataclass(frozen=True)
class UnitScore:
    facts: UnitFacts
    items: tuple[ItemScore, ...]
    taking_part: bool
    base: float = 0.0  # scored items, scaled
    bonus: float = 0.0  # after the cap
    deduction: float = 0.0  # after the cap
    total: float = 0.0
    vetoed: bool = False
    grade: str = NOT_TAKING_PART
    rank: int = 0  # 0: not ranked
    pending: int = 0  # scored manual items that apply but have no 考评 score yet

    def item(self, item_id: str) -> ItemScore:
        return next(s for s in self.items if s.item.id == item_id)


def _applies(item: Item, facts: UnitFacts) -> bool:
    return {
        "leads_indicators": facts.led > 0,
        "has_tasks": facts.tasks > 0,
        "reports": facts.reporting is not None,
        "has_letter": facts.letter is not None,
        "always": True,
        "participating": False,  # decided after the others
    }[item.applies]


def _automatic(item: Item, facts: UnitFacts) -> tuple[float, str]:
    """Points and how they came about for an automatic rule (the item applies)."""
    if item.rule == "indicators_met":
        credit = facts.led_met + item.partial * facts.led_improved
        detail = f"{facts.led_met}/{facts.led} 达标"
        if facts.led_improved and item.partial:
            detail += f"，{facts.led_improved} 项好转"
        return item.points * credit / facts.led, detail
    if item.rule == "tasks_done":
        if facts.task_weight > 0:
            share = facts.task_weight_done / facts.task_weight
        else:
            share = facts.tasks_done / facts.tasks
        return item.points * share, f"{facts.tasks_done}/{facts.tasks} 完成"
    if item.rule == "reporting":
        state = facts.reporting or "pending"
        return item.points * dict(item.reporting)[state], REPORTING_LABELS[state]
    if item.rule == "register_count":
        count = facts.records.get(item.register, 0)
        return item.points * min(count, item.full_at) / item.full_at, f"{count} 条"
    if item.rule == "letter_signed":
        signed = facts.letter in ("signed", "archived")
        return (item.points if signed else 0.0), ("已签订" if signed else "未签订")
    raise ValueError(item.rule)


def score_unit(scheme: Scheme, facts: UnitFacts, entries: Mapping[str, Entry]) -> UnitScore:
    """One unit's scores (unranked). ``entries``: item id -> manual scores."""
    decided: dict[str, bool] = {}
    for item in scheme.items:
        entry = entries.get(item.id)
        # a manual score typed in makes the item apply (the assessor scored the unit)
        entered = (
            item.rule == "manual"
            and entry is not None
            and (entry.score is not None or entry.self_score is not None)
        )
        decided[item.id] = entered or _applies(item, facts)
    taking_part = any(decided[i.id] for i in scheme.of_kind("score"))
    scores = []
    for item in scheme.items:
        applies = decided[item.id] or (taking_part and item.applies == "participating")
        entry = entries.get(item.id, Entry())
        if not applies:
            scores.append(ItemScore(item, False, None))
        elif item.rule == "manual":
            value = None if entry.score is None else min(max(entry.score, 0.0), item.points)
            scores.append(ItemScore(item, True, value, "", entry.self_score, entry.note))
        else:
            points, detail = _automatic(item, facts)
            scores.append(ItemScore(item, True, round(points, 2), detail))
    if not taking_part:
        return UnitScore(facts, tuple(scores), False)
    scored = [s for s in scores if s.applies and s.item.kind == "score"]
    earned = sum(s.points or 0.0 for s in scored)
    possible = sum(s.item.points for s in scored)
    base = earned * scheme.full_marks / possible if scheme.scale and possible else earned

    def capped(kind: str, cap: float) -> float:
        value = sum(s.points or 0.0 for s in scores if s.applies and s.item.kind == kind)
        return min(value, cap) if cap else value

    bonus = capped("bonus", scheme.bonus_cap)
    deduction = capped("deduction", scheme.deduction_cap)
    vetoed = any(s.points for s in scores if s.item.kind == "veto")
    total = round(max(base + bonus - deduction, 0.0), 1)
    pending = sum(
        1
        for s in scores
        if s.applies and s.item.kind == "score" and s.item.rule == "manual" and s.points is None
    )
    return UnitScore(
        facts,
        tuple(scores),
        True,
        base=round(base, 1),
        bonus=bonus,
        deduction=deduction,
        total=total,
        vetoed=vetoed,
        grade=PENDING_GRADE if pending and not vetoed else scheme.grade_of(total, vetoed),
        pending=pending,
    )


def assess(
    scheme: Scheme,
    units: Sequence[UnitFacts],
    entries: Mapping[int, Mapping[str, Entry]],
) -> list[UnitScore]:
    """The scheme's units: those taking part ranked best first (vetoed last, equal totals
    share a rank), then those not taking part, by name."""
    scores = [
        score_unit(scheme, f, entries.get(f.unit_id, {}))
        for f in units
        if f.kind in scheme.unit_kinds
    ]
    taking = sorted(
        (s for s in scores if s.taking_part), key=lambda s: (s.vetoed, -s.total, s.facts.name)
    )
    ranked: list[UnitScore] = []
    for index, score in enumerate(taking):
        previous = ranked[-1] if ranked else None
        same = (
            previous is not None
            and previous.total == score.total
            and previous.vetoed == score.vetoed
        )
        rank = previous.rank if same and previous is not None else index + 1
        ranked.append(_with_rank(score, rank))
    others = sorted((s for s in scores if not s.taking_part), key=lambda s: s.facts.name)
    return ranked + others


def _with_rank(score: UnitScore, rank: int) -> UnitScore:
    from dataclasses import replace

    return replace(score, rank=rank)
