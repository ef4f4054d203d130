"""Issue 17 item 2: a 分工矩阵 change that hides entered data says so and asks; every change can
be undone (撤销 / Ctrl+Z) and redone (重做 / Ctrl+Y), back in the database."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.store import evaluation, indicators, monitoring
from desktop.store.database import Database
from desktop.ui.main_window import MainWindow
from desktop.ui.matrix_page import MatrixPage
from tests.helpers.qt import ScriptedPrompts
from tests.ui.conftest import wait_for_backup

YEAR = 2025
CODE = "L-01"  # reported by 镇妇联, who entered 100 for 2025 and confirmed


def _page(qtbot: QtBot, window: MainWindow, demo_db: Path) -> MatrixPage:
    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    window.show_page("matrix")
    return window.matrix_page


def _cell(page: MatrixPage, unit: str) -> tuple[int, int]:
    row = next(i for i, ind in enumerate(page.model.indicators) if ind.code == CODE)
    column = next(i for i, u in enumerate(page.model.units) if u.name == unit)
    return row, column


def _reporters(db: Database) -> list[str]:
    indicator = next(i for i in indicators.list_indicators(db) if i.code == CODE)
    element = next(e.id for e in indicators.elements(db) if e.indicator_id == indicator.id)
    names = {u: n for u, n in monitoring.reporting_units(db, YEAR)}
    return [names[u] for u in monitoring.assigned_units(db, YEAR, element)]


def _result(db: Database) -> Decimal | None:
    """The township value 监测结果 shows for the indicator."""
    return next(v.value for i, v in evaluation.evaluate_year(db, YEAR) if i.code == CODE)


def _click(qtbot: QtBot, page: MatrixPage, unit: str) -> None:
    row, column = _cell(page, unit)
    page.view.clicked.emit(page.model.index(row, column))


def test_moving_the_reporter_away_from_entered_data_asks_and_undoes(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    page = _page(qtbot, window, demo_db)
    db = window.session.db  # type: ignore[union-attr]
    assert _reporters(db) == ["镇妇联"]
    assert _result(db) == Decimal("100")
    assert not page.undo_button.isEnabled()

    prompts.confirm_answers.append(False)  # 取消
    _click(qtbot, page, "中心学校")
    question = prompts.asked[-1]
    assert question.startswith("改动填报单位")
    assert "“镇妇联”已填的 1 项数据" in question
    assert "已确认" in question
    assert "不再计入监测结果" in question
    assert _reporters(db) == ["镇妇联"]  # nothing changed
    assert not page.undo_button.isEnabled()

    prompts.confirm_answers.append(True)
    _click(qtbot, page, "中心学校")
    assert _reporters(db) == ["中心学校"]
    assert _result(db) is None  # as the question said: the value no longer counts
    assert page.model.cell(*_cell(page, "中心学校"))[0]
    assert page.undo_button.isEnabled()
    assert "中心学校填报L-01" in page.undo_button.toolTip()

    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _reporters(db) == ["镇妇联"]
    assert _result(db) == Decimal("100")  # kept, counts again
    assert page.model.cell(*_cell(page, "镇妇联"))[0]
    assert not page.undo_button.isEnabled()
    assert page.redo_button.isEnabled()

    qtbot.keyClick(page.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _reporters(db) == ["中心学校"]
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert _reporters(db) == ["镇妇联"]
    qtbot.mouseClick(page.redo_button, Qt.MouseButton.LeftButton)
    assert _reporters(db) == ["中心学校"]


def test_unticking_a_reporter_with_data_asks_too(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    page = _page(qtbot, window, demo_db)
    db = window.session.db  # type: ignore[union-attr]
    prompts.confirm_answers.append(True)
    _click(qtbot, page, "镇妇联")
    assert "“镇妇联”已填的 1 项数据" in prompts.asked[-1]
    assert _reporters(db) == []
    page.undo_stack.undo()
    assert _reporters(db) == ["镇妇联"]


def test_a_change_that_hides_nothing_does_not_ask(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    page = _page(qtbot, window, demo_db)
    db = window.session.db  # type: ignore[union-attr]
    prompts.confirm_answers.append(True)
    _click(qtbot, page, "中心学校")
    asked = len(prompts.asked)
    _click(qtbot, page, "派出所")  # 中心学校 has entered nothing for it: no question
    assert len(prompts.asked) == asked
    assert _reporters(db) == ["派出所"]
    page.undo_stack.undo()
    page.undo_stack.undo()
    assert _reporters(db) == ["镇妇联"]


def test_roles_undo_and_redo(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    page = _page(qtbot, window, demo_db)
    page.role_mode.setChecked(True)
    row, column = _cell(page, "中心学校")
    before = page.model.cell(row, column)[1]
    _click(qtbot, page, "中心学校")
    after = page.model.cell(row, column)[1]
    assert after != before
    page.undo_stack.undo()
    assert page.model.cell(row, column)[1] == before
    page.undo_stack.redo()
    assert page.model.cell(row, column)[1] == after
    assert not prompts.asked
    # closing the database forgets the steps (they belong to that file)
    assert window.close_database()
    assert not page.undo_stack.canUndo()
