"""What the list shows and finds: masked texts, in-memory search (sensitive fields too, after
decoding), filters, date range and sorting; statistics and home-page reminders."""

from __future__ import annotations

from datetime import date

from desktop.forms import reminders, statistics
from desktop.forms.definition import Record
from desktop.forms.fields import UnitChoices
from desktop.forms.listing import Listing, Query
from desktop.forms.loader import load_file
from tests.forms.helpers import FIXTURE_FORMS, bundled

UNITS = UnitChoices(names={1: "东岗村", 2: "西岭村"}, kinds={1: "village", 2: "village"})
LECTURE = load_file(FIXTURE_FORMS / "lecture.toml")


def lectures() -> list[Record]:
    rows = [
        ("2026-03-08", "亲子沟通", "李秀兰", "13812345678", 1, 40),
        ("2026-05-15", "隔代教育", "王芳", None, 2, 25),
        ("2025-12-01", "亲子沟通", "欧阳娜娜", "0571-88886666", None, None),
    ]
    return [
        Record(
            n,
            {
                "held_on": held,
                "topic": topic,
                "speaker": speaker,
                "phone": phone,
                "village": village,
                "listeners": listeners,
            },
        )
        for n, (held, topic, speaker, phone, village, listeners) in enumerate(rows, start=1)
    ]


def test_sensitive_columns_are_masked_others_are_not() -> None:
    listing = Listing(LECTURE, lectures(), UNITS)
    columns = [f.id for f in listing.columns]
    row = {c: listing.text(0, i) for i, c in enumerate(columns)}
    assert row == {
        "held_on": "2026-03-08",
        "topic": "亲子沟通",
        "speaker": "李**",
        "phone": "138****5678",
        "village": "东岗村",
        "listeners": "40",
    }
    full = Listing(LECTURE, lectures(), UNITS, masked=False)
    assert full.text(0, columns.index("speaker")) == "李秀兰"


def test_search_reaches_sensitive_fields_after_decoding() -> None:
    listing = Listing(LECTURE, lectures(), UNITS)
    assert listing.matches(Query(text="秀兰")) == [0]
    assert listing.matches(Query(text="88886666")) == [2]
    assert listing.matches(Query(text="西岭")) == [1]
    assert listing.matches(Query(text="亲子 欧阳")) == [2]
    assert listing.matches(Query(text="不存在")) == []


def test_filters_and_date_range() -> None:
    listing = Listing(LECTURE, lectures(), UNITS)
    assert listing.matches(Query(equals={"topic": "亲子沟通"})) == [0, 2]
    assert listing.matches(Query(equals={"village": 2})) == [1]
    assert listing.matches(Query(date_from="2026-01-01")) == [0, 1]
    assert listing.matches(Query(date_from="2026-01-01", date_to="2026-03-31")) == [0]
    described = Query(text="李", equals={"topic": "亲子沟通"}).describe(LECTURE, UNITS)
    assert described == "筛选：主题=亲子沟通；关键词“李”"


def test_sorting_puts_blanks_last_and_never_sorts_sensitive_columns() -> None:
    listing = Listing(LECTURE, lectures(), UNITS)
    columns = [f.id for f in listing.columns]
    listeners = columns.index("listeners")
    assert listing.sorted_rows([0, 1, 2], listeners, descending=False) == [1, 0, 2]
    assert listing.sorted_rows([0, 1, 2], listeners, descending=True) == [0, 1, 2]
    assert listing.sorted_rows([2, 0, 1], columns.index("speaker"), False) == [2, 0, 1]
    assert listing.default_order() == (columns.index("held_on"), True)


def test_multichoice_filter() -> None:
    volunteer = bundled().get("volunteer")
    records = [
        Record(1, {"skills": ("法律", "心理")}),
        Record(2, {"skills": ("心理",)}),
        Record(3, {"skills": None}),
    ]
    listing = Listing(volunteer, records, UNITS)
    assert listing.matches(Query(equals={"skills": "法律"})) == [0]
    assert listing.matches(Query(equals={"skills": "心理"})) == [0, 1]


def test_statistics_by_choice_unit_month_sums_and_closure() -> None:
    stats = statistics.compute(LECTURE, lectures(), UNITS, date_from="2026-01-01")
    assert stats.total == 2
    by = {b.field_id: b.counts for b in stats.breakdowns}
    assert by["topic"] == (("亲子沟通", 1), ("隔代教育", 1))
    assert by["village"] == (("东岗村", 1), ("西岭村", 1))
    assert stats.by_month == (("2026-03", 1), ("2026-05", 1))
    assert stats.sums == (("听课人数", 65.0),)
    assert stats.closure is None

    petition = bundled().get("petition")
    cases = [
        Record(1, {"received_on": "2026-01-05", "status": "closed", "category": "婚姻家庭"}),
        Record(2, {"received_on": "2026-02-05", "status": "closed", "category": "婚姻家庭"}),
        Record(3, {"received_on": "2026-02-07", "status": "in_progress", "category": "其他"}),
        Record(4, {"received_on": "2025-02-07", "status": "received", "category": "其他"}),
    ]
    year = statistics.compute(petition, cases, UNITS, date_from="2026-01-01", date_to="2026-12-31")
    assert year.closure is not None
    assert (year.closure.closed, year.closure.total) == (2, 3)
    assert round(year.closure.rate or 0, 1) == 66.7
    by = {b.field_id: b.counts for b in year.breakdowns}
    assert by["category"] == (("婚姻家庭", 2), ("其他", 1))
    assert by["sub_category"] == ((statistics.BLANK, 3),)


def test_reminders_overdue_petitions_and_visits_due() -> None:
    forms = bundled()
    petition = forms.get("petition")
    cases = [
        Record(1, {"person_name": "张丽", "deadline": "2026-11-01", "status": "in_progress"}),
        Record(2, {"person_name": "王芳", "deadline": "2026-11-01", "status": "closed"}),
        Record(3, {"person_name": "李娜", "deadline": "2026-12-31", "status": "received"}),
        Record(4, {"person_name": "赵敏", "deadline": "2026-10-01", "status": "received"}),
    ]
    today = date(2026, 11, 29)
    [due] = reminders.due(petition, cases, {}, UNITS, today)
    assert due.text == "信访件已超过办理期限"
    assert due.names == ("赵*", "张*")  # masked, most overdue first
    assert due.record_ids == (4, 1)

    assistance = forms.get("assistance")
    people = [
        Record(1, {"person_name": "高红", "risk_level": "high", "registered_on": "2026-01-01"}),
        Record(2, {"person_name": "孙丽", "risk_level": "low", "registered_on": "2026-01-01"}),
        Record(3, {"person_name": "周燕", "risk_level": "high", "registered_on": "2026-01-01"}),
        Record(4, {"person_name": "吴静", "risk_level": "high", "status": "ended"}),
    ]
    visits = {
        "visits": {
            1: [{"date": "2026-11-20"}],  # visited 9 days ago: fine
            2: [{"date": "2026-10-01"}],  # low risk, 59 days: fine (90)
            3: [{"date": "2026-10-01"}],  # high risk, 59 days: due (30)
        }
    }
    [visit] = reminders.due(assistance, people, visits, UNITS, today)
    assert visit.names == ("周*",)
