"""The home page's facts: what is due, gathered from the store (the rules that turn facts into
items are ``domain.attention``). A query: it changes nothing.

Read at start before the first paint and after every save, so it asks few statements (about
fifteen on the large demo, whatever the registers' size): one per fact, each register's
reminder counted by one, the personal data's counts by one, table existence from the schema
the database remembers (``Database.table_exists``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from desktop.domain.attention import SHOWN_NAMES, HomeFacts, RegisterDue
from desktop.forms.definition import FormDef
from desktop.forms.fields import UnitChoices
from desktop.store import (
    follow_ups,
    letter_status,
    profile,
    register_facts,
    round_progress,
    units,
)
from desktop.store.session import Session
from desktop.store.vault import Codec


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
    progress = round_progress.completeness(db, year, today=day) if year else []
    pending = [p.name for p in progress if p.state == "pending"]
    choices = units.unit_choices(db)
    protection = session.protection
    protected = protection.protected
    codec = protection.codec
    personal = register_facts.personal_facts(db, forms, codec, day)
    owner = session.lock.owner
    return HomeFacts(
        year=year,
        pending_units=pending,
        unsigned_letters=[choices.names.get(x, "") for x in letter_status.unsigned_units(db, year)]
        if year
        else [],
        register_due=_register_due(session, forms, codec, day, choices),
        overdue_follow_ups=follow_ups.overdue_lines(db, day),
        expired_personal=personal.expired,
        personal_locked=protected and not protection.unlocked,
        personal_unprotected=not protected and personal.live,
        last_backup=last_backup,
        backup_running=backup_running,
        profile_complete=profile.load(db).is_complete,
        lock_pc=owner.pc,
        lock_since=owner.time,
    )


def _register_due(
    session: Session, forms: Sequence[FormDef], codec: Codec, day: date, choices: UnitChoices
) -> tuple[RegisterDue, ...]:
    """The registers' reminders: each counted, its first few records named."""
    result = []
    for item in register_facts.due_summaries(
        session.db, forms, codec, choices, day, shown=SHOWN_NAMES
    ):
        names = item.names
        if item.sealed:
            names = (f"{item.total} 条（个人信息已加密）",)
        page = f"registers:{item.form_id}"
        result.append(RegisterDue(page, item.text, names, item.total, item.reminder))
    return tuple(result)


def reminder_records(
    session: Session, page: str, reminder: int, today: date | None = None
) -> tuple[int, ...]:
    """Every record a home page reminder is about (its register page and its index in the
    form's reminders), most overdue first: read when the clerk opens the reminder."""
    form_id = page.partition(":")[2]
    form = next((f for f in session.forms if f.id == form_id), None)
    if form is None or not 0 <= reminder < len(form.reminders):
        return ()
    return register_facts.due_record_ids(
        session.db,
        form,
        reminder,
        session.protection.codec,
        units.unit_choices(session.db),
        today or datetime.now().date(),
    )
