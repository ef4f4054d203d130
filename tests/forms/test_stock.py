"""Stock registers (things that exist) count what existed at the period's end; flow
registers (events) count the period's records."""

from __future__ import annotations

from desktop.forms import statistics
from desktop.forms.definition import Record
from desktop.forms.fields import UnitChoices
from desktop.forms.loader import parse_form
from tests.forms.helpers import bundled


def site(record_id: int, built: str | None, status: str = "正常运行") -> Record:
    values = {"kind": "妇女儿童之家", "name": f"{record_id}号", "built_on": built, "status": status}
    return Record(record_id, dict(values))


def test_a_stock_register_counts_what_exists_at_year_end_and_what_was_added() -> None:
    form = bundled().get("home_site")
    assert form.kind == "stock"
    records = [
        site(1, "2023-05-01"),
        site(2, "2025-06-18"),
        site(3, "2026-02-01"),  # built after the year
        site(4, "2024-01-01", "停用"),  # closed
        site(5, None),  # built long ago, date unknown
    ]
    stats = statistics.compute(
        form, records, UnitChoices(), date_from="2025-01-01", date_to="2025-12-31"
    )
    assert (stats.total, stats.added) == (3, 1)
    kinds = next(b for b in stats.breakdowns if b.field_id == "kind")
    assert kinds.counts == (("妇女儿童之家", 3),)
    everything = statistics.compute(form, records, UnitChoices())
    assert (everything.total, everything.added) == (4, 3)


def test_a_stock_register_may_count_by_an_integer_year_and_a_flow_register_by_period() -> None:
    posts = bundled().get("model_post")
    records = [
        Record(1, {"year": 2023, "review_status": "合格"}),
        Record(2, {"year": 2025, "review_status": "合格"}),
        Record(3, {"year": 2025, "review_status": "已撤销"}),
    ]
    stats = statistics.compute(
        posts, records, UnitChoices(), date_from="2025-01-01", date_to="2025-12-31"
    )
    assert (stats.total, stats.added) == (2, 1)
    flow = bundled().get("activity")
    assert flow.kind == "flow"
    held = [Record(1, {"held_on": "2024-03-08"}), Record(2, {"held_on": "2025-03-08"})]
    stats = statistics.compute(
        flow, held, UnitChoices(), date_from="2025-01-01", date_to="2025-12-31"
    )
    assert (stats.total, stats.added) == (1, None)


def test_stock_keys_are_checked() -> None:
    import pytest

    from desktop.forms.loader import FormDefinitionError

    text = (
        'version = 1\nid = "x"\ntitle = "X"\nkind = "flow"\n[stock]\nsince = "d"\n'
        '[[fields]]\nid = "d"\nlabel = "D"\ntype = "date"\n'
    )
    with pytest.raises(FormDefinitionError, match="只有 kind"):
        parse_form(text, "x.toml")
    with pytest.raises(FormDefinitionError, match=r"x\.toml: kind"):
        parse_form(text.replace('"flow"', '"stocks"'), "x.toml")
