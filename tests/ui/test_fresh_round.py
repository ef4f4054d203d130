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


def test_fresh_database_round(
    qtbot: QtBot, window: MainWindow, prompts: ScriptedPrompts, stick: Path
) -> None:
    prompts.new_paths.append(stick / "新库.fulian")
    window.action_new.trigger()
    wait_for_backup(qtbot, window)
    assert window.profile_dialog is not None
    window.profile_dialog.reject()  # 以后再填

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

    # the first year, blank
    window.show_page("completeness")
    year_dialog = window.completeness_page.new_year()
    year_dialog.source.setCurrentIndex(year_dialog.source.count() - 1)  # 从空白开始
    year_dialog.target.setValue(2025)
    year_dialog.accept()
    assert window.completeness_page.year_combo.year() == 2025

    # assign C-H-06 to the health centre in the matrix
    window.show_page("matrix")
    matrix = window.matrix_page
    row = next(i for i, ind in enumerate(matrix.model.indicators) if ind.code == "C-H-06")
    matrix.view.clicked.emit(matrix.model.index(row, 0))
    assert matrix.model.cell(row, 0)[0]

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
