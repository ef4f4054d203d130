"""The one strict reader of ``forms/*.toml``.

Unknown keys, wrong types, duplicate ids, bad choices and references to fields that do not
exist are errors naming the file and the key path (``petition.toml: fields[3].choices``).
A broken file never stops the app: ``load_dir`` returns the good forms and the problems.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from desktop.domain.os_errors import describe_os_error
from desktop.domain.plain import Plain
from desktop.forms import loader_sections, snapshot, toml_cache
from desktop.forms.definition import FieldDef, FormDef, Rule, SubformDef
from desktop.forms.field_choices import ChoiceType
from desktop.forms.field_types import TYPES
from desktop.forms.fields import Choice, FieldError, Options
from desktop.forms.source import SourceError, pattern_problem, read_form_text, toml_problem
from desktop.forms.toml_table import FormDefinitionError, TomlTable, optional_ref, ref, refs

__all__ = ["FormDefinitionError", "FormSet", "default_forms", "load_dirs", "load_file"]
#: types a sensitive field may have: text that is never filtered or sorted in SQL
_SENSITIVE_TYPES = frozenset({"text", "multiline", "person_name", "id_number", "phone"})
#: case facts (a 家庭暴力 block), a child's birth date: encrypted too, never filtered or counted
_SENSITIVE_TYPES |= {"choice", "multichoice", "choices", "bool", "date"}
_FILTER_TYPES = frozenset({"choice", "multichoice", "choices", "bool", "unit"})
_RULE_KINDS = ("not_before", "required_when")


def _choices(table: TomlTable) -> tuple[Choice, ...]:
    raw = table.take("choices", list, [])
    choices: list[Choice] = []
    for index, item in enumerate(raw):
        path = f"{table.at('choices')}[{index}]"
        if isinstance(item, str):
            choices.append(Choice(item, item))
            continue
        entry = TomlTable(item, table.file, path)
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


def _field(table: TomlTable, ids: set[str]) -> FieldDef:
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
        show_when=_show_when(table),
        sum_of=loader_sections.sum_of(table),
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


def _show_when(table: TomlTable) -> tuple[str, tuple[str, ...]] | None:
    if "show_when" not in table.data:
        table.used.add("show_when")
        return None
    entry = TomlTable(table.take("show_when", dict), table.file, table.at("show_when"))
    result = (entry.take("field", str), entry.take_strings("values"))
    entry.finish()
    if not result[1]:
        raise entry.error("需要列出显示此字段的选项值", "values")
    return result


def _check_show_when(table: TomlTable, index: int, f: FieldDef, by_id: dict[str, FieldDef]) -> None:
    assert f.show_when is not None
    path = f"{table.at('fields')}[{index}].show_when"
    target = by_id.get(f.show_when[0])
    if target is None or target is f or target.choice is None:
        raise FormDefinitionError(table.file, path, "field 应指向同一表单中的选择题字段")
    if target.sensitive:
        raise FormDefinitionError(table.file, path, "不能由敏感字段决定显示")
    known = {c.value for c in target.choice.options.choices}
    for value in f.show_when[1]:
        if value not in known:
            raise FormDefinitionError(table.file, path, f"“{value}”不是“{target.label}”的选项值")
    if f.required:
        raise FormDefinitionError(table.file, path, "按条件显示的字段不能是必填")


def _default(table: TomlTable) -> str | None:
    value = table.take("default", (str, int, float, bool), None)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _fields(table: TomlTable) -> tuple[FieldDef, ...]:
    ids: set[str] = set()
    fields = tuple(_field(t, ids) for t in table.tables("fields"))
    if not fields:
        raise table.error("至少需要一个字段", "fields")
    by_id = {f.id: f for f in fields}
    for index, f in enumerate(fields):
        if f.show_when is not None:
            _check_show_when(table, index, f, by_id)
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


def _rules(table: TomlTable, fields: tuple[FieldDef, ...]) -> tuple[Rule, ...]:
    by_id = {f.id: f for f in fields}
    rules: list[Rule] = []
    for entry in table.tables("rules"):
        kind = entry.take("kind", str)
        if kind not in _RULE_KINDS:
            raise entry.error(f"没有“{kind}”这种规则，可用：{'、'.join(_RULE_KINDS)}", "kind")
        target = ref(entry, "field", by_id)
        if kind == "not_before":
            other = ref(entry, "other", by_id)
            if target.type_id != other.type_id:
                raise entry.error("两个字段的类型应相同", "other")
            message = entry.take("message", str, f"“{target.label}”不能早于“{other.label}”")
            rules.append(Rule(kind, target.id, message, other=other.id))
        else:
            when = ref(entry, "when", by_id)
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


def _subforms(table: TomlTable) -> tuple[SubformDef, ...]:
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
                date_field=optional_ref(entry, "date_field", by_id, "date"),
            )
        )
        entry.finish()
    return tuple(subs)


#: forms already read in this process, by (text, file name, source, cache folder): a
#: definition is immutable, and a caller without the window's forms (a report counting from a
#: register, the 监测结果 page) reads the same files again (~100 ms a time before)
_Key = tuple[str, str, Path | None, Path | None]
_READ: dict[_Key, FormDef] = {}
_READ_MAX = 64  # a few sets of the bundled forms, stored versions included


def parse_form(
    text: str, file: str, source: Path | None = None, *, cache: Path | None = None
) -> FormDef:
    """One form from its TOML text; ``cache``: a folder of parsed texts (``toml_cache``).
    The same text, file name, source and cache give the same (immutable) definition."""
    key = (text, file, source, cache)
    form = _READ.get(key)
    return form if form is not None else _remember(key, _parse_form(text, file, source, cache))


def _remember(key: _Key, form: FormDef) -> FormDef:
    """``form`` read for ``key``, or the one this process read before (the same objects)."""
    known = _READ.get(key)
    if known is not None:
        return known
    if len(_READ) >= _READ_MAX:  # the oldest goes (never one of the set being read)
        del _READ[next(iter(_READ))]
    _READ[key] = form
    return form


def _parse_form(text: str, file: str, source: Path | None, cache: Path | None) -> FormDef:
    try:
        data = toml_cache.loads(text.removeprefix("\ufeff"), cache)
    except ValueError as exc:  # tomllib.TOMLDecodeError, raised on a cache miss only
        raise FormDefinitionError(file, "", toml_problem(exc)) from None
    root = TomlTable(data, file, "")
    version = root.take("version", int)
    if version < 1:
        raise root.error("应为正整数", "version")
    form_id = root.take_id("id")
    fields = _fields(root)
    by_id = {f.id: f for f in fields}
    subforms = _subforms(root)
    loader_sections.check_sums(root, fields, subforms)
    list_columns = refs(root, "list_columns", by_id) or tuple(f.id for f in fields[:8])
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
    kind, stock = loader_sections.kind_and_stock(root, by_id)
    unit_field = optional_ref(root, "unit_field", by_id, "unit")
    form = FormDef(
        id=form_id,
        title=root.take("title", str),
        version=version,
        record_name=root.take("record_name", str, "记录"),
        order=root.take("order", int, 100),
        description=root.take("description", str, ""),
        fields=fields,
        list_columns=list_columns,
        filters=refs(root, "filters", by_id, _FILTER_TYPES),
        sort_field=sort_field,
        sort_descending=descending,
        date_field=optional_ref(root, "date_field", by_id, "date"),
        unit_field=unit_field,
        title_field=title_field,
        rules=_rules(root, fields),
        subforms=subforms,
        statistics=loader_sections.statistics(root, by_id, subforms, unit_field=unit_field),
        reminders=loader_sections.reminders(root, by_id, subforms),
        renamed=loader_sections.renamed(root),
        retired=loader_sections.retired(root, fields, subforms),
        recoded=loader_sections.recoded(root, by_id),
        retention=loader_sections.retention(root, by_id),
        kind=kind,
        stock=stock,
        source=source,
        text=text,
    )
    root.finish()
    return form


def load_file(path: Path, cache: Path | None = None) -> FormDef:
    return parse_form(_read_text(path), path.name, path, cache=cache)


def _read_text(path: Path) -> str:
    try:
        return read_form_text(path)
    except SourceError as exc:
        raise FormDefinitionError(path.name, "", exc.message) from None
    except OSError as exc:
        raise FormDefinitionError(path.name, "", f"无法读取：{describe_os_error(exc)}") from None


class FormSet(Plain):
    """The registers this app knows, in file order, and the files that could not be read."""

    __slots__ = ("forms", "problems")

    def __init__(
        self,
        forms: list[FormDef] | None = None,
        problems: list[FormDefinitionError] | None = None,
    ) -> None:
        self.forms = forms if forms is not None else []
        self.problems = problems if problems is not None else []

    def get(self, form_id: str) -> FormDef:
        for form in self.forms:
            if form.id == form_id:
                return form
        raise KeyError(form_id)

    def ids(self) -> list[str]:
        return [f.id for f in self.forms]


def load_dirs(dirs: Iterable[Path], cache: Path | None = None) -> FormSet:
    """Every ``*.toml`` of the folders, sorted by name; a duplicate form id is a problem.
    ``cache``: a folder keeping the parsed texts (``toml_cache``) and the definitions last
    built from the same files (``snapshot``)."""
    result = FormSet()
    files: list[tuple[Path, str]] = []
    for folder in dirs:
        if not folder.is_dir():
            continue
        # not ``glob("*.toml")``, whose pattern is compiled at every start; any case, as
        # Windows' glob matches
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() == ".toml"):
            try:
                files.append((path, _read_text(path)))
            except FormDefinitionError as exc:
                result.problems.append(exc)
    keys: list[_Key] = [(text, path.name, path, cache) for path, text in files]
    if all(key in _READ for key in keys):  # read in this process: ``parse_form`` has them
        _parse_files(files, cache, result)
    else:
        _kept_or_parsed(files, keys, cache, result)
    result.forms.sort(key=lambda f: f.order)  # stable: file name within the same order
    return result


def _kept_or_parsed(
    files: list[tuple[Path, str]], keys: list[_Key], cache: Path | None, result: FormSet
) -> None:
    """The files' definitions as kept (``snapshot``), else parsed (and kept when all are
    good), into ``result``."""
    kept = cache / snapshot.name(files) if cache is not None and not result.problems else None
    forms = snapshot.read(kept) if kept is not None else None
    if forms is not None and len(forms) == len(files):  # one for each file, in file order
        pairs = list(zip(forms, files, strict=True))
        if all(form.text == text and form.source == path for form, (path, text) in pairs):
            result.forms = [_remember(key, form) for key, form in zip(keys, forms, strict=True)]
            return
    _parse_files(files, cache, result)
    if kept is not None and not result.problems:
        snapshot.write(kept, result.forms)


def _parse_files(files: list[tuple[Path, str]], cache: Path | None, result: FormSet) -> None:
    for path, text in files:
        try:
            form = parse_form(text, path.name, path, cache=cache)
        except FormDefinitionError as exc:
            result.problems.append(exc)
            continue
        if form.id in result.ids():
            result.problems.append(
                FormDefinitionError(path.name, "id", f"台账标识“{form.id}”与其他文件重复")
            )
            continue
        result.forms.append(form)


def default_forms(cache: Path | None = None) -> FormSet:
    """The bundled registers and any the clerk dropped into her data folder's ``forms``;
    ``cache``: a folder keeping the parsed texts (by default the data folder's, the one the
    app's start passes: later callers find the definitions it read)."""
    from desktop.paths import bundled_dir, forms_cache_dir, user_data_dir

    data = user_data_dir()
    return load_dirs([bundled_dir("forms"), data / "forms"], cache or forms_cache_dir(data))
