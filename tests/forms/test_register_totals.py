"""Computed sums (志愿者 累计服务时长 = 登记前服务时长 + its service rows) and per-village
coverage (家庭创建), worked by hand on a small fixture and read back from the statistics
tables, the store and the record dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.forms.loader import parse_form
from desktop.forms.toml_table import FormDefinitionError
from desktop.reports.register_reports import register_statistics
from desktop.store import register_sync
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.units import Unit, add, unit_choices
from desktop.ui.record_dialog import RecordDialog
from tests.forms.helpers import add_units, bundled
from tests.helpers.qt import ScriptedPrompts

OLD_VOLUNTEER = Path(__file__).parent.parent / "fixtures" / "volunteer_v2.toml"


def _texts(table: object) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]  # type: ignore[attr-defined]


def _volunteers(db: Database) -> tuple[RegisterStore, dict[str, int]]:
    units = add_units(db)
    form = bundled().get("volunteer")
    register_sync.sync(db, [form])
    store = RegisterStore(db, form)
    base = {"association": "巾帼志愿服务队", "status": "在册", "village": units["东岗村"]}

    def service(day: str, hours: float) -> dict[str, object]:
        return {"date": day, "activity": "走访", "hours": hours}

    ids = {
        "王芳": store.add(
            {**base, "name": "王芳", "joined_on": "2025-01-01", "hours_before": 10.0},
            {
                "services": [
                    service("2026-03-01", 2.0),
                    service("2026-05-10", 3.0),
                    service("2027-01-05", 4.0),  # after the period
                ]
            },
        ),
        "李梅": store.add(
            {**base, "name": "李梅", "joined_on": "2026-02-01"},
            {"services": [service("2026-06-01", 1.5)]},
        ),
        "赵兰": store.add(  # left: not counted in any period
            {**base, "name": "赵兰", "joined_on": "2025-01-01", "status": "已退出"},
            {"services": [service("2026-04-01", 5.0)]},
        ),
    }
    return store, ids


def test_total_hours_are_the_base_plus_the_services(db: Database) -> None:
    store, ids = _volunteers(db)
    table = store.list_table(fields=["name", "total_hours"])
    assert dict(zip(table.column("name"), table.column("total_hours"), strict=True)) == {
        "王芳": 19.0,  # 10 + 2 + 3 + 4
        "李梅": 1.5,  # no base: the services alone
        "赵兰": 5.0,
    }
    assert store.get(ids["王芳"]).values["total_hours"] == 19.0
    # never stored: what a save passes for it is dropped, the sum stays honest
    store.update(ids["李梅"], {**store.get(ids["李梅"]).values, "total_hours": 999.0})
    assert store.get(ids["李梅"]).values["total_hours"] == 1.5


def test_statistics_count_the_services_of_the_period(db: Database) -> None:
    store, _ids = _volunteers(db)
    report = register_statistics(db, [store.form], "2026-01-01", "2026-12-31")
    [row] = [r for r in _texts(report.tables()[0]) if r[0] == "志愿者"]
    # at the period's end: 王芳 10 + 2 + 3 (not the 2027 service), 李梅 1.5; 赵兰 left
    assert row[1] == "2"
    assert "累计服务时长（小时）合计 16.5" in row[2]
    assert "本期服务时长（小时） 6.5" in row[2]
    report = register_statistics(db, [store.form], "2026-01-01", "2026-03-31")
    [row] = [r for r in _texts(report.tables()[0]) if r[0] == "志愿者"]
    assert "累计服务时长（小时）合计 12；" in row[2]  # 王芳 10 + 2; 李梅 none yet (June)
    assert "本期服务时长（小时） 2" in row[2]


def test_a_round_1_total_becomes_the_base_without_counting_twice(db: Database) -> None:
    add_units(db)
    old = parse_form(OLD_VOLUNTEER.read_text("utf-8"), "volunteer.toml")
    register_sync.sync(db, [old])
    row = {"name": "王芳", "association": "巾帼志愿服务队", "status": "在册", "hours": 20.0}
    services = [
        {"date": "2026-03-01", "activity": "走访", "hours": 2.0},
        {"date": "2026-04-01", "activity": "宣讲", "hours": 3.0},
    ]
    record_id = RegisterStore(db, old).add(row, {"services": services})
    typed_only = RegisterStore(db, old).add({**row, "name": "李梅", "hours": 8.0})
    result = register_sync.sync(db, [bundled().get("volunteer")])
    assert any("减去已有的服务记录（1 条）" in text for text in result.changed), result.changed
    store = RegisterStore(db, bundled().get("volunteer"))
    assert store.get(record_id).values["hours_before"] == 15.0
    assert store.get(record_id).values["total_hours"] == 20.0  # what the clerk had typed
    assert store.get(typed_only).values["total_hours"] == 8.0


def test_a_sum_never_reads_a_sensitive_field() -> None:
    text = """
