"""Demo part: the indicator catalogue, years of assignments and plausible values.

At township scale (design: monitoring v2): a dozen villages, 260-420 live births a year, 0-3
deaths, counts that add up; rates drift toward their targets, some miss, some units have not
reported the latest year (missing), and the latest round has units in every state (pending,
entered, complete, late).
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop.store import catalogue as reference
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
    # its own random stream: the parts after it (registers) do not shift with the catalogue
    rng = random.Random(f"monitoring-{spec.seed}")
    reference.seed_reference(db)
    if spec.size == "large":
        _extra_indicators(db, 150 - len(indicators.list_indicators(db)), rng)
    all_units = units.list_units(db)
    by_name = {u.name: u for u in all_units}
    villages = [u for u in all_units if u.kind == "village"]
    communities = [u for u in all_units if u.kind == "community"]
    departments = [u for u in all_units if u.kind in ("department", "medical", "school")]
    elements = indicators.elements(db, assignable=True)
    catalogue = {i.id: i for i in indicators.list_indicators(db)}
    years = range(LATEST_YEAR - (9 if spec.size == "large" else 4), LATEST_YEAR + 1)

    reporters: dict[int, list[int]] = {}
    for element in elements:
        indicator = catalogue[element.indicator_id]
        group = _reporting_group(indicator, villages, communities)
        if group:
            reporters[element.id] = [u.id or 0 for u in group]
        else:
            unit = by_name.get(LEAD_UNITS.get(indicator.lead_hint, ""), departments[0])
            reporters[element.id] = [unit.id or 0]
    seed.assign_bulk(db, [(y, e, u) for y in years for e, us in reporters.items() for u in us])
    for year in years:
        monitoring.open_round(db, year, f"{year + 1}-03-31")
        for indicator in catalogue.values():
            assert indicator.id is not None
            if indicator.level == "county":
                continue
            hinted = by_name.get(LEAD_UNITS.get(indicator.lead_hint, ""))
            lead = hinted.id if hinted and hinted.id else departments[0].id or 0
            monitoring.set_responsibility(db, year, indicator.id, lead, "lead")
            support = rng.choice(departments)
            if support.id != lead:
                monitoring.set_responsibility(db, year, indicator.id, support.id or 0, "support")

    # pending units in the latest year: a few villages and one department
    sampled = rng.sample(villages, 4)
    pending = {u.id for u in sampled[:3]} | {by_name["民政办"].id}
    still_open = {sampled[3].id, by_name["中心学校"].id}  # entered, not yet confirmed
    counts = TownshipCounts(rng, years)
    rows: list[dict[str, object]] = []
    for element in elements:
        indicator = catalogue[element.indicator_id]
        for unit_id in reporters[element.id]:
            for year in years:
                if year == years[-1] and unit_id in pending:
                    continue
                value = counts.value(indicator, element.role, unit_id, year)
                no_data = value is None
                rows.append(
                    {
                        "year": year,
                        "unit_id": unit_id,
                        "element_id": element.id,
                        "value": value,
                        "no_data": int(no_data),
                        "note": "统计口径调整，暂无数据" if no_data else "",
                        "source": "",
                    }
                )
    seed.insert_values_bulk(db, rows, origin="demo")
    _complete_rounds(db, all_units, years, pending | still_open, rng)


#: which villages / communities report an indicator's counts (the rest: its lead unit)
_GROUPS = {
    "W-D-01": "village",
    "W-D-03": "village",
    "W-D-02": "community",
    "W-D-04": "both",
    "C-W-01": "both",
    "C-F-01": "community",
    "C-F-02": "village",
    "W-H-08": "village",
}


def _reporting_group(
    indicator: indicators.Indicator, villages: list[units.Unit], communities: list[units.Unit]
) -> list[units.Unit]:
    kind = _GROUPS.get(indicator.code, "")
    if indicator.code.startswith("L-X") and indicator.kind == "computed":
        kind = "both"
    return {"village": villages, "community": communities, "both": villages + communities}.get(
        kind, []
    )


class TownshipCounts:
    """Counts a township really has: 200-500 live births a year, 0-2 deaths, a dozen villages;
    rates follow from the counts, so the county could add them up."""

    def __init__(self, rng: random.Random, years: range) -> None:
        self.rng = rng
        self.births = {y: rng.randint(260, 420) for y in years}
        self.first = years[0]
        self.memo: dict[tuple[str, int, int], float] = {}
        self.deaths: dict[int, dict[str, int]] = {}

    def _share(self, low: float, high: float, year: int) -> float:
        step = (year - self.first) * (high - low) / 8
        return min(high, low + step + self.rng.uniform(-0.01, 0.015))

    def value(
        self, indicator: indicators.Indicator, role: str, unit_id: int, year: int
    ) -> float | None:
        code = indicator.code
        key = (code, unit_id, year)
        if role == "value":
            return self._value(indicator, year)
        if key not in self.memo:  # the numerator is drawn from its denominator
            self.memo[key] = self._denominator(code, year)
        if role == "denominator":
            return self.memo[key]
        return float(self._numerator(code, self.memo[key], year))

    def _deaths(self, year: int) -> dict[str, int]:
        """0-2 deaths a year, nested: neonatal ≤ infant ≤ under five."""
        if year not in self.deaths:
            neonatal = self.rng.choice((0, 1, 1, 2))
            infant = neonatal + self.rng.choice((0, 0, 1))
            self.deaths[year] = {
                "W-H-04": self.rng.choice((0, 0, 0, 1)),
                "C-H-16": neonatal,
                "C-H-17": infant,
                "C-H-18": infant + self.rng.choice((0, 1)),
            }
        return self.deaths[year]

    def _denominator(self, code: str, year: int) -> float:
        rng, births = self.rng, self.births[year]
        table = {
            "W-D-01": rng.randint(5, 7),
            "W-D-02": rng.randint(5, 9),
            "W-D-03": 1,
            "W-D-04": 1,
            "C-W-01": 1,
            "C-F-01": 1,
            "C-F-02": 1,
            "W-H-08": rng.randint(30, 60),
            "C-H-06": births * 3 + rng.randint(-40, 40),
            "C-H-07": births * 7 + rng.randint(-90, 90),
            "C-H-08": births * 6 + rng.randint(-80, 80),
            "C-H-09": births + rng.randint(-10, 10),
            "C-H-10": rng.randint(80, 130),
            "C-H-13": births * 6 + rng.randint(-100, 100),
            "C-H-14": births * 3 + rng.randint(-60, 60),
            "C-EN-01": rng.randint(3, 5),
        }
        return float(table.get(code, births))

    def _numerator(self, code: str, base: float, year: int) -> int:
        rng = self.rng
        deaths = self._deaths(year)
        if code in deaths:
            return deaths[code]
        shares = {
            "W-D-01": None,
            "W-D-02": None,
            "W-H-05": (0.9, 0.96),
            "W-H-06": (0.995, 1.0),
            "W-H-07": (0.9, 0.97),
            "W-H-08": (0.88, 1.0),
            "C-H-06": (0.9, 0.95),
            "C-H-07": (0.92, 0.96),
            "C-H-08": (0.84, 0.93),
            "C-H-09": (0.95, 0.99),
            "C-H-10": (0.42, 0.55),
            "C-H-13": (0.37, 0.33),
            "C-H-14": (0.62, 0.58),
            "C-EN-01": (0.5, 0.9),
        }
        if code == "W-D-01":
            return min(int(base), rng.choice((1, 2, 2, 3)))
        if code == "W-D-02":
            return min(int(base), rng.choice((3, 4, 4, 5)))
        if code == "W-D-03":
            return int(rng.random() < 0.15)
        if code in ("W-D-04", "C-W-01", "C-F-01"):
            return int(rng.random() < 0.92)
        if code == "C-F-02":
            return int(rng.random() < 0.75 + 0.03 * (year - self.first))
        low, high = shares.get(code) or (0.6, 0.8)
        return min(int(base), round(base * self._share(low, high, year)))

    def _value(self, indicator: indicators.Indicator, year: int) -> float | None:
        if indicator.code == "C-W-02":
            return 1.0
        if indicator.code == "L-01":
            return float(min(100, 80 + 5 * (year - self.first)))
        if self.rng.random() < 0.02:
            return None
        if indicator.measure == "个" or indicator.decimals == 0:
            return float(self.rng.randint(1, 3))
        return round(self.rng.uniform(50, 95), indicator.decimals)


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
