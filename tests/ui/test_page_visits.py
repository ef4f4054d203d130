"""A page visited again comes back as the clerk left it, unless something it shows changed:
a write on the window's connection or another one, the lock of personal data, another day."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.paths import bundled_dir
from desktop.store import units
from desktop.store.database import Database
from desktop.store.errors import StoreError
from desktop.ui.assessment_page import AssessmentPage
from desktop.ui.main_window import MainWindow
from tests.helpers.qt import ScriptedPrompts
from tests.ui.conftest import wait_for_backup
from tests.ui.test_privacy_page import protect


def _rows(window: MainWindow) -> int:
    return window.units_page.model.rowCount()


def test_a_page_visited_again_unchanged_keeps_its_selection(
    window: MainWindow, demo_db: Path
) -> None:
    assert window.open_database(demo_db)
    window.show_page("results")
    view = window.results_page.view
    assert view.model().rowCount() > 5
    view.selectRow(4)
    window.show_page("home")
    window.show_page("results")  # nothing written since: not read again
    assert view.currentIndex().row() == 4
    assert [i.row() for i in view.selectionModel().selectedRows()] == [4]


def test_a_backup_that_finishes_leaves_the_visible_page_as_it_is(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    assert window.open_database(demo_db)  # this PC's first backup of the file starts
    window.show_page("results")
    view = window.results_page.view
    view.selectRow(4)
    assert window.control.last_backup is None  # its end is still to come
    wait_for_backup(qtbot, window)
    assert window.control.last_backup is not None  # the window took note: pages refreshed
    assert [i.row() for i in view.selectionModel().selectedRows()] == [4]


@pytest.mark.parametrize("writer", ["the window's connection", "another connection"])
def test_a_write_is_read_on_the_next_visit(window: MainWindow, demo_db: Path, writer: str) -> None:
    assert window.open_database(demo_db)
    window.show_page("units")
    before = _rows(window)
    window.show_page("home")
    assert window.session is not None
    own = writer == "the window's connection"
    db = window.session.db if own else Database.open(demo_db)  # another: a task's own
    try:
        units.add(db, units.Unit(code="Z99", name="新设单位"))
    finally:
        if not own:
            db.close()
    window.show_page("units")
    assert _rows(window) == before + 1


def test_the_idle_lock_shows_personal_data_encrypted_on_the_next_visit(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    protect(qtbot, window, demo_db, prompts)
    window.show_page("registers:petition")
    page = window.registers_page
    names = {page.model.index(r, 2).data() for r in range(page.model.rowCount())}
    assert "已加密" not in names  # unlocked: the names shown (masked)
    window.show_page("home")
    assert window.check_idle(window.last_activity + 24 * 3600)  # writes nothing
    window.show_page("registers:petition")
    names = {page.model.index(r, 2).data() for r in range(page.model.rowCount())}
    assert names == {"已加密"}


def test_the_database_page_is_read_at_every_visit(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    assert window.open_database(demo_db)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    window.show_page("database")
    page = window.database_page
    shown = page.table.rowCount()
    assert window.session is not None
    window.session.backups.backup(demo_db, window.session.db_id)  # a file, not a write
    window.show_page("home")
    window.show_page("database")
    assert page.table.rowCount() == shown + 1


def test_a_page_that_failed_to_read_reads_on_the_next_visit(
    window: MainWindow, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.open_database(demo_db)
    page = window.units_page

    def pulled(*_args: object, **_kwargs: object) -> object:
        raise StoreError("U盘已拔出")  # a read that failed once (the stick reseated)

    monkeypatch.setattr(units, "list_units", pulled)
    with pytest.raises(StoreError):
        page.visit()
    monkeypatch.undo()
    page.visit()  # nothing written since: read again all the same
    assert page.model.rowCount() > 0


def test_a_changed_scheme_file_is_read_on_the_next_visit(
    window: MainWindow, demo_db: Path, data_dir: Path
) -> None:
    assert window.open_database(demo_db)
    window.show_page("assessment")
    page = window.pages_stack.currentWidget()
    assert isinstance(page, AssessmentPage)
    combo = page.scheme_combo
    assert combo.itemText(0) == "成员单位目标责任考核"
    window.show_page("home")
    own = data_dir / "forms" / "assessment"
    own.mkdir(parents=True)
    text = (bundled_dir("forms") / "assessment" / "member_units.toml").read_text("utf-8")
    (own / "member_units.toml").write_text(
        text.replace('title = "成员单位目标责任考核"', 'title = "成员单位考核（本镇）"'), "utf-8"
    )
    window.show_page("assessment")  # the database unchanged, her scheme file new
    assert combo.itemText(0) == "成员单位考核（本镇）"
