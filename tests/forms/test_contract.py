"""Every register definition gets these checks for free (style rule 7): it loads, builds its
form, its defaults are valid, and a record round-trips through SQLite and the Excel
export/import. The test-only definition in tests/fixtures/forms is checked the same way."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.demo.registers import _Maker, make_records
from desktop.exchange import register_excel
from desktop.forms.definition import FormDef
from desktop.forms.loader import load_file
from desktop.forms.validation import default_text
from desktop.store import register_sync
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.units import unit_choices
from desktop.ui.record_dialog import RecordDialog
from tests.forms.helpers import FIXTURE_FORMS, FORMS_DIR, add_units
from tests.helpers.qt import ScriptedPrompts

DEFINITIONS = sorted(FORMS_DIR.glob("*.toml")) + sorted(FIXTURE_FORMS.glob("*.toml"))


def test_the_registers_of_the_glossary_are_declared() -> None:
    ids = {load_file(p).id for p in FORMS_DIR.glob("*.toml")}
    assert ids == {
        "petition",
        "dispute",
        "org",
        "activity",
        "training",
        "assistance",
        "family_honour",
        "model_post",
        "home_site",
        "nursing_room",
        "project",
        "supervision",
        "volunteer",
        "meeting",
    }


@pytest.fixture(params=DEFINITIONS, ids=lambda p: p.stem)
def form(request: pytest.FixtureRequest) -> FormDef:
    path: Path = request.param
    definition = load_file(path)
    assert definition.id == path.stem, "a register's file is named by its id"
    return definition


def test_defaults_are_valid_values(form: FormDef) -> None:
    for f in [*form.fields, *(sf for s in form.subforms for sf in s.fields)]:
        if f.default is not None:
            assert f.kind.parse(default_text(f)) is not None, f.id


def test_every_field_has_a_label_and_sensitive_ones_are_never_filters(form: FormDef) -> None:
    for f in form.fields:
        assert f.label.strip()
    assert not {f.id for f in form.sensitive_fields} & set(form.filters)


def test_round_trip_through_sqlite_and_excel(form: FormDef, db: Database, tmp_path: Path) -> None:
    add_units(db)
    register_sync.sync(db, [form])
    store = RegisterStore(db, form)
    units = unit_choices(db)
    maker = _Maker(random.Random(7), {u: k for u, k in units.kinds.items()})
    [(values, children)] = make_records(form, 1, maker)
    record_id = store.add(values, children)
    stored = store.get(record_id)
    assert stored.values == {f.id: values.get(f.id) for f in form.fields}
    assert store.children(record_id) == {
        s.id: [{f.id: r.get(f.id) for f in s.fields} for r in children.get(s.id, [])]
        for s in form.subforms
    }
    path = tmp_path / f"{form.id}.xlsx"
    by_sub = {s.id: store.all_children(s) for s in form.subforms}
    register_excel.export(path, form, [stored], by_sub, units, full=True)
    plan = register_excel.plan_import(
        path, form, {record_id: stored}, {record_id: store.children(record_id)}, units
    )
    assert plan.errors == []
    assert (plan.added, plan.updated, plan.unchanged) == ([], [], 1)
    # the same file without its record ids adds an equal record
    from openpyxl import load_workbook

    book = load_workbook(path)
    book[register_excel.sheet_title(form.title)].cell(3, 1).value = None
    for sub in form.subforms:
        book.remove(book[register_excel.sheet_title(sub.title)])
    book.save(path)
    plan = register_excel.plan_import(path, form, {record_id: stored}, {}, units)
    assert plan.errors == []
    [(added, _children)] = plan.added
    assert {k: v for k, v in added.items() if v is not None} == {
        k: v for k, v in stored.values.items() if v is not None
    }


def test_builds_its_form(form: FormDef, db: Database, qtbot: QtBot) -> None:
    register_sync.sync(db, [form])
    dialog = RecordDialog(RegisterStore(db, form), unit_choices(db), ScriptedPrompts())
    qtbot.addWidget(dialog)
    assert set(dialog.editors) == {f.id for f in form.fields}
    assert dialog.tabs.count() == 3 + len(form.subforms)  # fields, sub-forms, 附件, history
    assert not dialog.dirty
