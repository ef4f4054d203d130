"""Letters through the operation: numbered before rendering, and ``fulian letters`` opens the
database the way the app does (lock file, backup before migrating)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import EXIT_ENV, EXIT_OK, main
from desktop.operations import Area
from desktop.operations.letters import write_letters
from desktop.operations.session import connection
from desktop.store import letters
from desktop.store import lock as lockfile

YEAR = 2025


def test_numbers_are_given_before_rendering_and_reported(demo_file: Path, tmp_path: Path) -> None:
    with connection(demo_file) as db:
        before = len(letters.letters(db, YEAR))
        unit_code = "D02"
        result = write_letters(db, YEAR, tmp_path / "one.docx", unit_code=unit_code, fmt="docx")
        assert [p.name for p in result.paths] == ["one.docx"]
        after = len(letters.letters(db, YEAR))
        assert result.changes.touches(Area.LETTERS) == (after > before)
        again = write_letters(db, YEAR, tmp_path / "two.docx", unit_code=unit_code, fmt="docx")
        assert not again.changes.touches(Area.LETTERS)  # numbered already: nothing new


def test_fulian_letters_respects_the_lock_like_the_app(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    held = lockfile.acquire(demo_file, pc="另一台电脑")
    try:
        out = tmp_path / "letters.pdf"
        status = main(["letters", str(demo_file), "--year", str(YEAR), "-o", str(out)])
        assert status == EXIT_ENV
        assert "另一台电脑" in capsys.readouterr().err
        assert not out.exists()
    finally:
        held.release()
    status = main(["letters", str(demo_file), "--year", str(YEAR), "--unit", "D02", "-o", str(out)])
    assert status == EXIT_OK
    assert out.exists()
    assert not lockfile.lock_path(demo_file).exists()  # released again
