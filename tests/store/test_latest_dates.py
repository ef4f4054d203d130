"""Schema 23: each record's latest visit, kept by triggers, always equals the latest visit
computed from scratch: after every kind of write, after a restore or a rewrite of the file,
after migrating a file from before it; and it holds dates only, never personal data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.forms.definition import FormDef
from desktop.forms.loader import FormDefinitionError, parse_form
from desktop.store import (
    latest_dates,
    migrations,
    register_facts,
    register_sync,
    reminder_indexes,
    schema_latest,
)
from desktop.store.backup import copy_database, restore
from desktop.store.database import Database
from desktop.store.register_names import quote
from desktop.store.registers import RegisterStore
from desktop.store.units import unit_choices
from desktop.store.vault import PLAIN, AesCodec, Codec, new_data_key
from tests.forms.helpers import add_units, bundled
from tests.helpers.files import sha256

TODAY = date(2026, 3, 20)


def _form() -> FormDef:
    return bundled().get("assistance")


def _kept_and_scratch(db: Database) -> tuple[dict[int, object], dict[int, object]]:
    form = _form()
    (sub,) = latest_dates.kept(form)
    table, parent = quote(form.sub_table(sub)), quote(form.table)
    kept = db.execute(f"SELECT id, {quote(latest_dates.column(sub))} FROM {parent}").fetchall()
    scratch = db.execute(
        f"SELECT t.id, (SELECT max(c.{quote(sub.date_field or '')}) FROM {table} AS c "
        f"WHERE c.parent_id = t.id) FROM {parent} AS t"
    ).fetchall()
    return dict(map(tuple, kept)), dict(map(tuple, scratch))  # type: ignore[arg-type]


def _check(db: Database) -> dict[int, object]:
    kept, scratch = _kept_and_scratch(db)
    assert kept == scratch
    return kept


def _person(village: int, n: int, risk: str | None = "high") -> dict[str, object]:
    return {
        "category": "困难妇女",
        "village": village,
        "status": "active",
        "person_name": f"李{n}",
        "id_number": "11010519491231002X",
        "risk_level": risk,
        "registered_on": "2025-06-01",
    }


def _visits(*days: str) -> dict[str, list[dict[str, object]]]:
    return {"visits": [{"date": d, "visitor": "王", "help_given": "慰问金"} for d in days]}


@pytest.mark.parametrize("encrypted", [False, True])
def test_the_kept_latest_visit_equals_the_one_computed_after_every_write(
    db: Database, encrypted: bool
) -> None:
    village = add_units(db)["东岗村"]
    register_sync.sync(db, bundled().forms)
    codec: Codec = AesCodec(new_data_key()) if encrypted else PLAIN
    people = RegisterStore(db, _form(), codec)
    a = people.add(_person(village, 1), _visits("2026-01-10", "2026-02-20", "2025-12-01"))
    b = people.add(_person(village, 2))  # no visit
    c = people.add(_person(village, 3, "low"), _visits("2026-03-01"))
    assert _check(db) == {a: "2026-02-20", b: None, c: "2026-03-01"}
    people.add_many(
        [(people.to_columns(_form().fields, _person(village, 4)), _visits("2026-01-05"))], "演示"
    )
    _check(db)
    people.update(a, _person(village, 1), _visits("2026-01-10", "2026-02-01"))  # latest earlier
    assert _check(db)[a] == "2026-02-01"
    people.update(a, _person(village, 1), _visits("2026-01-10", "2026-02-01", "2026-03-15"))
    assert _check(db)[a] == "2026-03-15"  # a later visit appended
    people.update(a, _person(village, 1), _visits("2026-01-10"))  # the latest removed
    assert _check(db)[a] == "2026-01-10"
    people.update(a, {**_person(village, 1), "risk_level": "medium"})  # no sub-records given
    assert _check(db)[a] == "2026-01-10"
    people.update(c, _person(village, 3, "low"), {"visits": []})  # every visit removed
    assert _check(db)[c] is None
    people.delete(b)
    people.restore(b)
    people.delete(c)
    people.purge([c], "测试")
    _check(db)
    people.apply_import(
        [(_person(village, 5), _visits("2025-11-11", "2026-01-01"))],
        [(b, _person(village, 2), _visits("2026-02-02")), (a, _person(village, 1), None)],
        "导入",
    )
    assert _check(db)[b] == "2026-02-02"
    visits = quote(_form().sub_table(_form().subforms[0]))
    with db.transaction():  # SQL of a script: a visit moved to another record, one deleted
        db.execute(f"UPDATE {visits} SET parent_id = :b WHERE parent_id = :a", {"a": a, "b": b})
        db.execute(f"DELETE FROM {visits} WHERE date = '2026-02-02'")
        db.execute(f"UPDATE {visits} SET date = '2026-03-19' WHERE date = '2026-01-05'")
    kept = _check(db)
    assert kept[a] is None
    assert kept[b] == "2026-01-10"
    assert "2026-03-19" in kept.values()
    with db.transaction():  # a record erased outright: its visits go with it
        db.execute(f"DELETE FROM {quote(_form().table)} WHERE id = :b", {"b": b})
    _check(db)
    # dates only: the kept column never holds a name, a note or a ciphertext
    dates = {r[0] for r in db.execute(f"SELECT date FROM {visits}")}
    assert set(_check(db).values()) <= dates | {None}
    assert reminder_indexes.ensure(db, _form()) == []  # nothing left to make


def test_a_restored_backup_keeps_its_latest_visits_current(db_path: Path, tmp_path: Path) -> None:
    db = Database.open(db_path)
    village = add_units(db)["东岗村"]
    register_sync.sync(db, bundled().forms)
    people = RegisterStore(db, _form())
    a = people.add(_person(village, 1), _visits("2026-01-10"))
    db.close()
    copy = tmp_path / "backup.fulian"
    copy_database(db_path, copy)
    db = Database.open(db_path)
    RegisterStore(db, _form()).update(a, _person(village, 1), _visits("2026-03-01"))
    db.close()
    restore(copy, db_path)
    db = Database.open(db_path)
    assert _check(db)[a] == "2026-01-10"
    RegisterStore(db, _form()).update(a, _person(village, 1), _visits("2026-01-10", "2026-02-02"))
    assert _check(db)[a] == "2026-02-02"  # the restored file's triggers still keep it
    rewritten = tmp_path / "rewritten.fulian"  # a password change writes the file anew
    db.connection.execute("VACUUM INTO :t", {"t": str(rewritten)})
    db.close()
    db = Database.open(rewritten)
    RegisterStore(db, _form()).update(a, _person(village, 1), _visits("2026-01-10"))
    assert _check(db)[a] == "2026-01-10"
    db.close()


def test_a_file_from_before_schema_23_gets_its_latest_visits_once(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path.unlink(missing_ok=True)
    forms = bundled().forms
    form = _form()
    (sub,) = latest_dates.kept(form)
    older = tuple(m for m in migrations.MIGRATIONS if m.version < 23)
    with monkeypatch.context() as patch:  # a file as schema 22 made it
        patch.setattr(migrations, "MIGRATIONS", older)
        patch.setattr(schema_latest, "LATEST", older[-1].version)
        db = Database.create(db_path)
        village = add_units(db)["东岗村"]
        register_sync.sync(db, forms)
        people = RegisterStore(db, form)
        risks = ["high", "high", "medium", "low", None, "low"]
        days = [("2026-02-18", "2025-01-01"), ("2026-02-19",), (), ("2025-12-20",), (), ("",)]
        for n, (risk, visits) in enumerate(zip(risks, days, strict=True)):
            people.add(_person(village, n, risk), _visits(*visits) if visits else None)
        name = f"{form.table}#reminder0#idx"
        with db.transaction():  # the register as schema 22 made it: no kept column
            for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
                db.execute(f"DROP TRIGGER {quote(trigger)}")
            db.execute(f"DROP INDEX {quote(name)}")
            db.execute(
                f"ALTER TABLE {quote(form.table)} DROP COLUMN {quote(latest_dates.column(sub))}"
            )
            db.execute(
                f"CREATE INDEX {quote(name)} ON {quote(form.table)}"
                '("deleted_at", "status", "risk_level", "registered_on")'
            )
        db.forget_schema()  # read without the column: each record's latest visit sought
        before = register_facts.due_reminders(db, forms, PLAIN, unit_choices(db), TODAY)
        db.close()

    db = Database.open(db_path)  # migrates: column, triggers, index from the stored definition
    assert db.schema_version >= 23
    kept = _check(db)
    assert sorted(kept.values(), key=str) == sorted(
        [None, None, "", "2025-12-20", "2026-02-18", "2026-02-19"], key=str
    )
    assert latest_dates.column(sub) in str(db.index_sql(name))
    assert register_facts.due_reminders(db, forms, PLAIN, unit_choices(db), TODAY) == before
    assert [d.form_id for d in before] == ["assistance"]
    assert reminder_indexes.ensure(db, form) == []
    db.close()
    stamp = sha256(db_path)
    Database.open(db_path).close()  # an ordinary open writes nothing
    assert sha256(db_path) == stamp
    db = Database.open(db_path)
    RegisterStore(db, form).add(_person(village, 9), _visits("2026-03-03"))
    assert "2026-03-03" in _check(db).values()  # kept from now on
    db.close()


def test_a_changed_trigger_is_remade_and_the_column_refilled(db: Database) -> None:
    village = add_units(db)["东岗村"]
    register_sync.sync(db, bundled().forms)
    form = _form()
    a = RegisterStore(db, form).add(_person(village, 1), _visits("2026-01-10"))
    (sub,) = latest_dates.kept(form)
    trigger = f"{form.sub_table(sub)}#last#insert"
    with db.transaction():  # an older text of the trigger, and a wrong value
        db.execute(f"DROP TRIGGER {quote(trigger)}")
        db.execute(
            f"CREATE TRIGGER {quote(trigger)} AFTER INSERT ON {quote(form.sub_table(sub))} "
            "BEGIN SELECT 1; END"
        )
        db.execute(f"UPDATE {quote(form.table)} SET {quote(latest_dates.column(sub))} = 'x'")
    with db.transaction():
        assert reminder_indexes.ensure(db, form) == [trigger]
    assert _check(db)[a] == "2026-01-10"
    with db.transaction():
        assert reminder_indexes.ensure(db, form) == []


def test_sensitive_sub_dates_are_never_kept() -> None:
    """A visit reminder's date field is never personal data (the loader refuses a sensitive
    one), so the kept column copies nothing encrypted."""
    for form in bundled().forms:
        for sub in latest_dates.kept(form):
            assert sub.date_field is not None
            assert not sub.field(sub.date_field).sensitive
    text = _form().text.replace(
        'id = "date"\nlabel = "走访日期"', 'id = "date"\nsensitive = true\nlabel = "走访日期"'
    )
    assert text != _form().text
    with pytest.raises(FormDefinitionError, match="敏感字段"):
        parse_form(text, "assistance.toml")
