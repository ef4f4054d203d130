"""The home page's facts are read before the first paint and after every save: a few
statements, as many with twice the records (no query per register record, unit or fact of
the schema), and the same numbers as the full reads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from desktop.domain.attention import HomeFacts
from desktop.forms.loader import default_forms
from desktop.operations.home import home_facts, reminder_records
from desktop.operations.session import backup_store, close_database, open_database
from desktop.store import register_facts, units
from desktop.store.register_names import quote
from desktop.store.session import Session

#: what the large demo asks in 13 (19 the first time, with the schema facts not read yet)
MOST_STATEMENTS = 20
DAY = date(2030, 1, 1)  # past every deadline the demo holds: many records due


def _counted(session: Session, read: Callable[[], HomeFacts]) -> tuple[HomeFacts, list[str]]:
    """``read()`` and every statement SQLite ran for it on the session's connection."""
    statements: list[str] = []
    connection = session.db.connection
    connection.set_trace_callback(statements.append)
    try:
        facts = read()
    finally:
        connection.set_trace_callback(None)
    # a table-valued pragma's inner statement is traced as a comment
    return facts, [s for s in statements if not s.startswith("--")]


def _double_the_registers(session: Session) -> None:
    """Every register record copied once more (new ids, same values)."""
    db = session.db
    with db.transaction():
        for form in session.forms:
            columns = [c for c in db.columns(form.table) if c != "id"]
            listed = ", ".join(quote(c) for c in columns)
            db.execute(
                f"INSERT INTO {quote(form.table)} ({listed}) "
                f"SELECT {listed} FROM {quote(form.table)} ORDER BY id"
            )


def test_home_facts_ask_few_statements_whatever_the_size(demo_file: Path, data_dir: Path) -> None:
    forms = default_forms().forms
    session = open_database(demo_file, backup_store(data_dir), forms=forms)
    try:

        def read() -> HomeFacts:
            return home_facts(session, forms, last_backup=None, backup_running=False, today=DAY)

        first, asked_first = _counted(session, read)
        before, asked = _counted(session, read)
        assert before == first
        assert len(asked_first) <= MOST_STATEMENTS, asked_first
        assert len(asked) <= len(asked_first)
        assert not [s for s in asked if "sqlite_master" in s]  # the schema is known
        assert before.register_due  # reminders with records due: their statements counted
        _double_the_registers(session)
        after, asked_after = _counted(session, read)
        assert len(asked_after) == len(asked)
        # the registers did grow: every reminder counts twice as many records
        assert [d.total for d in after.register_due] == [2 * d.total for d in before.register_due]
    finally:
        close_database(session)


def test_a_reminder_shows_its_count_and_opens_on_its_records(
    demo_file: Path, data_dir: Path
) -> None:
    """The home page carries a reminder's count and first five names; its records, read on
    the click, are those the full read finds, in its order, as many as the count."""
    forms = default_forms().forms
    session = open_database(demo_file, backup_store(data_dir), forms=forms)
    try:
        facts = home_facts(session, forms, last_backup=None, backup_running=False, today=DAY)
        codec = session.protection.codec
        choices = units.unit_choices(session.db)
        full = register_facts.due_reminders(session.db, forms, codec, choices, DAY)
        assert [(d.page, d.text, d.names, d.total, d.reminder) for d in facts.register_due] == [
            (f"registers:{d.form_id}", d.text, d.names[:5], len(d.record_ids), d.reminder)
            for d in full
        ]
        assert any(d.total > 5 for d in facts.register_due)
        for shown, every in zip(facts.register_due, full, strict=True):
            opened = reminder_records(session, shown.page, shown.reminder, DAY)
            assert opened == every.record_ids
            assert len(opened) == shown.total
        assert reminder_records(session, "registers:petition", 7, DAY) == ()
        assert reminder_records(session, "registers:nothing", 0, DAY) == ()
    finally:
        close_database(session)
