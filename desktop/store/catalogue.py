"""The reference catalogue (resources/indicators.csv): seeding a new database and bringing a
round-1 database's catalogue to the re-scoped one (migration 8).

Each CSV row is an indicator with its level (township / county / local), its shape
(``kind``: value, count, rate, counts), its count elements (numerator, denominator; a
denominator written ``@CODE-D`` is that element, reported once), its target and the year the
target is for, a tolerance with its side for "左右" targets, a base year and change for
"下降幅度" targets, and its explanation (定义, 计算方法, 单位, 资料来源, 报送频率).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from desktop.store import indicators, records
from desktop.store.database import Database

#: CSV kind -> (indicator kind, aggregation)
SHAPES = {
    "value": ("reported", "value"),
    "count": ("reported", "sum"),
    "rate": ("computed", "rate"),
    "counts": ("computed", "counts"),
}
_DECIMALS = {"%": 1, "‰": 1, "1/10万": 1, "个": 0, "人": 0}
#: what the migration may overwrite on a row the clerk already has (the explanation and the
#: level; never a target value the clerk may have set, nor the kind of its data)
EXPLANATION = (
    "level",
    "definition",
    "calculation",
    "data_source",
    "frequency",
    "target_note",
    "register",
)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _num(text: str) -> float | None:
    return float(text) if text else None


def indicator_of(row: dict[str, str], order: int) -> indicators.Indicator:
    """The catalogue row as an indicator (without id)."""
    kind, aggregation = SHAPES[row["kind"]]
    measure = row["unit"]
    decimals = int(row["decimals"]) if row.get("decimals") else _DECIMALS.get(measure, 2)
    range_min: float | None = 0.0
    range_max: float | None = None
    if measure == "%":
        range_max = 200.0 if "毛入" in row["name"] else 100.0
    elif measure == "‰":
        range_max = 1000.0
    return indicators.Indicator(
        code=row["code"],
        plan=row["plan"],
        domain=row["domain"],
        name=row["name"],
        measure=measure,
        decimals=decimals,
        direction=row["direction"],
        tolerance=float(row["tolerance"] or 0),
        tolerance_side=row.get("side") or "both",
        range_min=range_min,
        range_max=range_max,
        definition=row["definition"],
        calculation=row["calculation"],
        data_source=row["data_source"],
        frequency=row.get("frequency") or "年报",
        target_note=row["source_note"],
        source="local" if row["level"] == "local" else "national",
        verified=row["verified"] == "yes",
        kind=kind,
        aggregation=aggregation,
        factor=float(row["factor"] or 1),
        lead_hint=row["lead_unit"],
        sort_order=order,
        level=row["level"],
        base_year=int(row["base_year"]) if row.get("base_year") else None,
        target_change=_num(row.get("change", "")),
        register=row.get("register", ""),
    )


def _element_id(db: Database, code: str) -> int | None:
    value = db.scalar("SELECT id FROM data_element WHERE code = :c", {"c": code})
    return None if value is None else int(value)


def _target_year(row: dict[str, str]) -> int:
    year = int(row["target_year"]) if row.get("target_year") else indicators.PLAN_END
    return indicators.FINAL if year == indicators.PLAN_END else year


def _add_row(db: Database, row: dict[str, str], order: int) -> int:
    indicator = indicator_of(row, order)
    denominator = row["denominator"]
    shared = None
    if denominator.startswith("@"):
        shared = _element_id(db, denominator[1:])
        if shared is None:
            raise ValueError(f"{row['code']}: unknown shared element {denominator}")
        denominator = str(db.scalar("SELECT name FROM data_element WHERE id = :i", {"i": shared}))
    indicator_id = indicators.add(
        db,
        indicator,
        numerator=row["numerator"],
        denominator=denominator,
        count_measure=row["count_unit"] or "人",
        shared_denominator=shared,
    )
    if row["target"]:
        indicators.set_target(db, indicator_id, _target_year(row), Decimal(row["target"]))
    return indicator_id


def seed_from_csv(db: Database, path: Path) -> int:
    """Load the catalogue; skips codes already present. Returns how many were added."""
    existing = {i.code for i in indicators.list_indicators(db, active_only=False)}
    added = 0
    with db.transaction():
        for order, row in enumerate(read_rows(path), start=1):
            if row["code"] in existing:
                continue
            _add_row(db, row, order)
            added += 1
    return added


def seed_reference(db: Database) -> int:
    """A new database starts with the reference catalogue (resources/indicators.csv)."""
    from desktop.paths import resource_path

    return seed_from_csv(db, resource_path("indicators.csv"))


def finish_upgrade(db: Database) -> bool:
    """After migration 8 on a round-1 database (meta ``catalogue_upgrade``): upgrade its
    catalogue, in one transaction, once. Returns whether it ran."""
    if db.read_only or not db.meta("catalogue_upgrade"):
        return False
    with db.transaction():
        upgrade_catalogue(db)
        db.execute("DELETE FROM meta WHERE key = 'catalogue_upgrade'")
    return True


def upgrade_catalogue(db: Database, path: Path | None = None) -> None:
    """Migration 8 on a database that already has a catalogue (a new one is seeded later).

    - rows still in the catalogue get their level and explanation; a row whose shape became
      numerator/denominator gets the two count elements beside its old value element, whose
      values stay (the evaluation of the old years reads them);
    - rows no longer in the catalogue stay, marked county-level (their values stay);
    - known shape errors: a ``~`` row gets its tolerance and side; a target that belongs to an
      earlier year than 2030 moves there when it still has the seeded value;
    - new rows are added.
    """
    if not db.scalar("SELECT count(*) FROM indicator"):
        return
    if path is None:
        from desktop.paths import resource_path

        path = resource_path("indicators.csv")
    rows = read_rows(path)
    by_code = {i.code: i for i in indicators.list_indicators(db, active_only=False)}
    wanted = {row["code"] for row in rows}
    for old in by_code.values():
        if old.code not in wanted and old.source == "national":
            db.execute(
                "UPDATE indicator SET level = 'county', calculation = :c WHERE id = :i",
                {"i": old.id, "c": "旧目录指标，已按乡镇可报数据调整，本行保留历年数据。"},
            )
    for order, row in enumerate(rows, start=1):
        current = by_code.get(row["code"])
        if current is None:
            _add_row(db, row, order)
        else:
            _upgrade_row(db, current, row, order)
    records.insert_audit_note(db, "indicator", 0, "指标目录升级：乡镇/县级/本地层级、指标解释")


def _upgrade_row(db: Database, old: indicators.Indicator, row: dict[str, str], order: int) -> None:
    new = indicator_of(row, order)
    assert old.id is not None
    fields: dict[str, object] = {name: getattr(new, name) for name in EXPLANATION}
    fields["sort_order"] = order
    if old.direction == "~" and new.direction == "~" and old.tolerance in (0.0, 2.0):
        fields["tolerance"] = new.tolerance
        fields["tolerance_side"] = new.tolerance_side
    if new.base_year is not None:
        fields.update(base_year=new.base_year, target_change=new.target_change)
    if old.kind == "reported" and new.kind == "computed":
        # the old single value element stays with its values (earlier years); the count
        # elements are added, and the next years report them
        denominator = row["denominator"]
        shared = _element_id(db, denominator[1:]) if denominator.startswith("@") else None
        if shared is not None:
            denominator = str(
                db.scalar("SELECT name FROM data_element WHERE id = :i", {"i": shared})
            )
        for role, name, suffix, same in (
            ("numerator", row["numerator"], "N", None),
            ("denominator", denominator, "D", shared),
        ):
            records.insert(
                db,
                "data_element",
                {
                    "code": f"{old.code}-{suffix}",
                    "name": name,
                    "measure": row["count_unit"] or "人",
                    "indicator_id": old.id,
                    "role": role,
                    "shared_with": same,
                },
            )
        fields.update(kind="computed", aggregation=new.aggregation, factor=new.factor)
    elif old.kind == new.kind:
        fields["aggregation"] = new.aggregation
    records.update(db, "indicator", old.id, fields)
    year = _target_year(row)
    if year != indicators.FINAL and row["target"]:
        _move_target(db, old.id, year, Decimal(row["target"]))


def _move_target(db: Database, indicator_id: int, year: int, seeded: Decimal) -> None:
    """A target the old catalogue stored as the 2030 one but that is for ``year``."""
    final = db.query_one(
        "SELECT id, value FROM indicator_target WHERE indicator_id = :i AND year = 0",
        {"i": indicator_id},
    )
    has_year = db.scalar(
        "SELECT count(*) FROM indicator_target WHERE indicator_id = :i AND year = :y",
        {"i": indicator_id, "y": year},
    )
    if final is not None and Decimal(str(final["value"])) == seeded and not has_year:
        records.update(db, "indicator_target", final["id"], {"year": year})
