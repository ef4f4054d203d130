"""The register definitions a file holds, parsed: what a migration that works per register
(its indexes) reads, since a file's tables match its stored definitions, not the bundled ones."""

from __future__ import annotations

from typing import Any

from desktop.forms.definition import FormDef


def stored_forms(db: Any) -> list[FormDef]:
    """Every stored definition that parses, by form id (``db``: a ``Database`` or a migration's
    schema handle); one that no longer parses is left out (shown from nothing until its TOML
    returns, its tables staying as they are)."""
    from desktop.forms.loader import FormDefinitionError, parse_form

    found = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'register_definition'"
    ).fetchone()
    if found is None:
        return []
    forms = []
    for file, source in db.execute(
        "SELECT file, source FROM register_definition ORDER BY form_id"
    ).fetchall():
        try:
            forms.append(parse_form(source, file))
        except FormDefinitionError:
            continue
    return forms
