"""A page's private temporary folder for previews and opened files (they may hold personal
data or letters): made on first use, removed when the database is closed."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path


class ScratchFolder:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._path: Path | None = None

    def path(self) -> Path:
        if self._path is None:
            self._path = Path(tempfile.mkdtemp(prefix=f"fulian-{self.prefix}-"))
        return self._path

    def remove(self) -> None:
        if self._path is not None:
            shutil.rmtree(self._path, ignore_errors=True)
            self._path = None
