"""The indicator catalogue out to Excel and back in, through the runner (off the window's
thread, each with its own connection), the page re-reading after the import."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.message_bar import Level
from tests.ui.conftest import wait_for_backup


def test_export_and_import_the_catalogue_in_the_background(
    qtbot: QtBot, window: MainWindow, demo_db: Path, tmp_path: Path
) -> None:
    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    window.show_page("indicators")
    page = window.indicators_page
    folder = tmp_path / "导出"
    folder.mkdir()
    path = folder / "指标目录.xlsx"
    task = page.export_excel(path)
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert page.message.level is Level.INFO
    assert [p.name for p in folder.iterdir()] == [path.name]  # no temporary file left
    sheet = load_workbook(path, read_only=True).worksheets[0]
    assert sheet.max_row > page.model.rowCount() // 2
    task = page.import_excel(path)
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert page.message.level is Level.INFO, page.message.text()
    assert "已导入指标目录" in page.message.text()
