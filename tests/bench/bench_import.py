"""Import of 60 returned templates on the large demo vs a bare openpyxl read of the same files.

Run: .venv/bin/python tests/bench/bench_import.py
Ours = preview + apply (validation, parsing, conflicts, one transaction per file, import log);
bare = openpyxl read-only load of each file and reading every cell of its data sheet.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

from desktop import demo
from desktop.exchange import returns, templates
from desktop.operations.unit_forms import write_unit_forms
from desktop.store.database import Database

YEAR = demo.monitoring.LATEST_YEAR


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.fulian"
        demo.build(path, demo.DemoSpec(size="large"))
        db = Database.open(path)
        files = write_unit_forms(db, YEAR, Path(tmp) / "out")
        for file in files:  # fill every input the way a unit would
            book = load_workbook(file)
            sheet = book[templates.DATA_SHEET]
            for row in range(templates.FIRST_ROW, sheet.max_row + 1):
                sheet.cell(row, templates.VALUE_COL).value = "5"
            book.save(file)
        start = time.perf_counter()
        for file in files:
            book = load_workbook(file, read_only=True, data_only=True)
            for _row in book[templates.DATA_SHEET].iter_rows(values_only=True):
                pass
            book.close()
        bare = time.perf_counter() - start
        start = time.perf_counter()
        applied = 0
        for file in files:
            result = returns.preview(db, file)
            if not result.refused:
                returns.apply(db, result, valid_only=True)
                applied += 1
        ours = time.perf_counter() - start
        db.close()
    print(f"{len(files)} returned templates on the large demo ({applied} applied)")
    print(f"bare openpyxl read : {bare:6.2f} s")
    print(f"preview + apply    : {ours:6.2f} s   ratio {ours / bare:4.2f}x")


if __name__ == "__main__":
    main()
