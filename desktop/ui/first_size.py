"""The main window's size at this PC's first start (later starts restore the clerk's own).

1100 × 720, the size every page is laid out for (tests keep the pages' key columns in sight at
it), left the wide tables (填报's form beside its 指标解释, 预警整改's eleven columns) cut or
scrolling sideways on a larger screen. The first size grows with the screen's free area, to
90 % of it, up to 1600 × 1000 (1600 × 936 on a 1920 × 1080 screen), centred on it; never
narrower than 1100. Its height leaves room for the title bar and frame: 1229 × 688 on a
1366 × 768 laptop, whole above the taskbar (at 720 pixels high its bottom was under it).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

LEAST = (1100, 720)
MOST = (1600, 1000)
SHARE = 0.9
#: the window's title bar and frame, above and below the size given (Windows 10/11: ~31 + 8)
FRAME = 40


def first_size(free_width: int, free_height: int) -> tuple[int, int]:
    """The window's size for a screen whose free area (without the taskbar) is this."""
    width = max(LEAST[0], min(int(free_width * SHARE), MOST[0]))
    height = min(max(LEAST[1], min(int(free_height * SHARE), MOST[1])), free_height - FRAME)
    return width, height


def size_for_screen(window: QWidget) -> None:
    """Give ``window`` its first size on the screen it is on, centred there when larger."""
    area = window.screen().availableGeometry()
    width, height = first_size(area.width(), area.height())
    window.resize(width, height)
    if (width, height) != LEAST:  # centred, the left edge in sight on a screen under 1100
        left, top = (area.width() - width) // 2, (area.height() - height) // 2
        window.move(area.x() + max(0, left), area.y() + max(0, top))
