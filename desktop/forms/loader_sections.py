"""The form-level sections of a definition: statistics, reminders, retention, renamed and
retired fields (read by ``loader.py``)."""

from __future__ import annotations

from desktop.forms.definition import (
    FieldDef,
    Recode,
    Reminder,
    Retention,
    Statistics,
    Stock,
    SubformDef,
)
from desktop.forms.toml_table import FormDefinitionError, TomlTable, optional_ref, refs

_REMINDER_KINDS = ("date_passed", "visit_due", "matching")


_NUMBER_TYPES = frozenset({"integer", "decimal", "money"})


def sum_of(table: TomlTable) -> tuple[str, str, str | None] | None:
    """A field's ``sum = { subform, field, plus }`` as written (checked by ``check_sums``)."""
    if "sum" not in table.data:
        table.used.add("sum")
        return None
    entry = TomlTable(table.take("sum", dict), table.file, table.at("sum"))
    result = (entry.take("subform", str), entry.take("field", str), entry.take("plus", str, None))
    entry.finish()
    return result


def check_sums(
    table: TomlTable, fields: tuple[FieldDef, ...], subforms: tuple[SubformDef, ...]
) -> None:
    """A computed field reads plain numbers only: never a sensitive (encrypted) field."""
    by_id = {f.id: f for f in fields}
    subs = {s.id: s for s in subforms}
    for index, f in enumerate(fields):
        if f.sum_of is None:
            continue
        path = f"{table.at('fields')}[{index}].sum"
        sub_id, field_id, plus = f.sum_of
        problem = None
        sub = subs.get(sub_id)
        target = None if sub is None else {g.id: g for g in sub.fields}.get(field_id)
        base = by_id.get(plus) if plus else None
        if f.type_id not in _NUMBER_TYPES or f.sensitive or f.required or f.default:
            problem = "合计字段应为不敏感、非必填、无默认值的数字字段"
        elif sub is None:
            problem = f"没有标识为“{sub_id}”的子表"
        elif target is None or target.type_id not in _NUMBER_TYPES or target.sensitive:
            problem = f"field 应指向子表“{sub.title}”中不敏感的数字字段"
        elif plus is not None and (
            base is None or base.type_id not in _NUMBER_TYPES or base.sensitive or base.sum_of
        ):
            problem = "plus 应指向本表中不敏感、非合计的数字字段"
        if problem:
            raise FormDefinitionError(table.file, path, problem)


def statistics(
    table: TomlTable,
    by_id: dict[str, FieldDef],
    subforms: tuple[SubformDef, ...] = (),
    *,
    unit_field: str | None = None,
) -> Statistics:
    if "statistics" not in table.data:
        table.used.add("statistics")
        return Statistics()
    entry = TomlTable(table.take("statistics", dict), table.file, table.at("statistics"))
    stats = Statistics(
        by=refs(entry, "by", by_id, {"choice", "multichoice", "choices", "bool", "unit"}),
        sums=refs(entry, "sums", by_id, {"integer", "decimal", "money"}),
        closure_field=optional_ref(entry, "closure_field", by_id, "choice"),
        closed_values=entry.take_strings("closed_values"),
        coverage=_coverage(entry, by_id),
        sub_sums=_sub_sums(entry, subforms),
        unit_coverage=entry.take("unit_coverage", str, None),
    )
    entry.finish()
    if stats.unit_coverage is not None and unit_field is None:
        raise entry.error("按单位统计覆盖需要 unit_field", "unit_coverage")
    if stats.closure_field and not stats.closed_values:
        raise entry.error("需要列出表示办结的选项值", "closed_values")
    return stats


