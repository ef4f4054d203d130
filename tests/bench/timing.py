"""The timing every benchmark uses: one warm-up, then the median of ``runs``, with the Qt
events of each run (painting) included. Run a benchmark as a script
(``python tests/bench/bench_x.py``): this folder is then on the import path."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from PySide6.QtWidgets import QApplication


def median_ms(fn: Callable[[], None], runs: int = 9) -> float:
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        QApplication.processEvents()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000
