"""预警通知书 and 督办单 sent to lead units: the warned indicators, the notices and their numbers.
The follow-up of each warned indicator (整改措施, 整改期限, 复查) is ``store.follow_ups``."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from desktop.domain.evaluation import Flag
from desktop.store import audit, evaluation, monitoring, units
from desktop.store.database import Database, now_text

KIND_LABELS = {"warning": "预警通知书", "supervision": "督办单"}
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
        value = "无数据" if verdict.value is None else indicator.amount(verdict.value)
        item = Warned(
            indicator.id,
            indicator.code,
            indicator.name,
            "、".join(f.label for f in verdict.flags if isinstance(f, Flag)),
            value,
            indicator.target_text(verdict.target),
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
