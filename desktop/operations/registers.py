"""Registers' user actions (工作台账): save a record, import a register workbook, the audited
full export, the blank register workbook. The page and the command line call these.

Kept apart from the import of returned fill-in templates (``exchange/returns.py``): a file is
a register workbook when its hidden ``fulian`` sheet names a register.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop.exchange import register_checks, register_excel
from desktop.exchange.sheets import ImportProblem, open_workbook, sheet_rows
from desktop.forms.definition import FormDef, Values
from desktop.forms.listing import Listing
from desktop.operations import NOTHING, Area, Changes, register_import
from desktop.outputs import Part, batch
from desktop.outputs.register_listing import RegisterListing, RegisterListingOutput
from desktop.store import attachments, profile
from desktop.store.database import Database
from desktop.store.registers import Children, RegisterStore
from desktop.store.session import Session
from desktop.store.units import unit_choices
from desktop.store.vault import Codec, VaultLocked

REGISTERS = Changes.of(Area.REGISTERS)


class RegisterNotFound(ValueError):
    """The register named (a form id, or a workbook's) is not in this database."""


def find_form(forms: tuple[FormDef, ...] | list[FormDef], form_id: str) -> FormDef:
    for form in forms:
        if form.id == form_id:
            return form
    known = "、".join(f"{f.id}（{f.title}）" for f in forms)
    raise RegisterNotFound(f"没有标识为“{form_id}”的台账。可用：{known}")


def personal(form: FormDef) -> bool:
    return form.personal


# ----- one record ----------------------------------------------------------------------------
def save_record(
    db: Database,
    form: FormDef,
    codec: Codec,
    record_id: int | None,
    values: Values,
    children: Children | None = None,
) -> tuple[int, Changes]:
    """Add (``record_id`` None) or update one record in one audited transaction."""
    store = RegisterStore(db, form, codec)
    if record_id is None:
        return store.add(values, children), REGISTERS
    changed = store.update(record_id, values, children)
    return record_id, REGISTERS if changed else NOTHING


def delete_record(db: Database, form: FormDef, codec: Codec, record_id: int) -> Changes:
    """Into 回收站 (a soft delete, audited): it leaves the list and can be restored."""
    RegisterStore(db, form, codec).delete(record_id)
    return REGISTERS


def restore_record(db: Database, form: FormDef, codec: Codec, record_id: int) -> Changes:
    """Back from 回收站."""
    RegisterStore(db, form, codec).restore(record_id)
    return REGISTERS


def purge_personal(
    db: Database,
    forms: Sequence[FormDef],
    codec: Codec,
    chosen: Mapping[str, Sequence[tuple[int, str]]],
) -> int:
    """清除个人信息 of the chosen records (register id → (record id, reason)), all in one
    transaction: the personal fields and their history are erased, the records and their
    counts stay. Returns how many records were purged."""
    by_id = {f.id: f for f in forms}
    total = 0
    with db.transaction():
        for form_id, items in chosen.items():
            store = RegisterStore(db, by_id[form_id], codec)
            for record_id, reason in items:
                total += store.purge([record_id], reason)
    return total


# ----- register workbooks ----------------------------------------------------------------------
#: the hidden sheet naming a workbook's register
REGISTER_SHEET = register_excel.META_SHEET


def workbook_register(path: Path) -> str | None:
    """The register a workbook belongs to (its hidden ``fulian`` sheet), None for any other
    workbook (a returned fill-in template). Raises ImportProblem for an unreadable file."""
    book = open_workbook(path)
    try:
        if register_excel.META_SHEET not in book.sheetnames:
            return None
        for row in sheet_rows(book[register_excel.META_SHEET], max_col=2):
            if len(row) >= 2 and row[0] == "register" and row[1]:
                return str(row[1])
        return None
    finally:
        book.close()


@dataclass
class RegisterImport:
    """What importing one register workbook would do (or did)."""

    path: Path
    form: FormDef
    plan: register_excel.ImportPlan
    applied: bool = False
    changes: Changes = NOTHING
    notes: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.plan.errors)


