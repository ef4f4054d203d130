"""What evaluating a year reads: the township's figures in one statement that finds each
element's assignments through the (year, element) index, not every element per assignment
(the 监测结果 page and every report on a year evaluate it)."""

from __future__ import annotations

from desktop.store import evaluation
from desktop.store.database import Database


def test_the_figures_are_read_through_the_year_and_element_index(
    demo_year: tuple[Database, int],
) -> None:
    db, year = demo_year
    statements: list[str] = []
    db.connection.set_trace_callback(statements.append)
    try:
        verdicts = evaluation.evaluate_year(db, year)
    finally:
        db.connection.set_trace_callback(None)
    assert any(v.value is not None for _i, v in verdicts)  # the demo's figures were read
    figures = [s for s in statements if "FROM data_element e" in s and "assignment a" in s]
    assert len(figures) == 1
    plan = [r[3] for r in db.query_all(f"EXPLAIN QUERY PLAN {figures[0]}")]
    assignments = next(step for step in plan if " a USING " in step)
    assert "(year=? AND element_id=?)" in assignments, plan
