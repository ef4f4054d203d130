from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.paths import resource_path
from desktop.reports import letters_pdf
from desktop.reports.pdf.fonts import FontSet
from desktop.reports.pdf.official import CHARS, NO_END, NO_START, break_lines, units_of
from desktop.store import catalogue, indicators, letters, monitoring, profile, units
from desktop.store.database import Database

DIGITS = "0123456789"
PT_PER_MM = 72 / 25.4


@pytest.fixture
def letter_pdf(db: Database, tmp_path: Path) -> tuple[Path, list[str], str]:
    profile.save(
        db,
        profile.Profile(
            township="青山镇",
            federation="青山镇妇女联合会",
            committee="青山镇妇女儿童工作委员会",
            doc_prefix="青妇儿",
        ),
    )
    catalogue.seed_reference(db)
    unit_id = units.add(db, units.Unit(code="D02", name="镇卫生院", kind="medical"))
    names = []
    for indicator in indicators.list_indicators(db)[:20]:  # many: runs over a page
        monitoring.set_responsibility(db, 2026, indicator.id or 0, unit_id, "lead")
        names.append(indicator.name)
    letters.save_task(
        db,
        letters.Task(
            year=2026,
            unit_id=unit_id,
            content="开展两癌免费筛查",
            target="筛查率≥70%",
            deadline="2026-10-31",
        ),
    )
    (record,) = letters.ensure_letters(db, 2026, [unit_id])
    data = letters_pdf.gather(db, 2026, units.get(db, unit_id), record.number, date(2026, 3, 8))
    path = tmp_path / "责任书.pdf"
    template = resource_path("letters", "default.txt").read_text("utf-8")
    letters_pdf.write(path, [data], template, FontSet.discover())
    return path, names, record.number


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def test_letter_content_fonts_and_size(letter_pdf: tuple[Path, list[str], str]) -> None:
    path, names, number = letter_pdf
    info = _run("pdfinfo", str(path))
    assert re.search(r"Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)", info)
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 2  # type: ignore[union-attr]
    fonts = _run("pdffonts", str(path)).splitlines()[2:]
    assert fonts
    assert all(" yes yes " in line for line in fonts)
    text = _run("pdftotext", str(path), "-").replace(" ", "").replace("\n", "")
    for expected in (
        "镇卫生院",
        number,
        "开展两癌免费筛查",
        "2026年3月8日",
        "—1—",
        "甲方（章）",
        "乙方（章）",
        "责任人（签字）",
    ):
        assert expected in text, expected
    # in drawing order, a wrapped cell's lines stay together (the reading order interleaves
    # them with the row's other cells)
    drawn = _run("pdftotext", "-raw", str(path), "-").replace(" ", "").replace("\n", "")
    for name in names:
        assert name.replace(" ", "") in drawn, name


def test_indicator_table_header_repeats(letter_pdf: tuple[Path, list[str], str]) -> None:
    path, _names, _number = letter_pdf
    page2 = _run("pdftotext", "-f", "2", "-l", "2", str(path), "-").replace(" ", "")
    assert "序号" in page2
    assert "目标值" in page2


def test_signature_stays_with_the_last_paragraph(letter_pdf: tuple[Path, list[str], str]) -> None:
    path, _names, _number = letter_pdf
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(path))).group(1))  # type: ignore[union-attr]
    last = _run("pdftotext", "-f", str(pages), "-l", str(pages), str(path), "-").replace(" ", "")
    assert "甲方（章）" in last
    assert "一式两份" in last


def test_text_sits_inside_the_text_area(letter_pdf: tuple[Path, list[str], str]) -> None:
    path, _names, _number = letter_pdf
    bbox = _run("pdftotext", "-bbox", str(path), "-")
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
        r"([^<]*)</word>",
        bbox,
    )
    assert words
    left, right = 28 * PT_PER_MM, (28 + 156) * PT_PER_MM
    top, bottom = 37 * PT_PER_MM, (37 + 225) * PT_PER_MM
    tolerance = 1 * PT_PER_MM
    for x0, y0, x1, y1, word in words:
        if word in ("—",) or (word.isdigit() and float(y0) > bottom):
            continue  # page numbers sit 7 mm below the text area by design
        assert float(x0) >= left - tolerance, word
        assert float(x1) <= right + tolerance, word
        assert float(y0) >= top - tolerance, word
        assert float(y1) <= bottom + tolerance, word


@given(
    st.text(
        alphabet=st.sampled_from(list("妇女儿童发展规划，。、；：（）“”《》0123456789abc")),
        min_size=1,
        max_size=200,
    )
)
def test_grid_lines_hold_28_characters_and_obey_punctuation(text: str) -> None:
    lines = break_lines(text, indent=2)
    assert "".join(lines) == text
    for n, line in enumerate(lines):
        limit = CHARS * 2 - (4 if n == 0 else 0)
        assert sum(units_of(c) for c in line) <= limit
        if n > 0 and any(c not in NO_START for c in lines[n - 1]):
            assert line[0] not in NO_START or all(c in NO_START for c in line), lines


@given(
    st.lists(
        st.sampled_from(
            [
                "妇女",
                "儿童",
                "发展",
                "，",
                "。",
                "；",
                "：",
                "（一）",
                "“两规划”",
                "《纲要》",
                "84.3%",
                "2026年",
                "A4",
            ]
        ),
        min_size=1,
        max_size=80,
    )
)
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(tokens: list[str]) -> None:
    text = "".join(tokens)
    lines = break_lines(text, indent=2)
    assert "".join(lines) == text
    for n, line in enumerate(lines):
        assert sum(units_of(c) for c in line) <= CHARS * 2 - (4 if n == 0 else 0)
        assert n == 0 or line[0] not in NO_START, lines
        assert n == len(lines) - 1 or line[-1] not in NO_END, lines
        if n > 0:  # a number is never cut in two
            assert not (lines[n - 1][-1] in DIGITS and line[0] in DIGITS + ".%"), lines


