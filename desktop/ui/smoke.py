"""``fulian --smoke``: prove that an installed or bundled app has everything it needs.

Builds a demo database in a temporary folder, opens it in the main window (offscreen unless a
platform is set), waits for the backup, writes a PDF with reportlab and renders its first page
with QtPdf, then exits 0. Any missing Qt plugin, data file or module makes it fail loudly.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from desktop.operations.protection import set_password


def run_smoke() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtWidgets import QApplication
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from desktop import demo
    from desktop.paths import backups_dir, bundled_dir, resource_path
    from desktop.store.backup import BackupStore
    from desktop.ui.main_window import MainWindow
    from desktop.ui.prompts import Prompts
    from desktop.ui.settings import Settings

    with tempfile.TemporaryDirectory(prefix="fulian-smoke-") as tmp:
        folder = Path(tmp)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        db_path = demo.build(folder / "smoke.fulian")
        window = MainWindow(
            Settings(folder / "data"), BackupStore(backups_dir(folder / "data")), Prompts()
        )
        window.show()
        if not window.open_database(db_path):
            print(f"smoke: could not open the demo database: {window.message.text()}")
            return 1
        window.tasks.pool.waitForDone()
        pages = [page.title for page in window.pages]
        registers = len(window.forms.forms)
        session = window.session
        assert session is not None
        set_password(session, "smoke-test")  # the cipher, scrypt and the file rewrite work
        session.protection.lock()
        session.protection.unlock("smoke-test")
        pdf = folder / "smoke.pdf"
        sheet = canvas.Canvas(str(pdf), pagesize=A4)
        sheet.drawString(72, 760, "Fulian Desk smoke test")
        sheet.showPage()
        sheet.save()
        document = QPdfDocument()
        document.load(str(pdf))
        image = document.render(0, QSize(300, 424))
        page_count = document.pageCount()
        document.close()
        window.close_database()
        window.close()
        if image.isNull() or page_count != 1:
            print("smoke: QtPdf could not render the PDF page")
            return 1
        print(f"smoke: forms at {bundled_dir('forms')}")
        print(f"smoke: catalogue {resource_path('indicators.csv').stat().st_size} bytes")
        print(f"smoke: pages {'、'.join(pages)}")
        print(f"smoke: {registers} registers; personal data encrypted and unlocked")
        print(f"smoke: QtPdf rendered {image.width()}x{image.height()}")
        print(f"smoke: ok in {time.perf_counter() - started:.2f} s")
        del app
    return 0