def _sub_sums(table: TomlTable, subforms: tuple[SubformDef, ...]) -> tuple[tuple[str, str], ...]:
    """``sub_sums = ["services.hours"]``: a sub-form's dated number field."""
    result = []
    subs = {s.id: s for s in subforms}
    for text in table.take_strings("sub_sums"):
        sub_id, _dot, field_id = text.partition(".")
        sub = subs.get(sub_id)
        target = None if sub is None else {g.id: g for g in sub.fields}.get(field_id)
        if sub is None or target is None or target.type_id not in _NUMBER_TYPES:
            raise table.error(f"“{text}”应为“子表.数字字段”", "sub_sums")
        if target.sensitive or sub.date_field is None:
            raise table.error(f"“{text}”应为有日期字段的子表中不敏感的数字字段", "sub_sums")
        result.append((sub_id, field_id))
    return tuple(result)


def _coverage(table: TomlTable, by_id: dict[str, FieldDef]) -> tuple[str, str] | None:
    if "coverage" not in table.data:
        table.used.add("coverage")
        return None
    entry = TomlTable(table.take("coverage", dict), table.file, table.at("coverage"))
    label = entry.take("label", str)
    base = optional_ref(entry, "base", by_id, "bool")
    entry.finish()
    if base is None:
        raise entry.error("缺少这个键", "base")
    return label, base


def reminders(
    table: TomlTable, by_id: dict[str, FieldDef], subforms: tuple[SubformDef, ...]
) -> tuple[Reminder, ...]:
    reminders: list[Reminder] = []
    sub_ids = {s.id: s for s in subforms}
    for entry in table.tables("reminders"):
        kind = entry.take("kind", str)
        if kind not in _REMINDER_KINDS:
            raise entry.error(f"没有“{kind}”这种提醒，可用：{'、'.join(_REMINDER_KINDS)}", "kind")
        text = entry.take("text", str)
        if kind == "date_passed":
            reminder = Reminder(
                kind,
                text,
                field=optional_ref(entry, "field", by_id, "date"),
                unless_field=optional_ref(entry, "unless_field", by_id, "choice"),
                unless_values=entry.take_strings("unless_values"),
            )
            if reminder.field is None:
                raise entry.error("缺少这个键", "field")
        elif kind == "matching":
            reminder = Reminder(
                kind,
                text,
                field=optional_ref(entry, "field", by_id, "choice"),
                values=entry.take_strings("values"),
                unless_field=optional_ref(entry, "unless_field", by_id, "choice"),
                unless_values=entry.take_strings("unless_values"),
            )
            if reminder.field is None or not reminder.values:
                raise entry.error("需要 field 和 values", "field")
        else:
            sub_id = entry.take("subform", str)
            if sub_id not in sub_ids or sub_ids[sub_id].date_field is None:
                raise entry.error("应指向一个有 date_field 的子表", "subform")
            intervals = entry.take("intervals", dict, {})
            for key, days in intervals.items():
                if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
                    raise entry.error("间隔天数应为正整数", f"intervals.{key}")
            reminder = Reminder(
                kind,
                text,
                subform=sub_id,
                interval_field=optional_ref(entry, "interval_field", by_id, "choice"),
                intervals=dict(intervals),
                default_interval=entry.take("default_interval", int, 90),
                since_field=optional_ref(entry, "since_field", by_id, "date"),
                unless_field=optional_ref(entry, "unless_field", by_id, "choice"),
                unless_values=entry.take_strings("unless_values"),
            )
        entry.finish()
        reminders.append(reminder)
    return tuple(reminders)


def retention(table: TomlTable, by_id: dict[str, FieldDef]) -> Retention | None:
    if "retention" not in table.data:
        table.used.add("retention")
        return None
    entry = TomlTable(table.take("retention", dict), table.file, table.at("retention"))
    years = entry.take("years", int)
    if not 1 <= years <= 100:
        raise entry.error("保留年限应在1到100年之间", "years")
    since = optional_ref(entry, "since", by_id, "date")
    if since is None:
        raise entry.error("缺少这个键", "since")
    entry.finish()
    if not any(f.sensitive for f in by_id.values()):
        raise entry.error("这个台账没有敏感字段，不需要保留期限")
    return Retention(years, since)


