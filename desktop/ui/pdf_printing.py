"""Printing a PDF the app made, through the print dialog's QPrinter.

The choice, and why: QtPdf (PDFium) can only rasterise a page (``QPdfDocument.render`` gives a
QImage); it has no way to replay a page's vectors onto a QPainter. Handing the file to the
system instead (Windows' ``print`` verb, CUPS' ``lp``) would print vectors, but the township PC's
PDF handler decides what happens (WPS, a browser, nothing), and the dialog's page range, copies
and duplex are lost. So each page is rendered at the printer's own full resolution (600 dpi on
a typical office laser; capped at ``MAX_DPI``), in horizontal bands so that a 600-dpi A4 page
never needs its 140 MB as one image, with text and line anti-aliasing off (a printer's dots are
black or white: anti-aliased grey edges come out as halftone fuzz). At the printer's resolution
the result is indistinguishable from vector output on paper; it is not the 300-dpi picture of
a whole page printed before.

Honoured from the dialog: the page range (``fromPage``/``toPage`` or page ranges), each page's
own orientation (a landscape report page is printed landscape, not shrunk onto portrait),
copies (the driver makes them when it can, otherwise they are sent, collated or not), and
duplex (passed on in the QPrinter; when copies are sent one after the other, a copy with an
odd number of pages is followed by a blank page so the next copy starts on a new sheet).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

MAX_DPI = 600
BAND_PIXELS = 24_000_000  # about 96 MB of ARGB per band at most


def pages_to_print(printer: QPrinter, count: int) -> list[int]:
    """0-based page numbers the dialog asked for, in order."""
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():  # "1-3,5": in the order given, within the document
            return [
                p - 1
                for part in ranges.toRangeList()
                for p in range(part.from_, part.to + 1)
                if 1 <= p <= count
            ]
        first, last = printer.fromPage(), printer.toPage()
        if first > 0:
            return list(range(first - 1, min(last or count, count)))
    return list(range(count))


def sheet_sequence(pages: list[int], copies: int, *, collate: bool, duplex: bool) -> list[int]:
    """The pages to send for ``copies`` copies made by the app: collated (1 2 3, 1 2 3) or not
    (1 1, 2 2, 3 3); double-sided and collated, a copy of an odd page count gets a blank page
    (-1) so that the next copy starts on the front of a new sheet."""
    if not collate and copies > 1:
        return [page for page in pages for _copy in range(copies)]
    sequence: list[int] = []
    for _copy in range(copies):
        if sequence and duplex and len(pages) % 2:
            sequence.append(-1)
        sequence += pages
    return sequence


def _orientation(document: QPdfDocument, page: int) -> QPageLayout.Orientation:
    size = document.pagePointSize(page)
    if size.width() > size.height():
        return QPageLayout.Orientation.Landscape
    return QPageLayout.Orientation.Portrait


def print_pdf(document: QPdfDocument, printer: QPrinter) -> list[int]:
    """Print the chosen pages of ``document`` on ``printer``; returns the 0-based pages sent, in
    order (blank duplex pages as -1). Nothing is printed when the printer cannot start."""
    pages = pages_to_print(printer, document.pageCount())
    if not pages:
        return []
    copies = 1
    if printer.copyCount() > 1 and not printer.supportsMultipleCopies():
        copies = printer.copyCount()  # the driver cannot: send them
    duplex = printer.duplex() != QPrinter.DuplexMode.DuplexNone
    sequence = sheet_sequence(pages, copies, collate=printer.collateCopies(), duplex=duplex)
    printer.setPageOrientation(_orientation(document, max(sequence[0], 0)))
    painter = QPainter()
    if not painter.begin(printer):
        return []
    try:
        for index, page in enumerate(sequence):
            if index:
                if page >= 0:
                    printer.setPageOrientation(_orientation(document, page))
                printer.newPage()
            if page >= 0:
                _draw_page(document, page, printer, painter)
    finally:
        painter.end()
    return sequence


def _draw_page(document: QPdfDocument, page: int, printer: QPrinter, painter: QPainter) -> None:
    """The page scaled to the printable area (keeping its proportions), rendered at the
    device's resolution band by band."""
    target = printer.pageRect(QPrinter.Unit.DevicePixel)
    size = document.pagePointSize(page)
    device_dpi = printer.resolution()
    dpi = min(device_dpi, MAX_DPI)
    fit = min(target.width() / size.width(), target.height() / size.height())  # px per pt
    width = round(size.width() * fit * dpi / device_dpi)
    height = round(size.height() * fit * dpi / device_dpi)
    options = QPdfDocumentRenderOptions()
    options.setScaledSize(QSize(width, height))
    options.setRenderFlags(
        QPdfDocumentRenderOptions.RenderFlag.TextAliased
        | QPdfDocumentRenderOptions.RenderFlag.PathAliased
        | QPdfDocumentRenderOptions.RenderFlag.Annotations
    )
    band = max(1, min(height, BAND_PIXELS // max(width, 1)))
    scale = device_dpi / dpi
    top = 0
    while top < height:
        rows = min(band, height - top)
        options.setScaledClipRect(QRect(0, top, width, rows))
        image = document.render(page, QSize(width, rows), options)
        painter.drawImage(
            QRect(
                QPoint(0, round(top * scale)),
                QSize(round(width * scale), round(rows * scale)),
            ),
            image,
        )
        top += rows
