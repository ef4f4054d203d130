"""The malformed-input suite's shared pieces: good files made once, broken per case.

Every case starts from a good file (a fill-in template of the demo database, a full register
export, a sound database) and breaks it the way people and machines do: openpyxl edits, zip
surgery, truncation, wrong encodings. Each case asserts: no traceback, a Chinese message that
names the file/sheet/row/field where that applies, the documented exit code, and the database
byte-identical.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop import demo
from desktop.exchange import templates
from desktop.store import monitoring, units
from desktop.store.database import Database

YEAR = 2025
CJK = re.compile(r"[\u4e00-\u9fff]")
#: library and system English that must never reach the clerk
ENGLISH = (
    "Traceback",
    "BadZipFile",
    "No such file",
    "Errno",
    "Error:",
    "Exception",
    "Invalid",
    "not a zip",
    "line 1",
    "column",
    "ParseError",
    "KeyError",
    "ValueError",
    "TypeError",
)


def assert_clerk_message(text: str, *names: str) -> None:
    """Chinese, no English fragments, naming each of ``names`` (file, sheet, row, field)."""
    assert CJK.search(text), text
    for fragment in ENGLISH:
        assert fragment not in text, f"{fragment!r} in {text!r}"
    for name in names:
        assert name in text, f"{name!r} not in {text!r}"


@dataclass(frozen=True)
class World:
    db: Path  # the demo database (never written: cases copy it)
    template: Path  # a good fill-in template of one unit
    unit: str


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    folder = tmp_path_factory.mktemp("malformed")
    db_file = demo.build(folder / "演示.fulian")
    db = Database.open(db_file, read_only=True)
    try:
        unit_id, _n = monitoring.reporting_units(db, YEAR)[0]
        unit = units.get(db, unit_id)
        template = folder / "good.xlsx"
        templates.write_template(db, YEAR, unit, template)
    finally:
        db.close()
    return World(db_file, template, unit.name)


@pytest.fixture
def case_db(world: World, tmp_path: Path) -> Path:
    path = tmp_path / "case.fulian"
    shutil.copyfile(world.db, path)
    return path


# ----- ways to break an .xlsx ---------------------------------------------------------------
def edit_book(path: Path, change: Callable[[Any], None]) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    change(book)
    book.save(path)


def edit_meta(path: Path, change: Callable[[dict[str, Any]], object]) -> None:
    """Change the template's hidden ``_meta`` JSON; ``change`` may return a replacement."""

    def apply(book: Any) -> None:
        sheet = book[templates.META_SHEET]
        data = json.loads(sheet["A1"].value)
        replaced = change(data)
        value = data if replaced is None else replaced
        sheet["A1"] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    edit_book(path, apply)


def rewrite_part(path: Path, part: str, change: Callable[[bytes], bytes]) -> None:
    """Zip surgery: rewrite one part of the package (others copied as they are)."""
    source = path.with_suffix(".orig")
    path.replace(source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == part:
                data = change(data)
                if not data:
                    continue  # removed
            new.writestr(item, data)
    source.unlink()


def truncate(path: Path, fraction: float) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])


def sheet_part(path: Path, title: str) -> str:
    """The zip member holding the sheet called ``title``."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        index = book.sheetnames.index(title)
    finally:
        book.close()
    return f"xl/worksheets/sheet{index + 1}.xml"
