"""The app's 打印 (issue 19 item 16): printed to a PDF file through QPrinter offscreen, the
page range is honoured, landscape pages come out landscape, copies are made (collated, with a
blank back for duplex), and pages are rendered at the printer's resolution."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from desktop.ui.pdf_printing import print_pdf, sheet_sequence


def _source(path: Path) -> Path:
    """Four pages: portrait, landscape, portrait, portrait; each says its number."""
    canvas = Canvas(str(path))
    for number, size in enumerate((A4, landscape(A4), A4, A4), start=1):
        canvas.setPageSize(size)
        canvas.setFont("Helvetica", 40)
        canvas.drawString(100, 300, f"PAGE {number}")
        canvas.rect(50, 50, size[0] - 100, size[1] - 100)
        canvas.showPage()
    canvas.save()
    return path


def _sizes(path: Path) -> list[tuple[float, float]]:
    out = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return [
        (float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)
    ]


@pytest.fixture
def document(qapp: object, tmp_path: Path) -> QPdfDocument:
    doc = QPdfDocument()
    doc.load(str(_source(tmp_path / "source.pdf")))
    assert doc.pageCount() == 4
    return doc


def _printer(out: Path, dpi: int = 150) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(dpi)
    return printer


def test_range_orientation_and_copies(document: QPdfDocument, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    printer = _printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 4)
    printer.setCopyCount(2)
    printer.setCollateCopies(True)
    sent = print_pdf(document, printer)
    assert sent == [1, 2, 3, 1, 2, 3]  # pages 2-4 twice, collated (PDF output makes no copies)
    sizes = _sizes(out)
    assert len(sizes) == 6
    landscape_pages = [n for n, (w, h) in enumerate(sizes, start=1) if w > h]
    assert landscape_pages == [1, 4]  # source page 2, in each copy, printed landscape


def test_duplex_copies_start_on_a_new_sheet() -> None:
    assert sheet_sequence([0, 1, 2], 2, collate=True, duplex=True) == [0, 1, 2, -1, 0, 1, 2]
    assert sheet_sequence([0, 1], 2, collate=True, duplex=True) == [0, 1, 0, 1]
    assert sheet_sequence([0, 1, 2], 2, collate=True, duplex=False) == [0, 1, 2, 0, 1, 2]
    assert sheet_sequence([0, 1], 2, collate=False, duplex=True) == [0, 0, 1, 1]


def test_rendered_at_the_printer_resolution(document: QPdfDocument, tmp_path: Path) -> None:
    out = tmp_path / "one.pdf"
    printer = _printer(out, dpi=300)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(1, 1)
    assert print_pdf(document, printer) == [0]
    listing = subprocess.run(
        ["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing
    ppi = [int(line.split()[12]) for line in listing]
    assert min(ppi) >= 290  # the printer's 300 dpi, not a lower preview resolution
    assert len(_sizes(out)) == 1
