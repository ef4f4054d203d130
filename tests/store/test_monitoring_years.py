"""``round_progress.years`` steps through the assignment index; it lists what the plain UNION of
rounds and assignment years lists, in the same order."""

from __future__ import annotations

from desktop.store import round_progress
from desktop.store.database import Database

PLAIN = "SELECT year FROM monitoring_round UNION SELECT DISTINCT year FROM assignment ORDER BY year"


def _plain(db: Database) -> list[int]:
    return [r["year"] for r in db.query_all(PLAIN)]


def test_years_equal_the_plain_union(db: Database) -> None:
    assert round_progress.years(db) == [] == _plain(db)
    with db.transaction():
        db.execute("INSERT INTO monitoring_round(year, opened_at) VALUES (2019, 'x')")
    assert round_progress.years(db) == [2019] == _plain(db)
    with db.transaction():
        db.execute("INSERT INTO unit(code, name, kind) VALUES ('U1', '甲', 'village')")
        db.execute(
            "INSERT INTO indicator(code, plan, domain, name, direction) "
            "VALUES ('X-1', 'women', '健康', '测试', '>=')"
        )
        db.execute(
            "INSERT INTO data_element(code, name, measure, indicator_id, role) "
            "VALUES ('E1', '测试', '%', 1, 'value')"
        )
        for year in (2024, 2016, 2024, 2021):
            db.execute(
                "INSERT OR IGNORE INTO assignment(year, element_id, unit_id) VALUES (:y, 1, 1)",
                {"y": year},
            )
        db.execute("INSERT INTO monitoring_round(year, opened_at) VALUES (2021, 'x')")
    assert round_progress.years(db) == [2016, 2019, 2021, 2024] == _plain(db)
