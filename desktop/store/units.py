"""Responsibility units (责任单位): global across years, never hard-deleted once they have data."""

from __future__ import annotations

import sqlite3

from desktop.domain.plain import Frozen
from desktop.domain.unit_kinds import KINDS
from desktop.forms.fields import UnitChoices
from desktop.store import records
from desktop.store.database import Database


class Unit(Frozen):
    code: str
    name: str
    kind: str = "department"
    liaison: str = ""
    phone: str = ""
    address: str = ""
    active: bool = True
    sort_order: int = 0
    id: int | None = None

    def values(self) -> dict[str, object]:
        data = self._asdict()
        data.pop("id")
        data["active"] = int(self.active)
        return data


_NAMES = Unit._fields


def _from_row(row: sqlite3.Row) -> Unit:
    data = {name: row[name] for name in _NAMES}
    data["active"] = bool(data["active"])
    return Unit(**data)


def list_units(db: Database, *, active_only: bool = False) -> list[Unit]:
    where = "WHERE active = 1" if active_only else ""
    rows = db.query_all(f"SELECT * FROM unit {where} ORDER BY sort_order, code")
    return [_from_row(r) for r in rows]


def validate(db: Database, unit: Unit) -> list[str]:
    """Problems that stop a save, in Chinese, naming the field."""
    problems = []
    if not unit.code.strip():
        problems.append("单位编码不能为空")
    if not unit.name.strip():
        problems.append("单位名称不能为空")
    if unit.kind not in KINDS:
        problems.append(f"单位类型“{unit.kind}”无效")
    for field, label in (("code", "编码"), ("name", "名称")):
        other = db.scalar(
            f"SELECT id FROM unit WHERE {field} = :v AND id IS NOT :id",
            {"v": getattr(unit, field).strip(), "id": unit.id},
        )
        if other is not None:
            problems.append(f"已有相同{label}的单位：{getattr(unit, field)}")
    return problems


def add(db: Database, unit: Unit) -> int:
    problems = validate(db, unit)
    if problems:
        raise ValueError("；".join(problems))
    return records.insert(db, "unit", unit.values())


def update(db: Database, unit: Unit) -> dict[str, tuple[object, object]]:
    if unit.id is None:
        raise ValueError("unit has no id")
    problems = validate(db, unit)
    if problems:
        raise ValueError("；".join(problems))
    return records.update(db, "unit", unit.id, unit.values())


def get(db: Database, unit_id: int) -> Unit:
    row = db.query_one("SELECT * FROM unit WHERE id = :id", {"id": unit_id})
    if row is None:
        raise KeyError(unit_id)
    return _from_row(row)


def has_data(db: Database, unit_id: int) -> bool:
    """Whether anything refers to the unit; such a unit is deactivated, never deleted."""
    references = [
        (table, "unit_id")
        for table in ("assignment", "responsibility", "value", "round_unit", "task", "letter")
    ]
    for row in db.query_all("SELECT table_name FROM register_table"):
        table = row["table_name"]
        keys = db.query_all("SELECT * FROM pragma_foreign_key_list(:t)", {"t": table})
        references += [(table, k["from"]) for k in keys if k["table"] == "unit"]
    return any(
        db.scalar(f"SELECT count(*) FROM {table} WHERE {column} = :u", {"u": unit_id})
        for table, column in references
    )


def set_active(db: Database, unit_id: int, active: bool) -> None:
    records.update(db, "unit", unit_id, {"active": int(active)})


def remove(db: Database, unit_id: int) -> bool:
    """Delete a unit that has no data; a unit with data is deactivated. Returns deleted?"""
    with db.transaction():
        if has_data(db, unit_id):
            set_active(db, unit_id, False)
            return False
        records.delete(db, "unit", unit_id)
        return True


def count(db: Database, *, active_only: bool = False) -> int:
    where = "WHERE active = 1" if active_only else ""
    return int(db.scalar(f"SELECT count(*) FROM unit {where}"))


def unit_choices(db: Database) -> UnitChoices:
    """Every unit (inactive ones too: old records refer to them) for parsing and display."""
    every = [u for u in list_units(db) if u.id is not None]
    return UnitChoices(
        names={u.id: u.name for u in every if u.id is not None},
        kinds={u.id: u.kind for u in every if u.id is not None},
        codes={u.id: u.code for u in every if u.id is not None},
        inactive=frozenset(u.id for u in every if u.id is not None and not u.active),
    )
