"""上报县级: the township's year as the county's table (Excel with the signed machine sheet,
and PDF for the stamped paper copy), one action for the app and ``fulian submit``.

Refused while units of the year have not confirmed their figures (the message lists them),
unless the clerk asks for a draft; recorded in the audit trail with what was sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.exchange.submission import Submission, short_hash
from desktop.exchange.submission_build import SubmissionError, build
from desktop.forms.definition import FormDef
from desktop.forms.submission_format import DEFAULT_ID, SubmissionFormat, available
from desktop.operations import Area, Changes, slow
from desktop.outputs import batch
from desktop.outputs.submission import SubmissionOutput, parts
from desktop.reports.pdf.fonts import FontSet
from desktop.store import records, round_progress, submissions
from desktop.store.database import Database

__all__ = ["SubmissionError", "Submitted", "UnitsUnconfirmed", "submit", "unconfirmed_units"]


class UnitsUnconfirmed(SubmissionError):
    """Units have not confirmed their figures: only a draft can be made (the CLI's
    ``--draft``, the dialog's 生成草稿)."""


@dataclass(frozen=True)
class Submitted:
    submission: Submission
    files: list[Path]
    changes: Changes


def unconfirmed_units(db: Database, year: int) -> list[str]:
    """Units of the year that have not confirmed (标记为已确认) their figures."""
    return [p.name for p in round_progress.completeness(db, year) if p.state != "complete"]


def choose_format(
    format_id: str | None, formats: dict[str, SubmissionFormat] | None = None
) -> SubmissionFormat:
    formats = formats if formats is not None else available()
    wanted = format_id or DEFAULT_ID
    if wanted not in formats:
        raise SubmissionError(
            f"没有上报格式“{wanted}”。可用的格式：{'、'.join(sorted(formats))}"
            "（县里的格式文件请放入数据文件夹的 forms/submissions/）。"
        )
    return formats[wanted]


@slow
def submit(
    db: Database,
    year: int,
    out_dir: Path,
    *,
    format_id: str | None = None,
    draft: bool = False,
    formats: dict[str, SubmissionFormat] | None = None,
    forms: Sequence[FormDef] | None = None,
    fonts: FontSet | None = None,
    now: datetime | None = None,
) -> Submitted:
    """Write the year's submission (xlsx + pdf) into ``out_dir``."""
    if submissions.is_county(db):
        raise SubmissionError("这是县级数据库：上报县级只能在乡镇数据库中进行。")
    if year not in round_progress.years(db):
        raise SubmissionError(f"{year}年度还没有监测数据（没有该年度的分工安排）。")
    fmt = choose_format(format_id, formats)
    pending = unconfirmed_units(db, year)
    if pending and not draft:
        shown = "、".join(pending[:10]) + (f"等{len(pending)}个单位" if len(pending) > 10 else "")
        raise UnitsUnconfirmed(
            f"{year}年度还有 {len(pending)} 个单位的数据未确认：{shown}。"
            "请先在“填报进度”中确认，或先生成草稿核对（草稿不作正式上报）。"
        )
    if not out_dir.exists():
        out_dir.mkdir(parents=True)
    key = submissions.private_key(db)
    submissions.store_format(db, fmt)
    generated = (now or datetime.now()).strftime("%Y-%m-%d %H:%M:%S")
    submission = build(
        db,
        fmt,
        year,
        private_key=key,
        generated_at=generated,
        draft=draft,
        unconfirmed=pending,
        forms=forms,
    )
    output = SubmissionOutput(fonts=fonts)
    files: list[Path] = []
    for fmt_name in ("xlsx", "pdf"):
        files += batch.write(output, parts(submission), fmt_name, out_dir)
    with db.transaction():
        records.insert_audit_note(
            db,
            "submission_format",
            year,
            f"上报县级{'（草稿）' if draft else ''}：{year}年度，格式 {fmt.id} 第{fmt.version}版，"
            f"{len(submission.claim.elements)} 个数据项，"
            f"校验码 {short_hash(submission.content_hash)}，"
            f"文件 {'、'.join(p.name for p in files)}",
        )
    return Submitted(submission, files, Changes.of(Area.SUBMISSIONS))