version = 1
id = "x"
title = "X"
[[fields]]
id = "total"
label = "合计"
type = "decimal"
sum = { subform = "rows", field = "secret" }
[[subforms]]
id = "rows"
title = "明细"
[[subforms.fields]]
id = "secret"
label = "金额"
type = "text"
sensitive = true
"""
    with pytest.raises(FormDefinitionError, match=r"fields\[0\]\.sum"):
        parse_form(text, "x.toml")


def test_the_record_dialog_shows_the_total_as_typed(db: Database, qtbot: QtBot) -> None:
    store, ids = _volunteers(db)
    dialog = RecordDialog(store, unit_choices(db), ScriptedPrompts(), store.get(ids["王芳"]))
    qtbot.addWidget(dialog)
    total = dialog.editors["total_hours"]
    assert total.text() == "19" or float(total.text()) == 19.0
    assert not total.widget.isEnabled()  # computed, never typed
    dialog.editors["hours_before"].set_text("12")
    assert float(total.text()) == 21.0
    table = dialog.subs["services"].table
    table.item(0, 2).setText("6")  # the first service: 2 → 6 hours
    assert float(total.text()) == 25.0
    assert dialog.save()
    assert store.get(ids["王芳"]).values["total_hours"] == 25.0


def test_per_village_coverage_of_family_honours(db: Database) -> None:
    units = add_units(db)
    closed = add(db, Unit(code="C09", name="撤并村", kind="village", active=False))
    form = bundled().get("family_honour")
    register_sync.sync(db, [form])
    store = RegisterStore(db, form)
    base = {"honour": "最美家庭", "level": "乡镇级"}
    for family, village, year in (
        ("张家", "东岗村", 2026),
        ("王家", "东岗村", 2026),
        ("李家", "滨河社区", 2026),
        ("赵家", "西岭村", 2025),  # another year
    ):
        store.add({**base, "family": family, "village": units[village], "year": year})
    store.add({**base, "family": "孙家", "village": closed, "year": 2026})
    report = register_statistics(db, [form], "2026-01-01", "2026-12-31")
    [row] = [r for r in _texts(report.tables()[0]) if r[0] == "家庭创建"]
    # villages and communities only (not 派出所), active only (not 撤并村): 2 of 3
    assert "创建家庭村（社区）覆盖率 66.7%（3 个村（社区）中 2 个有）" in row[2]
    by_title = {t.title: _texts(t) for t in report.tables()}
    assert by_title["家庭创建·创建家庭村（社区）覆盖率"] == [
        ["东岗村", "2"],
        ["西岭村", "0"],
        ["滨河社区", "1"],
        ["有创建家庭的村（社区）", "2"],
        ["创建家庭村（社区）覆盖率", "66.7%"],
    ]
    assert by_title["家庭创建·尚无创建家庭的村（社区）"] == [["西岭村"]]


def test_the_register_workbook_marks_the_computed_column(db: Database, tmp_path: Path) -> None:
    """The blank workbook's 累计服务时长 header says it is computed and never imported."""
    from openpyxl import load_workbook

    from desktop.operations.registers import write_blank_workbook

    form = bundled().get("volunteer")
    register_sync.sync(db, [form])
    out = write_blank_workbook(db, form, tmp_path / "志愿者.xlsx")
    sheet = load_workbook(out).worksheets[0]
    headers = {cell.value: cell for cell in sheet[2]}
    total = headers["累计服务时长（小时）"]
    assert total.comment is not None
    assert "自动计算" in total.comment.text
    assert "“登记前服务时长（小时）”" in total.comment.text
    assert "导入时不读取" in total.comment.text
    assert headers["登记前服务时长（小时）"].comment is None