def test_a_full_line_carries_its_number_down_whole() -> None:
    lines = break_lines("妇" * 24 + "本地04976.2%（期末目标）", indent=0)
    assert lines[0] == "妇" * 24 + "本地"
    assert lines[1].startswith("04976.2%（期末")


def test_body_line_of_plain_chinese_is_28_characters() -> None:
    lines = break_lines("妇" * 100, indent=0)
    assert [len(line) for line in lines] == [28, 28, 28, 16]


def test_cli_letters_folder_and_combined(tmp_path: Path) -> None:
    from desktop.cli import main

    db_path = tmp_path / "demo.fulian"
    assert main(["demo", str(db_path)]) == 0
    folder = tmp_path / "letters"
    folder.mkdir()
    assert main(["letters", str(db_path), "--year", "2025", "-o", str(folder)]) == 0
    files = sorted(folder.glob("*.pdf"))
    assert len(files) >= 20
    assert any("镇卫生院" in f.name for f in files)
    combined = tmp_path / "all.pdf"
    assert main(["letters", str(db_path), "--year", "2025", "-o", str(combined)]) == 0
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(combined))).group(1))  # type: ignore[union-attr]
    assert pages >= len(files)
    numbers = [
        _run("pdftotext", "-f", str(n), "-l", str(n), str(combined), "-").replace(" ", "")
        for n in range(1, pages + 1)
    ]
    assert sum("—1—" in text for text in numbers) == len(files)  # each letter starts at 1
    db = Database.open(db_path, read_only=True)
    try:
        records = letters.letters(db, 2025)
    finally:
        db.close()
    assert [r.sequence for r in records] == list(range(1, len(files) + 1))


def test_word_and_excel_versions_say_the_same(tmp_path: Path) -> None:
    from docx import Document
    from openpyxl import load_workbook

    from desktop.cli import main

    db_path = tmp_path / "demo.fulian"
    assert main(["demo", str(db_path)]) == 0
    docx_path, xlsx_path = tmp_path / "卫生院.docx", tmp_path / "卫生院.xlsx"
    for path, fmt in ((docx_path, "docx"), (xlsx_path, "xlsx")):
        assert (
            main(
                [
                    "letters",
                    str(db_path),
                    "--year",
                    "2025",
                    "--unit",
                    "D02",
                    "--format",
                    fmt,
                    "-o",
                    str(path),
                ]
            )
            == 0
        )
    document = Document(str(docx_path))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "2025年度妇女儿童发展规划目标管理责任书" in text
    assert "乙方：镇卫生院" in text
    assert "孕产妇系统管理率" in cells
    assert "甲方（章）" in cells
    heading = next(p for p in document.paragraphs if p.text == "一、责任目标")
    assert heading.runs[0].font.name == "黑体"
    sheet = load_workbook(xlsx_path).active
    assert sheet is not None
    values = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "乙方：镇卫生院" in values
    assert "孕产妇系统管理率" in values
    assert sheet.page_setup.fitToWidth == 1


def test_batch_cancel_leaves_nothing_and_copies_double(tmp_path: Path) -> None:
    from desktop.cli import main
    from desktop.operations.letters import write_letters

    db_path = tmp_path / "demo.fulian"
    assert main(["demo", str(db_path)]) == 0
    db = Database.open(db_path)
    try:
        folder = tmp_path / "out"
        folder.mkdir()
        calls: list[int] = []

        def cancel_after_three(done: int, total: int) -> bool:
            calls.append(done)
            return done < 3

        assert write_letters(db, 2025, folder, progress=cancel_after_three).paths == []
        assert calls == [0, 1, 2, 3]
        assert list(folder.iterdir()) == []
        one, two = tmp_path / "one.pdf", tmp_path / "two.pdf"
        write_letters(db, 2025, one, unit_code="D02")
        write_letters(db, 2025, two, unit_code="D02", copies=2)
    finally:
        db.close()

    def pages(path: Path) -> int:
        return int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(path))).group(1))  # type: ignore[union-attr]

    # two copies for double-sided printing: a blank page after an odd-length first copy
    assert pages(two) == 2 * pages(one) + pages(one) % 2


def test_a_batch_reads_the_year_once_yet_sees_every_change(db: Database) -> None:
    """gather() keeps the year's tables between letters of a batch, never across a change."""
    catalogue.seed_reference(db)
    unit_id = units.add(db, units.Unit(code="D02", name="镇卫生院", kind="medical"))
    other_id = units.add(db, units.Unit(code="D03", name="镇派出所", kind="department"))
    first, second = indicators.list_indicators(db)[:2]
    monitoring.set_responsibility(db, 2026, first.id or 0, unit_id, "lead")
    monitoring.set_responsibility(db, 2026, first.id or 0, other_id, "support")
    one = letters_pdf.gather(db, 2026, units.get(db, unit_id), "1", date(2026, 3, 8))
    two = letters_pdf.gather(db, 2026, units.get(db, other_id), "2", date(2026, 3, 8))
    assert [r[0] for r in one.indicators] == [first.code]
    assert [(r[0], r[3]) for r in two.indicators] == [(first.code, "配合")]
    monitoring.set_responsibility(db, 2026, second.id or 0, unit_id, "lead")
    profile.save(db, profile.Profile(township="青山镇", committee="新委员会"))
    again = letters_pdf.gather(db, 2026, units.get(db, unit_id), "1", date(2026, 3, 8))
    assert [r[0] for r in again.indicators] == sorted([first.code, second.code])
    assert again.values["committee"] == "新委员会"
