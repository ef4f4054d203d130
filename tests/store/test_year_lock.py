"""The year lock: after sign-off a year refuses form saves, template imports and a rollover
into it; unlocking needs a reason; both are audited and listed in the year's history."""

from __future__ import annotations

from decimal import Decimal as D  # noqa: N817 - short for the many literals
from pathlib import Path

import pytest

from desktop import demo
from desktop.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE, main
from desktop.operations import monitoring as ops
from desktop.operations.unit_forms import write_unit_forms
from desktop.store import monitoring, year_lock, year_rollover
from desktop.store.database import Database
from tests.helpers.files import sha256


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo.build(tmp_path_factory.mktemp("lock") / "demo.fulian")


def test_lock_refuses_saves_and_rollover_and_unlock_needs_a_reason(
    demo_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "db.fulian"
    path.write_bytes(demo_file.read_bytes())
    db = Database.open(path, pc="镇政府电脑")
    try:
        unit_id, _name = monitoring.reporting_units(db, 2025)[0]
        row = monitoring.form_rows(db, 2025, unit_id)[0]
        assert ops.lock_year(db, 2025).areas
        assert not ops.lock_year(db, 2025).areas  # already locked: nothing changes
        with pytest.raises(year_lock.YearLocked, match="2025年度已锁定"):
            monitoring.save_values(db, 2025, unit_id, [monitoring.ValueEntry(row.element_id, D(7))])
        assert monitoring.form_rows(db, 2025, unit_id)[0].value == row.value
        with pytest.raises(year_lock.YearLocked):
            monitoring.mark_complete(db, 2025, unit_id)
        ops.lock_year(db, 2026)
        with pytest.raises(year_rollover.RolloverError, match="2026年度已锁定"):
            year_rollover.rollover(db, 2025, 2026)
        assert monitoring.assignments(db, 2026) == set()
        with pytest.raises(ValueError, match="原因"):
            ops.unlock_year(db, 2025, "  ")
        assert year_lock.is_locked(db, 2025)
        ops.unlock_year(db, 2025, "卫生院更正活产数")
        monitoring.save_values(db, 2025, unit_id, [monitoring.ValueEntry(row.element_id, D(7))])
        events = year_lock.history(db, 2025)
        assert [(e.action, e.reason, e.pc) for e in events] == [
            ("锁定", "", "镇政府电脑"),
            ("解锁", "卫生院更正活产数", "镇政府电脑"),
        ]
    finally:
        db.close()


def test_cli_lock_refuses_a_template_import(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "db.fulian"
    path.write_bytes(demo_file.read_bytes())
    db = Database.open(path, read_only=True)
    try:
        written = write_unit_forms(db, 2025, tmp_path / "out")
    finally:
        db.close()
    assert main(["year", str(path), "--lock", "2025"]) == EXIT_OK
    assert "2025年度已锁定" in capsys.readouterr().out
    before = sha256(path)
    assert main(["import", str(path), str(written[0])]) == EXIT_DATA
    assert "2025年度已锁定" in capsys.readouterr().out
    assert sha256(path) == before  # the file is unchanged
    assert main(["year", str(path), "--unlock", "2025"]) == EXIT_USAGE
    assert "原因" in capsys.readouterr().err
    assert main(["year", str(path), "--unlock", "2025", "--reason", "补报"]) == EXIT_OK
    assert "已解锁" in capsys.readouterr().out
    assert main(["import", str(path), str(written[0])]) == EXIT_OK
