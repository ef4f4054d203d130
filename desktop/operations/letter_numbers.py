"""Which units get a 目标管理责任书, and giving their letters numbers: the one rule.

Every path that numbers letters (生成本年度责任书, setting the letters' date, writing the
letters) asks ``letter_units`` and numbers through ``number_letters``, in its own transaction,
before anything is rendered: a renderer only reads the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.operations import NOTHING, Area, Changes
from desktop.store import letters, monitoring, units
from desktop.store.database import Database


def letter_units(db: Database, year: int, unit_code: str | None = None) -> list[units.Unit]:
    """Active units with a responsibility, a task or a reporting duty in ``year`` (or the one
    with ``unit_code`` among them)."""
    involved = (
        {unit_id for (_indicator, unit_id) in monitoring.responsibilities(db, year)}
        | {task.unit_id for task in letters.tasks(db, year)}
        | {unit_id for unit_id, _name in monitoring.reporting_units(db, year)}
    )
    chosen = [u for u in units.list_units(db, active_only=True) if u.id in involved]
    if unit_code is not None:
        chosen = [u for u in chosen if u.code == unit_code]
    return chosen


def number_letters(db: Database, year: int, chosen: Sequence[units.Unit]) -> Changes:
    """A draft letter with the next number for each of ``chosen`` that has none (one
    transaction, audited by the store)."""
    before = len(letters.letters(db, year))
    after = len(letters.ensure_letters(db, year, [u.id or 0 for u in chosen]))
    return Changes.of(Area.LETTERS) if after != before else NOTHING
