"""Importing returned templates through the operations (the path the app and the CLI share)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from desktop.exchange import templates
from desktop.operations import Area
from desktop.operations.returned_files import preview_returns
from desktop.operations.session import connection
from desktop.operations.unit_forms import write_unit_forms
from desktop.store import evaluation, monitoring, units
from desktop.store.database import Database

YEAR = 2025


def _template(db: Database, folder: Path, unit: units.Unit) -> Path:
    (path,) = write_unit_forms(db, YEAR, folder, unit_code=unit.code)
    return path


def _jumping_row(db: Database) -> tuple[units.Unit, int, monitoring.FormRow]:
    """A unit's row whose last-year value +25% stays inside any allowed range."""
    for unit_id, _name in monitoring.reporting_units(db, YEAR):
        for index, row in enumerate(monitoring.form_rows(db, YEAR, unit_id)):
            if row.last_value is not None and 10 <= row.last_value <= 70:
                return units.get(db, unit_id), index, row
    raise AssertionError("the demo has no row to jump")


def test_the_preview_uses_the_stored_jump_threshold(demo_file: Path, tmp_path: Path) -> None:
    with connection(demo_file) as db:
        unit, index, row = _jumping_row(db)
        path = _template(db, tmp_path, unit)
        assert row.last_value is not None
        step = Decimal(1).scaleb(-row.decimals)
        jumped = (Decimal(str(row.last_value)) * Decimal("1.25")).quantize(step)
        book = load_workbook(path)
        sheet = book[templates.DATA_SHEET]
        sheet.cell(templates.FIRST_ROW + index, templates.VALUE_COL).value = float(jumped)
        book.save(path)

        def warning() -> str:
            (preview,) = preview_returns(db, [path])
            assert not preview.refused, preview.problems
            return next(r for r in preview.rows if r.element_id == row.element_id).warning

        assert warning() == ""  # 25% is within the default 30%
        evaluation.set_jump_share(db, Decimal("0.2"))
        assert "变化超过20%" in warning()
        evaluation.set_jump_share(db, Decimal("0.5"))
        assert warning() == ""


def test_round_operations_say_what_they_changed(demo_file: Path) -> None:
    from desktop.operations import rounds

    with connection(demo_file) as db:
        unit_id = monitoring.reporting_units(db, YEAR)[0][0]
        row = monitoring.form_rows(db, YEAR, unit_id)[0]
        entry = monitoring.ValueEntry(row.element_id, Decimal("1"), False, "核对后修改", "")
        changed, changes = rounds.save_unit_form(db, YEAR, unit_id, [entry])
        assert changed == 1
        assert changes.touches(Area.VALUES)
        assert rounds.save_unit_form(db, YEAR, unit_id, [entry]) == (0, rounds.Changes())
        assert rounds.mark_complete(db, YEAR, unit_id).touches(Area.ROUND)
        assert monitoring.completed_at(db, YEAR, unit_id)


def test_previewing_many_files_equals_previewing_each(demo_file: Path, tmp_path: Path) -> None:
    """``preview_returns`` reads the indicators' targets once for all its files (issue 21):
    each file's preview is the one it gets alone, checks, rows and warnings included."""
    from desktop.exchange import returns

    with connection(demo_file) as db:
        unit_ids = [u for u, _name in monitoring.reporting_units(db, YEAR)][:3]
        paths = [_template(db, tmp_path / str(u), units.get(db, u)) for u in unit_ids]
        for offset, path in enumerate(paths):  # a value, a blank and a bad one per file
            book = load_workbook(path)
            sheet = book[templates.DATA_SHEET]
            sheet.cell(templates.FIRST_ROW, templates.VALUE_COL).value = "5"
            sheet.cell(templates.FIRST_ROW + 1 + offset, templates.VALUE_COL).value = "abc"
            book.save(path)
        together = preview_returns(db, paths)
        alone = [returns.preview(db, path) for path in paths]
    assert together == alone
    assert all(p.rows and not p.refused for p in together)
    assert all(p.has_invalid for p in together)
