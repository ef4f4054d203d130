"""Kill a writer with SIGKILL at seeded random moments: the file must stay consistent."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest

from desktop.store.database import Database
from tests.helpers.crash import run_and_kill

WRITER = Path(__file__).resolve().parents[1] / "helpers" / "crash_writer.py"
TRIALS = 20


@pytest.mark.slow
def test_killed_writer_leaves_consistent_file(db_path: Path) -> None:
    seed = int(os.environ.get("FULIAN_CRASH_SEED", "20261129"))
    rng = random.Random(seed)
    env_root = str(Path(__file__).resolve().parents[2])
    os.environ["PYTHONPATH"] = env_root + os.pathsep + os.environ.get("PYTHONPATH", "")
    committed = 0
    for trial in range(TRIALS):
        delay = rng.uniform(0.0, 0.25)
        result = run_and_kill(WRITER, [str(db_path)], delay)
        context = f"seed={seed} trial={trial} delay={delay:.3f}s (rerun with FULIAN_CRASH_SEED)"
        # Recovery happens on the next read-write open (hot journal rolled back, never deleted).
        db = Database.open(db_path)
        try:
            assert db.scalar("PRAGMA quick_check") == "ok", context
            count = db.scalar("SELECT count(*) FROM unit")
            phone = db.scalar("SELECT phone FROM profile WHERE id = 1")
        finally:
            db.close()
        reported = result.last_reported
        # the kill may fall between COMMIT and the print of its number
        assert count in (reported, reported + 1), f"{context}: {count} rows, {reported} reported"
        # the two writes of a transaction are never split
        assert phone == str(count), context
        committed = count
    assert committed > TRIALS, "the writer committed too little to prove anything"
    plain = sqlite3.connect(db_path)
    assert plain.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    plain.close()
