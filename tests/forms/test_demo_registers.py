from __future__ import annotations

from pathlib import Path

from desktop import demo
from desktop.demo.registers import COUNTS
from desktop.demo.township import MALE_GIVEN
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
        assert_plausible(db)
    finally:
        db.close()


def is_male(name: str) -> bool:
    return any(name.endswith(given) for given in MALE_GIVEN)


def assert_plausible(db: Database) -> None:
    """Men have men's names and ID numbers, ages agree with ID numbers, no child has a
    husband, trainings last hours, not hundreds of hours (issue 15 item 9)."""
    records = {f.id: RegisterStore(db, f).list_records() for f in bundled().forms}
    for r in records["petition"]:
        v = r.values
        assert is_male(str(v["person_name"])) == (v["sex"] == "男"), v
        if v["id_number"]:
            assert (int(str(v["id_number"])[16]) % 2 == 1) == (v["sex"] == "男"), v
            born = int(str(v["id_number"])[6:10])
            assert abs(int(str(v["received_on"])[:4]) - born - int(v["age"])) <= 1, v  # type: ignore[call-overload]
        if v["sub_category"] == "家庭暴力":
            assert v["dv_types"], v
    for r in records["volunteer"]:
        assert is_male(str(r.values["name"])) == (r.values["sex"] == "男"), r.values
    for r in records["assistance"]:
        v = r.values
        if v["child_sex"] is not None:
            assert "丈夫" not in str(v["difficulty"]), v
            assert is_male(str(v["person_name"])) == (v["child_sex"] == "男"), v
            assert str(v["birth_date"]) >= "2005", v
    assert all(0 < float(r.values["hours"]) <= 24 for r in records["training"])  # type: ignore[arg-type]
    reds = [r for r in records["dispute"] if r.values["risk"] == "red"]
    assert any(r.values["state"] != "resolved" for r in reds)  # the home page has one to show


def test_the_large_demo_holds_about_thirty_thousand_records() -> None:
    villages = 60  # at most one site per village or community
    assert 29_000 <= sum(large for _small, large in COUNTS.values()) + villages <= 31_000
