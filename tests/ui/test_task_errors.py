"""A cancelled backup at quit is told apart without loading the reports (a start that quits
while its backup runs must not import them), and a cancelled report is still a cancellation."""

from __future__ import annotations

import subprocess
import sys


def test_cancellations_without_loading_the_reports() -> None:
    script = (
        "import sys\n"
        "from desktop.store.backup import BackupCancelled\n"
        "from desktop.ui.errors import is_cancellation\n"
        "assert is_cancellation(BackupCancelled('x'))\n"
        "assert not is_cancellation(ValueError('x'))\n"
        "assert 'desktop.reports.catalog' not in sys.modules\n"
        "from desktop.reports.catalog import Cancelled, ReportError\n"
        "assert is_cancellation(Cancelled('已取消。'))\n"
        "assert not is_cancellation(ReportError('x'))\n"
        "print('ok')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, text=True
    )
    assert out.stdout.strip() == "ok", out.stderr
