from __future__ import annotations

from datetime import date
from decimal import Decimal as D  # noqa: N817 - short for the many literals

import pytest

from desktop.domain.evaluation import Status
from desktop.paths import resource_path
from desktop.store import (
    audit,
    evaluation,
    indicators,
    monitoring,
    round_progress,
    units,
    year_rollover,
)
from desktop.store import catalogue as reference
from desktop.store.database import Database


@pytest.fixture
def township(db: Database) -> dict[str, int]:
    """Two villages, a health centre, the reference catalogue, 2025 assigned."""
    ids = {
        "卫生院": units.add(db, units.Unit(code="D01", name="镇卫生院", kind="medical")),
        "东岗村": units.add(db, units.Unit(code="C01", name="东岗村", kind="village")),
        "西岭村": units.add(db, units.Unit(code="C02", name="西岭村", kind="village")),
    }
    reference.seed_from_csv(db, resource_path("indicators.csv"))
    return ids


def _element(db: Database, code: str, role: str = "value") -> int:
    return next(
        e.id
        for e in indicators.elements(db)
        if e.role == role and indicators.get(db, e.indicator_id).code == code
    )


def _verdict(db: Database, year: int, code: str):
    return next(v for i, v in evaluation.evaluate_year(db, year) if i.code == code)


def test_seed_reads_the_reference_catalogue(db: Database, township: dict[str, int]) -> None:
    catalogue = {i.code: i for i in indicators.list_indicators(db)}
    assert len(catalogue) == 45
    assert catalogue["W-H-01"].verified
    assert not catalogue["W-EC-01"].verified
    assert catalogue["W-EC-01"].direction == "~"
    assert catalogue["W-EC-01"].tolerance > 0
    assert catalogue["C-E-01"].range_max == 200.0  # gross enrolment may exceed 100
    assert catalogue["W-D-01"].kind == "computed"
    names = {e.name for e in indicators.elements(db)}
    assert {"村委会成员数", "村委会女性成员数"} <= names
    assert reference.seed_from_csv(db, resource_path("indicators.csv")) == 0  # idempotent


def test_reported_indicator_met_and_history(db: Database, township: dict[str, int]) -> None:
    element = _element(db, "L-01")
    monitoring.assign(db, 2025, element, township["卫生院"])
    assert monitoring.form_rows(db, 2025, township["卫生院"])[0].target == D("100")
    monitoring.save_values(db, 2025, township["卫生院"], [monitoring.ValueEntry(element, D("100"))])
    verdict = _verdict(db, 2025, "L-01")
    assert verdict.status is Status.MET
    assert verdict.target is not None
    assert verdict.target.final  # no 2025 target: the final one, and it says so
    monitoring.save_values(
        db, 2025, township["卫生院"], [monitoring.ValueEntry(element, D("85"), note="口径变化")]
    )
    assert _verdict(db, 2025, "L-01").status is Status.MISSED
    record = monitoring.value_record_id(db, 2025, township["卫生院"], element)
    assert record is not None
    changes = [
        (e.field, e.old, e.new) for e in audit.history(db, "value", record) if e.action == "update"
    ]
    assert ("value", 100.0, 85.0) in changes


def test_year_target_wins_over_final(db: Database, township: dict[str, int]) -> None:
    indicator_id = next(i.id for i in indicators.list_indicators(db) if i.code == "L-01")
    assert indicator_id is not None
    indicators.set_target(db, indicator_id, 2025, D("85"))
    element = _element(db, "L-01")
    monitoring.assign(db, 2025, element, township["卫生院"])
    monitoring.save_values(db, 2025, township["卫生院"], [monitoring.ValueEntry(element, D("86"))])
    verdict = _verdict(db, 2025, "L-01")
    assert verdict.status is Status.MET
    assert verdict.target is not None
    assert not verdict.target.final


def test_computed_indicator_sums_villages(db: Database, township: dict[str, int]) -> None:
    numerator, denominator = (
        _element(db, "W-D-01", "numerator"),
        _element(db, "W-D-01", "denominator"),
    )
    for village in ("东岗村", "西岭村"):
        monitoring.assign(db, 2025, numerator, township[village])
        monitoring.assign(db, 2025, denominator, township[village])
    monitoring.save_values(
        db,
        2025,
        township["东岗村"],
        [monitoring.ValueEntry(numerator, D(2)), monitoring.ValueEntry(denominator, D(5))],
    )
    missing = _verdict(db, 2025, "W-D-01")
    assert missing.status is Status.MISSING
    assert missing.reason == "西岭村未填报分子"
    monitoring.save_values(
        db,
        2025,
        township["西岭村"],
        [monitoring.ValueEntry(numerator, D(1)), monitoring.ValueEntry(denominator, D(5))],
    )
    verdict = _verdict(db, 2025, "W-D-01")
    assert verdict.value == D(30)
    assert verdict.status is Status.MET


