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


def test_one_rule_for_which_units_get_a_letter(demo_file: Path, tmp_path: Path) -> None:
    """生成本年度责任书, dating the letters and writing them number the same units: those
    with a responsibility, a task or a reporting duty (2023 of the demo has units that only
    report)."""
    from datetime import date

    from desktop.operations.letter_dates import date_year_letters
    from desktop.operations.letter_numbers import letter_units
    from desktop.operations.letters import number_year
    from desktop.store import monitoring

    with connection(demo_file) as db:
        chosen = letter_units(db, 2023)
        leads = {unit_id for _indicator, unit_id in monitoring.responsibilities(db, 2023)}
        only_reporting = [u for u in chosen if u.id not in leads]
        assert only_reporting  # the case the rules used to disagree on
        count, changes = number_year(db, 2023)
        assert count == len(chosen)
        assert changes.touches(Area.LETTERS)
        unit = only_reporting[0]
        out = tmp_path / "one.docx"
        written = write_letters(db, 2023, out, unit_code=unit.code, fmt="docx")
        assert written.paths == [out]
        assert not written.changes.touches(Area.LETTERS)  # numbered by the button already
        assert letters.letters(db, 2022) == []
        date_year_letters(db, 2022, date(2022, 3, 1))
        numbered = {letter.unit_id for letter in letters.letters(db, 2022)}
        assert numbered == {u.id for u in letter_units(db, 2022)}


def test_a_missing_font_ends_letters_and_exports_cleanly(
    demo_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The commands share one open/close helper: no Chinese font (simulated: this machine has
    them) is exit 3 with the Chinese message, no file or temporary file, the lock released."""
    from desktop.reports.pdf.fonts import FontMissing, FontSet

    def no_fonts(cls: type[FontSet]) -> FontSet:
        raise FontMissing

    monkeypatch.setattr(FontSet, "discover", classmethod(no_fonts))
    out = tmp_path / "out"
    out.mkdir()
    letters_args = ["letters", str(demo_file), "--year", str(YEAR), "--unit", "D02"]
    assert main([*letters_args, "-o", str(out / "letter.pdf")]) == EXIT_ENV
    assert "没有找到可嵌入PDF的中文字体" in capsys.readouterr().err
    assert not lockfile.lock_path(demo_file).exists()
    export_args = ["export", str(demo_file), "warnings", "--year", str(YEAR), "--format", "pdf"]
    assert main([*export_args, "-o", str(out)]) == EXIT_ENV
    assert "没有找到可嵌入PDF的中文字体" in capsys.readouterr().err
    assert list(out.iterdir()) == []
