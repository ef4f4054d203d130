"""Shared pieces for the form engine's tests: the bundled forms and a units table."""

from __future__ import annotations

from pathlib import Path

from desktop.forms.loader import FormSet, load_dirs
from desktop.paths import bundled_dir
from desktop.store import units
from desktop.store.database import Database

FORMS_DIR = bundled_dir("forms")
FIXTURE_FORMS = Path(__file__).parent.parent / "fixtures" / "forms"


def bundled() -> FormSet:
    forms = load_dirs([FORMS_DIR])
    assert not forms.problems, forms.problems
    return forms


def add_units(db: Database) -> dict[str, int]:
    """A department, two villages and a community; name → id."""
    made = {}
    for code, name, kind in (
        ("D01", "派出所", "department"),
        ("C01", "东岗村", "village"),
        ("C02", "西岭村", "village"),
        ("S01", "滨河社区", "community"),
    ):
        made[name] = units.add(db, units.Unit(code=code, name=name, kind=kind))
    return made
