"""The register definitions a file holds, parsed: what a migration that works per register
(its indexes) reads, since a file's tables match its stored definitions, not the bundled ones."""

from __future__ import annotations

from desktop.forms.definition import FormDef
from desktop.store.schema_handle import Schema


def stored_forms(db: Schema) -> list[FormDef]:
    """Every stored definition that parses, by form id; one that no longer parses is left
    out (shown from nothing until its TOML returns, its tables staying as they are)."""
    from desktop.forms.loader import FormDefinitionError, parse_form

    db.forget_schema()  # columns read afresh: earlier migrations may have changed tables
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
