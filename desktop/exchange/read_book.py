"""openpyxl's read-only ``load_workbook``, less the work an import never uses.

``load_workbook(read_only=True)`` makes a worksheet object for every sheet and, for each,
opens its XML and parses the first chunk to find its size (``<dimension>``), and reads the
sheet's relationships. A returned template has four sheets, of which the import reads two:
the other two were parsed on every import for nothing (about a fifth of openpyxl's time per
file, issue 21). Here a sheet finds its size when something first asks for it (``max_row``,
or ``iter_rows`` without bounds), exactly as openpyxl would have found it at load, so every
read returns what ``load_workbook`` returns. The rest of the load is openpyxl's own
(``ExcelReader.read``): strings, workbook, styles (dates need them), names.

Imported only when a workbook is read (openpyxl is a slow import).
"""

from __future__ import annotations

from typing import Any, BinaryIO
from xml.etree.ElementTree import XMLPullParser

from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
from openpyxl.worksheet.dimensions import SheetDimension

# subclassed through ``Any``: the stubs type openpyxl's internals more narrowly than it uses them
_Worksheet: Any = ReadOnlyWorksheet
_ExcelReader: Any = ExcelReader

#: bytes of sheet XML parsed at a time while looking for ``<dimension>``, which comes before
#: the cells: openpyxl's ``iterparse`` parses 16 KiB (a template's first hundred rows) to
#: find it in the first few hundred bytes
_CHUNK = 1024


def _dimension(source: BinaryIO) -> tuple[int, int, int, int] | None:
    """``WorkSheetParser.parse_dimensions``: the same parser, events and elements, fed in
    smaller pieces, so it stops soon after the dimension."""
    parser: XMLPullParser[Any] = XMLPullParser(events=("end",))
    while True:
        data = source.read(_CHUNK)
        if data:
            parser.feed(data)
        else:
            parser.close()
        events: Any = parser.read_events()
        for _event, element in events:
            if element.tag == DIMENSION_TAG:
                dimension: Any = SheetDimension.from_tree(element)
                return dimension.boundaries  # type: ignore[no-any-return]
            if element.tag == DATA_TAG:
                return None  # no dimension given
            element.clear()
        if not data:
            return None


class _Sheet(_Worksheet):  # type: ignore[misc]
    """A read-only worksheet that reads its ``<dimension>`` when first asked for its size."""

    _sized = False

    def _get_size(self) -> None:  # at load: nothing yet
        return None

    def _size(self) -> None:
        if self._sized:
            return
        self._sized = True
        with self._get_source() as source:
            dimensions = _dimension(source)
        if dimensions is not None:
            self._min_column, self._min_row, self._max_column, self._max_row = dimensions

    def reset_dimensions(self) -> None:
        self._sized = True
        super().reset_dimensions()

    @property
    def min_row(self) -> Any:
        self._size()
        return self._min_row

    @property
    def max_row(self) -> Any:
        self._size()
        return self._max_row

    @property
    def min_column(self) -> Any:
        self._size()
        return self._min_column

    @property
    def max_column(self) -> Any:
        self._size()
        return self._max_column


class _Reader(_ExcelReader):  # type: ignore[misc]
    """``ExcelReader`` for read-only use whose worksheets size themselves when first used."""

    def read_worksheets(self) -> None:
        # openpyxl's read-only branch of ``read_worksheets``, without the relationships it
        # reads and drops and the size it reads ahead
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            ws = _Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state
            listed = self.wb._sheets  # the workbook's list of its sheets (not a cell write)
            listed.append(ws)


def load_read_only(handle: BinaryIO) -> Any:
    """``load_workbook(handle, read_only=True, data_only=True)``: the same workbook, sheets
    sized on first use."""
    reader = _Reader(handle, read_only=True, data_only=True)
    reader.read()
    return reader.wb
