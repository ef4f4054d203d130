"""A 分工矩阵 visit reads the grid in a few narrow queries (``store/matrix_reads.py``): every
cell shows what the page showed when it read whole indicators, units and elements, in every
year; the year list is kept across visits and still follows a new year."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from desktop.store import indicators, monitoring, round_progress, units
from desktop.store.database import Database
from desktop.ui.main_window import MainWindow
from desktop.ui.matrix_page import MatrixPage
from tests.ui.conftest import wait_for_backup

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def _page(qtbot: QtBot, window: MainWindow, demo_db: Path) -> MatrixPage:
    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    window.show_page("matrix")
    return window.matrix_page


def _expected(db: Database, year: int) -> tuple[list[str], list[str], set[object], object]:
    """The grid as the page read it before: whole records, elements mapped in Python."""
    rows = indicators.list_indicators(db)
    columns = units.list_units(db, active_only=True)
    by_element = {e.id: e.indicator_id for e in indicators.elements(db, assignable=True)}
    reports = {(by_element[e], u) for e, u in monitoring.assignments(db, year) if e in by_element}
    return (
        [f"{i.code}|{i.name}|{i.level}|{i.for_units}" for i in rows],
        [f"{u.id}|{u.name}" for u in columns],
        reports,
        monitoring.responsibilities(db, year),
    )


def test_every_cell_as_read_before_in_every_year(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = _page(qtbot, window, demo_db)
    assert window.session is not None
    db = window.session.db
    years = round_progress.years(db)
    assert len(years) >= 2
    for year in years:
        page.year_combo.select(year)
        assert page.year_combo.year() == year
        model = page.model
        rows, columns, reports, roles = _expected(db, year)
        assert [f"{i.code}|{i.name}|{i.level}|{i.for_units}" for i in model.indicators] == rows
        assert [f"{u.id}|{u.name}" for u in model.units] == columns
        assert model.reports == reports
        assert model.roles == roles
        assert reports  # the demo assigns units in every year
        shown = 0
        for row, indicator in enumerate(model.indicators):
            for column, unit in enumerate(model.units):
                key = (indicator.id, unit.id)
                text = model.index(row, column).data()
                if not indicator.for_units:
                    assert "报" not in text
                    continue
                assert ("报" in text) == (key in reports)
                assert ("牵" in text) == (roles.get(key) == "lead")
                shown += "报" in text
        assert shown == len({k for k in reports if k[0] in {i.id for i in model.indicators}})


def test_a_visit_keeps_the_year_list_and_follows_a_new_year(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = _page(qtbot, window, demo_db)
    assert window.session is not None
    db = window.session.db
    combo = page.year_combo
    before = [combo.itemData(i) for i in range(combo.count())]
    assert before == sorted(round_progress.years(db), reverse=True)
    first = combo.year()
    changed: list[int] = []
    combo.year_changed.connect(changed.append)
    combo.select(before[-1])
    changed.clear()
    window.show_page("home")
    window.show_page("matrix")
    assert combo.year() == before[-1]  # the clerk's year kept, no reload signal
    assert changed == []
    new = before[0] + 1
    with db.transaction():
        db.execute(
            "INSERT INTO monitoring_round(year, opened_at) VALUES (:y, '2030-01-01T00:00:00')",
            {"y": new},
        )
    page.refresh()
    assert [combo.itemData(i) for i in range(combo.count())] == [new, *before]
    assert combo.year() == before[-1]
    assert first == before[0]
    assert page.model.rowCount(QModelIndex()) == len(page.model.indicators)


def test_a_click_and_its_undo_repaint_only_the_cells_they_change(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    """No model reset on a click (the grid keeps its place): dataChanged for the changed
    cells, and every cell shows what a full re-read shows."""
    page = _page(qtbot, window, demo_db)
    model = page.model
    page.role_mode.setChecked(True)  # 牵 → 配 → 无: nothing to confirm
    row = next(r for r, i in enumerate(model.indicators) if i.for_units)
    column = 3
    before = model.index(row, column).data()
    resets: list[bool] = []
    changed: list[tuple[int, int, int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(
        lambda a, b, _roles=(): changed.append((a.row(), a.column(), b.row(), b.column()))
    )
    page.view.verticalScrollBar().setValue(5)
    page.view.clicked.emit(model.index(row, column))
    assert resets == []
    assert changed == [(row, column, row, column)]
    after = model.index(row, column).data()
    assert after != before
    assert page.view.verticalScrollBar().value() == 5
    shown = [[model.index(r, c).data() for c in range(model.columnCount())] for r in (row,)]
    tips = model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
    page.refresh()  # a full re-read shows the same
    assert [[model.index(r, c).data() for c in range(model.columnCount())] for r in (row,)] == shown
    assert model.index(row, column).data(Qt.ItemDataRole.ToolTipRole) == tips
    changed.clear()
    resets.clear()
    page.undo_stack.undo()
    assert resets == []
    assert changed == [(row, column, row, column)]
    assert model.index(row, column).data() == before


def test_a_click_after_the_rows_changed_reads_the_whole_grid(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = _page(qtbot, window, demo_db)
    assert window.session is not None
    db = window.session.db
    model = page.model
    rows = model.rowCount()
    gone = model.indicators[-1]
    with db.transaction():  # another page retired an indicator meanwhile
        db.execute("UPDATE indicator SET active = 0 WHERE id = :id", {"id": gone.id})
    page.role_mode.setChecked(True)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    row = next(r for r, i in enumerate(model.indicators) if i.for_units)
    page.view.clicked.emit(model.index(row, 0))
    assert resets == [True]
    assert model.rowCount() == rows - 1
    assert gone.id not in {i.id for i in model.indicators}


def test_the_rows_take_the_height_one_measured_row_gives(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    """Every row is one line: the first row measured sizes them all, as measuring every row
    (each cell's roles asked of the model, ~250 ms on the large demo) would."""
    page = _page(qtbot, window, demo_db)
    model = page.model
    header = page.view.verticalHeader()
    heights = [header.sectionSize(r) for r in range(model.rowCount())]
    assert len(set(heights)) == 1
    assert heights[0] < QTableView().verticalHeader().defaultSectionSize()  # fitted, not 30
    page.view.resizeRowsToContents()  # what measuring every row gives
    assert [header.sectionSize(r) for r in range(model.rowCount())] == heights
