"""Every report on the large demo, as Excel and PDF, vs bare openpyxl / reportlab writing the
same cells and the same tables, in one run.

Run: .venv/bin/python tests/bench/bench_reports.py
"read": the database to the report (evaluation, counting). "write", ours: the report to a
file with formats, colours, print set-up, charts, page furniture; bare: the same cell texts
written by a plain openpyxl ``Workbook.append`` per sheet, and by a plain reportlab ``Table``
per table with the same CJK font (no colours, charts or furniture). Median of 3.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
from reportlab.platypus import Table as PlainTable

from desktop import demo
from desktop.forms.definition import FormDef
from desktop.forms.loader import load_dirs
from desktop.operations.reports import export_report
from desktop.paths import bundled_dir
from desktop.reports import catalog
from desktop.reports.document import Pack, Report
from desktop.reports.pdf.fonts import FontSet
from desktop.reports.render_pdf import write_pack, write_pdf
from desktop.reports.render_xlsx import write_xlsx
from desktop.store.database import Database

NAMES = (
    "monitoring",
    "warnings",
    "trend:C-H-06",
    "completeness",
    "assessment",
    "statistics",
    "summary",
    "register:petition",
)


def median_s(fn: Callable[[], object], runs: int = 3) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bare_xlsx(reports: list[Report], out: Path) -> None:
    book = Workbook()
    for report in reports:
        for table in report.tables():
            sheet = book.create_sheet(table.title[:28])
            sheet.append([c.title for c in table.columns])
            for row in table.rows:
                sheet.append([cell.excel for cell in row])
    book.save(out)


def bare_pdf(reports: list[Report], out: Path, font: str) -> None:
    """The same tables as plain reportlab: wrapped cells (a table that does not wrap is not
    the same page), one style, no colours, charts or page furniture."""
    style = ParagraphStyle("plain", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    story: list[object] = []
    for report in reports:
        for table in report.tables():
            rows = [[c.title for c in table.columns], *([c.text for c in r] for r in table.rows)]
            cells = [[Paragraph(text, style) for text in row] for row in rows]
            total = sum(c.width for c in table.columns)
            widths = [760 * c.width / total for c in table.columns]
            plain = PlainTable(cells, colWidths=widths, repeatRows=1)
            plain.setStyle([("FONTNAME", (0, 0), (-1, -1), font)])
            story += [plain, PageBreak()]
    SimpleDocTemplate(str(out), pagesize=landscape(A4)).build(story)  # type: ignore[arg-type]


def measure(name: str, db: Database, forms: list[FormDef], fonts: FontSet, folder: Path) -> str:
    request = catalog.Request.parse(name, year=2025)
    if request.key == "register":
        xlsx = median_s(lambda: export_report(db, forms, request, "xlsx", folder / "r.xlsx"))
        pdf = median_s(
            lambda: export_report(db, forms, request, "pdf", folder / "r.pdf", fonts=fonts)
        )
        return f"{name:18s} whole export: xlsx {xlsx:.2f}s, pdf {pdf:.2f}s (every record, masked)"
    read = median_s(lambda: catalog.build(db, forms, request))
    reports = catalog.build(db, forms, request)
    if request.key == "summary":
        combined = Pack("汇总", "青山镇", reports).combined()
        ours_x = median_s(lambda: write_xlsx(folder / "o.xlsx", combined))
        ours_p = median_s(lambda: write_pack(folder / "o.pdf", "汇总", "青山镇", reports, fonts))
    else:
        ours_x = median_s(lambda: write_xlsx(folder / "o.xlsx", reports[0]))
        ours_p = median_s(lambda: write_pdf(folder / "o.pdf", reports[0], fonts))
    bare_x = median_s(lambda: bare_xlsx(reports, folder / "bare.xlsx"))
    bare_p = median_s(lambda: bare_pdf(reports, folder / "bare.pdf", fonts.name("song")))
    return (
        f"{name:18s} {read:5.2f}s | {ours_x:8.2f}s {bare_x:5.2f}s {ours_x / bare_x:5.1f}x | "
        f"{ours_p:7.2f}s {bare_p:5.2f}s {ours_p / bare_p:5.1f}x"
    )


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="fulian-bench-"))
    try:
        path = folder / "large.fulian"
        demo.build(path, demo.DemoSpec(size="large"))
        db = Database.open(path, read_only=True)
        forms = list(load_dirs([bundled_dir("forms")]).forms)
        fonts = FontSet.discover()
        print("large demo (60 units, 150 indicators, 10 years, ~30 000 register records)")
        print("read = database to report; write = the same report to a file, ours vs bare")
        print(
            f"{'report':18s} {'read':>6s} | {'xlsx ours':>9s} {'bare':>6s} {'ratio':>6s} | "
            f"{'pdf ours':>8s} {'bare':>6s} {'ratio':>6s}"
        )
        for name in NAMES:
            print(measure(name, db, forms, fonts, folder))
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
