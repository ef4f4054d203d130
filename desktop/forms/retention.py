"""Which records' personal data may be erased: past the register's retention period, or
deleted (in 回收站). Pure; the store erases (``RegisterStore.purge``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from desktop.domain.plain import Frozen
from desktop.forms.definition import FormDef, Record


class Expired(Frozen):
    form_id: str
    record_id: int
    reason: str


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def cutoff(today: date, years: int) -> date:
    """The latest start date whose retention of ``years`` has run out by ``today`` (as
    ``expired`` counts it: 29 February runs to 28 February): SQL compares dates with it."""
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # today is 29 February
        day = today.replace(year=today.year - years, day=28)
    while years_after(day + timedelta(days=1), years) <= today:
        day += timedelta(days=1)
    return day


def expired(
    form: FormDef, records: Sequence[Record], deleted: Sequence[Record], today: date
) -> list[Expired]:
    """Records (not yet purged) whose personal data may go, with the reason in Chinese."""
    if not form.sensitive_fields:
        return []
    result = []
    rule = form.retention
    if rule is not None:
        label = form.field(rule.since).label
        for record in records:
            since = record.values.get(rule.since)
            if since is None or since == "":  # an empty text in an old file: no date
                continue
            until = years_after(date.fromisoformat(str(since)), rule.years)
            if until <= today:
                reason = f"{label} {since}，保留 {rule.years} 年，已于 {until} 到期"
                result.append(Expired(form.id, record.id, reason))
    for record in deleted:
        result.append(Expired(form.id, record.id, f"已删除（{record.deleted_at} 移入回收站）"))
    return result
