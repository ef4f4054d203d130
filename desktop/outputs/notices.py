"""预警通知书 and 督办单 as an output: official documents (PDF, or Word to adjust), one file per
notice in a folder, or all of them in one file.

The notices are numbered when they are issued (``operations.notices``); ``parts`` only reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from desktop.outputs import Part
from desktop.outputs.renderers import DocumentOutput, formats_of
from desktop.reports.official_doc import OfficialDoc

if TYPE_CHECKING:
    from desktop.store.database import Database


class NoticeOutput(DocumentOutput):
    key = "notice"
    title = "预警通知书、督办单"
    formats = formats_of(OfficialDoc)
    combinable = True


def parts(
    db: Database, year: int, *, kind: str | None = None, only: Sequence[int] | None = None
) -> list[Part]:
    """Every notice of ``year`` (of ``kind``, or those in ``only``), each with its items."""
    from desktop.reports.notice_docs import file_stem, notice_doc
    from desktop.store import follow_ups as follow_up_store
    from desktop.store import notices, profile

    facts = profile.load(db)
    wanted = None if only is None else set(only)
    return [
        Part(
            file_stem(notice),
            notice_doc(notice, follow_up_store.follow_ups(db, notice_id=notice.id), facts),
        )
        for notice in notices.notices(db, year, kind)
        if wanted is None or notice.id in wanted
    ]
