"""How far a new database's set-up has come (issue 22: the first-year checklist on 首页)."""

from __future__ import annotations

from desktop.domain.plain import Frozen
from desktop.store import profile as profile_store
from desktop.store.database import Database


class SetupState(Frozen):
    profile: bool  # 乡镇信息 filled in
    units: bool  # at least one 责任单位
    indicators: bool  # every target in use checked against the local plan
    assignments: bool  # who reports what (分工)
    year: bool  # a monitoring year made
    letters: bool  # 目标责任书 numbered for a year


#: one statement: the home page reads it before the first paint and after every save
_SQL = """
SELECT EXISTS (SELECT 1 FROM unit WHERE active = 1),
       NOT EXISTS (SELECT 1 FROM indicator WHERE active = 1 AND verified = 0),
       EXISTS (SELECT 1 FROM assignment),
       EXISTS (SELECT 1 FROM monitoring_round),
       EXISTS (SELECT 1 FROM letter)
"""


def setup_state(db: Database, profile: profile_store.Profile | None = None) -> SetupState:
    """``profile``: the one already read (the home page reads it for its heading)."""
    current = profile if profile is not None else profile_store.load(db)
    units, indicators, assignments, year, letters = db.execute(_SQL).fetchone()
    return SetupState(
        profile=current.is_complete,
        units=bool(units),
        indicators=bool(indicators),
        assignments=bool(assignments),
        year=bool(year),
        letters=bool(letters),
    )
