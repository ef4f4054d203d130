"""A realistic demo database: one part per feature, all seeded so that runs are repeatable.

Later features add their part to ``PARTS`` (indicators and values, registers, letters ...).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from pathlib import Path

from desktop.demo import letters, monitoring, registers, township
from desktop.demo.spec import DemoSpec
from desktop.store.database import Database
from desktop.store.vault import DEFAULT_COST, KdfCost

log = logging.getLogger("fulian.demo")

SIZES = ("small", "large")
__all__ = ["PARTS", "SIZES", "DemoSpec", "build", "protect"]


Part = Callable[[Database, DemoSpec, random.Random], None]

PARTS: tuple[tuple[str, Part], ...] = (
    ("profile", township.add_profile),
    ("units", township.add_units),
    ("monitoring", monitoring.add_monitoring),
    ("letters", letters.add_letters),
    ("registers", registers.add_registers),
)


def build(path: Path, spec: DemoSpec | None = None) -> Path:
    """Create a new demo database at ``path`` (refuses to overwrite) and fill every part."""
    spec = spec or DemoSpec()
    if spec.size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}")
    rng = random.Random(spec.seed)
    db = Database.create(path)
    try:
        with db.transaction():
            for name, part in PARTS:
                log.info("demo: %s", name)
                part(db, spec, rng)
    finally:
        db.close()
    return path


def protect(path: Path, password: str, *, cost: KdfCost = DEFAULT_COST) -> str:
    """Set the database password (personal data encrypted, the file rewritten); returns the
    recovery key."""
    from desktop.forms.loader import load_dirs
    from desktop.paths import bundled_dir
    from desktop.store import protection, rewrite, vault
    from desktop.store.database import this_pc

    forms = load_dirs([bundled_dir("forms")]).forms
    key, recovery = vault.new_data_key(), vault.new_recovery_key()
    prepared, _count = rewrite.prepare(
        path,
        lambda db: protection.encrypt(db, forms, key, password, recovery, cost),
        pc=this_pc(),
        check=lambda db: protection.check_sealed(db, forms),
    )
    rewrite.swap(prepared)
    return recovery
