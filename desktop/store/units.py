"""Responsibility units (责任单位): global across years, never hard-deleted once they have data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from desktop.store import records
from desktop.store.database import Database

#: kind identifier -> label. The units issue extends the unit form; the kinds are fixed here.
KINDS: dict[str, str] = {
    "department": "政府部门/成员单位",
    "village": "村",
    "community": "社区",
    "school": "学校",
    "medical": "医疗机构",
    "enterprise": "企业",
    "other": "其他",
}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str = "department"
    liaison: str = ""
    phone: str = ""
    active: bool = True
    sort_order: int = 0
    id: int | None = None

    def values(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("id")
        data["active"] = int(self.active)
        return data


_NAMES = tuple(f.name for f in fields(Unit))


def _from_row(row: object) -> Unit:
    data = {name: row[name] for name in _NAMES}  # type: ignore[index]
    data["active"] = bool(data["active"])
    return Unit(**data)


def list_units(db: Database, *, active_only: bool = False) -> list[Unit]:
    where = "WHERE active = 1" if active_only else ""
    rows = db.query_all(f"SELECT * FROM unit {where} ORDER BY sort_order, code")
    return [_from_row(r) for r in rows]


def add(db: Database, unit: Unit) -> int:
    if unit.kind not in KINDS:
        raise ValueError(f"unknown unit kind {unit.kind!r}")
    return records.insert(db, "unit", unit.values())


def update(db: Database, unit: Unit) -> dict[str, tuple[object, object]]:
    if unit.id is None:
        raise ValueError("unit has no id")
    return records.update(db, "unit", unit.id, unit.values())


def count(db: Database, *, active_only: bool = False) -> int:
    where = "WHERE active = 1" if active_only else ""
    return int(db.scalar(f"SELECT count(*) FROM unit {where}"))
