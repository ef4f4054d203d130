from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop import demo

    return demo.build(tmp_path_factory.mktemp("operations") / "demo.fulian")


@pytest.fixture
def demo_file(demo_original: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.fulian"
    shutil.copyfile(demo_original, path)
    return path
