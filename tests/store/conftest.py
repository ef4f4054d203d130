"""The demo database, built for a store test that reads a whole year's figures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import demo
from desktop.store.database import Database


@pytest.fixture
def demo_year(tmp_path: Path) -> Iterator[tuple[Database, int]]:
    """The demo file open, and its latest year of assignments."""
    path = tmp_path / "demo.fulian"
    demo.build(path)
    db = Database.open(path)
    try:
        yield db, db.query_all("SELECT max(year) AS y FROM assignment")[0]["y"]
    finally:
        db.close()
