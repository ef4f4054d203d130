"""Demo part: the indicator catalogue, years of assignments and plausible values.

Values follow a trajectory toward the target with noise; some indicators miss, a few values
jump (outliers), some units have not reported the latest year (missing), and the latest round
has units in every state (pending, entered, complete, late).
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop.store import indicators, monitoring, seed, units

if TYPE_CHECKING:
    from desktop.demo.spec import DemoSpec
    from desktop.store.database import Database

#: lead_unit of the reference catalogue -> the township unit that reports it
LEAD_UNITS = {
    "卫生健康": "镇卫生院",
    "教育": "中心学校",
    "公安": "派出所",
    "民政": "民政办",
    "人力资源社会保障": "社保所",
    "妇联": "镇妇联",
    "妇儿工委办": "镇妇联",
}
LATEST_YEAR = 2025
EXTRA_DOMAINS = (
    ("women", "妇女与社会保障"),
    ("women", "妇女与环境"),
    ("children", "儿童与福利"),
    ("children", "儿童与安全"),
)


def _extra_indicators(db: Database, count: int, rng: random.Random) -> None:
    """Local indicators for the large benchmark workload; a fifth are computed by villages."""
    for n in range(1, count + 1):
        plan, domain = EXTRA_DOMAINS[n % len(EXTRA_DOMAINS)]
        computed = n % 5 == 0
        indicator = indicators.Indicator(
            code=f"L-X-{n:03d}",
            plan=plan,
            domain=domain,
            name=f"本地监测指标{n:03d}" + ("（村居汇总）" if computed else ""),
            measure="%",
            decimals=1,
            direction=rng.choice((">=", ">=", "<=")),
            range_min=0.0,
            range_max=100.0,
            source="local",
            verified=True,
            kind="computed" if computed else "reported",
            factor=100.0 if computed else 1.0,
            lead_hint=rng.choice(tuple(LEAD_UNITS)),
            sort_order=1000 + n,
        )
        indicator_id = indicators.add(
            db, indicator, numerator=f"指标{n:03d}分子", denominator=f"指标{n:03d}分母"
        )
        indicators.set_target(
            db,
            indicator_id,
            indicators.FINAL,
            Decimal(rng.choice((60, 70, 80, 90)))
            if indicator.direction == ">="
            else Decimal(rng.choice((5, 10, 20))),
        )


def add_monitoring(db: Database, spec: DemoSpec, rng: random.Random) -> None:
    indicators.seed_reference(db)
    if spec.size == "large":
        _extra_indicators(db, 150 - len(indicators.list_indicators(db)), rng)
    all_units = units.list_units(db)
    by_name = {u.name: u for u in all_units}
    villages = [u for u in all_units if u.kind == "village"]
    communities = [u for u in all_units if u.kind == "community"]
    departments = [u for u in all_units if u.kind in ("department", "medical", "school")]
    elements = indicators.elements(db)
    catalogue = {i.id: i for i in indicators.list_indicators(db)}
    targets = indicators.all_targets(db)
    years = range(LATEST_YEAR - (9 if spec.size == "large" else 4), LATEST_YEAR + 1)

    reporters: dict[int, list[int]] = {}
    for element in elements:
        indicator = catalogue[element.indicator_id]
        if element.role == "value":
            unit = by_name.get(LEAD_UNITS.get(indicator.lead_hint, ""), departments[0])
            reporters[element.id] = [unit.id or 0]
        else:
            group = communities if indicator.code == "W-D-02" else villages
            if indicator.code.startswith("L-X"):
                group = villages + communities
            reporters[element.id] = [u.id or 0 for u in group]
    monitoring.assign_bulk(
        db, [(y, e, u) for y in years for e, us in reporters.items() for u in us]
    )
    for year in years:
        monitoring.open_round(db, year, f"{year + 1}-03-31")
        for indicator in catalogue.values():
            assert indicator.id is not None
            hinted = by_name.get(LEAD_UNITS.get(indicator.lead_hint, ""))
            lead = (
                hinted.id
                if hinted and hinted.id
                else reporters[_value_or_numerator(elements, indicator.id)][0]
            )
            monitoring.set_responsibility(db, year, indicator.id, lead, "lead")
            support = rng.choice(departments)
            if support.id != lead:
                monitoring.set_responsibility(db, year, indicator.id, support.id or 0, "support")

    # pending units in the latest year: a few villages and one department
    sampled = rng.sample(villages, 4)
    pending = {u.id for u in sampled[:3]} | {by_name["社保所"].id}
    still_open = {sampled[3].id, by_name["中心学校"].id}  # entered, not yet confirmed
    rows: list[dict[str, object]] = []
    for element in elements:
        indicator = catalogue[element.indicator_id]
        target = targets.get(indicator.id or 0, {}).get(indicators.FINAL, Decimal(50))
        for unit_id in reporters[element.id]:
            rows.extend(
                _series(
                    element.role, indicator, float(target), unit_id, element.id, years, pending, rng
                )
            )
    monitoring.insert_values_bulk(db, rows, origin="demo")
    _complete_rounds(db, all_units, years, pending | still_open, rng)


def _complete_rounds(
    db: Database,
    all_units: list[units.Unit],
    years: range,
    not_done: set[int | None],
    rng: random.Random,
) -> None:
    """Past rounds complete (on time); the latest has pending, open, late and on-time units."""
    rows = []
    for year in years:
        for unit in all_units:
            if year == LATEST_YEAR and unit.id in not_done:
                continue
            day = rng.choice((10, 20, 28)) if year < LATEST_YEAR else rng.choice((15, 30))
            month = 3 if year < LATEST_YEAR else rng.choice((3, 4))  # April is late
            rows.append((year, unit.id or 0, f"{year + 1}-{month:02d}-{day:02d} 16:20:00"))
    seed.completed_round_units(db, rows)


def _value_or_numerator(elements: list[indicators.DataElement], indicator_id: int) -> int:
    return next(
        e.id
        for e in elements
        if e.indicator_id == indicator_id and e.role in ("value", "numerator")
    )


def _series(
    role: str,
    indicator: indicators.Indicator,
    target: float,
    unit_id: int,
    element_id: int,
    years: range,
    pending: set[int | None],
    rng: random.Random,
) -> list[dict[str, object]]:
    """One unit's values of one element over the years."""
    rows: list[dict[str, object]] = []
    good = rng.random() < 0.7  # most indicators are on track
    sign = 1 if indicator.direction == ">=" else -1
    members = rng.randint(5, 9)
    for k, year in enumerate(years):
        if year == years[-1] and unit_id in pending:
            continue
        if role == "denominator":
            value: float | None = float(members)
        elif role == "numerator":
            share = 0.2 + 0.03 * k + rng.uniform(-0.05, 0.1)
            value = float(max(0, min(members, round(members * share))))
        else:
            margin = abs(target) * (0.05 if good else -0.06) + rng.uniform(-0.5, 0.5)
            base = target + sign * margin - sign * (len(years) - k) * abs(target) * 0.01
            if indicator.range_max is not None:
                base = min(base, indicator.range_max)
            value = round(max(base, 0.0), indicator.decimals)
            if rng.random() < 0.03:
                value = round(value * 1.6, indicator.decimals)  # an outlier
        no_data = role == "value" and rng.random() < 0.02
        rows.append(
            {
                "year": year,
                "unit_id": unit_id,
                "element_id": element_id,
                "value": None if no_data else value,
                "no_data": int(no_data),
                "note": "统计口径调整，暂无数据" if no_data else "",
                "source": "",
            }
        )
    return rows
