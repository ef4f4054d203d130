"""The official-layout checks the letters' tests make (GB/T 9704 page), for other documents
in that layout: A4, every font embedded, every word inside the 156 × 225 mm text area placed
37 mm from the top and 28 mm from the left (page numbers sit below it by design)."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

PT_PER_MM = 72 / 25.4


def run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def pdf_text(path: Path) -> str:
    return run("pdftotext", str(path), "-").replace(" ", "").replace("\n", "")


def layout_text(path: Path) -> str:
    """A PDF's text as pdftotext lays it out (``-layout``): lines as printed, pages ending in a
    form feed."""
    return run("pdftotext", "-layout", str(path), "-")


def assert_official_layout(path: Path) -> int:
    """Checks the PDF at ``path``; returns its page count."""
    info = run("pdfinfo", str(path))
    assert re.search(r"Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)", info)
    fonts = run("pdffonts", str(path)).splitlines()[2:]
    assert fonts
    assert all(" yes yes " in line for line in fonts), fonts
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        run("pdftotext", "-bbox", str(path), "-"),
    )
    assert words
    left, right = 28 * PT_PER_MM, (28 + 156) * PT_PER_MM
    top, bottom = 37 * PT_PER_MM, (37 + 225) * PT_PER_MM
    tolerance = 1 * PT_PER_MM
    for x0, y0, x1, y1, word in words:
        if word == "—" or (word.isdigit() and float(y0) > bottom):
            continue
        assert float(x0) >= left - tolerance, word
        assert float(x1) <= right + tolerance, word
        assert float(y0) >= top - tolerance, word
        assert float(y1) <= bottom + tolerance, word
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def soffice_pdf(path: Path) -> Path:
    """``path`` (a workbook or document) printed to PDF by LibreOffice, beside it."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(path.parent), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(path.parent), "PATH": "/usr/bin:/bin"},
    )
    return path.with_suffix(".pdf")


@dataclass(frozen=True)
class Word:
    """A word pdftotext found, in points from the page's top left corner."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def page_words(path: Path) -> list[list[Word]]:
    """Each page's words with their boxes (``pdftotext -bbox``)."""
    pages = run("pdftotext", "-bbox", str(path), "-").split("<page ")[1:]
    pattern = r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)'
    return [
        [
            Word(html.unescape(t), float(a), float(b), float(c), float(d))
            for a, b, c, d, t in re.findall(pattern, page)
        ]
        for page in pages
    ]
