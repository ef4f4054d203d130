"""Monitoring v2: the re-scoped catalogue, its levels and explanations, and the migration of a
round-1 database."""

from __future__ import annotations

import sqlite3
from decimal import Decimal as D  # noqa: N817 - short for the many literals
from pathlib import Path

from desktop import demo
from desktop.domain.evaluation import Status
from desktop.paths import resource_path
from desktop.store import (
    catalogue,
    evaluation,
    indicators,
    monitoring,
    register_sync,
    round_progress,
    units,
    year_rollover,
)
from desktop.store.backup import BackupStore
from desktop.store.database import Database
from desktop.store.session import Session


def test_every_township_row_is_explained_and_countable(db: Database) -> None:
    catalogue.seed_from_csv(db, resource_path("indicators.csv"))
    rows = [i for i in indicators.list_indicators(db) if i.level != "county"]
    assert len([i for i in rows if i.level == "township"]) >= 20
    for i in rows:
        assert i.definition, i.code
        assert i.calculation, i.code
        assert i.measure, i.code
        assert i.data_source, i.code
        assert i.frequency == "年报"
        if i.kind == "reported":  # a value, a plain count, or a local row
            assert i.aggregation == "sum" or i.level == "local", i.code
    for i in indicators.list_indicators(db):
        if not i.verified:
            assert "请按本地规划核对" in i.target_note, i.code
    # one 活产数, reported once, under every indicator over live births
    births = [e for e in indicators.elements(db, assignable=True) if e.name == "活产数"]
    assert len(births) == 1
    shared = [e for e in indicators.elements(db) if e.shared_with == births[0].id]
    assert len(shared) >= 5


def test_county_rows_never_reach_a_form_or_the_board(db: Database) -> None:
    catalogue.seed_from_csv(db, resource_path("indicators.csv"))
    clinic = units.add(db, units.Unit(code="D01", name="镇卫生院", kind="medical"))
    by_code = {i.code: i for i in indicators.list_indicators(db)}
    county = by_code["W-H-01"]
    assert county.level == "county"
    assert county.id not in {e.indicator_id for e in indicators.elements(db, assignable=True)}
    # an old assignment of a county row (round 1) stays in the file but is never shown
    element = next(e.id for e in indicators.elements(db) if e.indicator_id == county.id)
    monitoring.assign(db, 2025, element, clinic)
    assert monitoring.form_rows(db, 2025, clinic) == []
    assert round_progress.completeness(db, 2025) == []
    assert "W-H-01" not in {i.code for i, _v in evaluation.evaluate_year(db, 2025)}


def test_reduction_target_is_derived_from_the_base_year(db: Database) -> None:
    catalogue.seed_from_csv(db, resource_path("indicators.csv"))
    injury = next(i for i in indicators.list_indicators(db) if i.code == "C-S-02")
    assert (injury.base_year, injury.target_change, injury.measure) == (2020, -20.0, "1/10万")
    assert injury.id is not None
    assert indicators.FINAL not in indicators.all_targets(db).get(injury.id, {})
    with db.transaction():
        db.execute("UPDATE indicator SET base_value = 15 WHERE id = :i", {"i": injury.id})
    assert indicators.all_targets(db)[injury.id][indicators.FINAL] == D(12)  # 15 × 0.8


