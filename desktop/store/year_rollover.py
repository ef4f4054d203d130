"""A new year's round: copied from an earlier year (分工, 责任, targets, tasks) or started blank
(the first year of a new database). One transaction each, audited."""

from __future__ import annotations

from desktop.store import letters, records, year_lock
from desktop.store.database import Database
from desktop.store.monitoring import open_round
from desktop.store.round_progress import get_round

#: what a rollover copies from one year to the next (active units only, elements units
#: report; year targets the new year does not have yet, of indicators with a final target)
_ROLLOVER_SQL = (
    (
        "assignment",
        "INSERT INTO assignment(year, element_id, unit_id) SELECT :to, a.element_id, a.unit_id "
        "FROM assignment a JOIN unit u ON u.id = a.unit_id "
        "JOIN data_element e ON e.id = a.element_id JOIN indicator i ON i.id = e.indicator_id "
        "WHERE a.year = :from AND u.active = 1 AND i.level != 'county' AND i.register = '' "
        "AND e.shared_with IS NULL AND NOT (i.kind = 'computed' AND e.role = 'value')",
    ),
    (
        "responsibility",
        "INSERT INTO responsibility(year, indicator_id, unit_id, role) SELECT :to, "
        "r.indicator_id, r.unit_id, r.role FROM responsibility r JOIN unit u ON u.id = r.unit_id "
        "WHERE r.year = :from AND u.active = 1",
    ),
    (
        "target",
        "INSERT INTO indicator_target(indicator_id, year, value) SELECT indicator_id, :to, value "
        "FROM indicator_target WHERE year = :from AND indicator_id NOT IN "
        "(SELECT indicator_id FROM indicator_target WHERE year = :to) "
        # a milestone of the plan (an indicator with only a 2025 target) is not next year's
        "AND indicator_id IN (SELECT indicator_id FROM indicator_target WHERE year = 0)",
    ),
)


class RolloverError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def rollover(db: Database, from_year: int, to_year: int, deadline: str = "") -> dict[str, int]:
    """Create year ``to_year`` from ``from_year``: assignments, responsibilities, targets
    and tasks (reset to 未开始, deadlines moved to the new year)."""
    if to_year <= from_year:
        raise RolloverError("新年度必须晚于被复制的年度。")
    with db.transaction():
        if year_lock.is_locked(db, to_year):
            raise RolloverError(f"{to_year}年度已锁定，不能复制。如需修改，请先解锁。")
        if db.scalar("SELECT count(*) FROM assignment WHERE year = :y", {"y": to_year}):
            raise RolloverError(
                f"{to_year}年度已经有分工安排，不能再次复制。请直接在分工矩阵中调整。"
            )
        if not db.scalar("SELECT count(*) FROM assignment WHERE year = :y", {"y": from_year}):
            raise RolloverError(f"{from_year}年度没有分工安排可以复制。")
        params = {"to": to_year, "from": from_year}
        counts = {what: db.execute(sql, params).rowcount for what, sql in _ROLLOVER_SQL}
        counts["task"] = letters.copy_tasks(db, from_year, to_year)
        open_round(db, to_year, deadline)
        records.insert_audit_note(
            db, "monitoring_round", to_year, f"由{from_year}年度复制：{counts}"
        )
    return counts


def start_blank_year(db: Database, year: int, deadline: str = "") -> dict[str, int]:
    """The first year of a new database: an empty round that the matrix then fills."""
    if get_round(db, year) is not None:
        raise RolloverError(f"{year}年度已经存在。")
    open_round(db, year, deadline)
    return {"assignment": 0, "responsibility": 0, "target": 0}
