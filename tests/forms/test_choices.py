"""``type = "choices"``: several choices per record; lists filter by each, statistics count
each, Excel holds them ``、``-separated and checks each part."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from desktop.exchange import register_excel
from desktop.forms import statistics
from desktop.forms.listing import Listing, Query
from desktop.forms.loader import parse_form
from desktop.store import register_sync
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.units import unit_choices

FORM = parse_form(
    """version = 1
id = "needy"
title = "困难妇女"
filters = ["kinds"]
[statistics]
by = ["kinds"]
[[fields]]
id = "name"
label = "姓名"
type = "text"
[[fields]]
id = "kinds"
label = "困难类型"
type = "choices"
choices = ["单亲困难母亲", "两癌患病妇女", "低保"]
""",
    "needy.toml",
)


def test_choices_filter_count_and_round_trip_through_excel(db: Database, tmp_path: Path) -> None:
    register_sync.sync(db, [FORM])
    store = RegisterStore(db, FORM)
    kinds = FORM.field("kinds").kind
    store.add({"name": "甲", "kinds": kinds.parse("低保、单亲困难母亲、两癌患病妇女")})
    store.add({"name": "乙", "kinds": kinds.parse("低保")})
    store.add({"name": "丙"})
    records = store.list_records()
    assert records[0].values["kinds"] == ("单亲困难母亲", "两癌患病妇女", "低保")
    units = unit_choices(db)
    listing = Listing(FORM, records, units)
    low = listing.matches(Query(equals={"kinds": "低保"}))
    assert [listing.record(i).values["name"] for i in low] == ["甲", "乙"]
    assert len(listing.matches(Query(equals={"kinds": "两癌患病妇女"}))) == 1
    [breakdown] = statistics.compute(FORM, records, units).breakdowns
    assert breakdown.counts == (
        ("单亲困难母亲", 1),
        ("两癌患病妇女", 1),
        ("低保", 2),
        (statistics.BLANK, 1),
    )
    path = tmp_path / "困难妇女.xlsx"
    register_excel.export(path, FORM, records, {}, units, full=True)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    row = next(r for r in cells if "甲" in r)
    assert "单亲困难母亲、两癌患病妇女、低保" in row
    column = row.index("单亲困难母亲、两癌患病妇女、低保") + 1
    second = next(i for i, r in enumerate(cells, start=1) if "乙" in r)
    sheet.cell(second, column).value = "低保，两癌患病妇女"
    book.save(path)
    by_id = {r.id: r for r in records}
    plan = register_excel.plan_import(path, FORM, by_id, {}, units)
    assert not plan.errors
    [(record_id, values, _children)] = plan.updated
    assert record_id == 2
    assert values == {"kinds": ("两癌患病妇女", "低保")}
    sheet.cell(second, column).value = "低保、离异"
    book.save(path)
    plan = register_excel.plan_import(path, FORM, by_id, {}, units)
    [error] = plan.errors
    assert error.field == "困难类型"
    assert "“离异”不在选项中" in error.message
