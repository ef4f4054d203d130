"""A small township whose reports are worked out by hand in the tests."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal as D  # noqa: N817
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.store import indicators, letters, monitoring, profile, units
from desktop.store.database import Database
from desktop.store.indicators import Indicator


@dataclass(frozen=True)
class Township:
    db: Database
    units: dict[str, int]
    indicators: dict[str, int]


def _element(db: Database, indicator_id: int) -> int:
    return next(e.id for e in indicators.elements(db) if e.indicator_id == indicator_id)


@pytest.fixture
def township(db: Database) -> Township:
    """Indicators (2025): T-H-01 ≤12 value 10 (met; 2024: 14, missed); T-H-02 ≥99 value 98.5
    (missed, 2024: 99.2: worse); T-E-01 year target 90, nothing reported (missing).
    卫生院 reports T-H-0x and leads both, 东岗村 reports and leads T-E-01, 派出所 supports
    T-H-02. 卫生院 confirmed after the deadline; 东岗村 pending. Tasks: 卫生院 1 of 2 done,
    派出所 1 of 1 done."""
    profile.save(
        db,
        profile.Profile(
            township="青山镇",
            federation="青山镇妇联",
            committee="青山镇妇儿工委",
            clerk="王晓燕",
            phone="0571-88001234",
        ),
    )
    unit_ids = {
        "镇卫生院": units.add(db, units.Unit(code="D01", name="镇卫生院", kind="medical")),
        "东岗村": units.add(db, units.Unit(code="C01", name="东岗村", kind="village")),
        "派出所": units.add(db, units.Unit(code="D02", name="派出所", kind="department")),
    }
    made = {
        "T-H-01": indicators.add(
            db, Indicator("T-H-01", "women", "妇女与健康", "孕产妇死亡率", "1/10万", 1, "<=")
        ),
        "T-H-02": indicators.add(
            db, Indicator("T-H-02", "women", "妇女与健康", "住院分娩率", "%", 1, ">=")
        ),
        "T-E-01": indicators.add(
            db, Indicator("T-E-01", "children", "儿童与教育", "学前教育毛入园率", "%", 1, ">=")
        ),
    }
    indicators.set_target(db, made["T-H-01"], 0, D("12"))
    indicators.set_target(db, made["T-H-02"], 0, D("99"))
    indicators.set_target(db, made["T-E-01"], 2025, D("90"))
    health, village, police = unit_ids["镇卫生院"], unit_ids["东岗村"], unit_ids["派出所"]
    monitoring.open_round(db, 2025, "2025-03-31")
    for year in (2024, 2025):
        monitoring.assign(db, year, _element(db, made["T-H-01"]), health)
        monitoring.assign(db, year, _element(db, made["T-H-02"]), health)
        monitoring.assign(db, year, _element(db, made["T-E-01"]), village)
    entries = {2024: ("14", "99.2"), 2025: ("10", "98.5")}
    for year, (first, second) in entries.items():
        monitoring.save_values(
            db,
            year,
            health,
            [
                monitoring.ValueEntry(_element(db, made["T-H-01"]), D(first)),
                monitoring.ValueEntry(_element(db, made["T-H-02"]), D(second)),
            ],
        )
    monitoring.set_responsibility(db, 2025, made["T-H-01"], health, "lead")
    monitoring.set_responsibility(db, 2025, made["T-H-02"], health, "lead")
    monitoring.set_responsibility(db, 2025, made["T-H-02"], police, "support")
    monitoring.set_responsibility(db, 2025, made["T-E-01"], village, "lead")
    monitoring.mark_complete(db, 2025, health)
    for unit, content, status in (
        (health, "开展孕产妇健康管理", "done"),
        (health, "两癌筛查", "in_progress"),
        (police, "反家暴告诫书落实", "done"),
    ):
        letters.save_task(db, letters.Task(2025, unit, content, weight=1, status=status))
    return Township(db, unit_ids, made)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once (``fulian demo``): read it, or write to ``demo_copy``."""
    path = tmp_path_factory.mktemp("demo") / "demo.fulian"
    assert main(["demo", str(path)]) == 0
    return path


@pytest.fixture
def demo_copy(demo: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.fulian"
    copy.write_bytes(demo.read_bytes())
    return copy
