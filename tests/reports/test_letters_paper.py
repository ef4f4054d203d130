"""Letters as they go out on paper (issue 19 items 2-7): the letter's own date, targets and
dates as officials write them, headings kept with their text, blank pages for double-sided
printing, page numbers 7 mm below the text area, body 16 pt; Word and Excel versions."""

from __future__ import annotations

import base64
import re
import subprocess
import zlib
from datetime import date
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.domain.letter_template import chinese_dates, render
from desktop.operations.letters import write_letters
from desktop.store import letters
from desktop.store.database import Database

PT_PER_MM = 72 / 25.4


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def _pages(path: Path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(path))).group(1))  # type: ignore[union-attr]


def _page_texts(path: Path) -> list[str]:
    return _run("pdftotext", "-layout", str(path), "-").split("\f")[: _pages(path)]


def dark_rows(pdf: Path, page: int, box: tuple[float, float, float, float]) -> list[float]:
    """Millimetres from the top of the page of the pixel rows with ink inside ``box`` (mm:
    x0, y0, x1, y1), rendered at 200 dpi by poppler."""
    dpi = 200
    x0, y0, x1, y1 = box
    root = pdf.with_name(f"{pdf.stem}-{page}")
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-singlefile",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-x",
            str(round(x0 / 25.4 * dpi)),
            "-y",
            str(round(y0 / 25.4 * dpi)),
            "-W",
            str(round((x1 - x0) / 25.4 * dpi)),
            "-H",
            str(round((y1 - y0) / 25.4 * dpi)),
            str(pdf),
            str(root),
        ],
        check=True,
    )
    raw = root.with_suffix(".pgm").read_bytes()
    _magic, size, _depth, data = raw.split(b"\n", 3)
    width, height = map(int, size.split())
    return [
        y0 + (r + 0.5) * 25.4 / dpi
        for r in range(height)
        if min(data[r * width : (r + 1) * width]) < 128
    ]


def font_sizes(pdf: Path) -> set[float]:
    """Every font size set (``Tf``) in the PDF's page streams (reportlab writes them
    ASCII85 + Flate encoded)."""
    sizes: set[float] = set()
    raw = pdf.read_bytes()
    for match in re.finditer(
        rb"/ASCII85Decode /FlateDecode \] /Length \d+\s*>>\s*stream\r?\n", raw
    ):
        end = raw.index(b"~>", match.end())
        text = zlib.decompress(base64.a85decode(raw[match.end() : end + 2], adobe=True))
        sizes |= {float(s) for s in re.findall(rb"([\d.]+) Tf", text)}
    return sizes


def test_dates_read_as_officials_write_them() -> None:
    # targets: tests/domain/test_indicator_text.py
    assert chinese_dates("完成时限：2026-10-31前") == "完成时限：2026年10月31日前"
    lines = render("标题\n甲方：{committee}\n正文", {"committee": "妇儿工委"})
    assert [line.kind for line in lines] == ["title", "party", "paragraph"]


def test_letter_date_is_its_own_and_placed_right_four_characters_in(
    demo_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "d02.pdf"
    assert (
        main(
            [
                "letters",
                str(demo_copy),
                "--year",
                "2025",
                "--unit",
                "D02",
                "--date",
                "2025-11-30",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    text = _run("pdftotext", str(out), "-").replace(" ", "")
    assert "2025年11月30日" in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no ISO date anywhere in the text
    assert "以下" in text or "以上" in text
    assert "≥" not in text
    assert "≤" not in text
    db = Database.open(demo_copy, read_only=True)
    try:
        dated = {x.dated for x in letters.letters(db, 2025) if x.dated}
    finally:
        db.close()
    assert dated == {"2025-11-30"}
    # printed again without --date: the same date (recorded), not the day of printing
    again = tmp_path / "again.pdf"
    assert (
        main(["letters", str(demo_copy), "--year", "2025", "--unit", "D02", "-o", str(again)]) == 0
    )
    assert "2025年11月30日" in _run("pdftotext", str(again), "-").replace(" ", "")
    bbox = _run("pdftotext", "-bbox", str(out), "-")
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', bbox
    )
    [date_right] = [float(x1) for _x0, x1, word in words if word == "2025年11月30日"]
    cell = 156 / 28
    right_space_mm = (28 + 156) - date_right / PT_PER_MM
    assert right_space_mm == pytest.approx(4 * cell, abs=0.6)
    party = [float(x0) for x0, _x1, word in words if word.startswith(("甲方：", "乙方："))]
    assert party
    assert all(x / PT_PER_MM == pytest.approx(28, abs=0.5) for x in party)  # not indented
    assert (
        main(["letters", str(demo_copy), "--year", "2025", "--date", "2025-13-01", "-o", str(out)])
        == 2
    )


def test_date_defaults_to_the_issue_date(demo_copy: Path) -> None:
    db = Database.open(demo_copy)
    try:
        year_letters = letters.letters(db, 2025)
        issued = sorted(x.issued_on for x in year_letters if x.issued_on)
        plain = [x for x in year_letters if not x.dated and not x.issued_on]
        if plain:
            assert letters.letter_date(plain[0], year_letters) == date.fromisoformat(issued[0])
        own = year_letters[0]
        assert letters.letter_date(own, year_letters) is not None
    finally:
        db.close()


def test_batch_headings_never_end_a_page_and_duplex_pads_odd_letters(
    demo_copy: Path, tmp_path: Path
) -> None:
    combined = tmp_path / "all.pdf"
    assert main(["letters", str(demo_copy), "--year", "2025", "-o", str(combined)]) == 0
    texts = _page_texts(combined)
    heading = re.compile(r"^\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
    for number, page in enumerate(texts, start=1):
        lines = [
            x for x in page.splitlines() if x.strip() and not re.fullmatch(r"\s*—\s*\d+\s*—\s*", x)
        ]
        if lines:
            assert not heading.match(lines[-1]), (number, lines[-1])
    # double-sided: every letter starts on an odd page; blank pages carry no number
    starts = [n for n, page in enumerate(texts, start=1) if "目标管理责任书" in page]
    assert starts
    assert all(n % 2 == 1 for n in starts)
    blank = [n for n, page in enumerate(texts, start=1) if not page.strip()]
    assert blank  # some letters have an odd page count
    single = tmp_path / "one.pdf"
    assert (
        main(["letters", str(demo_copy), "--year", "2025", "--unit", "D02", "-o", str(single)]) == 0
    )
    assert all(page.strip() for page in _page_texts(single))  # no padding for one letter
    plain = tmp_path / "plain.pdf"
    args = ["letters", str(demo_copy), "--year", "2025", "--single-sided", "-o", str(plain)]
    assert main(args) == 0
    assert _pages(plain) == len(texts) - len(blank)  # single-sided: no blank pages


def test_page_number_dash_7mm_below_text_area_and_body_16pt(
    demo_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "d02.pdf"
    db = Database.open(demo_copy)
    try:
        write_letters(db, 2025, out, unit_code="D02", day=date(2025, 3, 1))
    finally:
        db.close()
    bottom = 37 + 225
    # page 1: number on the right; the dash left of the digit, between x 160 and 168 mm
    rows = dark_rows(out, 1, (160, bottom, 168, bottom + 20))
    assert rows
    centre = (rows[0] + rows[-1]) / 2
    assert centre - bottom == pytest.approx(7.0, abs=0.5)
    assert 16.0 in font_sizes(out)
    assert not any(15.5 < s < 16.0 for s in font_sizes(out))  # no 15.8 pt body any more
