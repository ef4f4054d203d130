"""工作台账 driven like the clerk does: create, validate inline, edit with history, search,
filter, delete and restore, export, a failed save that keeps the input, reminders on the home
page, and a register that exists only as a TOML file in the test folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.domain.identity import check_character
from desktop.forms.loader import load_dirs
from desktop.paths import backups_dir
from desktop.store import units
from desktop.store.backup import BackupStore
from desktop.store.registers import RegisterStore
from desktop.ui.field_editors import ComboEditor, LineEditor, MultilineEditor
from desktop.ui.main_window import MainWindow
from desktop.ui.message_bar import Level
from desktop.ui.record_dialog import RecordDialog
from desktop.ui.register_page import RegistersPage
from desktop.ui.settings import Settings
from tests.forms.helpers import FIXTURE_FORMS
from tests.helpers.qt import ScriptedPrompts, type_text
from tests.ui.conftest import wait_for_backup

VALID_ID = "33010219850308122" + check_character("33010219850308122")  # 1985-03-08, 女


def open_register(qtbot: QtBot, window: MainWindow, db: Path, form_id: str) -> RegistersPage:
    assert window.open_database(db)
    wait_for_backup(qtbot, window)
    window.show_page(f"registers:{form_id}")
    page = window.registers_page
    assert window.pages_stack.currentWidget() is page
    assert page.form is not None
    assert page.form.id == form_id
    return page


def fill(qtbot: QtBot, dialog: RecordDialog, values: dict[str, str]) -> None:
    for field_id, text in values.items():
        editor = dialog.editors[field_id]
        if isinstance(editor, ComboEditor):
            editor.combo.setCurrentText(text)
            assert editor.text() == text, f"{field_id}: {text} not offered"
        elif isinstance(editor, LineEditor):
            type_text(qtbot, editor.edit, text)
        elif isinstance(editor, MultilineEditor):
            editor.edit.setPlainText(text)
        else:
            editor.set_text(text)


def count(page: RegistersPage) -> int:
    assert page.form is not None
    assert page.session is not None
    return RegisterStore(page.session.db, page.form).count()


PETITION = {
    "received_on": "2026-11-20",
    "channel": "来访",
    "person_name": "韩梅梅",
    "id_number": VALID_ID,
    "phone": "139 0000 1111",
    "category": "婚姻家庭",
    "sub_category": "家庭暴力",
    "content": "反映丈夫多次殴打，请求帮助。",
    "deadline": "2027年1月19日",
}


def test_create_a_petition_with_inline_checks(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = open_register(qtbot, window, demo_db, "petition")
    before = count(page)
    dialog = page.new_record()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.editors["status"].text() == "受理"  # the declared default
    assert not dialog.save()  # required fields empty
    assert dialog.errors["person_name"].isVisible()
    assert dialog.errors["person_name"].text() == "必填"
    assert dialog.message.level is Level.WARNING
    wrong = "0" if VALID_ID[-1] != "0" else "1"
    fill(qtbot, dialog, {**PETITION, "id_number": VALID_ID[:-1] + wrong})
    assert not dialog.save()
    assert "校验位不对" in dialog.errors["id_number"].text()
    assert not dialog.errors["person_name"].isVisible()
    fill(qtbot, dialog, {"id_number": VALID_ID})
    assert dialog.helps["id_number"].text() == "出生日期 1985年3月8日，女"
    with qtbot.waitSignal(dialog.saved):
        assert dialog.save()
    assert count(page) == before + 1
    record = page.selected()
    assert record is not None
    stored = RegisterStore(window.session.db, page.form).get(record.id)  # type: ignore[union-attr,arg-type]
    assert stored.values["phone"] == "13900001111"
    assert stored.values["deadline"] == "2027-01-19"
    row = page.model.row_of(record.id)
    assert row is not None
    shown = [page.model.index(row, c).data() for c in range(page.model.columnCount())]
    assert "韩**" in shown
    assert "韩梅梅" not in shown
    assert "已保存" in page.message.text()


def test_dependent_choice_and_cross_field_rules(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = open_register(qtbot, window, demo_db, "petition")
    page.view.selectRow(0)
    dialog = page.edit_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    fill(qtbot, dialog, {"category": "财产权益"})
    offered = dialog.editors["sub_category"].combo
    labels = [offered.itemText(i) for i in range(offered.count())]
    assert "家庭暴力" not in labels
    assert "继承" in labels
    fill(qtbot, dialog, {"sub_category": "继承", "status": "已办结"})
    dialog.editors["closed_on"].set_text("")
    dialog.editors["result"].set_text("")
    assert not dialog.save()
    assert dialog.errors["closed_on"].text() == "已办结的信访件请填写办结日期"
    assert dialog.errors["result"].text() == "已办结的信访件请填写办理结果"
    fill(qtbot, dialog, {"closed_on": "2000-01-01", "result": "已协调解决。"})
    assert not dialog.save()
    assert dialog.errors["closed_on"].text() == "办结日期不能早于受理日期"
    received = dialog.editors["received_on"].text()
    fill(qtbot, dialog, {"closed_on": received})
    assert dialog.save()


def test_the_domestic_violence_block_shows_only_for_domestic_violence(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = open_register(qtbot, window, demo_db, "petition")
    dialog = page.new_record()
    assert dialog is not None
    qtbot.addWidget(dialog)
    block = ("dv_types", "dv_police", "dv_warning", "dv_order", "dv_shelter", "dv_minor")
    assert all(dialog.editors[f].widget.isHidden() for f in block)
    assert dialog.labels["dv_order"].isHidden()
    fill(qtbot, dialog, {**PETITION, "person_name": "韩梅梅", "sub_category": "家庭暴力"})
    assert not any(dialog.editors[f].widget.isHidden() for f in block)
    fill(qtbot, dialog, {"dv_order": "已核发", "dv_police": "是"})
    fill(qtbot, dialog, {"sub_category": "离婚"})  # the block goes, and is saved empty
    assert all(dialog.editors[f].widget.isHidden() for f in block)
    assert dialog.save()
    stored = RegisterStore(window.session.db, page.form).list_records()[-1]  # type: ignore[union-attr,arg-type]
    assert stored.values["sub_category"] == "离婚"
    assert stored.values["dv_order"] is None
    assert stored.values["dv_police"] is None


def test_edit_with_steps_and_history(qtbot: QtBot, window: MainWindow, demo_db: Path) -> None:
    page = open_register(qtbot, window, demo_db, "petition")
    page.view.selectRow(0)
    record = page.selected()
    assert record is not None
    dialog = page.edit_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    steps = dialog.subs["steps"]
    rows_before = steps.table.rowCount()
    steps.add_row(["2026-11-28", "回访", "王晓燕", "当事人表示满意"])
    fill(qtbot, dialog, {"receiver": "张敏"})
    assert dialog.dirty
    assert dialog.save()
    store = RegisterStore(window.session.db, page.form)  # type: ignore[union-attr,arg-type]
    assert len(store.children(record.id)["steps"]) == rows_before + 1
    again = page.edit_selected()
    assert again is not None
    qtbot.addWidget(again)
    history = [
        [again.history.item(r, c).text() for c in range(5)] for r in range(again.history.rowCount())
    ]
    assert any(h[2] == "修改" and h[3] == "接待人" and h[4].endswith("→ 张敏") for h in history)
    assert any(h[3] == f"办理过程第{rows_before + 1}行·环节" and h[4] == "回访" for h in history)
    assert all(h[1] == "办公室电脑" for h in history)


def test_bad_sub_record_rows_are_named(qtbot: QtBot, window: MainWindow, demo_db: Path) -> None:
    page = open_register(qtbot, window, demo_db, "assistance")
    page.view.selectRow(0)
    dialog = page.edit_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    visits = dialog.subs["visits"]
    visits.add_row(["2026-02-30", "", "", ""])
    assert not dialog.save()
    row = visits.table.rowCount()
    assert f"第 {row} 行“走访日期”：日期“2026-02-30”不存在" in visits.error.text()
    assert f"第 {row} 行“走访人”：必填" in visits.error.text()
    assert dialog.tabs.currentWidget() is visits


def test_search_filter_sort(qtbot: QtBot, window: MainWindow, demo_db: Path) -> None:
    page = open_register(qtbot, window, demo_db, "petition")
    total = page.model.rowCount()
    assert page.count_label.text() == f"共 {total} 条"
    store = RegisterStore(window.session.db, page.form)  # type: ignore[union-attr,arg-type]
    someone = store.list_records()[5]
    name = str(someone.values["person_name"])
    type_text(qtbot, page.search, name)  # a masked field is still found
    qtbot.waitUntil(lambda: page.model.rowCount() < total)
    assert someone.id in [page.model.record_at(r).id for r in range(page.model.rowCount())]
    assert "显示" in page.count_label.text()
    page.clear_filters()
    assert page.model.rowCount() == total
    channel = page.filter_boxes["channel"]
    channel.setCurrentIndex(channel.findText("来访"))
    shown = [page.model.record_at(r) for r in range(page.model.rowCount())]
    assert shown
    assert all(r.values["channel"] == "来访" for r in shown)
    type_text(qtbot, page.date_from, "2026-01-01")
    page.apply_filters()
    assert all(str(r.values["received_on"]) >= "2026-01-01" for r in page.visible_records())
    page.clear_filters()
    page.model.sort(0)  # 受理日期, ascending
    dates = [str(r.values["received_on"]) for r in page.visible_records()]
    assert dates == sorted(dates)


def test_delete_asks_then_restore_from_the_bin(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    page = open_register(qtbot, window, demo_db, "activity")
    total = page.model.rowCount()
    page.view.selectRow(0)
    record = page.selected()
    assert record is not None
    prompts.confirm_answers.append(False)
    page.delete_selected()
    assert page.model.rowCount() == total
    prompts.confirm_answers.append(True)
    page.delete_selected()
    assert page.model.rowCount() == total - 1
    assert "回收站" in page.message.text()
    page.trash.setChecked(True)
    assert [r.id for r in page.visible_records()] == [record.id]
    assert page.restore_button.isVisible()
    assert not page.delete_button.isVisible()
    page.view.selectRow(0)
    page.restore_selected()
    assert page.model.rowCount() == 0
    page.trash.setChecked(False)
    assert page.model.rowCount() == total


def test_failed_save_keeps_what_was_typed(qtbot: QtBot, window: MainWindow, demo_db: Path) -> None:
    page = open_register(qtbot, window, demo_db, "petition")
    dialog = page.new_record()
    assert dialog is not None
    qtbot.addWidget(dialog)
    fill(qtbot, dialog, PETITION)
    window.session.db.connection.execute("PRAGMA busy_timeout = 50")  # type: ignore[union-attr]
    blocker = sqlite3.connect(demo_db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        assert not dialog.save()
        assert dialog.message.level is Level.ERROR
        assert "仍保留" in dialog.message.text()
        assert dialog.isVisible()
        assert dialog.editors["person_name"].text() == "韩梅梅"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert dialog.save()


def test_cancel_with_changes_asks(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    page = open_register(qtbot, window, demo_db, "meeting")
    dialog = page.new_record()
    assert dialog is not None
    qtbot.addWidget(dialog)
    fill(qtbot, dialog, {"topic": "部署三八节活动"})
    prompts.unsaved_answers.append("cancel")
    dialog.reject()
    assert dialog.isVisible()
    prompts.unsaved_answers.append("discard")
    dialog.reject()
    assert not dialog.isVisible()


def test_exports_masked_and_full_with_audit(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    page = open_register(qtbot, window, demo_db, "petition")
    page.filter_boxes["channel"].setCurrentIndex(page.filter_boxes["channel"].findText("来电"))
    shown = page.visible_records()
    prompts.excel_paths.append(tmp_path / "masked.xlsx")
    page.excel_action.trigger()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)  # through the runner
    rows = list(load_workbook(tmp_path / "masked.xlsx")["信访台账"].iter_rows(values_only=True))
    assert len(rows) == len(shown) + 2  # the title row, the header
    names = {str(r.values["person_name"]) for r in shown}
    assert not names & {str(c) for row in rows for c in row}
    prompts.confirm_answers.append(True)
    prompts.excel_paths.append(tmp_path / "full.xlsx")
    page.full_action.trigger()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    rows = list(load_workbook(tmp_path / "full.xlsx")["信访台账"].iter_rows(values_only=True))
    assert names <= {str(c) for row in rows for c in row}
    note = window.session.db.query_one(  # type: ignore[union-attr]
        "SELECT action, new FROM audit WHERE table_name = 'reg_petition' ORDER BY id DESC"
    )
    assert note is not None
    assert note["action"] == "export"
    assert f"完整导出 {len(shown)} 条" in note["new"]
    prompts.pdf_paths.append(tmp_path / "list.pdf")
    task = page.export_pdf()
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert (tmp_path / "list.pdf").stat().st_size > 1000
    assert "已导出PDF（" in page.message.text()
    assert "页）" in page.message.text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("~")] == []
    task = page.print_preview()
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    preview = page.preview
    assert preview is not None
    qtbot.addWidget(preview)
    assert preview.document.pageCount() >= 1
    preview.close()


def test_import_a_full_export_after_editing(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    page = open_register(qtbot, window, demo_db, "meeting")
    prompts.confirm_answers.append(True)
    prompts.excel_paths.append(tmp_path / "full.xlsx")
    page.full_action.trigger()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    book = load_workbook(tmp_path / "full.xlsx")
    book["会议记录"].append([None, "2026-11-28", "工作例会", "部署年底考核"])
    book["会议记录"].cell(3, 4).value = "改过的主题"
    book.save(tmp_path / "full.xlsx")
    total = page.model.rowCount()
    prompts.excel_paths.append(tmp_path / "full.xlsx")
    prompts.confirm_answers.append(True)
    assert page.import_excel()
    assert "新增 1 条，修改 1 条" in page.message.text()
    question = prompts.asked[-1]
    assert "修改的记录和字段：" in question  # which fields change, per record (issue 22)
    changed = question.split("修改的记录和字段：\n")[1].split("\n")[0]
    assert changed.endswith("：会议主题"), changed  # 研究反家暴工作：会议主题
    assert page.model.rowCount() == total + 1
    topics = {r.values["topic"] for r in page.visible_records()}
    assert {"改过的主题", "部署年底考核"} <= topics
    book["会议记录"].cell(3, 2).value = "去年某天"
    book.save(tmp_path / "full.xlsx")
    prompts.excel_paths.append(tmp_path / "full.xlsx")
    assert not page.import_excel()
    assert "第 3 行“会议日期”：日期格式不对" in page.message.text()
    assert "没有任何改动" in page.message.text()


def test_a_register_declared_only_in_the_test_folder_works(
    qtbot: QtBot, data_dir: Path, db_path: Path, tmp_path: Path
) -> None:
    prompts = ScriptedPrompts()
    forms = load_dirs([FIXTURE_FORMS])
    win = MainWindow(
        Settings(data_dir), BackupStore(backups_dir(data_dir)), prompts, pc="pc", forms=forms
    )
    qtbot.addWidget(win)
    win.show()
    try:
        page = open_register(qtbot, win, db_path, "lecture")
        dialog = page.new_record()
        assert dialog is not None
        qtbot.addWidget(dialog)
        fill(qtbot, dialog, {"topic": "亲子沟通", "speaker": "李秀兰", "listeners": "40"})
        assert dialog.save()
        assert page.count_label.text() == "共 1 条"
        prompts.excel_paths.append(tmp_path / "lecture.xlsx")
        page.excel_action.trigger()
        qtbot.waitUntil(lambda: not win.tasks.busy, timeout=10_000)
        rows = list(load_workbook(tmp_path / "lecture.xlsx")["家长学校授课"].values)
        assert rows[2][3] == "李**"
        assert rows[2][6] == 40
    finally:
        win.close_database()


def test_the_list_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, window: MainWindow, demo_db: Path
) -> None:
    page = open_register(qtbot, window, demo_db, "petition")
    qtmodeltester.check(page.model)


def test_keyboard_ctrl_n_and_delete(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:

    page = open_register(qtbot, window, demo_db, "training")
    total = page.model.rowCount()
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.dialog is not None
    assert page.dialog.isVisible()
    page.dialog.reject()
    page.view.selectRow(0)
    prompts.confirm_answers.append(True)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert page.model.rowCount() == total - 1


def test_sub_record_choice_cells_offer_their_list(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    from PySide6.QtWidgets import QComboBox

    page = open_register(qtbot, window, demo_db, "petition")
    page.view.selectRow(0)
    dialog = page.edit_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    steps = dialog.subs["steps"]
    dialog.tabs.setCurrentWidget(steps)
    steps.add_row(["2026-11-28", "", "", ""])
    row = steps.table.rowCount() - 1
    steps.table.editItem(steps.table.item(row, 1))
    editors = steps.table.viewport().findChildren(QComboBox)
    assert editors
    combo = editors[0]
    assert [combo.itemText(i) for i in range(combo.count())][1:] == [
        "接谈",
        "转办",
        "督办",
        "回访",
        "调解",
        "其他",
    ]
    combo.setCurrentText("督办")
    steps.table.commitData(combo)
    assert steps.table.item(row, 1).text() == "督办"


def test_a_refresh_keeps_the_filters_until_something_is_written(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    """Opening the list again without a write refills no drop-down (a refill relays out and
    repaints the page); a unit added since is offered at the next refresh, and the chosen
    filter stays."""
    page = open_register(qtbot, window, demo_db, "petition")
    unit_box = page.filter_boxes["handling_unit"]
    status = page.filter_boxes["status"]
    status.setCurrentIndex(status.findText("已办结"))
    before = (unit_box.count(), page.units)
    refilled: list[int] = []
    for signal in (unit_box.model().modelReset, unit_box.model().rowsRemoved):
        signal.connect(lambda *_args: refilled.append(1))
    page.refresh()
    assert not refilled
    assert page.units is before[1]
    assert window.session is not None
    units.add(window.session.db, units.Unit(code="V99", name="新建村", kind="village"))
    page.refresh()
    assert unit_box.count() == before[0] + 1
    assert unit_box.findText("新建村") > 0
    assert status.currentText() == "已办结"
    assert all(r.values["status"] == "closed" for r in page.visible_records())


def test_a_short_forms_dialog_is_only_as_tall_as_its_fields(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    from desktop.ui.record_dialog import FULL_HEIGHT

    page = open_register(qtbot, window, demo_db, "meeting")
    page.view.selectRow(0)
    short = page.edit_selected()
    assert short is not None
    qtbot.addWidget(short)
    qtbot.waitExposed(short)
    assert short.height() < FULL_HEIGHT - 150  # eight fields: no half-empty dialog
    assert short._fields_scroll.verticalScrollBar().maximum() == 0  # and every field in sight
    short.reject()
    window.show_page("registers:petition")
    page.view.selectRow(0)
    long = page.edit_selected()
    assert long is not None
    qtbot.addWidget(long)
    assert long.height() == FULL_HEIGHT  # a long form fills it and scrolls
    long.reject()
