"""考核: score a year by the schemes in ``forms/assessment/``, type the manual scores.

The first save of a year keeps the schemes' texts for that year in the database; from then on
the year is scored by those texts, whatever happens to the files. Backup rule: none (small
edits, each one transaction with its audit rows). A locked year (``fulian year``) refuses.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.domain.assessment import Entry
from desktop.domain.assessment_scheme import Item, Scheme, SchemeError, default_schemes
from desktop.operations import NOTHING, Area, Changes
from desktop.store import assessment as store
from desktop.store import units
from desktop.store.assessment import SchemeScores, scores
from desktop.store.database import Database

CHANGED = Changes.of(Area.ASSESSMENT)


class AssessmentError(ValueError):
    """A score the clerk can correct; the message says which unit and item."""


def year_locked(db: Database, year: int) -> bool:
    """Hook for the year lock (monitoring-v2's ``store.year_lock``); see ``_lock_check``."""
    return _lock_check(db, year)


def _lock_check(db: Database, year: int) -> bool:
    try:
        from desktop.store import year_lock  # type: ignore[attr-defined,unused-ignore]
    except ImportError:  # the year lock has not landed: no year is locked
        return False
    return bool(year_lock.is_locked(db, year))


def keep_schemes(db: Database, year: int, files: Sequence[Scheme]) -> Changes:
    """Fix the year's schemes now (also done by the first saved score)."""
    with db.transaction():
        added = store.keep_schemes(db, year, files)
    return CHANGED if added else NOTHING


def _manual_item(scheme: Scheme, item_id: str) -> Item:
    for item in scheme.items:
        if item.id == item_id:
            if item.rule != "manual":
                raise AssessmentError(f"“{item.name}”按规则自动计分，不能手工录入")
            return item
    raise AssessmentError(f"方案“{scheme.title}”中没有项目“{item_id}”")


def save_scores(
    db: Database,
    year: int,
    edits: Sequence[tuple[int, str, Entry]],
    files: Sequence[Scheme],
) -> Changes:
    """Save typed scores (unit id, item id, entry), all or none, checked against the year's
    schemes: a manual item of the unit's scheme, 0 to the item's points."""
    if year_locked(db, year):
        raise AssessmentError(f"{year}年度已锁定，考核分数不能再改")
    schemes = store.schemes_for(db, year, files)
    names = {u.id: u for u in units.list_units(db)}
    checked = []
    for unit_id, item_id, entry in edits:
        unit = names.get(unit_id)
        if unit is None:
            raise AssessmentError(f"没有编号为 {unit_id} 的单位")
        scheme = next((s for s in schemes if unit.kind in s.unit_kinds), None)
        if scheme is None:
            raise AssessmentError(f"“{unit.name}”不在任何考核方案中")
        item = _manual_item(scheme, item_id)
        for label, value in (("自评", entry.self_score), ("考评", entry.score)):
            if value is not None and not 0 <= value <= item.points:
                raise AssessmentError(
                    f"“{unit.name}”的“{item.name}”{label}分应在 0 到 {item.points:g} 之间"
                )
        checked.append((unit_id, item_id, entry))
    with db.transaction():
        store.keep_schemes(db, year, schemes)
        changed = [store.save_entry(db, year, u, i, e) for u, i, e in checked]
    return CHANGED if any(changed) else NOTHING


__all__ = [
    "AssessmentError",
    "SchemeError",
    "SchemeScores",
    "default_schemes",
    "keep_schemes",
    "save_scores",
    "scores",
    "year_locked",
]
