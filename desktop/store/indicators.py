"""The indicator catalogue: plan indicators, their targets, and the data elements units report.

A *reported* indicator has one data element (role ``value``) that one unit reports a year; a
*computed* indicator has a numerator and a denominator element (counts) that many units report
and that are summed (design.md, "Data elements"). Values are stored in the indicator's own unit.
"""

from __future__ import annotations

import csv
import sqlite3
from dataclasses import asdict, dataclass, fields, replace
from decimal import Decimal
from pathlib import Path

from desktop.domain.evaluation import IndicatorRule
from desktop.store import records
from desktop.store.database import Database

PLANS = {"women": "妇女发展规划", "children": "儿童发展规划"}
DIRECTIONS = {">=": "≥（不低于）", "<=": "≤（不高于）", "~": "≈（保持在左右）"}
SOURCES = {"national": "国家纲要", "local": "本地规划"}
KINDS = {"reported": "直接填报", "computed": "分子/分母计算"}
UNVERIFIED_NOTE = "请按本地规划核对"
FINAL = 0  # indicator_target.year of the plan's final target
PLAN_END = 2030


@dataclass(frozen=True)
class Indicator:
    code: str
    plan: str
    domain: str
    name: str
    measure: str = "%"
    decimals: int = 1
    direction: str = ">="
    tolerance: float = 0.0
    range_min: float | None = None
    range_max: float | None = None
    definition: str = ""
    data_source: str = ""
    source: str = "local"
    verified: bool = False
    kind: str = "reported"
    factor: float = 1.0
    lead_hint: str = ""
    sort_order: int = 0
    active: bool = True
    id: int | None = None

    def rule(self) -> IndicatorRule:
        def dec(x: float | None) -> Decimal | None:
            return None if x is None else Decimal(str(x))

        return IndicatorRule(
            code=self.code,
            direction=self.direction,
            decimals=self.decimals,
            tolerance=Decimal(str(self.tolerance)),
            kind=self.kind,
            factor=Decimal(str(self.factor)),
            range_min=dec(self.range_min),
            range_max=dec(self.range_max),
        )

    def values(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("id")
        data["verified"] = int(self.verified)
        data["active"] = int(self.active)
        return data

    @property
    def direction_symbol(self) -> str:
        return {">=": "≥", "<=": "≤", "~": "≈"}[self.direction]


@dataclass(frozen=True)
class DataElement:
    id: int
    code: str
    name: str
    measure: str
    indicator_id: int
    role: str  # value | numerator | denominator


_NAMES = tuple(f.name for f in fields(Indicator))


def _from_row(row: sqlite3.Row) -> Indicator:
    data = {name: row[name] for name in _NAMES}
    data["verified"] = bool(data["verified"])
    data["active"] = bool(data["active"])
    return Indicator(**data)


def validate(indicator: Indicator) -> list[str]:
    """Problems with a definition, in Chinese; empty when it can be saved."""
    problems = []
    if not indicator.code.strip():
        problems.append("指标编码不能为空")
    if not indicator.name.strip():
        problems.append("指标名称不能为空")
    if indicator.plan not in PLANS:
        problems.append("规划必须是妇女或儿童")
    if indicator.direction not in DIRECTIONS:
        problems.append("方向必须是 ≥、≤ 或 ≈")
    if indicator.direction == "~" and indicator.tolerance <= 0:
        problems.append("“保持在左右”的指标需要设定允许偏差")
    if (
        indicator.range_min is not None
        and indicator.range_max is not None
        and indicator.range_min > indicator.range_max
    ):
        problems.append("允许范围的下限大于上限")
    if indicator.kind == "computed" and indicator.factor <= 0:
        problems.append("计算型指标的系数必须大于0")
    return problems


def list_indicators(db: Database, *, active_only: bool = True) -> list[Indicator]:
    where = "WHERE active = 1" if active_only else ""
    rows = db.query_all(f"SELECT * FROM indicator {where} ORDER BY plan DESC, sort_order, code")
    return [_from_row(r) for r in rows]


def get(db: Database, indicator_id: int) -> Indicator:
    row = db.query_one("SELECT * FROM indicator WHERE id = :id", {"id": indicator_id})
    if row is None:
        raise KeyError(indicator_id)
    return _from_row(row)


def add(
    db: Database,
    indicator: Indicator,
    *,
    numerator: str = "",
    denominator: str = "",
    count_measure: str = "人",
) -> int:
    """Add an indicator with its data elements (one transaction)."""
    problems = validate(indicator)
    if problems:
        raise ValueError("；".join(problems))
    with db.transaction():
        indicator_id = records.insert(db, "indicator", indicator.values())
        if indicator.kind == "reported":
            _add_element(
                db, indicator.code, indicator.name, indicator.measure, indicator_id, "value"
            )
        else:
            _add_element(
                db,
                f"{indicator.code}-N",
                numerator or f"{indicator.name}（分子）",
                count_measure,
                indicator_id,
                "numerator",
            )
            _add_element(
                db,
                f"{indicator.code}-D",
                denominator or f"{indicator.name}（分母）",
                count_measure,
                indicator_id,
                "denominator",
            )
    return indicator_id


def _add_element(
    db: Database, code: str, name: str, measure: str, indicator_id: int, role: str
) -> None:
    records.insert(
        db,
        "data_element",
        {
            "code": code,
            "name": name,
            "measure": measure,
            "indicator_id": indicator_id,
            "role": role,
        },
    )


def update(db: Database, indicator: Indicator) -> dict[str, tuple[object, object]]:
    if indicator.id is None:
        raise ValueError("indicator has no id")
    problems = validate(indicator)
    if problems:
        raise ValueError("；".join(problems))
    values = indicator.values()
    values.pop("kind")  # the elements depend on it: fixed once created
    with db.transaction():
        changes = records.update(db, "indicator", indicator.id, values)
        if indicator.kind == "reported":
            db.execute(
                "UPDATE data_element SET name = :name, measure = :measure "
                "WHERE indicator_id = :id AND role = 'value'",
                {"name": indicator.name, "measure": indicator.measure, "id": indicator.id},
            )
    return changes


def confirm(db: Database, indicator_id: int) -> None:
    """The clerk checked the target against the local plan."""
    records.update(db, "indicator", indicator_id, {"verified": 1})


def elements(db: Database) -> list[DataElement]:
    rows = db.query_all("SELECT * FROM data_element ORDER BY indicator_id, role DESC")
    return [
        DataElement(r["id"], r["code"], r["name"], r["measure"], r["indicator_id"], r["role"])
        for r in rows
    ]


# ----- targets -----------------------------------------------------------------------------
def set_target(db: Database, indicator_id: int, year: int, value: Decimal | None) -> None:
    """Set (or with None, clear) the target of a year; ``FINAL`` for the final target."""
    with db.transaction():
        row = db.query_one(
            "SELECT id FROM indicator_target WHERE indicator_id = :i AND year = :y",
            {"i": indicator_id, "y": year},
        )
        if value is None:
            if row is not None:
                records.delete(db, "indicator_target", row["id"])
        elif row is None:
            records.insert(
                db,
                "indicator_target",
                {"indicator_id": indicator_id, "year": year, "value": float(value)},
            )
        else:
            records.update(db, "indicator_target", row["id"], {"value": float(value)})


def all_targets(db: Database) -> dict[int, dict[int, Decimal]]:
    result: dict[int, dict[int, Decimal]] = {}
    for r in db.query_all("SELECT indicator_id, year, value FROM indicator_target"):
        result.setdefault(r["indicator_id"], {})[r["year"]] = Decimal(str(r["value"]))
    return result


# ----- the reference catalogue -------------------------------------------------------------
#: Computed indicators in the reference catalogue: code -> (numerator, denominator, factor).
COMPUTED = {
    "W-D-01": ("村委会女性成员数", "村委会成员数", 100.0),
    "W-D-02": ("居委会女性成员数", "居委会成员数", 100.0),
}
_DECIMALS = {"%": 1, "‰": 1, "1/10万": 1, "个": 0}


def _defaults(code: str, name: str, measure: str, direction: str) -> dict[str, object]:
    """Sensible per-indicator ranges and decimals that the clerk can change."""
    decimals = _DECIMALS.get(measure, 2)
    range_min: float | None = 0.0
    range_max: float | None = None
    if measure == "%":
        range_max = 100.0
        if "毛入" in name:  # gross enrolment ratios can exceed 100
            range_max = 200.0
        if "下降幅度" in name or "增长" in name:  # a relative change can be negative
            range_min, range_max = -100.0, 100.0
    elif measure == "‰":
        range_max = 1000.0
    return {
        "decimals": decimals,
        "range_min": range_min,
        "range_max": range_max,
        "tolerance": 2.0 if direction == "~" else 0.0,
    }


def seed_from_csv(db: Database, path: Path) -> int:
    """Load the reference catalogue (resources/indicators.csv); skips codes already present."""
    existing = {i.code for i in list_indicators(db, active_only=False)}
    added = 0
    with path.open(encoding="utf-8-sig", newline="") as fh, db.transaction():
        for order, row in enumerate(csv.DictReader(fh), start=1):
            code = row["code"].strip()
            if code in existing:
                continue
            kind = "computed" if code in COMPUTED else "reported"
            indicator = Indicator(
                code=code,
                plan=row["plan"],
                domain=row["domain"],
                name=row["name"],
                measure=row["unit"],
                direction=row["direction"],
                source="local" if code.startswith("L-") else "national",
                verified=row["verified"].strip() == "yes",
                kind=kind,
                factor=COMPUTED[code][2] if kind == "computed" else 1.0,
                lead_hint=row["lead_unit"],
                data_source=row["source_note"],
                sort_order=order,
            )
            indicator = replace(
                indicator,
                **_defaults(
                    code,
                    row["name"],
                    row["unit"],  # type: ignore[arg-type]
                    row["direction"],
                ),
            )
            numerator, denominator = COMPUTED.get(code, ("", "", 0.0))[:2]
            indicator_id = add(db, indicator, numerator=numerator, denominator=denominator)
            final_year = int(row["target_year"]) if row["target_year"].strip() else PLAN_END
            target_year = FINAL if final_year == PLAN_END else final_year
            set_target(db, indicator_id, target_year, Decimal(row["target"]))
            added += 1
    return added


def seed_reference(db: Database) -> int:
    """A new database starts with the reference catalogue (resources/indicators.csv)."""
    from desktop.paths import resource_path

    return seed_from_csv(db, resource_path("indicators.csv"))
