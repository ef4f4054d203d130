from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.store import indicators, monitoring, units
from desktop.store.database import Database
from desktop.ui.form_model import HINT, NAME, NOTE, VALUE
from desktop.ui.main_window import MainWindow
from desktop.ui.message_bar import Level
from desktop.ui.unit_form_page import CUT, NAME_CHARACTERS, UnitFormPage
from tests.helpers.qt import ScriptedPrompts, in_sight, type_text
from tests.ui.conftest import wait_for_backup

YEAR = 2025


def _unit_id(path: Path, name: str) -> int:
    db = Database.open(path, read_only=True)
    try:
        return next(u.id for u in units.list_units(db) if u.name == name) or 0
    finally:
        db.close()


def _open_form(qtbot: QtBot, window: MainWindow, db: Path, unit: str) -> UnitFormPage:
    assert window.open_database(db)
    wait_for_backup(qtbot, window)
    window.open_unit_form(YEAR, _unit_id(db, unit))
    page = window.form_page
    assert window.pages_stack.currentWidget() is page
    assert page.unit_combo.currentText().partition("（")[0] == unit  # 镇卫生院（已确认）
    # a confirmed unit asks before the first edit: its own test answers; these just type
    page.model.may_edit = None
    return page


def _type_cell(qtbot: QtBot, page: UnitFormPage, row: int, column: int, text: str) -> None:
    view = page.view
    view.setCurrentIndex(page.model.index(row, column))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)  # start editing, as from the keyboard
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "F2 should open exactly one cell editor"
    editor = editors[0]
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:
        type_text(qtbot, editor, text, replace=False)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the delegate commits on Enter through a queued call: let the event loop deliver it
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def _row_of(page: UnitFormPage, code: str) -> int:
    return next(
        i
        for i, r in enumerate(page.model.rows)
        if r.indicator_code == code and r.role in ("value", "numerator")
    )


