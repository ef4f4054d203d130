"""Importing returned fill-in templates: a preview that changes nothing, then each file applied
in its own transaction with an import-log and audit entry (``exchange.returns``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop.exchange import returns
from desktop.exchange.returns import FilePreview
from desktop.operations import NOTHING, Area, Changes, slow
from desktop.store.database import Database
from desktop.store.errors import StoreError


@slow
def preview_returns(db: Database, paths: Sequence[Path]) -> list[FilePreview]:
    """What importing each file would do (reads the workbooks; writes nothing)."""
    return [returns.preview(db, path) for path in paths]


def apply_return(db: Database, preview: FilePreview, *, valid_only: bool = False) -> int:
    """Apply one previewed file (one transaction); the number of values written."""
    return returns.apply(db, preview, valid_only=valid_only)


@dataclass
class Imported:
    applied: int = 0
    skipped: int = 0
    #: (file name, what went wrong) of the files that could not be applied
    failed: list[tuple[str, BaseException]] = field(default_factory=list)
    changes: Changes = NOTHING


def apply_returns(db: Database, decisions: Iterable[tuple[FilePreview, bool | None]]) -> Imported:
    """Apply the files the clerk chose: ``(preview, valid_only)``, ``None`` to skip one. Each
    file is its own transaction: one that fails leaves the others applied."""
    result = Imported()
    for preview, valid_only in decisions:
        if valid_only is None:
            result.skipped += 1
            continue
        try:
            apply_return(db, preview, valid_only=valid_only)
        except (StoreError, ValueError) as exc:
            result.failed.append((preview.path.name, exc))
            continue
        result.applied += 1
        result.changes = Changes.of(Area.VALUES, Area.ROUND)
    return result
