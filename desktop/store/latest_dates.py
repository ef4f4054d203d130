"""Each record's latest sub-record date (an assisted person's last visit), kept in a column of
the record by SQLite triggers, so that the home page's visit reminder reads one index instead
of seeking the latest visit of every record (50,000 seeks at ten times the large demo).

Kept for every sub-form a ``visit_due`` reminder reads, in the column ``<sub id>#last`` of the
register's table (``#``: no field id can collide with it). Its value is always
``max(<date>)`` over the record's sub-records (NULL: none dated), what the reminder read
before (the column has no type: values stay as ``max()`` gives them). A sub-form's date field
is never sensitive (the loader refuses that), so nothing encrypted is copied. Triggers on the
sub-table keep it current in the same statement as the write, whichever path writes (a record
saved with its visits, an import, demo data, a purge, SQL of a script); a backup or a
rewritten file carries them. ``ensure`` makes the column and the triggers and fills the column
from scratch (migration 23 for older files; a register made or changed by a new definition),
and remakes a trigger whose text changed (another date field).
"""

from __future__ import annotations

from desktop.forms.definition import FormDef, SubformDef
from desktop.store.register_names import quote
from desktop.store.schema_handle import Schema, remake


def column(sub: SubformDef) -> str:
    """The kept column of ``sub``'s latest date, in the register's table."""
    return f"{sub.id}#last"


def kept(form: FormDef) -> list[SubformDef]:
    """The sub-forms whose latest date the form's reminders read."""
    wanted = {r.subform for r in form.reminders if r.kind == "visit_due"}
    return [s for s in form.subforms if s.id in wanted and s.date_field]


def _triggers(form: FormDef, sub: SubformDef) -> dict[str, str]:
    """(name, CREATE TRIGGER) of the three triggers that keep ``sub``'s column."""
    table, parent = quote(form.sub_table(sub)), quote(form.table)
    day, last = quote(sub.date_field or ""), quote(column(sub))
    latest = f"(SELECT max(c.{day}) FROM {table} AS c WHERE c.parent_id = {parent}.id)"
    name = form.sub_table(sub) + "#last#"
    return {
        # a new sub-record can only raise the latest date: no other row is read
        name + "insert": (
            f"CREATE TRIGGER {quote(name + 'insert')} AFTER INSERT ON {table} "
            f"WHEN NEW.{day} IS NOT NULL BEGIN UPDATE {parent} SET {last} = NEW.{day} "
            f"WHERE id = NEW.parent_id AND ({last} IS NULL OR {last} < NEW.{day}); END"
        ),
        # only the removal of the latest date changes it: then it is read again
        name + "delete": (
            f"CREATE TRIGGER {quote(name + 'delete')} AFTER DELETE ON {table} "
            f"WHEN OLD.{day} IS NOT NULL BEGIN UPDATE {parent} SET {last} = {latest} "
            f"WHERE id = OLD.parent_id AND {last} IS OLD.{day}; END"
        ),
        name + "update": (
            f"CREATE TRIGGER {quote(name + 'update')} AFTER UPDATE OF {day}, parent_id "
            f"ON {table} BEGIN UPDATE {parent} SET {last} = {latest} "
            f"WHERE id IN (OLD.parent_id, NEW.parent_id) AND {last} IS NOT {latest}; END"
        ),
    }


def _trigger_sql(db: Schema, name: str) -> str | None:
    row = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n", {"n": name}
    ).fetchone()
    return None if row is None else str(row[0])


def fill(db: Schema, form: FormDef, sub: SubformDef) -> None:
    """The column computed from scratch (only the rows whose value differs are written)."""
    table, parent = quote(form.sub_table(sub)), quote(form.table)
    day, last = quote(sub.date_field or ""), quote(column(sub))
    latest = f"(SELECT max(c.{day}) FROM {table} AS c WHERE c.parent_id = {parent}.id)"
    db.execute(f"UPDATE {parent} SET {last} = {latest} WHERE {last} IS NOT {latest}")


def ensure(db: Schema, form: FormDef) -> list[str]:
    """Make the missing columns and triggers of ``form`` (remaking a trigger whose text
    differs) and fill a column whose triggers were made; the caller holds the transaction.
    Returns the names made (nothing on a file that has them)."""
    made: list[str] = []
    for sub in kept(form):
        before = len(made)
        table = form.sub_table(sub)
        if not db.table_exists(form.table) or not db.table_exists(table):
            continue
        if sub.date_field not in db.columns(table):
            continue
        if column(sub) not in db.columns(form.table):
            db.execute(f"ALTER TABLE {quote(form.table)} ADD COLUMN {quote(column(sub))}")
            db.forget_schema()
            made.append(column(sub))
        for name, sql in _triggers(form, sub).items():
            if remake(db, "TRIGGER", name, sql, _trigger_sql(db, name)):
                made.append(name)
        if len(made) > before:
            fill(db, form, sub)
    return made
