"""The follow-up of each warned indicator of a 预警通知书 or 督办单: the unit's 整改措施, the
整改期限, the 复查 date and result, closed or escalated (and a 督导检查 register record linked by
its id). Read at start for the home page's overdue follow-ups, so it imports no evaluation:
issuing notices is ``store.notices`` (which re-exports these)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop.domain.plain import Frozen
from desktop.store import audit
from desktop.store.database import Database, now_text

STATE_LABELS = {"open": "整改中", "closed": "已整改", "escalated": "已督办"}


class FollowUp(Frozen):
    id: int
    notice_id: int
    number: str
    kind: str
    unit_id: int
    unit: str
    indicator_id: int
    indicator: str
    flags: str
    value: str
    target: str
    reason: str
    measures: str
    due_on: str
    review_on: str
    review_result: str
    state: str
    escalated_to: int | None
    inspection_id: int | None

    def overdue(self, today: date) -> bool:
        return self.state == "open" and bool(self.due_on) and self.due_on < today.isoformat()

    def state_label(self, today: date) -> str:
        if self.overdue(today):
            return "整改逾期"
        return STATE_LABELS[self.state]


_FOLLOW_SQL = """
SELECT f.*, n.number, n.kind, n.unit_id, u.name AS unit, i.name AS indicator, i.code AS code
FROM follow_up f JOIN notice n ON n.id = f.notice_id JOIN unit u ON u.id = n.unit_id
JOIN indicator i ON i.id = f.indicator_id
WHERE {where} ORDER BY n.year, n.kind DESC, n.sequence, i.code
"""


def follow_ups(
    db: Database,
    *,
    year: int | None = None,
    notice_id: int | None = None,
    overdue_on: date | None = None,
) -> list[FollowUp]:
    """``overdue_on``: only those ``FollowUp.overdue`` on that day (chosen by SQL)."""
    if not db.table_exists("follow_up"):
        return []
    where = ["1 = 1"]
    if year is not None:
        where.append("n.year = :y")
    if notice_id is not None:
        where.append("n.id = :n")
    if overdue_on is not None:
        where.append("f.state = 'open' AND f.due_on <> '' AND f.due_on < :today")
    rows = db.query_all(
        _FOLLOW_SQL.format(where=" AND ".join(where)),
        {"y": year, "n": notice_id, "today": overdue_on.isoformat() if overdue_on else None},
    )
    return [
        FollowUp(
            r["id"],
            r["notice_id"],
            r["number"],
            r["kind"],
            r["unit_id"],
            r["unit"],
            r["indicator_id"],
            f"{r['code']} {r['indicator']}",
            r["flags"],
            r["value"],
            r["target"],
            r["reason"],
            r["measures"],
            r["due_on"],
            r["review_on"],
            r["review_result"],
            r["state"],
            r["escalated_to"],
            r["inspection_id"],
        )
        for r in rows
    ]


def warned_in_notices(db: Database, year: int, kind: str) -> set[tuple[int, int]]:
    """(unit id, indicator id) already sent in a notice of ``kind`` for ``year``."""
    return {(f.unit_id, f.indicator_id) for f in follow_ups(db, year=year) if f.kind == kind}


FIELDS = ("measures", "due_on", "review_on", "review_result", "state", "inspection_id")


def update_follow_up(db: Database, follow_up_id: int, values: dict[str, object]) -> bool:
    """Write the given fields with audit rows (caller holds the transaction)."""
    unknown = set(values) - set(FIELDS) - {"escalated_to"}
    if unknown:
        raise ValueError(f"unknown follow-up fields {sorted(unknown)}")
    row = db.query_one("SELECT * FROM follow_up WHERE id = :id", {"id": follow_up_id})
    if row is None:
        raise KeyError(follow_up_id)
    changes = {k: (row[k], v) for k, v in values.items() if row[k] != v}
    if not changes:
        return False
    assignments = ", ".join(f"{k} = :{k}" for k in changes)
    db.execute(
        f"UPDATE follow_up SET {assignments} WHERE id = :id",
        {"id": follow_up_id, **{k: v for k, (_old, v) in changes.items()}},
    )
    audit.record(db, "follow_up", follow_up_id, "update", changes, time=now_text())
    return True


def states_by_indicator(db: Database, year: int, today: date) -> dict[int, str]:
    """indicator id -> the follow-up state the warnings report shows (the latest notice's)."""
    result: dict[int, str] = {}
    for f in follow_ups(db, year=year):
        label = f.state_label(today)
        if f.state == "open" and f.due_on:
            label += f"（期限{f.due_on}）"
        result[f.indicator_id] = label
    return result


def overdue(db: Database, today: date) -> list[FollowUp]:
    return follow_ups(db, overdue_on=today)


def by_ids(db: Database, ids: Sequence[int]) -> list[FollowUp]:
    wanted = set(ids)
    return [f for f in follow_ups(db) if f.id in wanted]


def overdue_lines(db: Database, today: date) -> list[str]:
    """What the home page lists: ``镇卫生院：T-H-02 住院分娩率（期限2025-05-01）``."""
    return [f"{f.unit}：{f.indicator}（期限{f.due_on}）" for f in overdue(db, today)]
