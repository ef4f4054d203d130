"""个人信息保护's list of records whose personal data may be erased: how many there are
(``register_facts.expired_count``, by SQL) and the first ``limit`` of them, in the order of
``retention.expired`` register by register (past the retention period by id, then those in
回收站 by id), each with its title field decoded.

SQL picks the ids (``purge_index``: no whole-register read) and only those records are
read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from desktop.forms import retention
from desktop.forms.definition import FormDef, Record
from desktop.store import purge_index, register_facts
from desktop.store.database import Database
from desktop.store.register_names import quote
from desktop.store.registers import RegisterStore
from desktop.store.vault import Codec


@dataclass
class ExpiredPage:
    total: int
    rows: list[tuple[FormDef, retention.Expired, Record]] = field(default_factory=list)


def first(
    db: Database, forms: Sequence[FormDef], codec: Codec, today: date, limit: int
) -> ExpiredPage:
    page = ExpiredPage(register_facts.expired_count(db, forms, codec, today))
    for form in forms:
        if len(page.rows) >= limit or len(page.rows) >= page.total:
            break
        for item, record in _expired(db, form, codec, today, limit - len(page.rows)):
            page.rows.append((form, item, record))
    return page


def _ids(db: Database, table: str, where: str, params: dict[str, object], limit: int) -> str:
    """A condition for ``list_table``: the first ``limit`` ids meeting ``where``."""
    params["limit"] = limit
    return f"id IN (SELECT id FROM {table} WHERE {where} ORDER BY id LIMIT :limit)"


def _expired(
    db: Database, form: FormDef, codec: Codec, today: date, limit: int
) -> list[tuple[retention.Expired, Record]]:
    if not form.sensitive_fields:
        return []
    store = RegisterStore(db, form, codec)
    if not store.ready:
        return []
    table = quote(form.table)
    rule = form.retention
    fields = [f for f in (form.title_field, rule.since if rule else None) if f]
    live: list[Record] = []
    if rule is not None and rule.since in db.columns(form.table):
        past, params = purge_index.past_retention(form, today)
        where = f"purged_at IS NULL AND deleted_at IS NULL AND {past}"
        live = _read(store, fields, False, _ids(db, table, where, params, limit), params)
    params = {}
    where = _ids(db, table, "purged_at IS NULL AND deleted_at IS NOT NULL", params, limit)
    deleted = _read(store, fields, True, where, params)
    by_id = {r.id: r for r in [*live, *deleted]}
    items = retention.expired(form, live, deleted, today)[:limit]
    return [(item, by_id[item.record_id]) for item in items]


def _read(
    store: RegisterStore,
    fields: list[str],
    deleted: bool,
    where: str,
    params: dict[str, object],
) -> list[Record]:
    table = store.list_table(deleted=deleted, fields=fields, where=where, params=params)
    return [table.record(row) for row in range(len(table))]
