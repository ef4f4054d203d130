"""The yearly monitoring rounds' years and deadlines, and each unit's progress in a year: what
the home page and the pages' year pickers read, without the monitoring writes and the
indicators and evaluation rules ``store.monitoring`` imports for them (``monitoring``
re-exports these)."""

from __future__ import annotations

from datetime import date, datetime

from desktop.domain.plain import Frozen
from desktop.store.database import Database

STATES = {"pending": "未填报", "entered": "已填报", "complete": "已确认"}


class Round(Frozen):
    year: int
    deadline: str  # YYYY-MM-DD or ""


def rounds(db: Database) -> list[Round]:
    return [
        Round(r["year"], r["deadline"])
        for r in db.query_all("SELECT year, deadline FROM monitoring_round ORDER BY year")
    ]


def get_round(db: Database, year: int) -> Round | None:
    row = db.query_one("SELECT year, deadline FROM monitoring_round WHERE year = :y", {"y": year})
    return None if row is None else Round(row["year"], row["deadline"])


def years(db: Database) -> list[int]:
    """Years that have a round or assignments, oldest first. The assignments' years are
    found by stepping through the index on ``assignment(year, ...)`` (one seek per year),
    not by reading every assignment."""
    return [
        r["year"]
        for r in db.query_all(
            "WITH RECURSIVE y(year) AS ("
            " SELECT min(year) FROM assignment"
            " UNION ALL SELECT (SELECT min(year) FROM assignment WHERE year > y.year)"
            " FROM y WHERE y.year IS NOT NULL) "
            "SELECT year FROM y WHERE year IS NOT NULL "
            "UNION SELECT year FROM monitoring_round ORDER BY year"
        )
    ]


class UnitProgress(Frozen):
    unit_id: int
    code: str
    name: str
    assigned: int
    entered: int
    completed_at: str | None
    late: bool

    @property
    def state(self) -> str:
        if self.completed_at:
            return "complete"
        return "entered" if self.entered else "pending"

    @property
    def state_label(self) -> str:
        return STATES[self.state]


#: counted per unit first, then named: the unit and its round row are looked up once per
#: unit, not once per assignment; the round's deadline comes along (one statement)
_PROGRESS_SQL = """
SELECT u.id AS unit_id, u.code AS code, u.name AS name,
       c.assigned AS assigned, c.entered AS entered, ru.completed_at AS completed_at,
       (SELECT deadline FROM monitoring_round WHERE year = :year) AS deadline
FROM (
    SELECT a.unit_id AS unit_id, count(*) AS assigned, count(v.id) AS entered
    FROM assignment a
    JOIN data_element e ON e.id = a.element_id
    JOIN indicator i ON i.id = e.indicator_id AND i.level != 'county' AND i.register = ''
    LEFT JOIN value v ON v.year = :year AND v.unit_id = a.unit_id AND v.element_id = a.element_id
    WHERE a.year = :year
    GROUP BY a.unit_id
) c
JOIN unit u ON u.id = c.unit_id
LEFT JOIN round_unit ru ON ru.year = :year AND ru.unit_id = u.id
ORDER BY u.sort_order, u.code
"""


def completeness(db: Database, year: int, *, today: date | None = None) -> list[UnitProgress]:
    """Each unit with something to report: assigned / entered / complete, and lateness."""
    today_text = (today or datetime.now().date()).isoformat()
    result = []
    for r in db.query_all(_PROGRESS_SQL, {"year": year}):
        deadline = r["deadline"] or ""
        completed = r["completed_at"]
        late = bool(deadline) and (
            (completed is not None and completed[:10] > deadline)
            or (completed is None and today_text > deadline)
        )
        result.append(
            UnitProgress(
                r["unit_id"], r["code"], r["name"], r["assigned"], r["entered"], completed, late
            )
        )
    return result
