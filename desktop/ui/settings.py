"""Per-PC application settings in an INI file in the local data folder (never on the stick).

Declared keys with a version, so that a later release can migrate them (style.md rule 9).
Recent files remember the database id, so a stick that comes back as another drive letter can
be found again.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from desktop.domain.plain import Frozen

log = logging.getLogger("fulian.ui.settings")

SETTINGS_VERSION = 1
MAX_RECENT = 8
DEFAULT_IDLE_MINUTES = 10
#: a kept column width outside these (pixels) is ignored: a damaged file
MIN_COLUMN, MAX_COLUMN = 8, 4000


class RecentFile(Frozen):
    path: str
    db_id: str
    name: str = ""


class Settings:
    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
        self._migrate()

    def _migrate(self) -> None:
        version = int(str(self._qs.value("settings_version", 0)))
        if version < SETTINGS_VERSION:
            self._qs.setValue("settings_version", SETTINGS_VERSION)

    # ----- recent files --------------------------------------------------------------------
    def recent_files(self) -> list[RecentFile]:
        raw = self._qs.value("recent/files", "[]")
        try:
            items = json.loads(str(raw))
            return [RecentFile(**item) for item in items][:MAX_RECENT]
        except (ValueError, TypeError):
            log.warning("ignoring unreadable recent-files list")
            return []

    def add_recent(self, entry: RecentFile) -> None:
        current = self.recent_files()
        items = [r for r in current if r.db_id != entry.db_id and r.path != entry.path]
        items.insert(0, entry)
        if items[:MAX_RECENT] != current:  # reopening the first one writes nothing
            self._store_recent(items[:MAX_RECENT])

    def remove_recent(self, path: str) -> None:
        self._store_recent([r for r in self.recent_files() if r.path != path])

    def _store_recent(self, items: list[RecentFile]) -> None:
        self._qs.setValue(
            "recent/files", json.dumps([r._asdict() for r in items], ensure_ascii=False)
        )
        self._qs.sync()

    # ----- automatic locking ---------------------------------------------------------------
    def idle_lock_minutes(self) -> int:
        try:
            minutes = int(str(self._qs.value("privacy/idle_lock_minutes", DEFAULT_IDLE_MINUTES)))
        except ValueError:
            return DEFAULT_IDLE_MINUTES
        return min(240, max(1, minutes))

    def set_idle_lock_minutes(self, minutes: int) -> None:
        self._qs.setValue("privacy/idle_lock_minutes", int(minutes))

    # ----- list columns ------------------------------------------------------------------
    def column_widths(self, key: str) -> dict[str, int]:
        """The widths the clerk gave a list's columns, by field id (``{}``: none kept)."""
        raw = self._qs.value(f"columns/{key}")
        if raw is None:
            return {}
        try:
            items = json.loads(str(raw))
        except ValueError:
            log.warning("ignoring unreadable column widths of %s", key)
            return {}
        if not isinstance(items, dict):
            return {}
        return {
            str(k): v
            for k, v in items.items()
            if isinstance(v, int) and MIN_COLUMN <= v <= MAX_COLUMN
        }

    def save_column_widths(self, key: str, widths: dict[str, int]) -> None:
        text = json.dumps(widths, ensure_ascii=False, sort_keys=True)
        if self._qs.value(f"columns/{key}") != text:
            self._qs.setValue(f"columns/{key}", text)

    # ----- window geometry -----------------------------------------------------------------
    def geometry(self, key: str) -> QByteArray | None:
        value = self._qs.value(f"geometry/{key}")
        return value if isinstance(value, QByteArray) else None

    def save_geometry(self, key: str, geometry: QByteArray) -> None:
        if self.geometry(key) != geometry:  # unchanged: nothing for ``sync`` to write
            self._qs.setValue(f"geometry/{key}", geometry)

    def sync(self) -> None:
        self._qs.sync()
