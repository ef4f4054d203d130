"""Render resources/icons/fulian.svg to fulian.png (256 px) and fulian.ico (16-256 px).

Run after editing the SVG: ``.venv/bin/python packaging/make_icon.py``. Uses Qt's own SVG
renderer and ICO writer, so no other image library is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ICONS / "fulian.svg")).render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    if not render(256).save(str(ICONS / "fulian.png")):
        return 1
    # Qt's ICO writer stores one image; Windows scales it. 256 px keeps it sharp.
    ok = render(256).save(str(ICONS / "fulian.ico"))
    app.quit()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
