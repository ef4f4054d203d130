"""Where the application finds its bundled data and where it writes per-PC data.

Bundled data (``forms/``, ``resources/``) is found in three layouts, checked in this order:
a PyInstaller bundle (``sys._MEIPASS``), an installed wheel (``desktop/_bundled/``), and a
source checkout (the repository root). One function answers for all callers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_BUNDLED = ("forms", "resources")
DATA_DIR_ENV = "FULIAN_DATA_DIR"


def _candidate_roots() -> list[Path]:
    roots: list[Path] = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        roots.append(Path(meipass))
    roots.append(_PACKAGE_DIR / "_bundled")
    roots.append(_PACKAGE_DIR.parent)
    return roots


def bundled_dir(name: str) -> Path:
    """Return the folder ``forms`` or ``resources``, wherever the app was installed from."""
    if name not in _BUNDLED:
        raise ValueError(f"unknown bundled folder {name!r}; expected one of {_BUNDLED}")
    for root in _candidate_roots():
        candidate = root / name
        if candidate.is_dir():
            return candidate
    searched = ", ".join(str(r / name) for r in _candidate_roots())
    raise FileNotFoundError(f"bundled folder {name!r} not found (searched: {searched})")


def resource_path(*parts: str) -> Path:
    return bundled_dir("resources").joinpath(*parts)


def user_data_dir() -> Path:
    """The PC's local, writable folder for backups, settings and logs (never on the stick).

    ``FULIAN_DATA_DIR`` overrides it (tests and portable set-ups).
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "FulianDesk"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "FulianDesk"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "fulian-desk"


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def logs_dir(data_dir: Path) -> Path:
    return data_dir / "logs"


def forms_cache_dir(data_dir: Path) -> Path:
    """Parsed form definitions (``forms/toml_cache.py``): safe to delete."""
    return data_dir / "cache" / "forms"
