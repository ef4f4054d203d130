from __future__ import annotations

from pathlib import Path

from desktop import demo
from desktop.demo.registers import COUNTS
from desktop.forms.validation import check_record
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from tests.forms.helpers import bundled


def test_the_demo_fills_every_register_with_valid_records(tmp_path: Path) -> None:
    path = demo.build(tmp_path / "demo.fulian")
    db = Database.open(path, read_only=True)
    try:
        for form in bundled().forms:
            store = RegisterStore(db, form)
            records = store.list_records()
            assert records, form.id
            for record in records:
                assert check_record(form.fields, form.rules, record.values) == {}, form.id
        petitions = RegisterStore(db, bundled().get("petition")).list_records()
        statuses = {r.values["status"] for r in petitions}
        assert statuses == {"received", "in_progress", "closed"}
        assert any(r.values["sub_category"] == "家庭暴力" for r in petitions)
    finally:
        db.close()


def test_the_large_demo_holds_about_thirty_thousand_records() -> None:
    villages = 60  # at most one site per village or community
    assert 29_000 <= sum(large for _small, large in COUNTS.values()) + villages <= 31_000
