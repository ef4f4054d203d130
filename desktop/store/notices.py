"""预警通知书 and 督办单 sent to lead units, and the follow-up of each warned indicator: the
unit's 整改措施, the 整改期限, the 复查 date and result, closed or escalated to a 督办单 (and a
督导检查 register record linked by its id)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from desktop.domain.evaluation import Flag, Verdict
from desktop.domain.numbers import format_number
from desktop.store import audit, evaluation, indicators, monitoring, units
from desktop.store.database import Database, now_text

KIND_LABELS = {"warning": "预警通知书", "supervision": "督办单"}
STATE_LABELS = {"open": "整改中", "closed": "已整改", "escalated": "已督办"}
#: the number's middle word per kind: 〔年份〕 follows it
NUMBER_WORDS = {"warning": "预警", "supervision": "督办"}


@dataclass(frozen=True)
class Warned:
    """One warned indicator of a lead unit, as the notice prints it."""

    indicator_id: int
    code: str
    name: str
    flags: str  # 未达标、较上年变差 …
    value: str
    target: str
    reason: str


@dataclass(frozen=True)
class Notice:
    id: int
    year: int
    unit_id: int
    unit: str
    kind: str
    sequence: int
    number: str
    issued_on: str
    due_on: str


@dataclass(frozen=True)
class FollowUp:
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


def _target_text(indicator: indicators.Indicator, verdict: Verdict) -> str:
    if verdict.target is None:
        return "—"
    text = indicator.direction_symbol + format_number(verdict.target.value, indicator.decimals)
    return text + ("（期末）" if verdict.target.final else "")


def warned(db: Database, year: int) -> dict[int, list[Warned]]:
    """lead unit id -> its warned indicators in ``year`` (missed, worse, no data, outliers);
    an indicator without a lead unit has no one to send a notice to."""
    leads: dict[int, list[int]] = {}
    for (indicator_id, unit_id), role in monitoring.responsibilities(db, year).items():
        if role == "lead":
            leads.setdefault(indicator_id, []).append(unit_id)
    result: dict[int, list[Warned]] = {}
    for indicator, verdict in evaluation.evaluate_year(db, year):
        if not verdict.flags or indicator.id is None:
            continue
        value = (
            "无数据"
            if verdict.value is None
            else format_number(verdict.value, indicator.decimals) + indicator.measure
        )
        item = Warned(
            indicator.id,
            indicator.code,
            indicator.name,
            "、".join(f.label for f in verdict.flags if isinstance(f, Flag)),
            value,
            _target_text(indicator, verdict),
            verdict.reason,
        )
        for unit_id in leads.get(indicator.id, []):
            result.setdefault(unit_id, []).append(item)
    return result


_NOTICE_SQL = (
    "SELECT n.*, u.name AS unit FROM notice n JOIN unit u ON u.id = n.unit_id "
    "WHERE n.year = :y {extra} ORDER BY n.kind DESC, n.sequence"
)


def _notice(row: sqlite3.Row) -> Notice:
    return Notice(
        row["id"],
        row["year"],
        row["unit_id"],
        row["unit"],
        row["kind"],
        row["sequence"],
        row["number"],
        row["issued_on"],
        row["due_on"],
    )


def notices(db: Database, year: int, kind: str | None = None) -> list[Notice]:
    if not db.table_exists("notice"):
        return []
    extra = "AND n.kind = :k" if kind else ""
    rows = db.query_all(_NOTICE_SQL.format(extra=extra), {"y": year, "k": kind})
    return [_notice(r) for r in rows]


def notice_by_id(db: Database, notice_id: int) -> Notice | None:
    row = db.query_one(
        "SELECT n.*, u.name AS unit FROM notice n JOIN unit u ON u.id = n.unit_id WHERE n.id = :id",
        {"id": notice_id},
    )
    return None if row is None else _notice(row)


def _next_sequence(db: Database, year: int, kind: str) -> int:
    found = db.scalar(
        "SELECT max(sequence) FROM notice WHERE year = :y AND kind = :k", {"y": year, "k": kind}
    )
    return int(found or 0) + 1


def add_notice(
    db: Database,
    year: int,
    unit_id: int,
    kind: str,
    prefix: str,
    issued_on: str,
    due_on: str,
) -> Notice:
    """A numbered notice (caller holds the transaction): ``{prefix}预警〔2025〕3号``."""
    sequence = _next_sequence(db, year, kind)
    number = f"{prefix}{NUMBER_WORDS[kind]}〔{year}〕{sequence}号"
    cursor = db.execute(
        "INSERT INTO notice(year, unit_id, kind, sequence, number, issued_on, due_on) "
        "VALUES (:y, :u, :k, :s, :n, :i, :d)",
        {
            "y": year,
            "u": unit_id,
            "k": kind,
            "s": sequence,
            "n": number,
            "i": issued_on,
            "d": due_on,
        },
    )
    notice_id = int(cursor.lastrowid or 0)
    audit.record(db, "notice", notice_id, "insert", {"number": (None, number)}, time=now_text())
    name = units.get(db, unit_id).name
    return Notice(notice_id, year, unit_id, name, kind, sequence, number, issued_on, due_on)


def add_follow_up(db: Database, notice: Notice, item: Warned) -> int:
    cursor = db.execute(
        "INSERT INTO follow_up(notice_id, indicator_id, flags, value, target, reason, due_on) "
        "VALUES (:n, :i, :f, :v, :t, :r, :d)",
        {
            "n": notice.id,
            "i": item.indicator_id,
            "f": item.flags,
            "v": item.value,
            "t": item.target,
            "r": item.reason,
            "d": notice.due_on,
        },
    )
    return int(cursor.lastrowid or 0)


_FOLLOW_SQL = """
SELECT f.*, n.number, n.kind, n.unit_id, u.name AS unit, i.name AS indicator, i.code AS code
FROM follow_up f JOIN notice n ON n.id = f.notice_id JOIN unit u ON u.id = n.unit_id
JOIN indicator i ON i.id = f.indicator_id
WHERE {where} ORDER BY n.year, n.kind DESC, n.sequence, i.code
"""


def follow_ups(
    db: Database, *, year: int | None = None, notice_id: int | None = None
) -> list[FollowUp]:
    if not db.table_exists("follow_up"):
        return []
    where = ["1 = 1"]
    if year is not None:
        where.append("n.year = :y")
    if notice_id is not None:
        where.append("n.id = :n")
    rows = db.query_all(_FOLLOW_SQL.format(where=" AND ".join(where)), {"y": year, "n": notice_id})
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
    return [f for f in follow_ups(db) if f.overdue(today)]


def by_ids(db: Database, ids: Sequence[int]) -> list[FollowUp]:
    wanted = set(ids)
    return [f for f in follow_ups(db) if f.id in wanted]


def overdue_lines(db: Database, today: date) -> list[str]:
    """What the home page lists: ``镇卫生院：T-H-02 住院分娩率（期限2025-05-01）``."""
    return [f"{f.unit}：{f.indicator}（期限{f.due_on}）" for f in overdue(db, today)]
