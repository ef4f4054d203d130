from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.store import letters
from desktop.ui.letters_page import LettersPage
from desktop.ui.main_window import MainWindow
from desktop.ui.message_bar import Level
from desktop.ui.pdf_preview import PdfPreview
from desktop.ui.runner import Task
from tests.helpers.qt import ScriptedPrompts
from tests.ui.conftest import wait_for_backup


def _page(qtbot: QtBot, window: MainWindow, demo_db: Path):
    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    window.show_page("letters")
    page = window.letters_page
    assert page.year_combo.year() == 2025
    return page


def _preview(qtbot: QtBot, page: LettersPage, template: str | None = None) -> PdfPreview:
    """The selected letter's preview: written off the window's thread, then shown."""
    task = page.preview_selected(template)
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=20_000)
    assert page.preview is not None
    return page.preview


def test_letters_list_status_and_scan(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    window: MainWindow,
    demo_db: Path,
    prompts: ScriptedPrompts,
    tmp_path: Path,
) -> None:
    page = _page(qtbot, window, demo_db)
    qtmodeltester.check(page.model)
    statuses = {r.letter.status for r in page.model.rows}
    assert statuses == {"draft", "issued", "signed", "archived"}
    home = "\n".join(window.home.texts())
    assert "目标责任书尚未签订" in home
    row = next(i for i, r in enumerate(page.model.rows) if r.letter.status == "draft")
    page.view.selectRow(row)
    assert page.advance_button.text() == "标记为已印发"
    qtbot.mouseClick(page.advance_button, Qt.MouseButton.LeftButton)
    assert page.model.rows[row].letter.status == "issued"
    assert page.model.rows[row].letter.issued_on
    assert page.advance_button.text() == "标记为已签订"
    scan = tmp_path / "签订版.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned")
    prompts.scan_paths.append(scan)
    qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    assert page.message.level is Level.INFO
    assert page.model.index(row, 6).data() == "有"
    db = window.session.db  # type: ignore[union-attr]
    stored = letters.scan(db, page.model.rows[row].letter.scan_id or 0)
    assert stored[2] == b"%PDF-1.4 scanned"


def test_preview_and_print_a_letter(
    qtbot: QtBot, window: MainWindow, demo_db: Path, tmp_path: Path
) -> None:
    page = _page(qtbot, window, demo_db)
    row = next(i for i, r in enumerate(page.model.rows) if r.unit == "镇卫生院")
    page.view.selectRow(row)
    preview = _preview(qtbot, page)
    assert preview.document.pageCount() >= 1
    # titled by what it shows, not the scratch file's "1.pdf"; no taller than the screen
    assert preview.windowTitle().startswith("预览：镇卫生院")
    assert preview.info.text().startswith("镇卫生院")
    assert ".pdf" not in preview.info.text()
    free = preview.screen().availableGeometry()
    assert preview.height() <= free.height()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert preview.print_to(printer) == preview.document.pageCount()
    info = subprocess.run(
        ["pdfinfo", str(printed)], capture_output=True, text=True, check=True
    ).stdout
    assert f"Pages:           {preview.document.pageCount()}" in info
    preview.reject()


