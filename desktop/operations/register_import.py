"""导入 a register workbook (a 完整导出 edited in Excel): read and check it, recognise a second
import, apply it in one transaction with its import-log entry.

A second import is recognised twice over (store/register_imports.py): the same file again is
refused with when and where it was imported; an edited copy of an imported workbook (new rows
added below the old ones) adds only the rows the earlier import did not add, and the preview
says which rows it leaves out.
"""

from __future__ import annotations

from pathlib import Path

from desktop.exchange import register_excel
from desktop.exchange.sheets import ImportProblem
from desktop.forms.fields import UnitChoices
from desktop.operations import NOTHING, Area, Changes
from desktop.store import register_imports
from desktop.store.registers import RegisterStore


def prepare(store: RegisterStore, path: Path, units: UnitChoices) -> register_excel.ImportPlan:
    """What importing ``path`` would do; changes nothing. Raises ImportProblem when the file as
    a whole cannot be used (wrong register, masked layout, imported before)."""
    form, db = store.form, store.db
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(path, message=f"无法读取文件：{exc.strerror or exc}") from exc
    earlier = register_imports.earlier_import(db, form.id, register_imports.file_hash(data))
    if earlier is not None:
        time, pc = earlier
        raise ImportProblem(
            path,
            message=f"这个文件已于 {time} 在电脑“{pc}”上导入过{form.title}，不会重复导入。",
        )
    existing = {r.id: r for r in store.list_records()}
    children = {r: store.children(r) for r in existing} if form.subforms else {}
    plan = register_excel.plan_import(path, form, existing, children, units)
    if plan.added:
        key = register_imports.key(db)
        known = register_imports.known_rows(db, form.id, plan.export_id, path.name)
        kept, rows = [], []
        for item, row in zip(plan.added, plan.added_rows, strict=True):
            if register_imports.fingerprint(key, form.id, item[0]) in known:
                plan.repeated.append(row)
            else:
                kept.append(item)
                rows.append(row)
        plan.added, plan.added_rows = kept, rows
    return plan


def apply(store: RegisterStore, plan: register_excel.ImportPlan) -> Changes:
    """Apply a checked plan (no errors) in one transaction with its import-log entry."""
    if plan.errors:
        raise ValueError("a plan with errors cannot be applied")
    form, db = store.form, store.db
    digest = register_imports.file_hash(plan.file.read_bytes())
    note = f"从“{plan.file.name}”导入：{plan.summary()}"
    with db.transaction():
        key = register_imports.key(db)
        store.apply_import(plan.added, plan.updated, note)
        register_imports.log_import(
            db,
            form.id,
            plan.file.name,
            digest,
            plan.export_id,
            [register_imports.fingerprint(key, form.id, values) for values, _c in plan.added],
            len(plan.updated),
        )
    return Changes.of(Area.REGISTERS) if plan.added or plan.updated else NOTHING


def changed_fields(store: RegisterStore, plan: register_excel.ImportPlan, limit: int = 8) -> str:
    """Which fields each updated record changes, for the confirmation (issue 22):
    ``张三：电话、住址`` per line, the first ``limit`` records and how many more."""
    form = store.form
    labels = {f.id: f.label for f in form.fields}
    lines = []
    for record_id, values, children in plan.updated[:limit]:
        old = store.get(record_id).values
        fields = [labels[k] for k, v in values.items() if k in labels and old.get(k) != v]
        if children is not None and children != store.children(record_id):
            fields.append("子表")
        title = old.get(form.title_field) if form.title_field else None
        name = str(title) if title else f"第 {record_id} 号{form.record_name}"
        lines.append(f"{name}：{'、'.join(fields) or '（无变化）'}")
    if len(plan.updated) > limit:
        lines.append(f"……另有 {len(plan.updated) - limit} 条")
    return "\n".join(lines)
