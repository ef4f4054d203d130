"""What the year-end assessment reads: each unit's led indicators met, tasks done and
reporting; and the clerk's weights (meta ``assessment_weights``)."""

from __future__ import annotations

import json

from desktop.domain.assessment import UnitFacts, Weights
from desktop.domain.evaluation import Status
from desktop.store import letters, monitoring, units
from desktop.store.database import Database

_KEY = "assessment_weights"


def load_weights(db: Database) -> Weights:
    text = db.meta(_KEY)
    if not text:
        return Weights()
    try:
        data = json.loads(text)
        return Weights(int(data["indicators"]), int(data["tasks"]), int(data["reporting"]))
    except (ValueError, KeyError, TypeError):
        return Weights()


def save_weights(db: Database, weights: Weights) -> None:
    problem = weights.validate()
    if problem:
        raise ValueError(problem)
    value = json.dumps(
        {"indicators": weights.indicators, "tasks": weights.tasks, "reporting": weights.reporting}
    )
    with db.transaction():
        db.execute(
            "INSERT INTO meta(key, value) VALUES (:k, :v) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            {"k": _KEY, "v": value},
        )


def unit_facts(db: Database, year: int) -> list[UnitFacts]:
    status = {i.id: v.status for i, v in monitoring.evaluate_year(db, year)}
    led: dict[int, list[int]] = {}
    for (indicator_id, unit_id), role in monitoring.responsibilities(db, year).items():
        if role == "lead":
            led.setdefault(unit_id, []).append(indicator_id)
    progress = {p.unit_id: p for p in monitoring.completeness(db, year)}
    tasks_of: dict[int, list[letters.Task]] = {}
    for task in letters.tasks(db, year):
        tasks_of.setdefault(task.unit_id, []).append(task)
    result = []
    for unit in units.list_units(db):
        assert unit.id is not None
        mine = tasks_of.get(unit.id, [])
        done = [t for t in mine if t.status == "done"]
        state = progress.get(unit.id)
        reporting = None
        if state is not None:
            reporting = "late" if state.state == "complete" and state.late else state.state
        facts = UnitFacts(
            unit_id=unit.id,
            name=unit.name,
            led=len(led.get(unit.id, [])),
            led_met=sum(1 for i in led.get(unit.id, []) if status.get(i) is Status.MET),
            tasks=len(mine),
            tasks_done=len(done),
            task_weight=sum(t.weight for t in mine),
            task_weight_done=sum(t.weight for t in done),
            reporting=reporting,
        )
        if facts.led or facts.tasks or facts.reporting is not None:
            result.append(facts)
    return result
