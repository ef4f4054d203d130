"""Counting a register's records in SQL where that gives the same answer as counting decoded
records: only on fields stored as plain text (never sensitive ones, encrypted under a
password; never multiple choices, stored as JSON). ``None`` means: count decoded records."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.forms.definition import FormDef
from desktop.store.database import Database
from desktop.store.register_names import quote

#: field types whose stored value is the text a rule compares with
_PLAIN_TYPES = frozenset({"text", "choice", "multiline", "phone"})


def count_matching(
    db: Database,
    form: FormDef,
    filters: Sequence[tuple[str, Sequence[str]]],
    end: str | None,
) -> int | None:
    """Live records whose field (text, blank as "") is one of the accepted values, for every
    filter, and whose date (the form's date field) is blank or not after ``end``."""
    columns = set(db.columns(form.table))
    conditions = ["deleted_at IS NULL"]
    params: dict[str, object] = {}
    for n, (field_id, accepted) in enumerate(filters):
        try:
            f = form.field(field_id)
        except KeyError:
            return None
        if f.sensitive or f.multiple or f.type_id not in _PLAIN_TYPES or field_id not in columns:
            return None
        names = [f"f{n}v{i}" for i in range(len(accepted))]
        params.update(dict(zip(names, accepted, strict=True)))
        listed = ", ".join(f":{x}" for x in names) or "NULL"
        conditions.append(f"coalesce({quote(field_id)}, '') IN ({listed})")
    if end is not None and form.date_field:
        if form.date_field not in columns or form.field(form.date_field).sensitive:
            return None
        date = quote(form.date_field)
        conditions.append(f"({date} IS NULL OR {date} <= :end)")
        params["end"] = end
    table = quote(form.table)
    return int(db.scalar(f"SELECT count(*) FROM {table} WHERE {' AND '.join(conditions)}", params))
