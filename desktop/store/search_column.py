"""A register's search column: the shown text of its non-sensitive searchable fields, one
string per record, kept by SQLite on every write, and an index holding it, so that the list's
first search reads one narrow index instead of every record's columns (issue 21).

``"search#text"`` is a ``VIRTUAL`` generated column: SQLite computes it from the record's own
columns on every insert, update, import, restore, purge and migration, so it can never be out
of date; its index stores the text. It joins, in the form's order and separated by U+001F (a
separator no search word holds: ``str.split`` splits on it), the text the list's search reads
of each field (``forms/listing.py``): a non-sensitive text field as stored, a non-sensitive
single choice as its label (a removed choice's value as it is). Never a sensitive field: with
a password those are encrypted and searched decoded in memory (``register_pages.SearchMemory``),
and a file without a password must not be left with a copy of them once one is set.
Unit fields (their names change with the units) and multiple choices (a JSON list) are
searched through their few distinct stored values (``register_search``).

Made with the table and by migration 24; remade (column and index) when a changed definition
changes what it holds (``register_sync``), like the list's index (``list_index``).
"""

from __future__ import annotations

from desktop.forms.definition import FieldDef, FormDef
from desktop.forms.fields import FieldType
from desktop.store.register_names import index_name, quote
from desktop.store.schema_handle import Schema
from desktop.store.stored_forms import stored_forms

COLUMN = "search#text"
SEPARATOR = "\x1f"


def in_column(f: FieldDef) -> bool:
    """Whether the search column holds this field's text."""
    if f.sensitive or f.sum_of is not None:
        return False
    if f.kind.textual:
        return type(f.kind).from_db is FieldType.from_db  # searched as stored
    return f.type_id == "choice" and f.choice is not None and not f.multiple


def column_fields(form: FormDef, columns: set[str]) -> list[FieldDef]:
    return [f for f in form.fields if f.id in columns and in_column(f)]


def _literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _text_of(f: FieldDef) -> str:
    column = quote(f.id)
    if f.kind.textual:
        return f"coalesce({column}, '')"
    assert f.choice is not None
    cases = " ".join(
        f"WHEN {_literal(c.value)} THEN {_literal(c.label)}"
        for c in f.choice.options.choices
        if c.value != c.label
    )
    shown = f"CASE {column} {cases} ELSE {column} END" if cases else column
    return f"coalesce({shown}, '')"


def column_sql(form: FormDef, columns: set[str]) -> str | None:
    """The column's definition for the table's present ``columns``; None: nothing to hold."""
    fields = column_fields(form, columns)
    if not fields:
        return None
    joined = " || char(31) || ".join(map(_text_of, fields))
    return f"{quote(COLUMN)} TEXT GENERATED ALWAYS AS ({joined}) VIRTUAL"


def index_sql(form: FormDef) -> str:
    name = quote(index_name(form.table, "search"))
    # the column alone: an index led by ``deleted_at`` would draw the lists' reads to it
    return f"CREATE INDEX {name} ON {quote(form.table)}({quote(COLUMN)})"


def has_column(db: Schema, table: str) -> bool:
    """Whether the table has the column (``columns()`` lists no generated column)."""
    cursor = db.execute(
        "SELECT 1 FROM pragma_table_xinfo(:t) WHERE name = :c", {"t": table, "c": COLUMN}
    )
    return cursor.fetchone() is not None


def current(db: Schema, form: FormDef) -> bool:
    """Whether the table's column holds what this definition searches (and is indexed)."""
    wanted = column_sql(form, set(db.columns(form.table)))
    if wanted is None or db.index_sql(index_name(form.table, "search")) != index_sql(form):
        return False
    row = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t", {"t": form.table}
    ).fetchone()
    return row is not None and wanted in str(row[0])


def ensure_search_column(db: Schema, form: FormDef) -> bool:
    """Make (or remake) the column and its index when missing or different; True when
    written. The caller holds the transaction."""
    if not db.table_exists(form.table):
        return False
    wanted = column_sql(form, set(db.columns(form.table)))
    exists = has_column(db, form.table)
    if wanted is not None and exists and current(db, form):
        return False
    if wanted is None and not exists:
        return False
    name = quote(index_name(form.table, "search"))
    table = quote(form.table)
    db.execute(f"DROP INDEX IF EXISTS {name}")
    if exists:
        db.execute(f"ALTER TABLE {table} DROP COLUMN {quote(COLUMN)}")
    if wanted is not None:
        db.execute(f"ALTER TABLE {table} ADD COLUMN {wanted}")
        db.execute(index_sql(form))
    db.forget_schema()
    return True


def migrate(db: Schema) -> None:
    """Migration 24: the search column of every register whose definition the file holds."""
    for form in stored_forms(db):
        ensure_search_column(db, form)
