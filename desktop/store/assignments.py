"""Who reports an indicator's data elements in a year, as whole states (for undo in the
分工矩阵), and what a change of reporter would hide: the values a unit entered count in 监测结果
only while it is assigned (store/monitoring.py joins values through ``assignment``); they stay
in the file, so assigning the unit back shows them again."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from desktop.store import records
from desktop.store.database import Database

Pair = tuple[int, int]  # (element id, unit id)


def element_ids(db: Database, indicator_id: int) -> list[int]:
    return [
        int(r["id"])
        for r in db.query_all(
            "SELECT id FROM data_element WHERE indicator_id = :i ORDER BY id", {"i": indicator_id}
        )
    ]


def element_roles(db: Database, indicator_id: int) -> dict[int, str]:
    """The elements units report (not one shared with another indicator, such as 活产数, nor
    the single value a computed indicator had before the catalogue was re-scoped), by role;
    a plain count that many units report and that adds up says ``count`` (it does not move
    from one reporter to another like a ``value``)."""
    return {
        int(r["id"]): str(r["role"])
        for r in db.query_all(
            "SELECT e.id, CASE WHEN i.aggregation = 'sum' THEN 'count' ELSE e.role END AS role "
            "FROM data_element e JOIN indicator i ON i.id = e.indicator_id "
            "WHERE e.indicator_id = :i AND e.shared_with IS NULL "
            "AND NOT (i.kind = 'computed' AND e.role = 'value')",
            {"i": indicator_id},
        )
    }


def indicator_pairs(db: Database, year: int, indicator_id: int) -> frozenset[Pair]:
    """The (element, unit) assignments of an indicator's elements in ``year``."""
    return frozenset(
        (int(r["element_id"]), int(r["unit_id"]))
        for r in db.query_all(
            "SELECT a.element_id, a.unit_id FROM assignment a JOIN data_element e "
            "ON e.id = a.element_id WHERE a.year = :y AND e.indicator_id = :i",
            {"y": year, "i": indicator_id},
        )
    )


def replace_pairs(db: Database, year: int, indicator_id: int, wanted: Iterable[Pair]) -> None:
    """Make the indicator's assignments exactly ``wanted`` (audited row by row; joins the
    caller's transaction)."""
    target = frozenset(wanted)
    with db.transaction():
        rows = db.query_all(
            "SELECT a.id, a.element_id, a.unit_id FROM assignment a JOIN data_element e "
            "ON e.id = a.element_id WHERE a.year = :y AND e.indicator_id = :i",
            {"y": year, "i": indicator_id},
        )
        present = set()
        for row in rows:
            pair = (int(row["element_id"]), int(row["unit_id"]))
            if pair in target:
                present.add(pair)
            else:
                records.delete(db, "assignment", int(row["id"]))
        for element_id, unit_id in sorted(target - present):
            records.insert(
                db, "assignment", {"year": year, "element_id": element_id, "unit_id": unit_id}
            )


def entered(db: Database, year: int, unit_id: int, element_ids_: Collection[int]) -> int:
    """How many values ``unit_id`` has entered (a number or 无) for these elements."""
    if not element_ids_:
        return 0
    marks = ", ".join(f":e{i}" for i in range(len(element_ids_)))
    params: dict[str, object] = {f"e{i}": e for i, e in enumerate(element_ids_)}
    return int(
        db.scalar(
            f"SELECT count(*) FROM value WHERE year = :y AND unit_id = :u "
            f"AND element_id IN ({marks})",
            {"y": year, "u": unit_id, **params},
        )
        or 0
    )


def unit_name(db: Database, unit_id: int) -> str:
    return str(db.scalar("SELECT name FROM unit WHERE id = :u", {"u": unit_id}) or "")


def role_of(db: Database, year: int, indicator_id: int, unit_id: int) -> str | None:
    value = db.scalar(
        "SELECT role FROM responsibility WHERE year = :y AND indicator_id = :i AND unit_id = :u",
        {"y": year, "i": indicator_id, "u": unit_id},
    )
    return None if value is None else str(value)
