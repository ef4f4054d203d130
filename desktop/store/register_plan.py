"""The migration plan of one register: what a newer definition changes, computed before
anything changes, refused whole when it would lose data.

Steps: create a table; add a field's column; rename a column (declared with ``[[renamed]]``,
its target checked); retire a field (declared with ``[[retired]]``: column and data kept,
hidden); change a field's type (only when every stored value converts). Refused, naming the
file and the field: a field that disappears undeclared, a rename onto a column that already
exists, a type change some stored value does not survive, a sensitivity change of a
password-protected register.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.forms.definition import FieldDef, FormDef
from desktop.forms.fields import FieldError, UnitChoices
from desktop.forms.loader import FormDefinitionError
from desktop.store import purge_index, register_schema, reminder_indexes
from desktop.store.database import Database
from desktop.store.register_names import lookup_column, quote


@dataclass(frozen=True)
class Step:
    kind: str  # create | add | rename | retire | convert
    table: str
    column: str = ""
    text: str = ""  # what the clerk reads in the plan
    new_column: str = ""
    #: convert: (row id, new stored value); recode: (row id, ((column, new value), ...))
    values: tuple[tuple[int, object], ...] = ()


@dataclass
class Plan:
    form: FormDef
    old: FormDef | None
    steps: list[Step] = field(default_factory=list)
    refusal: FormDefinitionError | None = None

    @property
    def changes(self) -> bool:
        return bool(self.steps)

    @property
    def new_register(self) -> bool:
        """Whether the plan only makes a register's tables for the first time."""
        return any(s.kind == "create" and s.table == self.form.table for s in self.steps)

    @property
    def alters(self) -> bool:
        """Whether it changes tables that exist (a backup first; an audit entry)."""
        return self.changes and not self.new_register

    def describe(self) -> str:
        return "；".join(s.text for s in self.steps)


class _Refused(Exception):
    def __init__(self, error: FormDefinitionError) -> None:
        self.error = error


def compute(
    db: Database, form: FormDef, old: FormDef | None, *, protected: bool, units: UnitChoices
) -> Plan:
    plan = Plan(form, old)
    try:
        _main(db, plan, protected, units)
    except _Refused as refused:
        plan.steps = []
        plan.refusal = refused.error
    return plan


def _refuse(form: FormDef, key: str, message: str) -> _Refused:
    file = form.source.name if form.source else f"{form.id}.toml"
    return _Refused(FormDefinitionError(file, key, message))


def _main(db: Database, plan: Plan, protected: bool, units: UnitChoices) -> None:
    form, old = plan.form, plan.old
    if not db.table_exists(form.table):
        plan.steps.append(Step("create", form.table, text=f"新建台账“{form.title}”"))
        for sub in form.subforms:
            plan.steps.append(Step("create", form.sub_table(sub), sub.id))
        return
    _table(db, plan, None, form.table, form.fields, old.fields if old else None, protected, units)
    for sub in form.subforms:
        table = form.sub_table(sub)
        if not db.table_exists(table):
            plan.steps.append(Step("create", table, sub.id, text=f"新增子表“{sub.title}”"))
            continue
        before = None
        if old is not None:
            before = next((s.fields for s in old.subforms if s.id == sub.id), ())
        _table(db, plan, sub.id, table, sub.fields, before, protected, units)


def _table(
    db: Database,
    plan: Plan,
    sub_id: str | None,
    table: str,
    fields: Sequence[FieldDef],
    before: Sequence[FieldDef] | None,
    protected: bool,
    units: UnitChoices,
) -> None:
    form = plan.form
    prefix = f"{sub_id}." if sub_id else ""
    by_id = {f.id: f for f in fields}
    columns = set(db.columns(table))
    renamed_from: set[str] = set()
    if sub_id is None:
        columns, renamed_from = _renames(plan, table, by_id, columns)
    retired = {fid for sub, fid in form.retired if sub == sub_id}
    for f in before or ():
        if f.id in by_id or f.id in renamed_from:
            continue
        if f.id not in retired:
            raise _refuse(
                form,
                f"{prefix}fields",
                f"字段“{f.label}”（{f.id}）不在新定义中：它的数据会看不到。如要停用，请在"
                f' [[retired]] 中写明 id = "{f.id}"（数据保留并隐藏）；否则请把它加回来',
            )
        plan.steps.append(Step("retire", table, f.id, f"停用字段“{f.label}”（数据保留）"))
    old_by_id = {f.id: f for f in before or ()}
    converted: set[str] = set()
    for f in fields:
        if f.id not in columns:
            plan.steps.append(Step("add", table, f.id, f"新增字段“{f.label}”"))
            continue
        previous = old_by_id.get(f.id)
        if previous is None:
            continue
        if previous.sensitive and not f.sensitive and protected:
            raise _refuse(
                form,
                f"{prefix}fields.{f.id}.sensitive",
                f"字段“{f.label}”改为不加密，但数据库已设置密码：请先取消密码，更新后再设置",
            )
        if f.sensitive and not previous.sensitive and protected:
            text = f"“{f.label}”改为加密保存（已有内容在下次输入数据库密码时加密）"
            plan.steps.append(Step("seal", table, f.id, text))
        if previous.type_id != f.type_id and not (previous.multiple and f.multiple):
            plan.steps.append(_convert(db, form, table, previous, f, prefix, units, protected))
            converted.add(f.id)
    _revived(plan, table, fields, columns, old_by_id)
    if sub_id is None:
        added = {s.column for s in plan.steps if s.kind == "add" and s.table == table}
        _rebase(db, plan, table, added)
        _recodes(db, plan, table, columns, added, converted)


