from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.exchange import templates
from desktop.operations.unit_forms import write_unit_forms
from desktop.ui.import_dialog import SKIP, VALID_ONLY
from desktop.ui.main_window import MainWindow
from desktop.ui.message_bar import Level
from tests.helpers.qt import ScriptedPrompts
from tests.ui.conftest import wait_for_backup


def _board(qtbot: QtBot, window: MainWindow, demo_db: Path):
    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    window.show_page("completeness")
    return window.completeness_page


def test_make_templates_in_the_background(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    board = _board(qtbot, window, demo_db)
    prompts.folders.append(tmp_path / "模板")
    task = board.make_templates()
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=20_000)
    files = sorted((tmp_path / "模板").glob("*.xlsx"))
    assert len(files) == board.model.rowCount()
    assert board.message.level is Level.INFO
    assert f"已生成 {len(files)} 个填报模板" in board.message.text()


def test_import_preview_and_choices(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    board = _board(qtbot, window, demo_db)
    db = window.session.db  # type: ignore[union-attr]
    good, bad = write_unit_forms(db, 2025, tmp_path / "t")[:2]
    for path, value in ((good, "5"), (bad, "abc")):
        book = load_workbook(path)
        book[templates.DATA_SHEET].cell(templates.FIRST_ROW, templates.VALUE_COL).value = value
        book.save(path)
    prompts.excel_lists.append([good, bad])
    qtbot.mouseClick(board.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: board.import_dialog is not None, timeout=10_000)
    dialog = board.import_dialog
    assert dialog is not None
    assert dialog.files.rowCount() == 2
    # a file with errors is skipped unless she chooses to leave its bad rows out, as the
    # command line refuses it without --valid-only
    assert dialog.choices[1].currentData() == SKIP
    assert dialog.choices[1].findData(VALID_ONLY) >= 0
    dialog.files.selectRow(1)
    dialog.show_details(1)
    details = [dialog.details.item(i).text() for i in range(dialog.details.count())]
    assert any("有误" in d and "不是有效的数字" in d for d in details)
    dialog.choices[1].setCurrentIndex(dialog.choices[1].findData(VALID_ONLY))
    dialog.accept()
    assert "已导入 2 个文件，跳过 0 个" in board.message.text()
    assert "有误的 1 行没有导入" in board.message.text()  # what was left out is said
    # the same file again is recognised
    prompts.excel_lists.append([good])
    qtbot.mouseClick(board.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: board.import_dialog is not None, timeout=10_000)
    again = board.import_dialog
    assert again is not None
    assert "导入过" in again.files.item(0, 1).text()
    assert again.choices[0].currentData() == SKIP
    again.reject()


def test_template_for_the_selected_unit(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    board = _board(qtbot, window, demo_db)
    assert board.make_templates(selected_only=True) is None
    assert "请先在表中选中" in board.message.text()
    board.view.selectRow(1)
    name = board.model.rows[1].name
    prompts.folders.append(tmp_path / "一个")
    task = board.make_templates(selected_only=True)
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=20_000)
    (only,) = (tmp_path / "一个").glob("*.xlsx")
    assert name in only.name


def test_a_file_with_conflicts_is_skipped_unless_chosen(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    import shutil

    from desktop.ui.import_dialog import IMPORT_OVERWRITE, ImportDialog

    board = _board(qtbot, window, demo_db)
    db = window.session.db  # type: ignore[union-attr]
    first = write_unit_forms(db, 2025, tmp_path / "t")[0]
    second = tmp_path / "第二份.xlsx"
    shutil.copyfile(first, second)
    for path, value in ((first, 5), (second, 6)):
        book = load_workbook(path)
        book[templates.DATA_SHEET].cell(templates.FIRST_ROW, templates.VALUE_COL).value = value
        book.save(path)

    def preview(path: Path) -> ImportDialog:
        """The dialog after the files were read off the window's thread."""
        task = board.import_returns([path])
        assert task is not None
        qtbot.waitUntil(lambda: task.done, timeout=10_000)
        assert board.import_dialog is not None
        return board.import_dialog

    preview(first).accept()
    dialog = preview(second)
    assert "冲突 1" in dialog.files.item(0, 1).text()
    assert dialog.choices[0].currentData() == SKIP  # never overwrites by default
    dialog.accept()
    assert "已导入 0 个文件，跳过 1 个" in board.message.text()
    dialog = preview(second)
    dialog.choices[0].setCurrentIndex(dialog.choices[0].findData(IMPORT_OVERWRITE))
    dialog.accept()
    assert "已导入 1 个文件" in board.message.text()


def test_a_blank_returned_copy_is_skipped_by_default(
    qtbot: QtBot, window: MainWindow, demo_db: Path, tmp_path: Path
) -> None:
    from desktop.exchange import returns
    from desktop.ui.import_dialog import IMPORT, options

    _board(qtbot, window, demo_db)
    db = window.session.db  # type: ignore[union-attr]
    blank, filled = write_unit_forms(db, 2025, tmp_path / "t")[:2]
    book = load_workbook(filled)
    book[templates.DATA_SHEET].cell(templates.FIRST_ROW, templates.VALUE_COL).value = "5"
    book.save(filled)
    book = load_workbook(blank)  # the unit's copy, nothing typed (its values cleared)
    sheet = book[templates.DATA_SHEET]
    for row in range(templates.FIRST_ROW, sheet.max_row + 1):
        sheet.cell(row, templates.VALUE_COL).value = None
    book.save(blank)
    nothing = returns.preview(db, blank)
    assert nothing.count("empty") == len(nothing.rows) > 0  # sent back with nothing in it
    assert options(nothing) == [SKIP, IMPORT]
    assert options(returns.preview(db, filled))[0] == IMPORT
