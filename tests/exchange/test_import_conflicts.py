"""Issue 17 item 4: 冲突 rows need an explicit choice. Two filled copies of one template: the
second is not applied (exit 1, conflicts listed, database unchanged) unless
``--accept-conflicts`` says the file's values win."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop import demo
from desktop.cli import EXIT_DATA, EXIT_OK, main
from desktop.exchange import returns, templates
from desktop.operations.returned_files import Choice, ImportRefused, import_file
from desktop.store import monitoring, units
from desktop.store.database import Database
from tests.helpers.files import sha256

YEAR = 2025


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo.build(tmp_path_factory.mktemp("conflicts") / "demo.fulian")


@pytest.fixture
def db_file(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.fulian"
    shutil.copyfile(demo_file, path)
    return path


def _two_copies(db_file: Path, tmp_path: Path) -> tuple[Path, Path, int]:
    """Two filled copies of 镇卫生院's template: A says 6, B says 7 for the first row."""
    db = Database.open(db_file, read_only=True)
    try:
        unit = units.get(db, next(u.id for u in units.list_units(db) if u.name == "镇卫生院") or 0)
        path = tmp_path / "A.xlsx"
        templates.write_template(db, YEAR, unit, path)
    finally:
        db.close()
    other = tmp_path / "B.xlsx"
    shutil.copyfile(path, other)
    for copy, value in ((path, 6), (other, 7)):
        book = load_workbook(copy)
        book[templates.DATA_SHEET].cell(templates.FIRST_ROW, templates.VALUE_COL).value = value
        book.save(copy)
    assert unit.id is not None
    return path, other, unit.id


def _first_value(db_file: Path, unit_id: int) -> Decimal | None:
    db = Database.open(db_file, read_only=True)
    try:
        return monitoring.form_rows(db, YEAR, unit_id)[0].value
    finally:
        db.close()


def test_second_copy_is_not_applied_without_accept_conflicts(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, unit_id = _two_copies(db_file, tmp_path)
    assert main(["import", str(db_file), str(first)]) == EXIT_OK
    assert _first_value(db_file, unit_id) == Decimal("6")
    capsys.readouterr()
    before = sha256(db_file)
    assert main(["import", str(db_file), str(second)]) == EXIT_DATA
    out = capsys.readouterr().out
    assert "冲突 1" in out
    assert "冲突：" in out
    assert "已从" in out  # which value the app holds now
    assert "未导入" in out
    assert "--accept-conflicts" in out
    assert sha256(db_file) == before  # nothing written, not even the import log
    assert _first_value(db_file, unit_id) == Decimal("6")
    assert main(["import", str(db_file), str(second), "--accept-conflicts"]) == EXIT_OK
    assert "1 项冲突以文件为准" in capsys.readouterr().out
    assert _first_value(db_file, unit_id) == Decimal("7")


def test_help_documents_the_rule(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    text = capsys.readouterr().out
    assert "--accept-conflicts" in text
    assert "冲突" in text


def test_operation_refuses_conflicts_unless_chosen(db_file: Path, tmp_path: Path) -> None:
    first, second, unit_id = _two_copies(db_file, tmp_path)
    db = Database.open(db_file)
    try:
        import_file(db, returns.preview(db, first), Choice())
        preview = returns.preview(db, second)
        assert preview.has_conflicts
        with pytest.raises(ImportRefused, match="冲突"):
            import_file(db, preview, Choice(valid_only=True))  # valid rows only is not enough
        with pytest.raises(ValueError, match="conflicts"):
            returns.apply(db, preview)  # the lower layer refuses too
        applied = import_file(db, preview, Choice(accept_conflicts=True))
        assert applied.written >= 1
    finally:
        db.close()
    assert _first_value(db_file, unit_id) == Decimal("7")


def test_a_value_empty_when_the_template_was_made_reads_as_empty(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = Database.open(db_file)
    try:  # the first row not yet filled in when the template goes out
        unit = next(u.id for u in units.list_units(db) if u.name == "镇卫生院") or 0
        element = monitoring.form_rows(db, YEAR, unit)[0].element_id
        monitoring.save_values(db, YEAR, unit, [monitoring.ValueEntry(element, None)])
    finally:
        db.close()
    first, second, _unit = _two_copies(db_file, tmp_path)
    assert main(["import", str(db_file), str(first)]) == EXIT_OK
    capsys.readouterr()
    assert main(["import", str(db_file), str(second)]) == EXIT_DATA
    out = capsys.readouterr().out
    assert "已从（空）改为“6”" in out  # not 已从“”改为“6”
