"""The window's first size follows the screen; later starts keep the clerk's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.paths import backups_dir
from desktop.store.backup import BackupStore
from desktop.ui.first_size import first_size
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings


@pytest.mark.parametrize(
    ("free", "size"),
    [
        ((1366, 728), None),  # a laptop: filled (maximized)
        ((1440, 860), None),
        ((1600, 860), (1440, 774)),
        ((1920, 1040), (1600, 936)),
        ((2560, 1400), (1600, 1000)),
        ((800, 800), (1100, 720)),  # never narrower than the pages are laid out for
        ((1024, 728), (1100, 688)),  # nor maximized narrower; whole above the taskbar
    ],
)
def test_the_first_size_for_a_screen(free: tuple[int, int], size: tuple[int, int] | None) -> None:
    assert first_size(*free) == size


def test_a_later_start_keeps_the_clerks_size(qtbot: QtBot, data_dir: Path) -> None:
    def window() -> MainWindow:
        win = MainWindow(Settings(data_dir), BackupStore(backups_dir(data_dir)))
        qtbot.addWidget(win)
        return win

    first = window()
    screen = first.screen().availableGeometry()
    assert (first.width(), first.height()) == first_size(screen.width(), screen.height())
    assert not first.isMaximized()  # the test screen: 800 pixels wide
    first.resize(760, 560)  # within the test screen (restoring fits a window into it)
    first.close()  # keeps the geometry
    assert (window().width(), window().height()) == (760, 560)