def test_type_values_enter_moves_down_save_and_reopen(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = _open_form(qtbot, window, demo_db, "镇卫生院")
    row = _row_of(page, "C-H-06")
    current = page.model.rows[row].value
    assert current is not None
    new = f"{int(current) - 1}"  # a count: 3岁以下儿童系统管理数, not above its denominator
    _type_cell(qtbot, page, row, VALUE, new)
    assert page.view.currentIndex().row() == row + 1  # Enter moved down, like Excel
    assert page.model.dirty
    assert page.save_button.isEnabled()
    qtbot.keyClick(page.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not page.model.dirty, page.message.text()
    assert page.message.level is Level.INFO
    # reopen: another unit, then back
    window.open_unit_form(YEAR, _unit_id(demo_db, "中心学校"))
    window.open_unit_form(YEAR, _unit_id(demo_db, "镇卫生院"))
    assert page.model.text(row, VALUE) == new
    page.view.setCurrentIndex(page.model.index(row, VALUE))
    history = [page.history.item(i).text() for i in range(page.history.count())]
    assert any(f"→ {new}" in h and "办公室电脑" in h for h in history), history
    assert not any("来源：" in h for h in history)  # no empty "来源： →" lines (issue 22)


def test_a_locked_year_refuses_the_save_and_keeps_the_input(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    page = _open_form(qtbot, window, demo_db, "镇卫生院")
    window.show_page("completeness")
    board = window.completeness_page
    board.year_combo.select(YEAR)
    prompts.confirm_answers.append(True)
    qtbot.mouseClick(board.lock_button, Qt.MouseButton.LeftButton)
    assert f"{YEAR}年度已锁定" in board.lock_state.text()
    assert board.lock_button.text() == "解锁……"
    window.open_unit_form(YEAR, _unit_id(demo_db, "镇卫生院"))
    prompts.confirm_answers.append(True)  # 修改已确认的填报
    row = _row_of(page, "C-H-06")
    typed = str(int(page.model.rows[row].value or 0) - 1)
    _type_cell(qtbot, page, row, VALUE, typed)
    assert not page.save()
    assert f"{YEAR}年度已锁定" in page.message.text()
    assert page.model.text(row, VALUE) == typed  # the typed value stays on screen
    window.show_page("completeness")
    prompts.texts.append("卫生院更正")
    qtbot.mouseClick(board.lock_button, Qt.MouseButton.LeftButton)
    assert "解锁（办公室电脑）：卫生院更正" in board.lock_state.text()  # the history shows both
    assert "锁定（" in board.lock_state.text()


def test_full_width_and_percent_input_is_understood(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = _open_form(qtbot, window, demo_db, "镇妇联")
    row = _row_of(page, "L-01")
    _type_cell(qtbot, page, row, VALUE, "８５．３％")
    assert page.model.check(row).level == ""
    assert page.save()
    db = window.session.db  # type: ignore[union-attr]
    rows = {
        r.indicator_code: r for r in monitoring.form_rows(db, YEAR, _unit_id(demo_db, "镇妇联"))
    }
    assert str(rows["L-01"].value) == "85.3"


def test_paste_a_column_from_excel(qtbot: QtBot, window: MainWindow, demo_db: Path) -> None:
    page = _open_form(qtbot, window, demo_db, "镇卫生院")
    start = _row_of(page, "C-H-06")
    QGuiApplication.clipboard().setText("91\r\n92.5\r\n无\r\n")
    page.view.setCurrentIndex(page.model.index(start, VALUE))
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [page.model.text(start + i, VALUE) for i in range(3)] == ["91", "92.5", "无"]
    assert page.model.parsed(start + 2).no_data


def test_paste_skips_locked_columns(qtbot: QtBot, window: MainWindow, demo_db: Path) -> None:
    page = _open_form(qtbot, window, demo_db, "镇卫生院")
    page.view.setCurrentIndex(page.model.index(0, VALUE))
    assert page.view.paste("90\t口径说明\t卫健统计年报\textra") == 3
    assert page.model.text(0, NOTE) == "口径说明"


def test_jump_warns_inline_and_needs_a_note(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = _open_form(qtbot, window, demo_db, "镇卫生院")
    row = _row_of(page, "C-H-06")
    _type_cell(qtbot, page, row, VALUE, "40")
    hint = page.model.index(row, HINT).data()
    assert "变化超过30%" in hint
    assert "请在备注中说明原因" in hint
    assert not page.save()
    assert page.message.level is Level.ERROR
    assert "备注" in page.message.text()
    _type_cell(qtbot, page, row, NOTE, "卫生院合并统计口径")
    assert "已说明原因" in page.model.index(row, HINT).data()
    assert page.save()


def test_errors_inline_range_and_numerator(qtbot: QtBot, window: MainWindow, demo_db: Path) -> None:
    page = _open_form(qtbot, window, demo_db, "东岗村")
    numerator = next(i for i, r in enumerate(page.model.rows) if r.role == "numerator")
    denominator = next(i for i, r in enumerate(page.model.rows) if r.role == "denominator")
    members = int(page.model.rows[denominator].last_value or 6)  # no jump from last year
    _type_cell(qtbot, page, denominator, VALUE, str(members))
    _type_cell(qtbot, page, numerator, VALUE, str(members + 1))
    assert "不能大于分母" in page.model.index(numerator, HINT).data()
    _type_cell(qtbot, page, numerator, VALUE, "2.5")
    assert "整数" in page.model.index(numerator, HINT).data()
    _type_cell(qtbot, page, numerator, VALUE, "abc")
    assert "不是有效的数字" in page.model.index(numerator, HINT).data()
    assert not page.save()
    women = int(page.model.rows[numerator].last_value or 2)
    _type_cell(qtbot, page, numerator, VALUE, str(women))
    assert page.save(), page.message.text()


def test_failed_save_keeps_typed_values(qtbot: QtBot, window: MainWindow, demo_db: Path) -> None:
    page = _open_form(qtbot, window, demo_db, "镇卫生院")
    row = _row_of(page, "C-H-07")
    typed = str(int(page.model.rows[row].value or 0) - 1)
    _type_cell(qtbot, page, row, VALUE, typed)
    window.session.db.connection.execute("PRAGMA busy_timeout = 50")  # type: ignore[union-attr]
    blocker = sqlite3.connect(demo_db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        assert not page.save()
        assert page.message.level is Level.ERROR
        assert "仍保留" in page.message.text()
        assert page.model.text(row, VALUE) == typed
        assert page.model.dirty
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert page.save()
    assert not page.model.dirty


def test_leaving_with_unsaved_changes_asks(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    page = _open_form(qtbot, window, demo_db, "镇卫生院")
    _type_cell(qtbot, page, 0, VALUE, "9")
    prompts.unsaved_answers.append("cancel")
    window.open_unit_form(YEAR, _unit_id(demo_db, "中心学校"))
    assert page.unit_combo.currentText().startswith("镇卫生院（")
    assert page.model.text(0, VALUE) == "9"
    prompts.unsaved_answers.append("cancel")
    assert not window.close_database()  # closing the database asks too
    prompts.unsaved_answers.append("discard")
    window.open_unit_form(YEAR, _unit_id(demo_db, "中心学校"))
    assert page.unit_combo.currentText().startswith("中心学校（")
    assert not page.model.dirty


def test_mark_complete_shows_on_the_board(qtbot: QtBot, window: MainWindow, demo_db: Path) -> None:
    page = _open_form(qtbot, window, demo_db, "中心学校")
    assert page.complete_button.text() == "标记为已确认"
    qtbot.mouseClick(page.complete_button, Qt.MouseButton.LeftButton)
    assert "已确认" in page.state_label.text()
    window.show_page("completeness")
    board = window.completeness_page
    board.year_combo.select(YEAR)
    row = next(i for i, p in enumerate(board.model.rows) if p.name == "中心学校")
    assert board.model.index(row, 4).data() == "已确认"


def test_board_double_click_opens_the_form(qtbot: QtBot, window: MainWindow, demo_db: Path) -> None:
    window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    window.show_page("completeness")
    board = window.completeness_page
    assert board.year_combo.year() == YEAR
    pending = next(i for i, p in enumerate(board.model.rows) if p.state == "pending")
    name = board.model.rows[pending].name
    board.view.doubleClicked.emit(board.model.index(pending, 1))
    assert window.pages_stack.currentWidget() is window.form_page
    assert window.form_page.unit_combo.currentText() == f"{name}（未填报）"  # with its state
    home = "\n".join(window.home.texts())
    assert name in home  # the home page lists units not yet reported


def test_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, window: MainWindow, demo_db: Path
) -> None:
    page = _open_form(qtbot, window, demo_db, "镇卫生院")
    qtmodeltester.check(page.model)
    window.show_page("completeness")
    qtmodeltester.check(window.completeness_page.model)
    window.show_page("results")
    qtmodeltester.check(window.results_page.model)
    assert window.results_page.model.rowCount() == 27  # county rows are not the township's
    # the summary adds up to the rows: every status counted, 只报计数 included
    summary = window.results_page.summary.text()
    statuses = r"(?:达标|未达标|无数据|只报计数|未设目标) (\d+)"
    counts = [int(n) for n in re.findall(statuses, summary)]
    assert "只报计数" in summary
    assert sum(counts) == 27
    # at the window's first size (1100 × 720) 状态 is whole in sight, a long name cut instead
    assert in_sight(qtbot, window.results_page.view, "状态")


def test_definitions_show_as_tooltip_and_in_the_side_panel(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = _open_form(qtbot, window, demo_db, "镇卫生院")
    row = _row_of(page, "C-H-06")
    tooltip = page.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "4:2:2" in tooltip
    assert "计算方法：3岁以下儿童系统管理数 ÷ 3岁以下儿童数" in tooltip
    page.view.setCurrentIndex(page.model.index(row, VALUE))
    # the side panel: the row's whole name first, then its 指标解释
    assert page.explanation.text().startswith("3岁以下儿童系统管理数（分子）\n")
    assert "C-H-06 3岁以下儿童系统管理率" in page.explanation.text()
    assert "资料来源：镇卫生院" in page.explanation.text()
    names = {r.indicator_code for r in page.model.rows}
    assert "W-H-01" not in names  # county rows never reach a unit's form
    window.resize(1280, 720)
    window.grab().save(str(demo_db.parent / "unit_form.png"))


def test_a_counted_row_shows_read_only_with_its_source(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = _open_form(qtbot, window, demo_db, "镇妇联")  # leads 儿童之家数 (from a register)
    assert page.counted.isVisible()
    assert "C-W-03 儿童之家数：" in page.counted.text()
    assert "由“妇女儿童之家”台账统计" in page.counted.text()
    assert "C-W-03" not in {r.indicator_code for r in page.model.rows}  # not typed
    window.resize(1280, 720)
    window.grab().save(str(demo_db.parent / "counted.png"))


def test_a_counted_value_is_glued_to_its_unit_as_a_whole_number(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    """The count with its unit as indicator_text writes it: a per-100,000 unit ``1/10万``
    takes the number in place of its 1 (not ``18.01/10万``), and a count has no decimals
    (not ``18.0/10万``) even where the catalogue gives the indicator one."""
    db = Database.open(demo_db)
    try:
        homes = next(i for i in indicators.list_indicators(db) if i.code == "C-W-03")
        indicators.update(db, replace(homes, measure="1/10万", decimals=1))
    finally:
        db.close()
    page = _open_form(qtbot, window, demo_db, "镇妇联")
    text = page.counted.text()
    assert "C-W-03 儿童之家数：18/10万（由“妇女儿童之家”台账统计" in text
    assert "L-02 每个街道（乡镇）在公共场所设置的母婴室数：10个（" in text
    assert "18.0" not in text
    assert "1/10万" not in text


# ----- 取消 always means cancel (issue 17 item 1) ------------------------------------------


def _lock_file(db: Path) -> Path:
    from desktop.store import lock as lockfile

    return lockfile.lock_path(db)


def test_closing_the_window_with_cancel_keeps_window_edit_and_lock(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    page = _open_form(qtbot, window, demo_db, "镇卫生院")
    row = _row_of(page, "C-H-06")
    current = page.model.rows[row].value
    assert current is not None
    new = f"{int(current) - 1}"  # a count, not above its denominator
    _type_cell(qtbot, page, row, VALUE, new)
    lock = _lock_file(demo_db)
    held = lock.read_bytes()
    prompts.unsaved_answers.append("cancel")
    assert not window.close()  # the close event is refused
    assert window.isVisible()
    assert window.session is not None
    assert page.model.dirty
    assert page.model.text(row, VALUE) == new
    assert lock.read_bytes() == held  # still ours
    assert prompts.asked[-1].startswith("unsaved")
    prompts.unsaved_answers.append("save")
    assert window.close()
    assert not lock.exists()
    db = Database.open(demo_db, read_only=True)
    try:
        rows = monitoring.form_rows(db, YEAR, _unit_id(demo_db, "镇卫生院"))
        saved = next(r for r in rows if r.indicator_code == "C-H-06" and r.role == "numerator")
        assert saved.value is not None
        assert float(saved.value) == float(new)
    finally:
        db.close()


def test_cancel_keeps_edits_on_close_database_open_and_switching(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts, stick: Path
) -> None:
    page = _open_form(qtbot, window, demo_db, "镇卫生院")
    _type_cell(qtbot, page, 0, VALUE, "9")

    def still_there() -> None:
        assert window.session is not None
        assert page.model.dirty
        assert page.model.text(0, VALUE) == "9"

    prompts.unsaved_answers.append("cancel")  # 关闭数据库
    assert not window.close_database()
    still_there()
    other = stick / "另一个.fulian"
    import shutil

    shutil.copyfile(demo_db, other)
    prompts.unsaved_answers.append("cancel")  # 打开 another database
    assert not window.open_database(other)
    still_there()
    assert window.session is not None
    assert window.session.path == demo_db
    prompts.unsaved_answers.append("cancel")  # another unit on the form
    page.unit_combo.setCurrentIndex(
        page.unit_combo.findText("中心学校", Qt.MatchFlag.MatchStartsWith)
    )
    assert page.unit_combo.currentText().startswith("镇卫生院（")
    still_there()
    years = [page.year_combo.itemData(i) for i in range(page.year_combo.count())]
    if len(years) > 1:
        prompts.unsaved_answers.append("cancel")  # another year on the form
        page.year_combo.select(next(y for y in years if y != YEAR))
        assert page.year_combo.year() == YEAR
        still_there()
    prompts.unsaved_answers.append("cancel")  # another page in the sidebar
    window.show_page("results")
    assert window.pages_stack.currentWidget() is page
    assert window.sidebar.currentRow() == window.pages.index(page)
    still_there()
    window.refresh_pages()  # e.g. the background backup finishing: edits stay
    still_there()
    prompts.unsaved_answers.append("discard")
    window.show_page("results")
    assert window.pages_stack.currentWidget() is window.results_page
    assert not page.model.dirty


def test_the_indicator_names_stay_readable_on_a_laptop(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    """At 1366 × 768 the long hints no longer squeeze the indicator's name to "本地监…": the
    notes, sources and hints are cut (whole in their tooltips) and give way to it."""
    unit = _unit_id(demo_db, "镇卫生院")
    db = Database.open(demo_db)
    try:  # returned in a workbook, far from last year's and unexplained: hints to show
        jumps = [r for r in monitoring.form_rows(db, YEAR, unit) if r.last_value][:3]
        entries = [monitoring.ValueEntry(r.element_id, r.last_value * 9) for r in jumps]
        monitoring.save_values(db, YEAR, unit, entries, origin="import")
    finally:
        db.close()
    window.resize(1366, 728)
    page = _open_form(qtbot, window, demo_db, "镇卫生院")
    QApplication.processEvents()
    view, model = page.view, page.model
    character = view.fontMetrics().horizontalAdvance("中")
    assert view.columnWidth(NAME) >= NAME_CHARACTERS * character - 1
    assert view.horizontalScrollBar().maximum() == 0
    hints = [
        model.index(r, HINT) for r in range(model.rowCount()) if model.data(model.index(r, HINT))
    ]
    assert hints  # the demo's unit has values far from last year's
    widest = max(view.fontMetrics().horizontalAdvance(str(model.data(i))) for i in hints)
    assert view.columnWidth(HINT) <= CUT[HINT] < widest  # cut …
    for index in hints:  # … and whole in the tooltip
        assert model.data(index, Qt.ItemDataRole.ToolTipRole) == model.data(index)


def test_a_long_name_wraps_beside_the_form_instead_of_widening_it(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    long_name = "适龄儿童免疫规划疫苗接种率（以乡镇为单位统计，含流动儿童与留守儿童）"
    unit = _unit_id(demo_db, "镇妇联")
    db = Database.open(demo_db)
    try:
        rows = monitoring.form_rows(db, YEAR, unit)
        code = next(r.indicator_code for r in rows if r.role == "value")  # named as its indicator
        indicator = next(i for i in indicators.list_indicators(db) if i.code == code)
        indicators.update(db, replace(indicator, name=long_name))
    finally:
        db.close()
    window.resize(1100, 720)
    page = _open_form(qtbot, window, demo_db, "镇妇联")
    model = page.model
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, NAME)) == long_name)
    page.view.setCurrentIndex(model.index(row, VALUE))
    QApplication.processEvents()
    assert long_name in page.history_title.text()
    side = page.history_title.parentWidget()
    assert side is not None
    assert side.width() < window.width() // 3  # the 修改记录 title wraps: the form keeps its room
