"""The home page's facts: what is due, gathered from the store (the rules that turn facts into
items are ``domain.attention``). A query: it changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from desktop.domain.attention import SHOWN_NAMES, HomeFacts
from desktop.forms.definition import FormDef
from desktop.store import (
    follow_ups,
    letter_status,
    profile,
    register_counts,
    register_facts,
    round_progress,
    units,
)
from desktop.store.session import Session


def home_facts(
    session: Session,
    forms: Sequence[FormDef],
    *,
    last_backup: datetime | None,
    backup_running: bool,
    today: date | None = None,
) -> HomeFacts:
    db = session.db
    day = today or datetime.now().date()
    years = round_progress.years(db)
    year = years[-1] if years else None
    progress = round_progress.completeness(db, year) if year else []
    pending = [p.name for p in progress if p.state == "pending"]
    names = {u.id: u.name for u in units.list_units(db)}
    protection = session.protection
    owner = session.lock.owner
    return HomeFacts(
        year=year,
        pending_units=pending,
        unsigned_letters=[names.get(x, "") for x in letter_status.unsigned_units(db, year)]
        if year
        else [],
        register_due=register_due(session, forms, day),
        overdue_follow_ups=follow_ups.overdue_lines(db, day),
        expired_personal=register_facts.expired_count(db, forms, protection.codec, day),
        personal_locked=protection.protected and not protection.unlocked,
        personal_unprotected=not protection.protected and has_personal_data(session, forms),
        last_backup=last_backup,
        backup_running=backup_running,
        profile_complete=profile.load(db).is_complete,
        lock_pc=owner.pc,
        lock_since=owner.time,
    )


def register_due(
    session: Session, forms: Sequence[FormDef], day: date
) -> tuple[tuple[str, str, tuple[str, ...], tuple[int, ...]], ...]:
    """(page id, what is due, whose names, which records) of the registers' reminders."""
    result = []
    codec = session.protection.codec
    choices = units.unit_choices(session.db)
    for item in register_facts.due_reminders(
        session.db, forms, codec, choices, day, shown=SHOWN_NAMES
    ):
        names = item.names
        if item.sealed:
            names = (f"{len(item.record_ids)} 条（个人信息已加密）",)
        result.append((f"registers:{item.form_id}", item.text, names, item.record_ids))
    return tuple(result)


def has_personal_data(session: Session, forms: Sequence[FormDef]) -> bool:
    return any(
        register_counts.has_live_records(session.db, form)
        for form in forms
        if form.sensitive_fields
    )