def _rebase(db: Database, plan: Plan, table: str, added: set[str]) -> None:
    """A new computed ``sum`` whose ``plus`` is a renamed typed total (累计服务时长 → 登记前服务
    时长): the old total already counted the sub-records there, so they are taken out of it
    (never below 0) and the computed total stays what the clerk had typed."""
    form = plan.form
    renames = {
        (s.column, s.new_column) for s in plan.steps if s.kind == "rename" and s.table == table
    }
    for f in form.fields:
        if f.sum_of is None or f.id not in added or f.sum_of[2] is None:
            continue
        sub_id, field_id, plus = f.sum_of
        source = next((a for a, b in renames if b == plus), None)
        assert plus is not None
        sub_table = form.sub_table(form.subform(sub_id))
        if source is None or not db.table_exists(sub_table):
            continue
        rows = db.query_all(
            f"SELECT r.id, r.{quote(source)} AS old, (SELECT total(s.{quote(field_id)}) "
            f"FROM {quote(sub_table)} s WHERE s.parent_id = r.id) AS done "
            f"FROM {quote(table)} r WHERE r.{quote(source)} IS NOT NULL"
        )
        values = tuple(
            (int(r["id"]), max(0.0, float(r["old"]) - float(r["done"]))) for r in rows if r["done"]
        )
        if values:
            label = form.field(plus).label
            text = (
                f"“{label}”按原填的累计数减去已有的{form.subform(sub_id).title}（{len(values)} 条）"
            )
            plan.steps.append(Step("convert", table, plus, text, values=values))


def _recodes(
    db: Database, plan: Plan, table: str, columns: set[str], added: set[str], converted: set[str]
) -> None:
    """``[[recoded]]``: the records holding old choice values get the new ones (a field whose
    type changes is recoded as it converts: ``_convert``). ``""`` in ``when`` matches an
    empty value (a field added by this plan is empty everywhere)."""
    form = plan.form
    done: set[int] = set()  # a record is recoded once, by the first recode it matches
    for recode in plan.form.recoded:
        names = {name for name, _value in (*recode.when, *recode.set)}
        if not names <= columns | added or names & converted:
            continue
        if any(name in added and value for name, value in recode.when):
            continue  # a new field holds nothing yet
        tests = ["1 = 1"]
        params: dict[str, object] = {}
        for i, (name, value) in enumerate(recode.when):
            if name in added:
                continue
            tests.append(f"{quote(name)} IS NULL" if not value else f"{quote(name)} = :w{i}")
            params[f"w{i}"] = value
        where = " AND ".join(tests)
        found = db.query_all(f"SELECT id FROM {quote(table)} WHERE {where}", params)
        rows = [r for r in found if int(r["id"]) not in done]
        if not rows:
            continue
        done |= {int(r["id"]) for r in rows}
        old = "/".join(t for n, v in recode.when if (t := form.field(n).kind.format(v)))
        new = "/".join(t for n, v in recode.set if (t := form.field(n).kind.format(v)))
        text = f"“{old}”改为“{new}”（{len(rows)} 条）"
        values = tuple((int(r["id"]), recode.set) for r in rows)
        plan.steps.append(Step("recode", table, text=text, values=values))


def _value_map(form: FormDef, field_id: str) -> dict[str, str]:
    """The recodes of one field alone (``大病妇女`` → ``两癌患病妇女``), for its conversion."""
    return {
        recode.when[0][1]: recode.set[0][1]
        for recode in form.recoded
        if len(recode.when) == len(recode.set) == 1
        and recode.when[0][0] == recode.set[0][0] == field_id
    }


