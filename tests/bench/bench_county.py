"""The county at scale: 30 townships × the large catalogue × 10 years = 300 submission files.

Run: .venv/bin/python tests/bench/bench_county.py
- merge: ours = ``fulian merge``'s work per file (read the hidden sheet, content hash and
  signature, checks, preview against the township's current values, one transaction per file
  with the log and audit entry) vs bare = openpyxl read-only load of each file, reading every
  row of its ``_submission`` sheet, plus plain sqlite3 inserts of its figures (one
  transaction per file), interleaved file by file (both see the same load on a shared
  machine), on fresh copies each round.
  Goal (issue 18): ours ≤ 1.3 × bare.
- county report: building 乡镇上报汇总 for the last year from the database (read), then
  writing it as xlsx, ours vs bare openpyxl writing the same cells (bench_reports.py's split
  for the township reports).
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook, load_workbook

from desktop import demo
from desktop.exchange import submission_excel
from desktop.exchange.submission import Element, public_key_of, sign
from desktop.exchange.submission_build import build
from desktop.forms.submission_format import DEFAULT_ID, available
from desktop.operations import county as county_ops
from desktop.reports import county_report
from desktop.store import submissions
from desktop.store.database import Database

TOWNSHIPS = 30
ROUNDS = 2


def make_files(folder: Path) -> tuple[Path, list[Path]]:
    """The large demo as the template township; 30 townships × its 10 years of submissions."""
    template = demo.build(folder / "large.fulian", demo.DemoSpec(size="large"))
    db = Database.open(template)
    fmt = available()[DEFAULT_ID]
    years = [y for y in range(2016, 2026)]
    key = submissions.private_key(db)
    base = {
        y: build(db, fmt, y, private_key=key, generated_at=f"{y + 1}-01-20 09:00:00", draft=True)
        for y in years
    }
    db.close()
    rng = random.Random(18)
    files = []
    out = folder / "files"
    out.mkdir()
    for t in range(TOWNSHIPS):
        private = bytes(rng.getrandbits(8) for _ in range(32))
        db_id, name = str(uuid.UUID(int=rng.getrandbits(128))), f"第{t + 1}乡镇"
        for year, sub in base.items():
            elements = tuple(
                Element(e.code, str(rng.randint(0, 900)) if e.value else "", e.reason)
                for e in sub.claim.elements
            )
            claim = replace(
                sub.claim,
                db_id=db_id,
                township=name,
                public_key=public_key_of(private),
                elements=elements,
            )
            signed = replace(sub, claim=claim, signature=sign(private, claim))
            path = out / f"{t:02d}-{year}.xlsx"
            submission_excel.write(path, signed)
            files.append(path)
    county = folder / "county.fulian"
    shutil.copyfile(template, county)
    cdb = Database.open(county)
    submissions.set_level(cdb, "county")
    with cdb.transaction():  # another database than the township template
        cdb.execute("UPDATE meta SET value = :v WHERE key = 'db_id'", {"v": str(uuid.uuid4())})
    cdb.close()
    return county, files


def _merge_one(db: Database, file: Path) -> float:
    start = time.perf_counter()
    (preview,) = county_ops.preview_merge(db, [file])
    assert not preview.refused, preview.refused
    county_ops.merge_file(db, preview)
    return time.perf_counter() - start


def _bare_one(conn: sqlite3.Connection, file: Path) -> float:
    start = time.perf_counter()
    book = load_workbook(file, read_only=True, data_only=True)
    rows = [r[:3] for r in book["_submission"].iter_rows(values_only=True, max_col=3)]
    book.close()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO v VALUES (?, ?, ?, ?)", [(file.name, *r) for r in rows if r[0]])
    conn.execute("COMMIT")
    return time.perf_counter() - start


def merge_round(county: Path, target: Path, files: list[Path]) -> tuple[float, float]:
    """Ours and bare interleaved file by file, so both see the same load on a shared machine."""
    db = Database.open(county)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE v (file TEXT, code TEXT, value TEXT, reason TEXT)")
    ours = bare = 0.0
    for index, file in enumerate(files):
        if index % 2:  # alternate which goes first
            bare += _bare_one(conn, file)
            ours += _merge_one(db, file)
        else:
            ours += _merge_one(db, file)
            bare += _bare_one(conn, file)
    conn.close()
    db.close()
    return ours, bare


def report_times(county: Path, folder: Path) -> tuple[float, float, float]:
    """(read, ours, bare) seconds: building the county report from the database, then
    writing it as xlsx with our renderer vs bare openpyxl writing the same cells (the split
    bench_reports.py uses for the township reports)."""
    from desktop.reports.render_xlsx import write_xlsx

    db = Database.open(county, read_only=True)
    start = time.perf_counter()
    report = county_report.build(db, 2025)
    read = time.perf_counter() - start
    db.close()
    start = time.perf_counter()
    write_xlsx(folder / "ours.xlsx", report)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    book = Workbook()
    for table in report.tables():
        sheet = book.create_sheet(table.title)
        sheet.append([c.title for c in table.columns])
        for row in table.rows:
            sheet.append([c.excel for c in row])
    book.save(folder / "bare.xlsx")
    return read, ours, time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        county, files = make_files(folder)
        print(f"{len(files)} submission files made in {time.perf_counter() - started:.1f} s")
        ours_s, bare_s = [], []
        for index in range(ROUNDS):
            fresh = folder / f"county-{index}.fulian"
            shutil.copyfile(county, fresh)
            o_round, b_round = merge_round(fresh, folder / f"bare-{index}.db", files)
            ours_s.append(o_round)
            bare_s.append(b_round)
            print(f"round {index + 1}: merge {ours_s[-1]:.2f} s, bare {bare_s[-1]:.2f} s")
        merged = folder / "county-0.fulian"
        times = [report_times(merged, folder) for _ in range(ROUNDS + 1)][1:]  # one warm-up
        read = statistics.median(t[0] for t in times)
        ro, rb = statistics.median(t[1] for t in times), statistics.median(t[2] for t in times)
        o, b = statistics.median(ours_s), statistics.median(bare_s)
        ratios = [x / y for x, y in zip(ours_s, bare_s, strict=True)]
        print(
            f"merge of {len(files)} files: ours {o:.2f} s, bare {b:.2f} s (medians); "
            f"ratio per round {', '.join(f'{r:.2f}' for r in ratios)}, "
            f"median {statistics.median(ratios):.2f} (goal ≤ 1.30)"
        )
        print(
            f"county report: read {read:.2f} s; xlsx write ours {ro:.2f} s, "
            f"bare {rb:.2f} s, ratio {ro / rb:.1f}x"
        )


if __name__ == "__main__":
    main()
