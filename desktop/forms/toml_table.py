"""Reading one TOML table of a form definition strictly: every key taken is checked, leftovers
are errors naming the file and the key path; references to fields are checked too."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from desktop.forms.definition import RESERVED, FieldDef

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_MISSING = object()


class FormDefinitionError(ValueError):
    def __init__(self, file: str, path: str, message: str) -> None:
        where = f"{file}: {path}" if path else file
        super().__init__(f"{where}：{message}")
        self.file = file
        self.path = path
        self.message = message


class TomlTable:
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
            raise self.error(f"类型不对，应为{type_name(kind)}", key)
        return value

    def take_id(self, key: str) -> str:
        value = self.take(key, str)
        if not ID_PATTERN.match(value) or value in RESERVED:
            raise self.error(f"“{value}”不能用作标识：请用小写英文字母、数字和下划线", key)
        return str(value)

    def take_strings(self, key: str) -> tuple[str, ...]:
        values = self.take(key, list, [])
        for index, value in enumerate(values):
            if not isinstance(value, str):
                raise FormDefinitionError(self.file, f"{self.at(key)}[{index}]", "应为字符串")
        return tuple(values)

    def tables(self, key: str) -> list[TomlTable]:
        values = self.take(key, list, [])
        return [TomlTable(v, self.file, f"{self.at(key)}[{i}]") for i, v in enumerate(values)]

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self.error(f"未知的键“{unknown[0]}”", unknown[0])


def type_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "字符串", int: "整数", float: "数字", bool: "true/false", list: "列表"}
    names[dict] = "表"
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return "或".join(names.get(k, k.__name__) for k in kinds)


def ref(table: TomlTable, key: str, by_id: dict[str, FieldDef]) -> FieldDef:
    field_id = table.take(key, str)
    if field_id not in by_id:
        raise table.error(f"没有标识为“{field_id}”的字段", key)
    return by_id[field_id]


def refs(
    table: TomlTable, key: str, by_id: dict[str, FieldDef], allowed: Iterable[str] | None = None
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


def optional_ref(
    table: TomlTable, key: str, by_id: dict[str, FieldDef], type_id: str
) -> str | None:
    value = table.take(key, str, None)
    if value is None:
        return None
    if value not in by_id:
        raise table.error(f"没有标识为“{value}”的字段", key)
    if by_id[value].type_id != type_id:
        raise table.error(f"应指向“{type_id}”类型的字段", key)
    if by_id[value].sensitive:
        raise table.error("敏感字段不能用在这里（加密后无法比较）", key)
    return str(value)
