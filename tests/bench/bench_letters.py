"""All letters of the large demo in one PDF vs a bare reportlab script writing the same
number of pages of Chinese text with the same embedded font.

Run: .venv/bin/python tests/bench/bench_letters.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from desktop import demo
from desktop.operations.letters import write_letters
from desktop.reports.pdf.fonts import FontSet
from desktop.store.database import Database

YEAR = demo.monitoring.LATEST_YEAR
LINE = "为全面实施妇女发展规划和儿童发展规划，落实各成员单位工作责任，确保目标任务如期完成。"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.fulian"
        demo.build(path, demo.DemoSpec(size="large"))
        db = Database.open(path)
        fonts = FontSet.discover()
        write_letters(db, YEAR, Path(tmp) / "warm.pdf", unit_code="D02")
        start = time.perf_counter()
        (out,) = write_letters(db, YEAR, Path(tmp) / "all.pdf").paths
        ours = time.perf_counter() - start
        db.close()
        import subprocess

        pages = int(
            subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
            .stdout.split("Pages:")[1]
            .split()[0]
        )
        start = time.perf_counter()
        canvas = Canvas(
            str(Path(tmp) / "bare.pdf"), pagesize=A4, initialFontName=fonts.name("song")
        )
        for _page in range(pages):
            canvas.setFont(fonts.name("fang"), 15.8)
            for n in range(22):
                canvas.drawString(80, 760 - n * 29, LINE[:28])
            canvas.showPage()
        canvas.save()
        bare = time.perf_counter() - start
    print(f"large demo: {pages} pages of letters for all units")
    print(f"bare reportlab ({pages} pages, 22 lines each): {bare:5.2f} s")
    print(f"Fulian letters batch               : {ours:5.2f} s   ratio {ours / bare:4.2f}x")


if __name__ == "__main__":
    main()
