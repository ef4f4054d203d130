"""How far a new database's set-up has come (issue 22: the first-year checklist on 首页)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.store import profile, units
from desktop.store.database import Database


@dataclass(frozen=True)
class SetupState:
    profile: bool  # 乡镇信息 filled in
    units: bool  # at least one 责任单位
    indicators: bool  # every target in use checked against the local plan
    assignments: bool  # who reports what (分工)
    year: bool  # a monitoring year made
    letters: bool  # 目标责任书 numbered for a year


def setup_state(db: Database) -> SetupState:
    unchecked = db.scalar("SELECT count(*) FROM indicator WHERE active = 1 AND verified = 0")
    return SetupState(
        profile=profile.load(db).is_complete,
        units=units.count(db, active_only=True) > 0,
        indicators=not unchecked,
        assignments=db.scalar("SELECT EXISTS (SELECT 1 FROM assignment)") == 1,
        year=db.scalar("SELECT EXISTS (SELECT 1 FROM monitoring_round)") == 1,
        letters=db.scalar("SELECT EXISTS (SELECT 1 FROM letter)") == 1,
    )
