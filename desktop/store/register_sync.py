"""Bring registers' tables up to their definitions on open; keep each definition in the file.

The database stores each register's definition as last accepted (``register_definition``:
the TOML text). On open, for each form:

- no stored definition: its tables are made (or, in a file from before schema 7, brought up
  to it) and the definition stored;
- the same text: nothing to do;
- an older version than the stored one: the stored one stays (never downgraded);
- otherwise a migration plan (``register_plan.py``) is computed; a refused plan leaves the
  stored definition in use and is reported; a plan that changes something runs after a
  backup (``before_change``), in one transaction per register, recorded in the audit trail.

A register stored in the file whose TOML this PC lacks is shown from its stored definition.
A broken or refused form never stops the others or the database from opening.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from desktop.domain.plain import Plain
from desktop.forms.definition import FormDef
from desktop.forms.fields import UnitChoices
from desktop.forms.loader import FormDefinitionError, parse_form
from desktop.store import list_index, records, search_column, units
from desktop.store.database import Database, now_text

log = logging.getLogger("fulian.store.register_sync")


class SyncResult(Plain):
    """The registers to show (TOML or stored definition), what changed, what was refused."""

    __slots__ = ("changed", "forms", "notes", "problems")

    def __init__(self, forms: list[FormDef] | None = None) -> None:
        self.forms: list[FormDef] = forms if forms is not None else []
        self.changed: list[str] = []  # 台账: what its plan did
        self.problems: list[FormDefinitionError] = []
        self.notes: list[str] = []  # e.g. an older TOML not used


def stored_definitions(db: Database) -> dict[str, tuple[int, str, str]]:
    """form id → (version, file name, TOML text)."""
    if not db.table_exists("register_definition"):
        return {}
    rows = db.query_all("SELECT form_id, version, file, source FROM register_definition")
    return {r["form_id"]: (r["version"], r["file"], r["source"]) for r in rows}


def _parse_stored(form_id: str, file: str, text: str) -> FormDef:
    return parse_form(text, file)


def _store(db: Database, form: FormDef, time: str) -> None:
    db.execute(
        "INSERT INTO register_definition(form_id, version, file, source, stored_at) "
        "VALUES (:id, :version, :file, :source, :time) ON CONFLICT(form_id) DO UPDATE SET "
        "version = excluded.version, file = excluded.file, source = excluded.source, "
        "stored_at = excluded.stored_at",
        {
            "id": form.id,
            "version": form.version,
            "file": form.source.name if form.source else f"{form.id}.toml",
            "source": form.text,
            "time": time,
        },
    )


def sync(
    db: Database,
    forms: Sequence[FormDef],
    *,
    before_change: Callable[[], None] | None = None,
    protected: bool = False,
) -> SyncResult:
    """Create or migrate every register's tables; see the module's docstring."""
    result = SyncResult()
    stored = stored_definitions(db)
    choices = units.unit_choices(db)
    backup = [before_change]  # called once, before the first plan that changes something
    for form in forms:
        _one(db, form, stored.get(form.id), result, backup, protected, choices)
    known = {f.id for f in result.forms} | {f.id for f in forms}
    for form_id, (_version, file, text) in stored.items():
        if form_id in known:
            continue
        try:
            result.forms.append(_parse_stored(form_id, file, text))
        except FormDefinitionError as exc:
            result.problems.append(exc)
    result.forms.sort(key=lambda f: f.order)
    return result


def _one(
    db: Database,
    form: FormDef,
    stored: tuple[int, str, str] | None,
    result: SyncResult,
    backup: list[Callable[[], None] | None],
    protected: bool,
    choices: UnitChoices,
) -> None:
    old: FormDef | None = None
    if stored is not None:
        _version, file, text = stored
        if text == form.text:
            result.forms.append(form)
            return
        try:
            old = _parse_stored(form.id, file, text)
        except FormDefinitionError as exc:
            log.warning("stored definition of %s unreadable: %s", form.id, exc)
        if old is not None and form.version < old.version:
            result.forms.append(old)
            name = form.source.name if form.source else form.id
            result.notes.append(
                f"{name}：版本 {form.version} 比数据库中保存的版本 {old.version} 旧，"
                f"仍按数据库中的定义显示“{old.title}”"
            )
            return
    # a changed definition only: not at every start
    from desktop.store import register_plan, register_schema

    plan = register_plan.compute(db, form, old, protected=protected, units=choices)
    if plan.refusal is not None:
        result.problems.append(plan.refusal)
        if old is not None:
            result.forms.append(old)
        return
    changes_table = plan.alters
    if changes_table and backup[0] is not None:
        backup[0]()
        backup[0] = None
    time = now_text()
    with db.transaction():
        register_plan.apply(db, plan)
        list_index.ensure_list_index(db, form)
        search_column.ensure_search_column(db, form)
        register_schema.note_table(db, form, time)
        _store(db, form, time)
        if changes_table:
            note = f"台账定义更新为第 {form.version} 版：{plan.describe()}"
            records.insert_audit_note(db, form.table, 0, note, action="update")
    if changes_table:
        result.changed.append(f"{form.title}：{plan.describe()}")
    result.forms.append(form)


def review(db: Database, forms: Sequence[FormDef], *, protected: bool) -> SyncResult:
    """What ``sync`` would do, read-only (``fulian check``): plans are computed, never run;
    ``changed`` lists what opening would change."""
    from desktop.store import register_plan  # see ``_one``

    result = SyncResult()
    stored = stored_definitions(db)
    choices = units.unit_choices(db)
    for form in forms:
        old = None
        if form.id in stored:
            _version, file, text = stored[form.id]
            if text == form.text:
                continue
            old = _parse_stored(form.id, file, text)
            if form.version < old.version:
                result.notes.append(f"{form.title}：定义文件比数据库中的旧，按数据库中的定义显示")
                continue
        plan = register_plan.compute(db, form, old, protected=protected, units=choices)
        if plan.refusal is not None:
            result.problems.append(plan.refusal)
        elif plan.alters:
            result.changed.append(f"{form.title}：{plan.describe()}")
    known = {f.id for f in forms}
    for form_id, (_version, file, text) in stored.items():
        if form_id not in known:
            try:
                title = _parse_stored(form_id, file, text).title
            except FormDefinitionError as exc:
                result.problems.append(exc)
                continue
            result.notes.append(f"{title}：本机没有定义文件，按数据库中保存的定义显示")
    return result


def effective_forms(db: Database, forms: Sequence[FormDef]) -> list[FormDef]:
    """The definitions a read-only command uses: the one stored in the file wherever there
    is one (it matches the tables as they are), the TOML for a register not stored yet."""
    stored = stored_definitions(db)
    result: list[FormDef] = []
    for form in forms:
        if form.id in stored:
            _version, file, text = stored.pop(form.id)
            if text == form.text:  # the same definition: not parsed again (as ``sync``)
                result.append(form)
                continue
            try:
                result.append(_parse_stored(form.id, file, text))
                continue
            except FormDefinitionError:
                log.warning("stored definition of %s unreadable", form.id)
        result.append(form)
    for form_id, (_version, file, text) in stored.items():
        try:
            result.append(_parse_stored(form_id, file, text))
        except FormDefinitionError:
            log.warning("stored definition of %s unreadable", form_id)
    result.sort(key=lambda f: f.order)
    return result
