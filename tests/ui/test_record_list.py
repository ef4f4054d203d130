"""The list pages built on ``RecordListPage`` (责任单位, 指标): a column the clerk sized herself
keeps its width when the list is read again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from tests.helpers.qt import type_text
from tests.ui.test_catalogue_pages import _open, _save


def test_a_column_the_clerk_widened_stays_so_after_a_save(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    _open(qtbot, window, demo_db, "units")
    page = window.units_page
    header = page.view.horizontalHeader()
    fitted = page.view.columnWidth(1)
    edge = header.sectionViewportPosition(1) + header.sectionSize(1) - 1
    y = header.height() // 2
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    qtbot.mouseMove(header.viewport(), QPoint(edge + 40, y))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge + 40, y))
    assert page.view.columnWidth(1) == fitted + 40
    dialog = page.open_dialog(None)
    type_text(qtbot, dialog.code, "C99")
    type_text(qtbot, dialog.name, "新建村")
    _save(qtbot, dialog.buttons)  # the list is read again
    assert not dialog.isVisible()
    assert page.view.columnWidth(1) == fitted + 40
