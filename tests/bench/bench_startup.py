"""Cold start to the first shown window: Fulian Desk vs a bare PySide6 QMainWindow.

Run: .venv/bin/python tests/bench/bench_startup.py  (median of 5 each, same run, offscreen)
Each run is a fresh interpreter; the time is from process start to the window's first show.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BARE = """
import time
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication([])
w = QMainWindow(); w.resize(1100, 720); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

OURS = """
import os
from desktop.cli import main
raise SystemExit(main(["open", os.environ["BENCH_DB"], "--auto-quit", "0"]))
"""


def measure(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.fulian"
        subprocess.run(
            [sys.executable, "-m", "desktop", "demo", str(db)],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "BENCH_DB": str(db),
            "FULIAN_DATA_DIR": str(Path(tmp) / "data"),
        }
        bare = statistics.median(measure(BARE, env) for _ in range(5))
        ours = statistics.median(measure(OURS, env) for _ in range(5))
    print(f"bare QMainWindow start+quit : {bare * 1000:7.0f} ms (median of 5)")
    print(f"Fulian Desk on demo DB      : {ours * 1000:7.0f} ms (median of 5)")
    print(f"ratio                       : {ours / bare:7.2f}x")


if __name__ == "__main__":
    main()
