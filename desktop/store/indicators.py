"""The indicator catalogue: plan indicators, their targets, and the data elements units report.

A *reported* indicator has one data element (role ``value``) that one unit reports a year; a
*computed* indicator has a numerator and a denominator element (counts) that many units report
and that are summed (design.md, "Data elements"). Values are stored in the indicator's own unit.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, fields
from decimal import Decimal

from desktop.domain import indicator_text
from desktop.domain.evaluation import IndicatorRule, Target
from desktop.store import records
from desktop.store.database import Database

PLANS = {"women": "妇女发展规划", "children": "儿童发展规划"}
DIRECTIONS = {">=": "≥（不低于）", "<=": "≤（不高于）", "~": "≈（保持在左右）"}
SOURCES = {"national": "国家纲要", "local": "本地规划"}
KINDS = {"reported": "直接填报", "computed": "分子/分母计算"}
LEVELS = {"township": "乡镇指标", "county": "县级指标", "local": "本地指标"}
COUNTY_NOTE = "县级指标，乡镇不填"
AGGREGATIONS = {
    "value": "一个单位填报数值",
    "sum": "计数，各单位相加",
    "rate": "分子/分母，乡镇计算比率",
    "counts": "只报计数，县级计算比率",
}
SIDES = {"both": "上下均可", "below": "只限低于目标", "above": "只限高于目标"}
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
    level: str = "township"
    aggregation: str = ""  # "" = by kind: value (reported) or rate (computed)
    calculation: str = ""
    frequency: str = "年报"
    target_note: str = ""
    tolerance_side: str = "both"
    base_year: int | None = None
    base_value: float | None = None
    target_change: float | None = None
    register: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.aggregation:
            default = "rate" if self.kind == "computed" else "value"
            object.__setattr__(self, "aggregation", default)

    @property
    def for_units(self) -> bool:
        """Reported by the township's units (not a county statistic, not from a register)."""
        return self.level != "county" and not self.register

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
            aggregation=self.aggregation,
            side=self.tolerance_side,
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

    def target_text(self, target: Target | Decimal | None, *, tagged: bool = True) -> str:
        """``99%以上（期末）``, ``90%以上（年度）``, ``—``; untagged (``99%以上``) for a bare
        number or with ``tagged=False``, where the context says which target it is (a column
        headed 期末目标). The wording is ``domain.indicator_text``'s."""
        value, final = (
            (target.value, target.final) if isinstance(target, Target) else (target, None)
        )
        return indicator_text.target_text(
            value, self.direction, self.measure, self.decimals, final=final if tagged else None
        )

    def amount(self, value: Decimal | float) -> str:
        """``98.5%``, ``10.0/10万``, ``3个``: a value of this indicator with its unit."""
        return indicator_text.amount(value, self.measure, self.decimals)


@dataclass(frozen=True)
class DataElement:
    id: int
    code: str
    name: str
    measure: str
    indicator_id: int
    role: str  # value | numerator | denominator
    shared_with: int | None = None  # reported as that element (e.g. one 活产数 for many)


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
    if indicator.level not in LEVELS:
        problems.append("指标层级必须是乡镇、县级或本地")
    expected = ("rate", "counts") if indicator.kind == "computed" else ("value", "sum")
    if indicator.aggregation not in expected:
        problems.append("汇总方式与计算方式不一致")
    if indicator.tolerance_side not in SIDES:
        problems.append("允许偏差的方向无效")
    if indicator.target_change is not None and indicator.base_year is None:
        problems.append("按基期变化设定的目标需要基期年份")
    return problems


def list_indicators(db: Database, *, active_only: bool = True) -> list[Indicator]:
    where = "WHERE active = 1" if active_only else ""
    rows = db.query_all(f"SELECT * FROM indicator {where} ORDER BY plan DESC, sort_order, code")
    return [_from_row(r) for r in rows]


def counted_from_registers(db: Database, year: int, unit_id: int) -> list[Indicator]:
    """The active indicators counted from a register that ``unit_id`` leads or supports in
    ``year``, in catalogue order (the 填报 page asks at each unit: not the whole catalogue)."""
    rows = db.query_all(
        "SELECT * FROM indicator WHERE active = 1 AND register <> '' AND id IN "
        "(SELECT indicator_id FROM responsibility WHERE year = :y AND unit_id = :u) "
        "ORDER BY plan DESC, sort_order, code",
        {"y": year, "u": unit_id},
    )
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
    shared_denominator: int | None = None,
) -> int:
    """Add an indicator with its data elements (one transaction). ``shared_denominator``: the
    denominator is that element (reported once, e.g. 活产数)."""
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
                shared_denominator,
            )
    return indicator_id


def _add_element(
    db: Database,
    code: str,
    name: str,
    measure: str,
    indicator_id: int,
    role: str,
    shared_with: int | None = None,
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
            "shared_with": shared_with,
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


def elements(db: Database, *, assignable: bool = False) -> list[DataElement]:
    """Data elements; ``assignable``: only those units report (not shared, not of county
    indicators, not derived from a register, not the single value a computed indicator had
    before the catalogue was re-scoped)."""
    where = (
        "WHERE e.shared_with IS NULL AND i.level != 'county' AND i.register = '' "
        "AND NOT (i.kind = 'computed' AND e.role = 'value')"
        if assignable
        else ""
    )
    rows = db.query_all(
        "SELECT e.* FROM data_element e JOIN indicator i ON i.id = e.indicator_id "
        f"{where} ORDER BY e.indicator_id, e.role DESC"
    )
    return [
        DataElement(
            r["id"],
            r["code"],
            r["name"],
            r["measure"],
            r["indicator_id"],
            r["role"],
            r["shared_with"],
        )
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
    """indicator id -> year (``FINAL`` for the final one) -> target. A target set as a change
    from a base year ("较2020年下降20%") becomes the final target base × (1 + change/100)."""
    result: dict[int, dict[int, Decimal]] = {}
    for r in db.query_all("SELECT indicator_id, year, value FROM indicator_target"):
        result.setdefault(r["indicator_id"], {})[r["year"]] = Decimal(str(r["value"]))
    for r in db.query_all(
        "SELECT id, base_value, target_change FROM indicator WHERE target_change IS NOT NULL "
        "AND base_value IS NOT NULL"
    ):
        derived = derived_target(Decimal(str(r["base_value"])), Decimal(str(r["target_change"])))
        result.setdefault(r["id"], {}).setdefault(FINAL, derived)
    return result


def derived_target(base: Decimal, change: Decimal) -> Decimal:
    """The target of "change by ``change`` % from the base" (−20: a 20% fall)."""
    return base * (1 + change / 100)
