"""The rows a unit's 填报 page shows as counted from a register (read-only): the unit's own
register indicators of the year, in catalogue order, read without the whole catalogue, and
counted with the definition the file itself stores."""

from __future__ import annotations

from desktop.store import derived, evaluation, indicators
from desktop.store.database import Database


def test_each_unit_gets_its_register_indicators_only(demo_year: tuple[Database, int]) -> None:
    db, year = demo_year
    catalogue = indicators.list_indicators(db)
    units = [r["id"] for r in db.query_all("SELECT id FROM unit")]
    shown = 0
    for unit_id in units:
        ids = {
            r["indicator_id"]
            for r in db.query_all(
                "SELECT indicator_id FROM responsibility WHERE year = :y AND unit_id = :u",
                {"y": year, "u": unit_id},
            )
        }
        expected = [i for i in catalogue if i.register and i.id in ids]
        counted = evaluation.counted_for_unit(db, year, unit_id)
        assert [i for i, _derived in counted] == expected
        shown += len(counted)
    assert shown >= 2  # the demo's register indicators reach some units
    statements: list[str] = []
    db.connection.set_trace_callback(statements.append)
    try:
        evaluation.counted_for_unit(db, year, units[0])
    finally:
        db.connection.set_trace_callback(None)
    whole = "SELECT * FROM indicator WHERE active = 1 ORDER BY"  # ``list_indicators``
    assert statements
    assert not [s for s in statements if s.startswith(whole)]


def test_without_the_session_s_forms_the_file_s_stored_definition_counts(
    demo_year: tuple[Database, int],
) -> None:
    """A report, a notice or 考核 evaluates without the window's forms: the register is
    counted with the definition this file stores (its tables follow it), not the TOML this
    PC happens to have."""
    db, year = demo_year
    row = db.query_all(
        "SELECT r.unit_id, i.id FROM responsibility r JOIN indicator i ON i.id = r.indicator_id "
        "WHERE r.year = :y AND i.register <> '' AND i.active = 1 LIMIT 1",
        {"y": year},
    )[0]
    (indicator,) = [i for i in indicators.list_indicators(db) if i.id == row["id"]]
    form_id = derived.parse(indicator.register).form_id
    stored = db.query_all(
        "SELECT source FROM register_definition WHERE form_id = :f", {"f": form_id}
    )[0]["source"]
    title = next(line for line in stored.splitlines() if line.startswith("title"))
    with db.transaction():
        db.execute(
            "UPDATE register_definition SET source = :s WHERE form_id = :f",
            {"s": stored.replace(title, 'title = "本文件保存的台账"', 1), "f": form_id},
        )
    counted = evaluation.counted_for_unit(db, year, row["unit_id"])
    (shown,) = [d for i, d in counted if i.id == indicator.id]
    assert "由“本文件保存的台账”台账统计" in shown.source
    (verdict,) = [v for i, v in evaluation.evaluate_year(db, year) if i.id == indicator.id]
    assert "由“本文件保存的台账”台账统计" in verdict.reason  # 监测结果, reports, 考核
