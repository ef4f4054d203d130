"""Whether a table exists, as a schema fact the database keeps once read: the home page asks
about every register at every refresh, and ``Database.table_exists`` asks SQLite each time.

A table found once stays known through ``Database.columns``'s cache, which migrations and
register plans clear (``forget_schema``); a table not there is asked again (it may be made)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # no import at run time: the vault asks it and the database imports neither
    from desktop.store.database import Database


def exists(db: Database, table: str) -> bool:
    try:
        db.columns(table)
    except KeyError:
        return False
    return True
