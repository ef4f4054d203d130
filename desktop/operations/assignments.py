"""分工矩阵 changes: who reports an indicator (填报) and who leads or supports it (牵头/配合).

Each change is one transaction and returns the state before and after, so the page can undo
and redo it exactly (``restore_reporting`` / ``set_role`` with the other state). A change that
takes the reporting away from a unit that has entered values says so first (``hidden_by``):
those values stop counting in 监测结果 and 填报进度 (both read values through the assignment),
but they stay in the database, and assigning the unit back (or 撤销) brings them back.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.operations import Area, Changes
from desktop.store import assignments, monitoring
from desktop.store.assignments import Pair
from desktop.store.database import Database

CHANGED = Changes.of(Area.VALUES, Area.ROUND, Area.LETTERS)


@dataclass(frozen=True)
class Hidden:
    """A unit whose entered values a change would stop counting."""

    unit_id: int
    unit_name: str
    values: int
    confirmed_at: str | None

    def sentence(self) -> str:
        confirmed = f"（{self.confirmed_at[:10]} 已确认）" if self.confirmed_at else ""
        return f"“{self.unit_name}”已填的 {self.values} 项数据{confirmed}"


@dataclass(frozen=True)
class ReportingChange:
    year: int
    indicator_id: int
    before: frozenset[Pair]
    after: frozenset[Pair]
    changes: Changes


@dataclass(frozen=True)
class RoleChange:
    year: int
    indicator_id: int
    unit_id: int
    before: str | None
    after: str | None
    changes: Changes


def planned_reporting(
    db: Database, year: int, indicator_id: int, unit_id: int, reports: bool
) -> tuple[frozenset[Pair], frozenset[Pair]]:
    """(before, after) of making ``unit_id`` report (or stop reporting) the indicator. A
    ``value`` element has one reporter, so it moves; count elements (分子/分母) may have many."""
    before = assignments.indicator_pairs(db, year, indicator_id)
    after = set(before)
    for element_id, role in assignments.element_roles(db, indicator_id).items():
        if reports:
            if role == "value":
                after -= {p for p in before if p[0] == element_id}
            after.add((element_id, unit_id))
        else:
            after.discard((element_id, unit_id))
    return before, frozenset(after)


def hidden_by(
    db: Database, year: int, before: frozenset[Pair], after: frozenset[Pair]
) -> list[Hidden]:
    """Units that lose elements they have entered values for, going from before to after."""
    lost: dict[int, set[int]] = {}
    for element_id, unit_id in before - after:
        lost.setdefault(unit_id, set()).add(element_id)
    result = []
    for unit_id, elements in sorted(lost.items()):
        count = assignments.entered(db, year, unit_id, elements)
        if count:
            result.append(
                Hidden(
                    unit_id,
                    assignments.unit_name(db, unit_id),
                    count,
                    monitoring.completed_at(db, year, unit_id),
                )
            )
    return result


def warning(hidden: list[Hidden], indicator: str) -> str:
    """The question the page asks before a change that hides entered data."""
    who = "；".join(h.sentence() for h in hidden)
    return (
        f"改动“{indicator}”的填报单位后，{who}将不再计入监测结果和填报进度。\n\n"
        "这些数据不会删除：改回该单位（或点“撤销”）即可恢复。确定要改吗？"
    )


def set_reporting_unit(
    db: Database, year: int, indicator_id: int, unit_id: int, reports: bool
) -> ReportingChange:
    """Make ``unit_id`` report the indicator's data elements (or stop), in one transaction."""
    with db.transaction():
        before, after = planned_reporting(db, year, indicator_id, unit_id, reports)
        assignments.replace_pairs(db, year, indicator_id, after)
    return ReportingChange(year, indicator_id, before, after, CHANGED)


def restore_reporting(
    db: Database, year: int, indicator_id: int, pairs: frozenset[Pair]
) -> ReportingChange:
    """Put the indicator's assignments back to ``pairs`` (undo / redo), in one transaction."""
    with db.transaction():
        before = assignments.indicator_pairs(db, year, indicator_id)
        assignments.replace_pairs(db, year, indicator_id, pairs)
    return ReportingChange(year, indicator_id, before, pairs, CHANGED)


def set_role(
    db: Database, year: int, indicator_id: int, unit_id: int, role: str | None
) -> RoleChange:
    """Set a unit's 牵头/配合 role for an indicator (None removes it), in one transaction."""
    with db.transaction():
        before = assignments.role_of(db, year, indicator_id, unit_id)
        monitoring.set_responsibility(db, year, indicator_id, unit_id, role)
    return RoleChange(
        year, indicator_id, unit_id, before, role, Changes.of(Area.LETTERS, Area.ASSESSMENT)
    )
