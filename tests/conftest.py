"""Shared fixtures. Qt runs offscreen; every user path (data folder, settings, backups) is
redirected into the test's tmp_path; each test gets a real SQLite file, copied from one
migrated empty database built once per session."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from desktop.paths import DATA_DIR_ENV
from desktop.store.database import Database

# what a module reads at import (``desktop.ui``: PySide6's support code cache), before the
# per-test folder below: never the developer's own data folder
os.environ[DATA_DIR_ENV] = tempfile.mkdtemp(prefix="fulian-tests-")

settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The PC's local data folder, per test."""
    folder = tmp_path / "local-data"
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


@pytest.fixture(scope="session")
def empty_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.fulian"
    Database.create(path).close()
    return path


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    """A folder standing in for the USB stick."""
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


@pytest.fixture
def db_path(empty_db_template: Path, stick: Path) -> Path:
    """A fresh, migrated, empty database file (each test its own copy with its own id)."""
    path = stick / "妇联数据.fulian"
    shutil.copyfile(empty_db_template, path)
    db = Database.open(path)
    with db.transaction():
        import uuid

        db.execute("UPDATE meta SET value = :id WHERE key = 'db_id'", {"id": str(uuid.uuid4())})
    db.close()
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database.open(db_path, pc="测试电脑")
    yield database
    database.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests first: with one worker per core (dev.py test), the longest ones (the bundle
    build, the crash harnesses) then run beside the rest instead of after it."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
