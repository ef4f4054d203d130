"""导入回收的填报表: apply one previewed file. The app's import dialog and ``fulian import``
both decide here, so a file is applied by the same rules wherever the clerk imports it.

The rules (README, ``fulian import --help``):

- a file is applied whole or not at all, in one transaction, once (its hash is logged);
- 有误 rows: the file is not applied unless the clerk asks for the valid rows only
  (``--valid-only`` / 只导入无误的行);
- 冲突 rows (the value was changed in the app after the template was made, e.g. a second
  filled copy of one template, or a figure corrected by phone): the file is not applied unless
  the clerk says the file's values win (``--accept-conflicts`` / 导入，冲突项以文件为准).
  Applying the other rows and dropping the conflicts was rejected: the file would then count as
  imported, and its conflicting figures could never be brought in later without a new template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.exchange import returns
from desktop.operations import NOTHING, Area, Changes, slow
from desktop.store.database import Database


class ImportRefused(Exception):
    """The file cannot be applied with the clerk's choice; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Choice:
    """How the clerk wants a file applied."""

    valid_only: bool = False
    accept_conflicts: bool = False


@dataclass(frozen=True)
class Applied:
    written: int
    changes: Changes


@slow
def preview_returns(db: Database, paths: Sequence[Path]) -> list[returns.FilePreview]:
    """What importing each file would do (reads the workbooks; writes nothing). The app runs
    it off the window's thread with a read-only connection of its own."""
    return returns.preview_many(db, list(paths))


def refusal(preview: returns.FilePreview, choice: Choice, *, cli: bool = False) -> str:
    """Why ``preview`` cannot be applied with ``choice`` (Chinese), or "" when it can."""
    if preview.refused:
        return "；".join(preview.problems)
    reasons = []
    if preview.has_invalid and not choice.valid_only:
        how = "加 --valid-only 只导入无误的行" if cli else "选“只导入无误的行”"
        reasons.append(f"有 {preview.count('invalid')} 行有误。改正后重新导入，或{how}。")
    if preview.has_conflicts and not choice.accept_conflicts:
        how = "加 --accept-conflicts" if cli else "选“冲突项以文件为准”"
        reasons.append(
            f"有 {preview.count('conflict')} 项冲突：生成模板后，程序里的值已被修改"
            f"（例如同一模板的另一份已导入）。核对后{how}以文件中的值覆盖，"
            "或重新生成模板发给单位。"
        )
    return "".join(reasons)


def import_file(db: Database, preview: returns.FilePreview, choice: Choice) -> Applied:
    """Apply one previewed file in its own transaction (import log + audit entry)."""
    reason = refusal(preview, choice)
    if reason:
        raise ImportRefused(reason)
    try:
        written = returns.apply(
            db,
            preview,
            valid_only=choice.valid_only,
            accept_conflicts=choice.accept_conflicts,
        )
    except ValueError as exc:  # imported meanwhile (another window, another PC)
        raise ImportRefused(f"“{preview.path.name}”已经导入过，不会重复导入。") from exc
    return Applied(written, Changes.of(Area.VALUES) if written else NOTHING)