def test_value_element_has_one_reporter(db: Database, township: dict[str, int]) -> None:
    element = _element(db, "L-01")
    monitoring.assign(db, 2025, element, township["卫生院"])
    monitoring.assign(db, 2025, element, township["东岗村"])
    assert monitoring.assigned_units(db, 2025, element) == [township["东岗村"]]
    monitoring.assign(db, 2025, element, township["东岗村"], assigned=False)
    assert monitoring.assigned_units(db, 2025, element) == []


def test_emptying_a_value_deletes_it_and_no_data_is_kept(
    db: Database, township: dict[str, int]
) -> None:
    element = _element(db, "L-01")
    unit = township["卫生院"]
    monitoring.assign(db, 2025, element, unit)
    monitoring.save_values(db, 2025, unit, [monitoring.ValueEntry(element, None, no_data=True)])
    assert monitoring.form_rows(db, 2025, unit)[0].no_data
    assert "无" in _verdict(db, 2025, "L-01").reason
    monitoring.save_values(db, 2025, unit, [monitoring.ValueEntry(element, None)])
    assert monitoring.value_record_id(db, 2025, unit, element) is None


def test_rollover_copies_the_year(db: Database, township: dict[str, int]) -> None:
    element = _element(db, "L-01")
    indicator_id = next(i.id for i in indicators.list_indicators(db) if i.code == "L-01")
    assert indicator_id is not None
    monitoring.assign(db, 2025, element, township["卫生院"])
    monitoring.set_responsibility(db, 2025, indicator_id, township["卫生院"], "lead")
    indicators.set_target(db, indicator_id, 2025, D("88"))
    units.set_active(db, township["西岭村"], False)
    monitoring.assign(db, 2025, _element(db, "W-D-01", "numerator"), township["西岭村"])
    counts = year_rollover.rollover(db, 2025, 2026, "2027-03-31")
    assert counts == {"assignment": 1, "responsibility": 1, "target": 1, "task": 0}
    assert monitoring.assignments(db, 2026) == {(element, township["卫生院"])}
    assert monitoring.responsibilities(db, 2026) == {(indicator_id, township["卫生院"]): "lead"}
    assert indicators.all_targets(db)[indicator_id][2026] == D("88")
    assert round_progress.get_round(db, 2026) == round_progress.Round(2026, "2027-03-31")
    with pytest.raises(year_rollover.RolloverError, match="已经有分工"):
        year_rollover.rollover(db, 2025, 2026)


def test_completeness_states_and_lateness(db: Database, township: dict[str, int]) -> None:
    element = _element(db, "L-01")
    numerator = _element(db, "W-D-01", "numerator")
    monitoring.open_round(db, 2025, "2026-03-31")
    monitoring.assign(db, 2025, element, township["卫生院"])
    monitoring.assign(db, 2025, numerator, township["东岗村"])
    monitoring.assign(db, 2025, numerator, township["西岭村"])
    monitoring.save_values(db, 2025, township["卫生院"], [monitoring.ValueEntry(element, D(91))])
    monitoring.save_values(db, 2025, township["东岗村"], [monitoring.ValueEntry(numerator, D(2))])
    monitoring.mark_complete(db, 2025, township["东岗村"])
    board = {p.name: p for p in round_progress.completeness(db, 2025, today=date(2026, 3, 1))}
    assert board["镇卫生院"].state == "entered"
    assert board["东岗村"].state == "complete"
    assert board["西岭村"].state == "pending"
    assert (board["西岭村"].assigned, board["西岭村"].entered) == (1, 0)
    assert not board["西岭村"].late
    later = {p.name: p for p in round_progress.completeness(db, 2025, today=date(2026, 4, 2))}
    assert later["西岭村"].late
    assert later["东岗村"].late  # completed today (after the deadline in real time)


def test_jump_share_setting(db: Database) -> None:
    assert evaluation.jump_share(db) == D("0.3")
    evaluation.set_jump_share(db, D("0.5"))
    assert evaluation.jump_share(db) == D("0.5")
