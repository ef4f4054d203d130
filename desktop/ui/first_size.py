"""The main window's size at this PC's first start (later starts restore the clerk's own).

1100 × 720, the size every page is laid out for (tests keep the pages' key columns in sight at
it), left the wide tables (填报's form beside its 指标解释, 预警整改's eleven columns) cut or
scrolling sideways on a larger screen, and on a 1366 × 768 laptop its bottom under the
taskbar. A laptop-sized screen (free width up to 1440 pixels) is filled: the window starts
maximized, as 预警整改 is laid out for 1366 pixels. A larger screen gets 90 % of its free area,
up to 1600 × 1000 (1600 × 936 on a 1920 × 1080 screen), centred, the height leaving room for
the title bar. Never narrower than 1100, nor maximized on a screen narrower than that.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

LEAST = (1100, 720)
MOST = (1600, 1000)
SHARE = 0.9
#: a screen this wide or narrower (free area: without the taskbar) is filled
FILLED_UP_TO = 1440
#: the window's title bar and frame, above and below the size given (Windows 10/11: ~31 + 8)
FRAME = 40


def first_size(free_width: int, free_height: int) -> tuple[int, int] | None:
    """The window's size for a screen whose free area is this; None: maximized."""
    if LEAST[0] <= free_width <= FILLED_UP_TO:
        return None
    width = max(LEAST[0], min(int(free_width * SHARE), MOST[0]))
    height = min(max(LEAST[1], min(int(free_height * SHARE), MOST[1])), free_height - FRAME)
    return width, height


def size_for_screen(window: QWidget) -> None:
    """Give ``window`` its first size on the screen it is on: maximized, or centred there
    (its left edge in sight on a screen narrower than 1100)."""
    area = window.screen().availableGeometry()
    size = first_size(area.width(), area.height())
    if size is None:  # its normal size, for when the clerk restores it, fits the screen
        window.resize(LEAST[0], min(LEAST[1], area.height() - FRAME))
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    window.resize(*size)
    if size != LEAST:
        left, top = (area.width() - size[0]) // 2, (area.height() - size[1]) // 2
        window.move(area.x() + max(0, left), area.y() + max(0, top))
