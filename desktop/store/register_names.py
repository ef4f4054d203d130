"""How registers' tables and columns are named in SQL: built by the engine, quoted everywhere.

A field's column is named by its id, always quoted (``"group"``, ``"order"`` and every other
SQL keyword work). Names the engine adds use ``#``, which no form, sub-form or field id may
contain (ids are lower-case letters, digits and ``_``), so they cannot collide with anything a
definition declares:

- a register's table: ``reg_<form id>``; a sub-form's table: ``reg_<form id>#<sub id>``
  (form ``a``'s sub-form ``b`` and a form ``a__b`` no longer share a table);
- the keyed hash beside a sensitive ID number or phone: ``<field id>#h`` (a field
  ``phone__h`` no longer collides with ``phone``'s hash).

Databases made before schema 7 used ``reg_<form>__<sub>`` and ``<field>__h``; migration 7
(``store/register_legacy.py``) renames them.
"""

from __future__ import annotations


def quote(name: str) -> str:
    """An SQL identifier, quoted: any name is safe, keywords included."""
    return '"' + name.replace('"', '""') + '"'


def main_table(form_id: str) -> str:
    return f"reg_{form_id}"


def sub_table(form_id: str, sub_id: str) -> str:
    return f"reg_{form_id}#{sub_id}"


def lookup_column(field_id: str) -> str:
    return f"{field_id}#h"


def index_name(table: str, *parts: str) -> str:
    return "#".join((table, *parts, "idx"))