def test_export_all_letters_in_the_background(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    page = _page(qtbot, window, demo_db)
    folder = tmp_path / "责任书"
    folder.mkdir()
    prompts.folders.append(folder)
    task = page.export_all()
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert len(list(folder.glob("*.pdf"))) == page.model.rowCount()


def test_edit_a_units_tasks(qtbot: QtBot, window: MainWindow, demo_db: Path) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from tests.helpers.qt import type_text

    page = _page(qtbot, window, demo_db)
    row = next(i for i, r in enumerate(page.model.rows) if r.unit == "镇卫生院")
    page.view.selectRow(row)
    dialog = page.edit_tasks()
    assert dialog is not None
    before = dialog.model.rowCount()
    form = dialog.open_form(None)
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # empty content: refused inline
    assert form.isVisible()
    assert "不能为空" in form.message.text()
    type_text(qtbot, form.content, "开展母婴安全专项督导")
    type_text(qtbot, form.target, "全年无孕产妇死亡")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert dialog.model.rowCount() == before + 1
    dialog.accept()
    assert page.model.rows[row].tasks == before + 1


def test_font_check_shows_which_role_uses_which_font(window: MainWindow) -> None:
    dialog = window.check_fonts()
    assert dialog is not None
    rows = {row[0]: row for row in dialog.rows()}
    assert set(rows) == {"标题", "表格、页码", "正文", "一级标题", "二级标题"}
    assert rows["正文"][1] == "仿宋"
    assert rows["标题"][1] == "小标宋"
    for row in rows.values():
        assert row[2]  # the typeface's own name
        assert row[4] in ("已找到", "替代")
    if Path("/usr/share/fonts/truetype/arphic/uming.ttc").exists():  # Linux: serif for 仿宋
        assert "UMing" in rows["正文"][2]
    dialog.close()


def test_edit_template_check_preview_and_save(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = _page(qtbot, window, demo_db)
    row = next(i for i, r in enumerate(page.model.rows) if r.unit == "镇卫生院")
    page.view.selectRow(row)
    dialog = page.edit_template()
    assert dialog is not None
    text = dialog.editor.toPlainText()
    assert "甲方：{甲方}" in text  # fields in Chinese (issue 22)
    dialog.editor.setPlainText(text.replace("甲方：{甲方}", "甲方：{甲放}"))
    assert dialog.message.level is Level.ERROR
    assert "{甲放}" in dialog.message.text()
    assert not dialog.save_button.isEnabled()
    dialog.editor.setPlainText(text.replace("三、考核办法", "三、考核与奖励办法"))
    assert dialog.save_button.isEnabled()
    task = dialog.preview()
    assert isinstance(task, Task)
    qtbot.waitUntil(lambda: task.done, timeout=20_000)
    pdf_text = subprocess.run(
        ["pdftotext", str(page.preview.path), "-"],  # type: ignore[union-attr]
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "考核与奖励办法" in pdf_text.replace(" ", "")
    page.preview.reject()  # type: ignore[union-attr]
    assert dialog.save()
    db = window.session.db  # type: ignore[union-attr]
    assert "三、考核与奖励办法" in letters.template_text(db)


def test_export_word_for_one_letter(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    page = _page(qtbot, window, demo_db)
    page.view.selectRow(0)
    prompts.folders.append(tmp_path)
    task = page.export_word()  # off the window's thread, through the runner
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=20_000)
    (written,) = tmp_path.glob("*.docx")
    assert page.message.level is Level.INFO
    assert str(written) in page.message.text()
    assert page.model.rows[0].unit in written.name
    assert page.model.rows[0].unit in written.name


def test_letter_date_set_on_the_page_is_printed(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    from PySide6.QtCore import QDate

    page = _page(qtbot, window, demo_db)
    page.date_edit.setDate(QDate(2025, 11, 30))
    qtbot.mouseClick(page.date_button, Qt.MouseButton.LeftButton)
    assert page.message.level is Level.INFO
    assert {r.letter.dated for r in page.model.rows} == {"2025-11-30"}
    columns = page.model.columnCount()
    column = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(columns)]
    assert "落款日期" in column
    row = next(i for i, r in enumerate(page.model.rows) if r.unit == "镇卫生院")
    page.view.selectRow(row)
    preview = _preview(qtbot, page)
    text = subprocess.run(
        ["pdftotext", str(preview.path), "-"], capture_output=True, text=True, check=True
    ).stdout.replace(" ", "")
    assert "2025年11月30日" in text
    preview.reject()


def test_the_date_offered_is_the_years_own(qtbot: QtBot, window: MainWindow, demo_db: Path) -> None:
    """Not today's date for last year's letters: the 落款日期 set, else the 印发日期."""
    from PySide6.QtCore import QDate

    page = _page(qtbot, window, demo_db)
    issued = sorted({r.letter.issued_on for r in page.model.rows if r.letter.issued_on})
    assert issued  # the demo's letters were issued in 2025
    assert not any(r.letter.dated for r in page.model.rows)
    assert page.date_edit.date().toString("yyyy-MM-dd") in issued
    page.date_edit.setDate(QDate(2025, 11, 30))
    qtbot.mouseClick(page.date_button, Qt.MouseButton.LeftButton)
    page.date_edit.setDate(QDate.currentDate())  # moved, not set
    page.reread()  # as after a change elsewhere
    assert page.date_edit.date() == QDate(2025, 11, 30)
    assert not page.tasks_button.isEnabled()
    assert page.tasks_button.text() == "编辑任务……"
    assert "选中" in page.tasks_button.toolTip()  # why it is greyed


def test_a_letter_preview_that_cannot_be_made_says_why_in_chinese(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = _page(qtbot, window, demo_db)
    page.view.selectRow(0)
    task = page.preview_selected("甲方：{甲放}")  # a template field that does not exist
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=20_000)
    assert page.preview is None
    assert page.message.level is Level.ERROR
    assert "{甲放}" in page.message.text()
