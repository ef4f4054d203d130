"""Print preview inside the app: the PDF the clerk will get, shown with QtPdf, and printed
through the print dialog (``pdf_printing``: page range, orientation, copies, duplex), so she
never has to find the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QGuiApplication
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui import override
from desktop.ui.pdf_printing import print_pdf


def page_count(path: Path) -> int:
    """How many pages the PDF at ``path`` has (0: not a readable PDF)."""
    document = QPdfDocument()
    document.load(str(path))
    count = document.pageCount()
    document.close()
    return count


class PdfPreview(QDialog):
    """``source``: a PDF file, or PDF bytes held in memory only (``name`` labels them)."""

    def __init__(
        self, source: Path | bytes, title: str, parent: QWidget | None = None, *, name: str = ""
    ) -> None:
        super().__init__(parent)
        self.path = source if isinstance(source, Path) else None
        self.setWindowTitle(title)
        self._fit_screen()
        self.document = QPdfDocument(self)
        if isinstance(source, Path):
            self.document.load(str(source))
        else:
            self.buffer = QBuffer(self)
            self.buffer.setData(QByteArray(source))
            self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.document.load(self.buffer)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        # what it shows, never the scratch file's name ("1.pdf"; issue 22)
        what = name or title.partition("：")[2] or title
        self.info = QLabel(f"{what}，共 {self.document.pageCount()} 页")
        self.print_button = QPushButton("打印……")
        self.print_button.clicked.connect(self.print_dialog)
        bar.addWidget(self.info, 1)
        bar.addWidget(self.print_button)
        layout.addLayout(bar)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout.addWidget(self.view, 1)

    def _fit_screen(self) -> None:
        """An A4 page's proportions, but never taller or wider than the screen it opens on."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        free = screen.availableGeometry() if screen is not None else None
        width, height = 820, 960
        if free is not None:
            width, height = min(width, free.width() - 40), min(height, free.height() - 60)
        self.resize(width, height)

    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.document.pageCount()))
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintCollateCopies, True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Print the pages the dialog chose (``pdf_printing``); returns the sheets' pages sent."""
        return len(print_pdf(self.document, printer))

    @override
    def done(self, result: int) -> None:
        self.document.close()
        super().done(result)
