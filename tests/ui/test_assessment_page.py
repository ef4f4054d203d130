"""年度考核 page: the demo's units × items, a 考评 score typed like the unit form (Enter moves
down, Ctrl+S saves), totals and rank live, the scores kept with the year's scheme."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.store import assessment
from desktop.ui.assessment_page import AssessmentPage
from desktop.ui.main_window import MainWindow
from tests.helpers.qt import ScriptedPrompts
from tests.ui.conftest import wait_for_backup


def open_page(qtbot: QtBot, window: MainWindow, db: Path) -> AssessmentPage:
    assert window.open_database(db)
    wait_for_backup(qtbot, window)
    window.show_page("assessment")
    page = window.pages_stack.currentWidget()
    assert isinstance(page, AssessmentPage)
    return page


def column_of(page: AssessmentPage, name: str) -> int:
    model = page.model
    for column in range(model.columnCount()):
        header = str(model.headerData(column, Qt.Orientation.Horizontal))
        if header.rpartition("（")[0].replace("\n", "") == name or header == name:
            return column
    raise AssertionError(name)


def type_cell(qtbot: QtBot, page: AssessmentPage, row: int, column: int, text: str) -> None:
    view = page.view
    view.setCurrentIndex(page.model.index(row, column))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    qtbot.keyClick(editors[0], Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editors[0], text)
    qtbot.keyClick(editors[0], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def test_the_result_is_in_sight_and_not_a_grade_while_scores_wait(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    window.resize(1366, 768)
    page = open_page(qtbot, window, demo_db)
    QApplication.processEvents()
    model, view = page.model, page.view
    assert page.scheme_combo.currentText() == "成员单位目标责任考核"
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["名次", "单位", "总分", "等次"]  # beside the unit
    assert view.horizontalScrollBar().maximum() == 0  # the whole scheme on a laptop screen
    grade, notes = column_of(page, "等次"), column_of(page, "备注")
    rows = [r for r in range(model.rowCount()) if model.data(model.index(r, 0)) != "—"]
    waiting = [r for r in rows if "待考评" in str(model.data(model.index(r, notes)))]
    assert waiting  # the demo's 工作机制 … are not scored yet
    for row in waiting:
        assert model.data(model.index(row, grade)) == "待定"
        assert model.data(model.index(row, grade), Qt.ItemDataRole.BackgroundRole) is None
    row = waiting[0]
    for item in ("工作机制", "年终总结", "档案资料"):  # the last scores typed: graded
        type_cell(qtbot, page, row, column_of(page, item), "5")
    assert model.data(model.index(row, grade)) in [g.name for g in page.scheme().grades]


def test_type_scores_live_totals_and_save(
    qtbot: QtBot, window: MainWindow, demo_db: Path, tmp_path: Path
) -> None:
    page = open_page(qtbot, window, demo_db)
    model = page.model
    assert page.scheme_combo.currentText() == "成员单位目标责任考核"
    assert model.rowCount() > 3
    name = column_of(page, "单位")
    total = column_of(page, "总分")
    mechanism = column_of(page, "工作机制")
    tasks = column_of(page, "年度任务完成")
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) not in ("—", ""))
    unit = str(model.data(model.index(row, name)))
    assert not model.flags(model.index(row, tasks)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(row, mechanism)) & Qt.ItemFlag.ItemIsEditable
    assert model.data(model.index(row, mechanism)) == "待评"
    before = float(str(model.data(model.index(row, total))))
    type_cell(qtbot, page, row, mechanism, "5")
    assert page.view.currentIndex().row() == row + 1  # Enter moved down
    after = float(str(model.data(model.index(row, total))))
    assert after > before  # the total follows the keystroke
    type_cell(qtbot, page, row + 1, mechanism, "9")  # more than the item's 5 points
    assert model.data(model.index(row + 1, mechanism)) == "待评"
    qtbot.keyClick(page.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "已保存 1 项评分" in page.message.text()
    assert window.session is not None
    db = window.session.db
    unit_id = next(u for u in assessment.unit_facts(db, 2025) if u.name == unit).unit_id
    assert assessment.entries(db, 2025)[unit_id]["mechanism"].score == 5
    assert {s.id for s in assessment.stored_schemes(db, 2025)} == {"member_units", "villages"}
    page.scheme_combo.setCurrentIndex(1)
    assert page.scheme_combo.currentText() == "村（社区）妇女工作考核"
    assert model.rowCount() > 0
    page.resize(1300, 600)
    page.grab().save(str(tmp_path / "assessment_page.png"))


def test_follow_up_page_issue_review_and_overdue_on_home(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    from datetime import date

    from desktop.operations import notices as notice_ops
    from desktop.store import follow_ups as follow_up_store
    from desktop.store import notices
    from desktop.store.database import Database
    from desktop.ui.follow_up_page import DONE_COLUMN, FollowUpPage

    db = Database.open(demo_db)
    try:  # notices sent last spring: their 整改期限 has passed
        sent = notice_ops.issue_warnings(db, 2025, on=date(2025, 3, 1), due=date(2025, 4, 1))
    finally:
        db.close()
    assert sent.notices
    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    home = "\n".join(window.home.texts())
    assert "预警整改已过期限：" in home
    window.show_page("follow_up")
    page = window.pages_stack.currentWidget()
    assert isinstance(page, FollowUpPage)
    assert page.table.rowCount() == len(page.rows) > 0
    assert page.table.item(0, 10).text() == "整改逾期"
    page.table.item(0, 5).setText("落实转诊")
    page.table.item(0, 6).setText("2025-04-10")
    page.table.item(0, 7).setText("已回升")
    page.table.item(0, DONE_COLUMN).setCheckState(Qt.CheckState.Checked)
    qtbot.keyClick(page.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "已保存 1 项整改情况" in page.message.text()
    assert window.session is not None
    first = follow_up_store.follow_ups(window.session.db, year=2025)[0]
    assert (first.measures, first.review_on, first.state) == ("落实转诊", "2025-04-10", "closed")
    assert page.table.item(0, 10).text() == "已整改"
    page.table.selectRow(1)
    page.escalate()
    assert "已发出 1 份督办单" in page.message.text()
    assert any(n.kind == "supervision" for n in notices.notices(window.session.db, 2025))
    prompts.folders.append(tmp_path)
    task = page.export("docx")  # through the runner
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert "份通知书" in page.message.text()
    assert len(list(tmp_path.glob("*.docx"))) == len(notices.notices(window.session.db, 2025))
    page.resize(1300, 500)
    page.grab().save(str(tmp_path / "follow_up_page.png"))


def test_issuing_the_warnings_asks_first(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    import re

    from desktop.store import notices
    from desktop.ui.follow_up_page import FollowUpPage

    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    window.show_page("follow_up")
    page = window.pages_stack.currentWidget()
    assert isinstance(page, FollowUpPage)
    assert "还没有预警整改事项" in page.summary.text()  # where the items come from
    prompts.confirm_answers.append(False)
    page.issue()
    asked = re.search(r"将向 (\d+) 个牵头单位.*共 (\d+) 项预警指标", prompts.asked[-1])
    assert asked is not None
    assert window.session is not None
    assert notices.notices(window.session.db, 2025) == []  # 取消: nothing sent
    assert page.table.rowCount() == 0
    prompts.confirm_answers.append(True)
    page.issue()
    units, items = (int(n) for n in asked.groups())
    assert len(notices.notices(window.session.db, 2025)) == units
    assert page.table.rowCount() == items
    assert f"已发出 {units} 份预警通知书" in page.message.text()
    questions = len(prompts.asked)
    page.issue()  # nothing new: not asked again
    assert len(prompts.asked) == questions
    assert "没有新的预警" in page.message.text()


@pytest.mark.parametrize("size", [(1366, 768), (1100, 720)])
def test_the_follow_up_columns_fit_a_1366_pixel_screen(
    qtbot: QtBot, window: MainWindow, demo_db: Path, size: tuple[int, int]
) -> None:
    """The columns the clerk fills (整改措施 … 状态) are in sight without scrolling sideways:
    the indicator and the warning are cut, whole in their tooltips; 整改措施 takes the rest,
    and on a 1100-pixel window the two cut columns give way to it."""
    from datetime import date

    from desktop.operations import notices as notice_ops
    from desktop.store.database import Database
    from desktop.ui.follow_up_page import CUT, MEASURES_CHARACTERS, MEASURES_COLUMN, FollowUpPage

    db = Database.open(demo_db)
    try:
        assert notice_ops.issue_warnings(db, 2025, on=date(2025, 3, 1)).notices
    finally:
        db.close()
    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    window.resize(*size)
    window.show_page("follow_up")
    page = window.pages_stack.currentWidget()
    assert isinstance(page, FollowUpPage)
    QApplication.processEvents()
    table = page.table
    assert table.horizontalScrollBar().maximum() == 0  # every column in sight
    for column, pixels in CUT.items():
        assert table.columnWidth(column) <= pixels
        texts = [table.item(r, column).text() for r in range(table.rowCount())]
        tips = [table.item(r, column).toolTip() for r in range(table.rowCount())]
        assert tips == texts  # whole where the column cuts them
    character = table.fontMetrics().horizontalAdvance("中")
    assert table.columnWidth(MEASURES_COLUMN) >= MEASURES_CHARACTERS * character - 1
