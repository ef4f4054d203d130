"""预警通知书 and 督办单: issue the year's notices (numbering them is a write, done here before
anything is rendered), record a unit's reply and the 复查, escalate what was not put right.

Backup rule: none (small writes, each one transaction with its audit rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from desktop.operations import NOTHING, Area, Changes, slow
from desktop.outputs import Progress, batch
from desktop.outputs import notices as notice_output
from desktop.reports.pdf.fonts import FontSet
from desktop.store import follow_ups as follow_up_store
from desktop.store import notices as store
from desktop.store import profile
from desktop.store.database import Database

CHANGED = Changes.of(Area.FOLLOW_UP)
#: 整改期限 when none is given: a month after issuing, as county notices usually allow
DEFAULT_DAYS = 30


class NoticeError(ValueError):
    """Something the clerk can correct; the message says what."""


@dataclass(frozen=True)
class Issued:
    notices: list[store.Notice] = field(default_factory=list)
    changes: Changes = NOTHING


def issue_warnings(
    db: Database, year: int, *, on: date | None = None, due: date | None = None
) -> Issued:
    """One 预警通知书 per lead unit for its warned indicators not yet sent this year, each
    indicator a follow-up item with the 整改期限. Units already noticed get a new notice only
    for indicators warned since."""
    day = on or date.today()
    deadline = due or day + timedelta(days=DEFAULT_DAYS)
    if deadline < day:
        raise NoticeError("整改期限不能早于发出日期")
    prefix = profile.load(db).doc_prefix
    made = []
    with db.transaction():
        for unit_id, fresh in warnings_to_issue(db, year).items():
            notice = store.add_notice(
                db, year, unit_id, "warning", prefix, day.isoformat(), deadline.isoformat()
            )
            for item in fresh:
                store.add_follow_up(db, notice, item)
            made.append(notice)
    return Issued(made, CHANGED if made else NOTHING)


def warnings_to_issue(db: Database, year: int) -> dict[int, list[store.Warned]]:
    """What ``issue_warnings`` would send now (nothing written): lead unit id -> its warned
    indicators of ``year`` not yet in a 预警通知书."""
    sent = follow_up_store.warned_in_notices(db, year, "warning")
    fresh = {
        unit_id: [i for i in items if (unit_id, i.indicator_id) not in sent]
        for unit_id, items in store.warned(db, year).items()
    }
    return {unit_id: items for unit_id, items in fresh.items() if items}


@slow
def write_notices(
    db: Database,
    year: int,
    fmt: str,
    out: Path,
    *,
    kind: str | None = None,
    only: Sequence[int] | None = None,
    fonts: FontSet | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """The year's notices (pdf or docx) as they were issued (reads only): one file each when
    ``out`` is an existing folder, else all in the one file ``out``. ``[]``: none, or
    cancelled (nothing is left behind)."""
    parts = notice_output.parts(db, year, kind=kind, only=only)
    output = notice_output.NoticeOutput(fonts=fonts)
    return batch.write(output, parts, fmt, out, progress=progress)


def record_follow_up(
    db: Database,
    follow_up_id: int,
    *,
    measures: str | None = None,
    review_on: str | None = None,
    review_result: str | None = None,
    closed: bool | None = None,
    inspection_id: int | None = None,
) -> Changes:
    """The unit's 整改措施, the 复查 date and result, closed (整改到位) or still open; a
    督导检查 record linked by its id."""
    values: dict[str, object] = {}
    if measures is not None:
        values["measures"] = measures.strip()
    if review_on is not None:
        values["review_on"] = review_on
    if review_result is not None:
        values["review_result"] = review_result.strip()
    if inspection_id is not None:
        values["inspection_id"] = inspection_id
    found = follow_up_store.by_ids(db, [follow_up_id])
    if not found:
        raise NoticeError("没有这条整改记录")
    current = found[0]
    if closed is not None:
        if current.state == "escalated":
            raise NoticeError("这条整改已转为督办，请在督办单中复查")
        if closed and not (values.get("review_on") or current.review_on):
            raise NoticeError("整改到位前请先填写复查日期")
        values["state"] = "closed" if closed else "open"
    with db.transaction():
        changed = follow_up_store.update_follow_up(db, follow_up_id, values)
    return CHANGED if changed else NOTHING


def escalate(
    db: Database,
    follow_up_ids: Sequence[int],
    *,
    on: date | None = None,
    due: date | None = None,
) -> Issued:
    """A 督办单 per unit for open follow-ups not put right at the 复查: the old items are marked
    escalated and point at the 督办单, which carries its own follow-up items and 期限."""
    items = follow_up_store.by_ids(db, follow_up_ids)
    if not items:
        return Issued()
    if any(i.state != "open" for i in items):
        raise NoticeError("只能督办尚在整改中的事项")
    day = on or date.today()
    deadline = due or day + timedelta(days=DEFAULT_DAYS // 2)
    prefix = profile.load(db).doc_prefix
    by_unit: dict[int, list[follow_up_store.FollowUp]] = {}
    for item in items:
        by_unit.setdefault(item.unit_id, []).append(item)
    year_of = {}
    for notice_id in {i.notice_id for i in items}:
        found = store.notice_by_id(db, notice_id)
        if found is not None:
            year_of[notice_id] = found.year
    made = []
    with db.transaction():
        for unit_id, mine in by_unit.items():
            year = year_of[mine[0].notice_id]
            notice = store.add_notice(
                db, year, unit_id, "supervision", prefix, day.isoformat(), deadline.isoformat()
            )
            for old in mine:
                why = f"{old.number}整改未到位"
                if old.review_result:
                    why += f"（复查：{old.review_result}）"
                warned = store.Warned(
                    old.indicator_id, "", old.indicator, old.flags, old.value, old.target, why
                )
                store.add_follow_up(db, notice, warned)
                follow_up_store.update_follow_up(
                    db, old.id, {"state": "escalated", "escalated_to": notice.id}
                )
            made.append(notice)
    return Issued(made, CHANGED)