def renamed(table: TomlTable) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for entry in table.tables("renamed"):
        pairs.append((entry.take_id("from"), entry.take_id("to")))
        entry.finish()
    return tuple(pairs)


def retired(
    table: TomlTable, fields: tuple[FieldDef, ...], subforms: tuple[SubformDef, ...]
) -> tuple[tuple[str | None, str], ...]:
    """``[[retired]]``: fields taken out of use (``subform`` names a sub-form's field)."""
    result: list[tuple[str | None, str]] = []
    subs = {s.id: s for s in subforms}
    for entry in table.tables("retired"):
        field_id = entry.take("id", str)
        sub_id = entry.take("subform", str, None)
        entry.take("note", str, "")
        entry.finish()
        if sub_id is not None and sub_id not in subs:
            raise entry.error(f"没有标识为“{sub_id}”的子表", "subform")
        live = subs[sub_id].fields if sub_id is not None else fields
        if any(f.id == field_id for f in live):
            raise entry.error(f"“{field_id}”仍是在用的字段，不能同时停用", "id")
        result.append((sub_id, field_id))
    return tuple(result)


def kind_and_stock(table: TomlTable, by_id: dict[str, FieldDef]) -> tuple[str, Stock]:
    """``kind = "flow"`` (default) or ``"stock"``, and a stock register's ``[stock]``."""
    kind = table.take("kind", str, "flow")
    if kind not in ("flow", "stock"):
        raise table.error(f"没有“{kind}”这种台账类别，可用：flow（事件）、stock（存量）", "kind")
    if "stock" not in table.data:
        table.used.add("stock")
        return kind, Stock()
    if kind != "stock":
        raise table.error('只有 kind = "stock" 的台账可以有 [stock]', "stock")
    entry = TomlTable(table.take("stock", dict), table.file, table.at("stock"))
    since = entry.take("since", str, None)
    if since is not None and (
        since not in by_id or by_id[since].type_id not in ("date", "integer")
    ):
        raise entry.error("应指向日期字段或表示年份的整数字段", "since")
    stock = Stock(
        since=since,
        until=optional_ref(entry, "until", by_id, "date"),
        inactive_field=optional_ref(entry, "inactive_field", by_id, "choice"),
        inactive_values=entry.take_strings("inactive_values"),
    )
    entry.finish()
    if stock.inactive_field and not stock.inactive_values:
        raise entry.error("需要列出表示不再存在的选项值", "inactive_values")
    return kind, stock


def recoded(table: TomlTable, by_id: dict[str, FieldDef]) -> tuple[Recode, ...]:
    """``[[recoded]]``: ``when`` (field → old value) and ``set`` (field → new value, ``""``
    to empty it) of choice fields that are not sensitive; the new values must be choices."""
    result: list[Recode] = []
    for entry in table.tables("recoded"):
        pairs: dict[str, tuple[tuple[str, str], ...]] = {}
        for key in ("when", "set"):
            raw = entry.take(key, dict)
            if not raw:
                raise entry.error("不能为空", key)
            for field_id, value in raw.items():
                f = by_id.get(field_id)
                if f is None or f.choice is None or f.sensitive:
                    raise entry.error("应为不加密的选择题字段", f"{key}.{field_id}")
                if not isinstance(value, str):
                    raise entry.error("应为字符串", f"{key}.{field_id}")
                known = {c.value for c in f.choice.options.choices} | {""}
                if key == "set" and value not in known:
                    raise entry.error(f"“{value}”不是“{f.label}”的选项值", f"{key}.{field_id}")
            pairs[key] = tuple((str(k), str(v)) for k, v in raw.items())
        result.append(Recode(pairs["when"], pairs["set"], entry.take("note", str, "")))
        entry.finish()
    return tuple(result)
