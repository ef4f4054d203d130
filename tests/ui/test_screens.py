"""Every page fits a 1366×768 laptop (issue 22 item 1), checked at 1280×720 to leave room for
the taskbar; and a screenshot of every page at 1366×768 lands in ``build/screens/`` (README
"Screenshots"), so anyone can look at all screens at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow

SCREENS = Path(__file__).resolve().parents[2] / "build" / "screens"
SMALL = QSize(1280, 720)


def _too_big(window: MainWindow) -> list[str]:
    """Visible widgets whose minimum size exceeds the small screen."""
    found = []
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisibleTo(window) and widget is not window:
            continue
        least = widget.minimumSize().expandedTo(
            widget.minimumSizeHint() if widget.layout() is not None else QSize(0, 0)
        )
        if least.width() > SMALL.width() or least.height() > SMALL.height():
            found.append(f"{type(widget).__name__} {widget.objectName()} {least.toTuple()}")
    return found


def _grab(window: MainWindow, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SCREENS / f"{name}.png"))


def test_every_page_fits_1280x720_and_is_photographed(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    window.resize(1366, 768)
    QApplication.processEvents()
    assert _too_big(window) == []
    _grab(window, "00_欢迎")
    assert window.open_database(demo_db)
    for row, page in enumerate(window.pages):
        window.sidebar.setCurrentRow(row)
        assert window.pages_stack.currentWidget() is page
        window.resize(SMALL)
        QApplication.processEvents()
        assert _too_big(window) == [], page.title
        hint = window.minimumSizeHint()
        assert hint.width() <= SMALL.width(), (page.title, hint.toTuple())
        assert hint.height() <= SMALL.height(), (page.title, hint.toTuple())
        window.resize(1366, 768)
        QApplication.processEvents()
        assert window.width() == 1366, page.title  # nothing forced the window wider
        _grab(window, f"{row + 1:02d}_{page.title}")
