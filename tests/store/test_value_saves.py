"""Saving a unit's values writes and audits exactly the fields that changed, in one
transaction (the batched writes of ``monitoring.save_values``)."""

from __future__ import annotations

from decimal import Decimal as D  # noqa: N817 - short for the literals

import pytest

from desktop.paths import resource_path
from desktop.store import audit, indicators, monitoring, units, year_lock
from desktop.store import catalogue as reference
from desktop.store.database import Database


def _elements(db: Database, count: int) -> list[int]:
    return [e.id for e in indicators.elements(db)][:count]


def _row(db: Database, unit: int, element: int) -> tuple[object, ...]:
    row = db.query_one(
        "SELECT value, no_data, note, source, origin, updated_at FROM value "
        "WHERE year = 2025 AND unit_id = :u AND element_id = :e",
        {"u": unit, "e": element},
    )
    assert row is not None
    return tuple(row)


def test_only_changed_fields_are_written_and_audited(db: Database) -> None:
    unit = units.add(db, units.Unit(code="D01", name="镇卫生院", kind="medical"))
    reference.seed_from_csv(db, resource_path("indicators.csv"))
    first, second, third, fourth = _elements(db, 4)
    for element in (first, second, third, fourth):
        monitoring.assign(db, 2025, element, unit)
    entries = [monitoring.ValueEntry(e, D("95"), note="原") for e in (first, second, third)]
    assert monitoring.save_values(db, 2025, unit, entries, origin="typed") == 3
    with db.transaction():  # an old time stamp, to see which records are written again
        db.execute("UPDATE value SET updated_at = '2025-01-01 00:00:00'")
    before = {e: _row(db, unit, e) for e in (first, second, third)}
    changed = monitoring.save_values(
        db,
        2025,
        unit,
        [
            monitoring.ValueEntry(first, D("96.5"), note="原"),  # value changed
            monitoring.ValueEntry(second, D("95"), note="新", source="台账"),  # note + source
            monitoring.ValueEntry(third, D("95"), note="原"),  # unchanged
            monitoring.ValueEntry(fourth, D("80")),  # new
        ],
        origin="imported",
    )
    assert changed == 3
    assert _row(db, unit, first)[:5] == (96.5, 0, "原", "", "imported")
    assert _row(db, unit, first)[5] != "2025-01-01 00:00:00"
    assert _row(db, unit, second)[:5] == (95.0, 0, "新", "台账", "imported")
    assert _row(db, unit, third) == before[third]  # not written at all
    assert _row(db, unit, fourth)[:5] == (80.0, 0, "", "", "imported")

    def updates(element: int) -> list[tuple[object, ...]]:
        record = monitoring.value_record_id(db, 2025, unit, element)
        assert record is not None
        history = audit.history(db, "value", record)
        return [(e.field, e.old, e.new) for e in history if e.action == "update"]

    assert updates(first) == [("value", 95.0, 96.5)]
    assert updates(second) == [("note", "原", "新"), ("source", "", "台账")]
    assert updates(third) == []


def test_a_refused_save_writes_nothing(db: Database) -> None:
    unit = units.add(db, units.Unit(code="D01", name="镇卫生院", kind="medical"))
    reference.seed_from_csv(db, resource_path("indicators.csv"))
    (element,) = _elements(db, 1)
    monitoring.assign(db, 2025, element, unit)
    monitoring.save_values(db, 2025, unit, [monitoring.ValueEntry(element, D("90"))])
    year_lock.lock(db, 2025)
    audits = db.scalar("SELECT count(*) FROM audit")
    with pytest.raises(year_lock.YearLocked):
        monitoring.save_values(db, 2025, unit, [monitoring.ValueEntry(element, D("91"))])
    assert _row(db, unit, element)[0] == 90.0
    assert db.scalar("SELECT count(*) FROM audit") == audits
