"""Workbooks read for an import: the same sheets, sizes and values as openpyxl's read-only
``load_workbook``, though a sheet is parsed only when it is read."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.exchange.sheets import ImportProblem, open_workbook, sheet_rows

# sheet XML as openpyxl writes it: ... <dimension ref="A1:C6"/> ... <sheetData>
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


def _workbook(path: Path, edits: dict[int, bytes | None]) -> Path:
    """Four sheets of six rows; ``edits``: sheet number -> its new ``<dimension>`` element
    (b"": none at all; None: the sheet's XML broken)."""
    book = Workbook()
    first = book.active
    assert first is not None
    for n, title in enumerate(("说明", "填报表", "指标解释", "_meta"), start=1):
        sheet = first if n == 1 else book.create_sheet()
        sheet.title = title
        for row in range(1, 7):
            sheet.append([f"{title}{row}", row, row * 1.5 if row % 2 else None])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            match = re.fullmatch(r"xl/worksheets/sheet(\d)\.xml", item.filename)
            if match and int(match[1]) in edits:
                edit = edits[int(match[1])]
                if edit is None:
                    data = data.replace(b"<dimension", b"<<dimension")
                else:
                    # a long comment first: the dimension lies beyond the first chunk read
                    data = _DIMENSION.sub(b"<!--" + b" " * 5000 + b"-->" + edit, data)
            target.writestr(item, data)
    return path


@pytest.mark.parametrize(
    "dimension",
    [b'<dimension ref="A1:C6"/>', b'<dimension ref="A2:B3"/>', b'<dimension ref="A1:E9"/>', b""],
    ids=["true", "too-small", "too-large", "missing"],
)
def test_sizes_and_rows_are_openpyxls(tmp_path: Path, dimension: bytes) -> None:
    path = _workbook(tmp_path / "book.xlsx", {2: dimension})
    reference = load_workbook(path, read_only=True, data_only=True)
    book = open_workbook(path)
    try:
        assert book.sheetnames == reference.sheetnames
        for ours, theirs in zip(book.worksheets, reference.worksheets, strict=True):
            assert (ours.min_row, ours.max_row, ours.min_column, ours.max_column) == (
                theirs.min_row,
                theirs.max_row,
                theirs.min_column,
                theirs.max_column,
            )
            assert list(ours.iter_rows(values_only=True)) == list(
                theirs.iter_rows(values_only=True)
            )
        assert sheet_rows(book["填报表"], max_col=4, min_row=2) == [
            tuple(r) for r in reference["填报表"].iter_rows(min_row=2, max_col=4, values_only=True)
        ]
    finally:
        book.close()
        reference.close()


def test_a_sheet_is_parsed_only_when_read(tmp_path: Path) -> None:
    """A broken sheet that is not read does not stop the others from being read; read, it
    gives the Chinese message naming the file."""
    path = _workbook(tmp_path / "book.xlsx", {3: None})
    with path.open("rb") as handle, pytest.raises(SyntaxError):
        load_workbook(handle, read_only=True, data_only=True)  # openpyxl parses every sheet
    book = open_workbook(path)
    try:
        assert sheet_rows(book["_meta"], max_col=1, max_row=1) == [("_meta1",)]
        assert len(sheet_rows(book["填报表"], max_col=3)) == 6
        with pytest.raises(ImportProblem) as problem:
            sheet_rows(book["指标解释"], max_col=3)
        assert "book.xlsx" in problem.value.message
        assert "XML格式错误" in problem.value.message
    finally:
        book.close()