def _renames(
    plan: Plan, table: str, by_id: dict[str, FieldDef], columns: set[str]
) -> tuple[set[str], set[str]]:
    """``[[renamed]]`` steps, each target checked; returns the columns after them and the
    ids renamed away."""
    form = plan.form
    renamed_from: set[str] = set()
    for index, (source, target) in enumerate(form.renamed):
        key = f"renamed[{index}]"
        if target not in by_id:
            raise _refuse(form, f"{key}.to", f"改名的目标“{target}”不是这个台账的字段")
        if source in by_id:
            raise _refuse(form, f"{key}.from", f"“{source}”仍是在用的字段，不能改名")
        renamed_from.add(source)
        if source not in columns:
            continue  # done on an earlier open
        if target in columns:
            raise _refuse(
                form,
                f"{key}.to",
                f"“{source}”改名为“{target}”，但“{target}”已有一列数据，合并会丢失其中一列："
                "请换一个新的标识",
            )
        plan.steps.append(
            Step("rename", table, source, f"“{source}”改名为“{target}”", new_column=target)
        )
        columns = (columns - {source}) | {target}
    return columns, renamed_from


def _revived(
    plan: Plan,
    table: str,
    fields: Sequence[FieldDef],
    columns: set[str],
    old_by_id: dict[str, FieldDef],
) -> None:
    """A lookup hash for a field that became a sensitive ID number or phone."""
    for f in fields:
        lookup = f.sensitive and f.type_id in ("id_number", "phone")
        if lookup and f.id in columns and lookup_column(f.id) not in columns and f.id in old_by_id:
            plan.steps.append(Step("lookup", table, f.id, f"“{f.label}”可按号码查找"))


def _convert(
    db: Database,
    form: FormDef,
    table: str,
    old: FieldDef,
    new: FieldDef,
    prefix: str,
    units: UnitChoices,
    protected: bool,
) -> Step:
    key = f"{prefix}fields.{new.id}.type"
    if old.sensitive and protected:
        raise _refuse(form, key, f"加密字段“{new.label}”不能改变类型")
    rows = db.query_all(
        f"SELECT id, {quote(old.id)} AS v FROM {quote(table)} WHERE {quote(old.id)} IS NOT NULL"
    )
    converted: list[tuple[int, object]] = []
    failed: list[str] = []
    recoded = _value_map(form, new.id) if not prefix else {}
    for row in rows:
        value = old.kind.from_db(row["v"])
        if isinstance(value, str):
            value = recoded.get(value, value)
        text = old.kind.format(value, units)
        try:
            parsed = new.kind.parse(text, units)
        except FieldError:
            failed.append(text)
            continue
        converted.append((int(row["id"]), new.kind.to_db(parsed)))
    if failed:
        shown = "、".join(f"“{t}”" for t in failed[:3])
        raise _refuse(
            form,
            key,
            f"字段“{new.label}”从“{old.kind.label}”改为“{new.kind.label}”："
            f"有 {len(failed)} 个已填的值无法转换（如{shown}），改了会丢失数据",
        )
    text = f"“{new.label}”从“{old.kind.label}”改为“{new.kind.label}”（{len(converted)} 个值已转换）"
    return Step("convert", table, new.id, text, values=tuple(converted))


def apply(db: Database, plan: Plan) -> None:
    """Run a plan's steps; the caller holds the transaction."""
    form = plan.form
    for step in plan.steps:
        if step.kind == "create":
            if step.table == form.table:
                register_schema.create_main(db, form)
            else:
                register_schema.create_sub(db, form, form.subform(step.column))
        elif step.kind == "rename":
            register_schema.rename_column(db, step.table, step.column, step.new_column)
            if lookup_column(step.column) in db.columns(step.table):
                register_schema.rename_column(
                    db, step.table, lookup_column(step.column), lookup_column(step.new_column)
                )
        elif step.kind == "add":
            register_schema.add_column(db, step.table, _field(form, step.table, step.column))
        elif step.kind == "recode":
            for row_id, pairs in step.values:
                assert isinstance(pairs, tuple)
                sets = ", ".join(f"{quote(name)} = :s{i}" for i, (name, _v) in enumerate(pairs))
                params: dict[str, object] = {f"s{i}": v or None for i, (_n, v) in enumerate(pairs)}
                db.execute(
                    f"UPDATE {quote(step.table)} SET {sets} WHERE id = :id", params | {"id": row_id}
                )
        elif step.kind == "convert":
            for row_id, value in step.values:
                db.execute(
                    f"UPDATE {quote(step.table)} SET {quote(step.column)} = :v WHERE id = :id",
                    {"v": value, "id": row_id},
                )
        db.forget_schema()
    register_schema.ensure_lookups(db, form.table, form.fields)
    for sub in form.subforms:
        register_schema.ensure_lookups(db, form.sub_table(sub), sub.fields)
    purge_index.ensure_purge_index(db, form)
    reminder_indexes.ensure(db, form)
    db.forget_schema()


def _field(form: FormDef, table: str, field_id: str) -> FieldDef:
    if table == form.table:
        return form.field(field_id)
    for sub in form.subforms:
        if form.sub_table(sub) == table:
            return sub.field(field_id)
    raise KeyError(table)
