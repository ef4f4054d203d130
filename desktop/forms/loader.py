"""The one strict reader of ``forms/*.toml``.

Unknown keys, wrong types, duplicate ids, bad choices and references to fields that do not
exist are errors naming the file and the key path (``petition.toml: fields[3].choices``).
A broken file never stops the app: ``load_dir`` returns the good forms and the problems.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.domain.os_errors import describe_os_error
from desktop.forms.definition import (
    RESERVED,
    FieldDef,
    FormDef,
    Reminder,
    Retention,
    Rule,
    Statistics,
    SubformDef,
)
from desktop.forms.fields import TYPES, Choice, ChoiceType, FieldError, Options
from desktop.forms.source import SourceError, pattern_problem, read_form_text, toml_problem

_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_MISSING = object()
#: types a sensitive field may have: text that is never filtered or sorted in SQL
_SENSITIVE_TYPES = frozenset({"text", "multiline", "person_name", "id_number", "phone"})
_FILTER_TYPES = frozenset({"choice", "multichoice", "bool", "unit"})
_RULE_KINDS = ("not_before", "required_when")
_REMINDER_KINDS = ("date_passed", "visit_due")


class FormDefinitionError(ValueError):
    def __init__(self, file: str, path: str, message: str) -> None:
        where = f"{file}: {path}" if path else file
        super().__init__(f"{where}：{message}")
        self.file = file
        self.path = path
        self.message = message


class _Table:
    """One TOML table being read: every key taken is checked, leftovers are errors."""

    def __init__(self, data: object, file: str, path: str) -> None:
        self.file = file
        self.path = path
        if not isinstance(data, dict):
            raise self.error("应为一个表（table）")
        self.data: dict[str, Any] = data
        self.used: set[str] = set()

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(self, message: str, key: str | None = None) -> FormDefinitionError:
        return FormDefinitionError(self.file, self.at(key) if key else self.path, message)

    def take(self, key: str, kind: type | tuple[type, ...], default: object = _MISSING) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is _MISSING:
                raise self.error("缺少这个键", key)
            return default
        value = self.data[key]
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self.error("应为数字", key)
        if not isinstance(value, kind):
            raise self.error(f"类型不对，应为{_type_name(kind)}", key)
        return value

    def take_id(self, key: str) -> str:
        value = self.take(key, str)
        if not _ID.match(value) or value in RESERVED:
            raise self.error(f"“{value}”不能用作标识：请用小写英文字母、数字和下划线", key)
        return str(value)

    def take_strings(self, key: str) -> tuple[str, ...]:
        values = self.take(key, list, [])
        for index, value in enumerate(values):
            if not isinstance(value, str):
                raise FormDefinitionError(self.file, f"{self.at(key)}[{index}]", "应为字符串")
        return tuple(values)

    def tables(self, key: str) -> list[_Table]:
        values = self.take(key, list, [])
        return [_Table(v, self.file, f"{self.at(key)}[{i}]") for i, v in enumerate(values)]

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self.error(f"未知的键“{unknown[0]}”", unknown[0])


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "字符串", int: "整数", float: "数字", bool: "true/false", list: "列表"}
    names[dict] = "表"
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return "或".join(names.get(k, k.__name__) for k in kinds)


def _choices(table: _Table) -> tuple[Choice, ...]:
    raw = table.take("choices", list, [])
    choices: list[Choice] = []
    for index, item in enumerate(raw):
        path = f"{table.at('choices')}[{index}]"
        if isinstance(item, str):
            choices.append(Choice(item, item))
            continue
        entry = _Table(item, table.file, path)
        label = entry.take("label", str)
        choices.append(
            Choice(entry.take("value", str, label), label, entry.take("parent", str, None))
        )
        entry.finish()
    seen: set[str] = set()
    for choice in choices:
        for text in {choice.value, choice.label}:
            if not text.strip():
                raise table.error("选项不能为空", "choices")
            if text in seen:
                raise table.error(f"选项重复“{text}”", "choices")
        seen |= {choice.value, choice.label}
    return tuple(choices)


def _field(table: _Table, ids: set[str]) -> FieldDef:
    field_id = table.take_id("id")
    if field_id in ids:
        raise table.error(f"字段标识“{field_id}”重复", "id")
    ids.add(field_id)
    type_id = table.take("type", str)
    if type_id not in TYPES:
        raise table.error(f"没有“{type_id}”这种字段类型，可用：{'、'.join(TYPES)}", "type")
    number = (int, float)
    options = Options(
        choices=_choices(table),
        minimum=table.take("min", number, None),
        maximum=table.take("max", number, None),
        decimals=table.take("decimals", int, None),
        max_length=table.take("max_length", int, None),
        pattern=table.take("pattern", str, None),
        pattern_message=table.take("pattern_message", str, None),
        unit_kinds=table.take_strings("unit_kinds"),
    )
    kind = TYPES[type_id](options)
    is_choice = isinstance(kind, ChoiceType)
    if is_choice and not options.choices:
        raise table.error("选择题字段需要列出选项", "choices")
    if options.choices and not is_choice:
        raise table.error(f"“{type_id}”类型的字段不能有选项", "choices")
    problem = pattern_problem(options.pattern) if options.pattern is not None else None
    if problem:
        raise table.error(problem, "pattern")
    if (
        options.minimum is not None
        and options.maximum is not None
        and options.minimum > options.maximum
    ):
        raise table.error("min 大于 max", "min")
    definition = FieldDef(
        id=field_id,
        label=table.take("label", str),
        kind=kind,
        required=table.take("required", bool, False),
        sensitive=table.take("sensitive", bool, False),
        default=_default(table),
        help=table.take("help", str, ""),
        depends_on=table.take("depends_on", str, None),
    )
    table.finish()
    if definition.sensitive and type_id not in _SENSITIVE_TYPES:
        raise table.error(f"“{type_id}”类型的字段不能标为敏感字段", "sensitive")
    if definition.default is not None and definition.default != "today":
        try:
            kind.parse(definition.default)
        except FieldError as exc:
            raise table.error(f"默认值不合格：{exc}", "default") from None
    if definition.default == "today" and type_id != "date":
        raise table.error("只有日期字段可以用“today”作默认值", "default")
    return definition


def _default(table: _Table) -> str | None:
    value = table.take("default", (str, int, float, bool), None)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _fields(table: _Table) -> tuple[FieldDef, ...]:
    ids: set[str] = set()
    fields = tuple(_field(t, ids) for t in table.tables("fields"))
    if not fields:
        raise table.error("至少需要一个字段", "fields")
    by_id = {f.id: f for f in fields}
    for index, f in enumerate(fields):
        if f.depends_on is None:
            continue
        path = f"{table.at('fields')}[{index}].depends_on"
        parent = by_id.get(f.depends_on)
        if parent is None or parent.choice is None or f.choice is None:
            raise FormDefinitionError(table.file, path, "应指向同一表单中的选择题字段")
        values = {c.value for c in parent.choice.options.choices}
        for choice in f.choice.options.choices:
            if choice.parent not in values:
                raise FormDefinitionError(
                    table.file, path, f"选项“{choice.label}”的 parent 不是“{parent.label}”的选项"
                )
    return fields


def _rules(table: _Table, fields: tuple[FieldDef, ...]) -> tuple[Rule, ...]:
    by_id = {f.id: f for f in fields}
    rules: list[Rule] = []
    for entry in table.tables("rules"):
        kind = entry.take("kind", str)
        if kind not in _RULE_KINDS:
            raise entry.error(f"没有“{kind}”这种规则，可用：{'、'.join(_RULE_KINDS)}", "kind")
        target = _ref(entry, "field", by_id)
        if kind == "not_before":
            other = _ref(entry, "other", by_id)
            if target.type_id != other.type_id:
                raise entry.error("两个字段的类型应相同", "other")
            message = entry.take("message", str, f"“{target.label}”不能早于“{other.label}”")
            rules.append(Rule(kind, target.id, message, other=other.id))
        else:
            when = _ref(entry, "when", by_id)
            values = entry.take_strings("values")
            if when.choice is not None:
                known = {c.value for c in when.choice.options.choices}
                for value in values:
                    if value not in known:
                        raise entry.error(f"“{value}”不是“{when.label}”的选项值", "values")
            labels = "、".join(when.kind.format(v) for v in values) or "已填写"
            message = entry.take("message", str, f"“{when.label}”为{labels}时，请填写此项")
            rules.append(Rule(kind, target.id, message, when=when.id, values=values))
        entry.finish()
    return tuple(rules)


def _ref(table: _Table, key: str, by_id: dict[str, FieldDef]) -> FieldDef:
    field_id = table.take(key, str)
    if field_id not in by_id:
        raise table.error(f"没有标识为“{field_id}”的字段", key)
    return by_id[field_id]


def _refs(
    table: _Table, key: str, by_id: dict[str, FieldDef], allowed: Iterable[str] | None = None
) -> tuple[str, ...]:
    values = table.take_strings(key)
    allowed_set = set(allowed) if allowed is not None else None
    for index, value in enumerate(values):
        path = f"{table.at(key)}[{index}]"
        if value not in by_id:
            raise FormDefinitionError(table.file, path, f"没有标识为“{value}”的字段")
        if allowed_set is not None and by_id[value].type_id not in allowed_set:
            raise FormDefinitionError(table.file, path, f"“{by_id[value].label}”的类型不能用在这里")
        if key in ("filters", "by") and by_id[value].sensitive:
            raise FormDefinitionError(table.file, path, "敏感字段不能用作筛选或统计")
    return values


def _optional_ref(table: _Table, key: str, by_id: dict[str, FieldDef], type_id: str) -> str | None:
    value = table.take(key, str, None)
    if value is None:
        return None
    if value not in by_id:
        raise table.error(f"没有标识为“{value}”的字段", key)
    if by_id[value].type_id != type_id:
        raise table.error(f"应指向“{type_id}”类型的字段", key)
    return str(value)


def _subforms(table: _Table) -> tuple[SubformDef, ...]:
    subs: list[SubformDef] = []
    seen: set[str] = set()
    for entry in table.tables("subforms"):
        sub_id = entry.take_id("id")
        if sub_id in seen:
            raise entry.error(f"子表标识“{sub_id}”重复", "id")
        seen.add(sub_id)
        fields = _fields(entry)
        by_id = {f.id: f for f in fields}
        subs.append(
            SubformDef(
                id=sub_id,
                title=entry.take("title", str),
                fields=fields,
                rules=_rules(entry, fields),
                date_field=_optional_ref(entry, "date_field", by_id, "date"),
            )
        )
        entry.finish()
    return tuple(subs)


def _statistics(table: _Table, by_id: dict[str, FieldDef]) -> Statistics:
    if "statistics" not in table.data:
        table.used.add("statistics")
        return Statistics()
    entry = _Table(table.take("statistics", dict), table.file, table.at("statistics"))
    stats = Statistics(
        by=_refs(entry, "by", by_id, {"choice", "multichoice", "bool", "unit"}),
        sums=_refs(entry, "sums", by_id, {"integer", "decimal", "money"}),
        closure_field=_optional_ref(entry, "closure_field", by_id, "choice"),
        closed_values=entry.take_strings("closed_values"),
    )
    entry.finish()
    if stats.closure_field and not stats.closed_values:
        raise entry.error("需要列出表示办结的选项值", "closed_values")
    return stats


def _reminders(
    table: _Table, by_id: dict[str, FieldDef], subforms: tuple[SubformDef, ...]
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
                field=_optional_ref(entry, "field", by_id, "date"),
                unless_field=_optional_ref(entry, "unless_field", by_id, "choice"),
                unless_values=entry.take_strings("unless_values"),
            )
            if reminder.field is None:
                raise entry.error("缺少这个键", "field")
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
                interval_field=_optional_ref(entry, "interval_field", by_id, "choice"),
                intervals=dict(intervals),
                default_interval=entry.take("default_interval", int, 90),
                since_field=_optional_ref(entry, "since_field", by_id, "date"),
                unless_field=_optional_ref(entry, "unless_field", by_id, "choice"),
                unless_values=entry.take_strings("unless_values"),
            )
        entry.finish()
        reminders.append(reminder)
    return tuple(reminders)


def _retention(table: _Table, by_id: dict[str, FieldDef]) -> Retention | None:
    if "retention" not in table.data:
        table.used.add("retention")
        return None
    entry = _Table(table.take("retention", dict), table.file, table.at("retention"))
    years = entry.take("years", int)
    if not 1 <= years <= 100:
        raise entry.error("保留年限应在1到100年之间", "years")
    since = _optional_ref(entry, "since", by_id, "date")
    if since is None:
        raise entry.error("缺少这个键", "since")
    entry.finish()
    if not any(f.sensitive for f in by_id.values()):
        raise entry.error("这个台账没有敏感字段，不需要保留期限")
    return Retention(years, since)


def _renamed(table: _Table) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for entry in table.tables("renamed"):
        pairs.append((entry.take_id("from"), entry.take_id("to")))
        entry.finish()
    return tuple(pairs)


def parse_form(text: str, file: str, source: Path | None = None) -> FormDef:
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise FormDefinitionError(file, "", toml_problem(exc)) from None
    root = _Table(data, file, "")
    version = root.take("version", int)
    if version < 1:
        raise root.error("应为正整数", "version")
    form_id = root.take_id("id")
    fields = _fields(root)
    by_id = {f.id: f for f in fields}
    subforms = _subforms(root)
    list_columns = _refs(root, "list_columns", by_id) or tuple(f.id for f in fields[:8])
    sort = root.take("sort", str, None)
    descending = bool(sort and sort.startswith("-"))
    sort_field = sort.lstrip("-") if sort else None
    if sort_field is not None:
        if sort_field not in by_id:
            raise root.error(f"没有标识为“{sort_field}”的字段", "sort")
        if by_id[sort_field].sensitive:
            raise root.error("不能按敏感字段排序", "sort")
    title_field = root.take("title_field", str, None)
    if title_field is not None and title_field not in by_id:
        raise root.error(f"没有标识为“{title_field}”的字段", "title_field")
    form = FormDef(
        id=form_id,
        title=root.take("title", str),
        version=version,
        record_name=root.take("record_name", str, "记录"),
        order=root.take("order", int, 100),
        description=root.take("description", str, ""),
        fields=fields,
        list_columns=list_columns,
        filters=_refs(root, "filters", by_id, _FILTER_TYPES),
        sort_field=sort_field,
        sort_descending=descending,
        date_field=_optional_ref(root, "date_field", by_id, "date"),
        unit_field=_optional_ref(root, "unit_field", by_id, "unit"),
        title_field=title_field,
        rules=_rules(root, fields),
        subforms=subforms,
        statistics=_statistics(root, by_id),
        reminders=_reminders(root, by_id, subforms),
        renamed=_renamed(root),
        retention=_retention(root, by_id),
        source=source,
    )
    root.finish()
    return form


def load_file(path: Path) -> FormDef:
    try:
        text = read_form_text(path)
    except SourceError as exc:
        raise FormDefinitionError(path.name, "", exc.message) from None
    except OSError as exc:
        raise FormDefinitionError(path.name, "", f"无法读取：{describe_os_error(exc)}") from None
    return parse_form(text, path.name, path)


@dataclass
class FormSet:
    """The registers this app knows, in file order, and the files that could not be read."""

    forms: list[FormDef] = field(default_factory=list)
    problems: list[FormDefinitionError] = field(default_factory=list)

    def get(self, form_id: str) -> FormDef:
        for form in self.forms:
            if form.id == form_id:
                return form
        raise KeyError(form_id)

    def ids(self) -> list[str]:
        return [f.id for f in self.forms]


def load_dirs(dirs: Iterable[Path]) -> FormSet:
    """Every ``*.toml`` of the folders, sorted by name; a duplicate form id is a problem."""
    result = FormSet()
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                form = load_file(path)
            except FormDefinitionError as exc:
                result.problems.append(exc)
                continue
            if form.id in result.ids():
                result.problems.append(
                    FormDefinitionError(path.name, "id", f"台账标识“{form.id}”与其他文件重复")
                )
                continue
            result.forms.append(form)
    result.forms.sort(key=lambda f: f.order)  # stable: file name within the same order
    return result


def default_forms() -> FormSet:
    """The bundled registers and any the clerk dropped into her data folder's ``forms``."""
    from desktop.paths import bundled_dir, user_data_dir

    return load_dirs([bundled_dir("forms"), user_data_dir() / "forms"])