def preview_register_workbook(session: Session, path: Path) -> RegisterImport:
    """Read a register workbook (a 完整导出 or a blank template filled in) against the
    database: nothing is written. Raises ImportProblem, RegisterNotFound, VaultLocked."""
    form_id = workbook_register(path)
    if form_id is None:
        raise ImportProblem(path, message="这不是台账文件（缺少“fulian”工作表）。")
    form = find_form(session.forms, form_id)
    if personal(form) and session.protection.codec.locked:
        raise VaultLocked("个人信息已加密：导入台账需要数据库密码。")
    store = RegisterStore(session.db, form, session.protection.codec)
    # the same checks as the page's import: a file imported before is refused, rows an
    # earlier import of the same workbook added are not added again
    plan = register_import.prepare(store, path, unit_choices(session.db))
    return RegisterImport(path, form, plan)


def import_register_workbook(
    session: Session, path: Path, *, dry_run: bool = False
) -> RegisterImport:
    """Preview, then (unless ``dry_run`` or the file has errors) apply all of it in one
    audited transaction: rows without a 记录编号 are added, rows with one update that record."""
    result = preview_register_workbook(session, path)
    if not dry_run:
        apply_register_import(session.db, session.protection.codec, result)
    return result


def apply_register_import(db: Database, codec: Codec, result: RegisterImport) -> Changes:
    """Apply a previewed import: all of it in one audited transaction, or nothing when the
    file has errors."""
    plan = result.plan
    if result.refused or not (plan.added or plan.updated):
        return NOTHING
    result.changes = register_import.apply(RegisterStore(db, result.form, codec), plan)
    result.applied = True
    return result.changes


# ----- exports ---------------------------------------------------------------------------------
def export_full(session: Session, form: FormDef, out: Path) -> int:
    """The 完整导出 (every value, importable), recorded in the audit trail. Refused while
    the database's personal data is locked. Returns the number of records. Written whole or
    not at all (the output pipeline's 台账清单; ``out`` a folder: named after the register)."""
    if personal(form) and session.protection.codec.locked:
        raise VaultLocked("个人信息已加密：完整导出需要数据库密码。")
    store = RegisterStore(session.db, form, session.protection.codec)
    records = store.list_records()
    units = unit_choices(session.db)
    doc = RegisterListing(
        Listing(form, records, units, masked=False),
        tuple(range(len(records))),
        tuple(records),
        {sub.id: store.all_children(sub) for sub in form.subforms},
        township=profile.load(session.db).township,
        full=True,
    )
    (written,) = batch.write(RegisterListingOutput(), [Part(doc.stem(), doc)], "xlsx", out)
    note_full_export(store, len(records), written)
    return len(records)


def note_full_export(store: RegisterStore, count: int, out: Path) -> Changes:
    """A 完整导出 the page wrote (its records as shown), recorded in the audit trail."""
    store.note_export(f"完整导出 {count} 条到“{out.name}”")
    return NOTHING


def write_blank_workbook(db: Database, form: FormDef, out: Path) -> Path:
    """The blank register workbook (read-only on the database): the full export's columns,
    checks and drop-downs, no rows; sub-forms' sheets are left out (their rows need the
    record's id). Every row filled in is added on import."""
    from openpyxl import load_workbook

    from desktop.exchange.sheets import write

    units = unit_choices(db)
    register_excel.export(out, form, [], {}, units, full=True)
    book = load_workbook(out)
    for sub in form.subforms:
        title = register_excel.sheet_title(sub.title)
        if title in book.sheetnames:
            book.remove(book[title])
    main = [(register_excel.sheet_title(form.title), form.fields)]
    register_checks.add_checks(book, main, units, 0)
    for row in book[register_excel.META_SHEET].iter_rows():
        if row[0].value == "layout":
            write(row[1], "template")
    book.save(out)
    return out


# ----- attachments -----------------------------------------------------------------------------
def add_attachment(
    db: Database, form: FormDef, codec: Codec, record_id: int, path: Path
) -> Changes:
    """Attach a file to a saved record: caps checked before it is read, encrypted for a
    register with personal data when a password is set, audited under the record."""
    files = attachments.Attachments(db, form, codec)
    try:
        files.add_file(record_id, path)
    except OSError as exc:
        raise attachments.AttachmentRefused(
            f"无法读取“{path.name}”：{exc.strerror or exc}", path=path
        ) from None
    return REGISTERS


def remove_attachment(db: Database, form: FormDef, codec: Codec, attachment_id: int) -> Changes:
    attachments.Attachments(db, form, codec).remove(attachment_id)
    return REGISTERS
