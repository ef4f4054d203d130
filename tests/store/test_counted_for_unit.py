"""The rows a unit's 填报 page shows as counted from a register (read-only): the unit's own
register indicators of the year, in catalogue order, read without the whole catalogue."""

from __future__ import annotations

from pathlib import Path

from desktop import demo
from desktop.store import evaluation, indicators
from desktop.store.database import Database


def test_each_unit_gets_its_register_indicators_only(tmp_path: Path) -> None:
    path = tmp_path / "demo.fulian"
    demo.build(path)
    db = Database.open(path)
    try:
        year = db.query_all("SELECT max(year) AS y FROM assignment")[0]["y"]
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
    finally:
        db.close()
