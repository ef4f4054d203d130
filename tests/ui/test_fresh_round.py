"""A whole monitoring round on a brand-new database, through the UI."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.ui.form_model import VALUE
from desktop.ui.main_window import MainWindow
from tests.helpers.qt import ScriptedPrompts, type_text
from tests.ui.conftest import wait_for_backup
from tests.ui.test_screens import SCREENS


def test_fresh_database_round(
    qtbot: QtBot, window: MainWindow, prompts: ScriptedPrompts, stick: Path
) -> None:
    prompts.new_paths.append(stick / "新库.fulian")
    window.menus.new.trigger()
    wait_for_backup(qtbot, window)
    assert window.profile_dialog is not None
    window.profile_dialog.reject()  # 以后再填

    # the first-year checklist on 首页: nothing done yet, in the order the work is done
    home = window.home
    assert home.setup_box.isVisibleTo(home)
    assert home.setup_done() == [False] * 6
    assert home.setup.item(0).text().endswith("填写乡镇信息（乡镇、妇联、妇儿工委名称，文号前缀）")
    with qtbot.waitSignal(home.navigate) as went:
        home.setup.itemActivated.emit(home.setup.item(1))
    assert went.args == ["units"]
    assert window.pages_stack.currentWidget() is window.units_page

    # the reference catalogue is there from the start, unverified targets marked
    window.show_page("indicators")
    assert window.indicators_page.model.rowCount() == 45

    # one unit
    window.show_page("units")
    dialog = window.units_page.open_dialog(None)
    type_text(qtbot, dialog.code, "D01")
    type_text(qtbot, dialog.name, "镇卫生院")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert window.units_page.model.rowCount() == 1
    window.show_page("home")
    assert home.setup_done()[:2] == [False, True]  # 责任单位 ticked
    window.resize(1366, 768)
    SCREENS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SCREENS / "15_首页_新数据库.png"))  # README "Screenshots"

    # an empty database's board: no year, no "2000-01-01" deadline
    window.show_page("completeness")
    assert window.completeness_page.deadline_edit.text() == "未设置"

    # the first year, blank
    window.show_page("completeness")
    year_dialog = window.completeness_page.new_year()
    year_dialog.source.setCurrentIndex(year_dialog.source.count() - 1)  # 从空白开始
    assert "从空白开始" in year_dialog.note.text()  # the note follows the choice
    year_dialog.target.setValue(2025)
    assert year_dialog.deadline.date().toString("yyyy-MM-dd") == "2026-03-31"
    year_dialog.accept()
    assert window.completeness_page.year_combo.year() == 2025

    # assign C-H-06 to the health centre in the matrix
    window.show_page("matrix")
    matrix = window.matrix_page
    row = next(i for i, ind in enumerate(matrix.model.indicators) if ind.code == "C-H-06")
    matrix.view.clicked.emit(matrix.model.index(row, 0))
    assert matrix.model.cell(row, 0)[0]
    window.show_page("home")
    assert home.setup_done() == [False, True, False, True, True, False]

    # fill the form from the board
    window.show_page("completeness")
    board = window.completeness_page
    assert [p.name for p in board.model.rows] == ["镇卫生院"]
    board.view.doubleClicked.emit(board.model.index(0, 1))
    form = window.form_page
    assert form.model.rowCount() == 2  # 3岁以下儿童系统管理数 and 3岁以下儿童数
    form.model.setData(form.model.index(0, VALUE), "935")
    form.model.setData(form.model.index(1, VALUE), "1000")
    assert form.save()

    window.show_page("results")
    results = window.results_page
    statuses = {r.indicator.code: r.verdict.status.label for r in results.all_rows}
    assert statuses["C-H-06"] == "达标"
    assert statuses["C-H-07"] == "无数据"


def test_the_new_year_dialog_proposes_the_year_in_progress(qtbot: QtBot) -> None:
    from datetime import date

    from desktop.ui.completeness_page import YearDialog

    spring = YearDialog([], today=date(2026, 2, 10))  # 2025's data are still coming in
    qtbot.addWidget(spring)
    assert spring.target.value() == 2025
    assert spring.deadline.date().toString("yyyy-MM-dd") == "2026-03-31"
    autumn = YearDialog([2024, 2025], today=date(2026, 9, 1))
    qtbot.addWidget(autumn)
    assert autumn.target.value() == 2026
    assert "将把2025年度" in autumn.note.text()
    assert "复制到2026年度" in autumn.note.text()
    autumn.source.setCurrentIndex(autumn.source.count() - 1)
    assert "2026年度从空白开始" in autumn.note.text()


def test_the_checklist_goes_away_once_the_first_year_is_set_up() -> None:
    from desktop.domain.first_year import STEPS, checklist

    assert [s.page for s, _done in checklist({})] == [
        "profile",
        "units",
        "indicators",
        "completeness",
        "matrix",
        "letters",
    ]
    assert checklist({"units": True})[1][1]
    assert checklist({"letters": True}) == []  # letters made: a database in use
    assert checklist({s.key: True for s in STEPS}) == []
