"""Print preview inside the app: the PDF the clerk will get, shown with QtPdf, and printed
through the print dialog (``pdf_printing``: page range, orientation, copies, duplex), so she
never has to find the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui import override
from desktop.ui.pdf_printing import print_pdf


class PdfPreview(QDialog):
    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(title)
        self.resize(820, 960)
        self.document = QPdfDocument(self)
        self.document.load(str(path))
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.info = QLabel(f"{path.name}，共 {self.document.pageCount()} 页")
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