def test_migration_of_a_round_one_database_keeps_its_values(tmp_path: Path) -> None:
    path = tmp_path / "old.fulian"
    db = Database.create(path)
    old_csv = tmp_path / "old.csv"
    old_csv.write_text(
        "plan,domain,code,name,level,kind,unit,decimals,direction,target,target_year,tolerance,"
        "side,base_year,change,numerator,denominator,count_unit,factor,lead_unit,frequency,"
        "definition,calculation,data_source,verified,source_note,register\n"
        "children,儿童与健康,C-H-06,3岁以下儿童系统管理率,township,value,%,1,>=,90,,,,,,,,,,"
        "卫生健康,年报,,,,no,old,\n"
        "women,妇女与健康,W-H-01,孕产妇死亡率,township,value,1/10万,1,<=,12,,,,,,,,,,"
        "卫生健康,年报,,,,yes,old,\n"
        "children,儿童与健康,C-H-10,6个月内婴儿纯母乳喂养率,township,value,%,1,>=,50,,,,,,,,,,"
        "卫生健康,年报,,,,no,old,\n"
        "children,儿童与安全,C-S-01,儿童伤害死亡率较2020年下降幅度,township,value,%,1,>=,20,,,,"
        ",,,,,,卫生健康,年报,,,,yes,old,\n"
        "women,妇女参与决策和管理,W-D-02,居委会成员中女性比例,township,rate,%,1,~,50,,2,both,,,"
        "居委会女性成员数,居委会成员数,人,100,民政,年报,,,,no,old,\n",
        "utf-8",
    )
    catalogue.seed_from_csv(db, old_csv)
    clinic = units.add(db, units.Unit(code="D01", name="镇卫生院", kind="medical"))
    old = {i.code: i for i in indicators.list_indicators(db)}
    elements = {indicators.get(db, e.indicator_id).code: e.id for e in indicators.elements(db)}
    for year, value in ((2024, "91.5"), (2025, "93.2")):
        for code in ("C-H-06", "W-H-01", "C-S-01"):
            monitoring.assign(db, year, elements[code], clinic)
        monitoring.save_values(
            db,
            year,
            clinic,
            [
                monitoring.ValueEntry(elements["C-H-06"], D(value)),
                monitoring.ValueEntry(elements["W-H-01"], D("11.8")),
                monitoring.ValueEntry(elements["C-S-01"], D("21")),
            ],
        )
    # take the file back to the round-1 schema (version 6): drop what migration 8 adds
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE year_lock")
    for later in (  # what the other migrations after version 6 add
        "register_import_row",
        "register_import",
        "register_definition",
        "register_attachment",
        "follow_up",
        "notice",
        "assessment_entry",
        "assessment_scheme",
        "township_value",  # migration 13 (county)
        "township_submission",
        "township",
        "submission_format",
    ):
        conn.execute(f"DROP TABLE IF EXISTS {later}")
    for column in (
        "level",
        "aggregation",
        "calculation",
        "frequency",
        "target_note",
        "tolerance_side",
        "base_year",
        "base_value",
        "target_change",
        "register",
    ):
        conn.execute(f"ALTER TABLE indicator DROP COLUMN {column}")
    conn.execute("ALTER TABLE data_element DROP COLUMN shared_with")
    conn.execute("ALTER TABLE letter DROP COLUMN dated")  # migration 9 (paper) runs again
    conn.execute("ALTER TABLE profile DROP COLUMN division_code")  # migration 22
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()

    # opened as the app opens it: Session.open migrates, then upgrades the catalogue (its
    # module loaded only for such a file)
    session = Session.open(path, BackupStore(tmp_path / "backups"))
    db = session.db
    try:
        assert db.meta("catalogue_upgrade") is None
        assert not catalogue.finish_upgrade(db)  # once
        new = {i.code: i for i in indicators.list_indicators(db)}
        assert len(new) == 45 + 1  # the new catalogue, and the retired C-S-01 kept
        assert new["C-S-01"].level == "county"  # became county-level: kept and marked
        assert new["W-H-01"].level == "county"
        assert new["C-H-06"].kind == "computed"  # now counts, beside its old value element
        assert new["C-H-06"].definition
        assert new["W-D-02"].tolerance_side == "below"
        assert old["C-H-06"].id == new["C-H-06"].id
        verdicts = {i.code: v for i, v in evaluation.evaluate_year(db, 2025, county=True)}
        assert verdicts["C-H-06"].value == D("93.2")  # old values stay
        assert verdicts["C-H-06"].last_value == D("91.5")
        assert verdicts["W-H-01"].value == D("11.8")
        assert verdicts["C-S-01"].value == D("21")
        milk = indicators.all_targets(db)[new["C-H-10"].id or 0]
        assert milk == {2025: D(50)}  # the 2025 target is no longer a 2030 one
        # 2025's form still shows what the clinic reported; county rows are not on it
        form = monitoring.form_rows(db, 2025, clinic)
        assert [(r.indicator_code, r.value) for r in form] == [("C-H-06", D("93.2"))]
        # next year reports the counts
        year_rollover.rollover(db, 2025, 2026)
        assert monitoring.assignments(db, 2026) == set()
    finally:
        session.close()


def test_the_demo_is_a_township(tmp_path: Path) -> None:
    path = demo.build(tmp_path / "demo.fulian")
    db = Database.open(path, read_only=True)
    try:
        villages = [u for u in units.list_units(db) if u.kind == "village"]
        assert 10 <= len(villages) <= 20
        verdicts = {i.code: v for i, v in evaluation.evaluate_year(db, 2024)}
        deaths = verdicts["W-H-04"]
        assert deaths.status is Status.COUNTS
        births = next(e.id for e in indicators.elements(db, assignable=True) if e.name == "活产数")
        total = db.scalar(
            "SELECT sum(value) FROM value WHERE year = 2024 AND element_id = :e", {"e": births}
        )
        assert 200 <= total <= 500
        assert verdicts["W-D-01"].value is not None
    finally:
        db.close()


def test_a_derived_indicator_follows_its_register(db: Database) -> None:
    from desktop.forms.loader import default_forms
    from desktop.store.registers import RegisterStore

    forms = default_forms().forms
    register_sync.sync(db, forms)
    catalogue.seed_from_csv(db, resource_path("indicators.csv"))
    rooms = RegisterStore(db, next(f for f in forms if f.id == "nursing_room"))

    def verdict(year: int):
        return next(
            v for i, v in evaluation.evaluate_year(db, year, forms=forms) if i.code == "L-02"
        )

    assert verdict(2025).value == 0
    assert verdict(2025).status is Status.MISSED  # ≥ 1 a township
    room = {"place_type": "商场", "place_name": "镇商贸中心母婴室", "status": "已建成"}
    rooms.add({**room, "completed_on": "2025-05-20"})
    rooms.add({**room, "place_name": "客运站母婴室", "status": "在建"})  # not counted
    rooms.add({**room, "place_name": "卫生院母婴室", "completed_on": "2026-02-01"})
    result = verdict(2025)
    assert result.value == 1  # the one built by the end of 2025
    assert result.status is Status.MET
    assert "由“母婴室”台账统计：状态为已建成" in result.reason
    assert verdict(2026).value == 2
    # it is counted, so no unit reports it: not on any form, not assignable
    l02 = next(i for i in indicators.list_indicators(db) if i.code == "L-02")
    assert l02.id not in {e.indicator_id for e in indicators.elements(db, assignable=True)}
