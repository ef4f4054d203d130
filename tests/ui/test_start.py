"""The real start-up path: `python -m desktop open DB --auto-quit`, headless."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.cli import main
from desktop.store.lock import lock_path


def test_app_starts_on_demo_and_quits(tmp_path: Path, data_dir: Path) -> None:
    demo = tmp_path / "演示.fulian"
    assert main(["demo", str(demo)]) == 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FULIAN_DATA_DIR": str(data_dir)}
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "open", str(demo), "--auto-quit", "800"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert proc.returncode == 0, proc.stderr
    log = (data_dir / "logs" / "fulian.log").read_text("utf-8")
    assert "window shown" in log
    assert "opened" in log
    # --auto-quit counts from the usable window: the database is open before that point
    assert log.index("opened") < log.index("usable after")
    assert "session closed" in log
    assert not lock_path(demo).exists()  # quitting released the stick
    assert list((data_dir / "backups").rglob("*.fulian"))  # backup on open happened
