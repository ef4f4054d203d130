"""A form definition's tables, read strictly (``domain.strict_table``), and its references to
fields, checked: an id, a field named by another key, a list of them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from desktop.domain.strict_table import DefinitionError, StrictTable
from desktop.forms.definition import RESERVED, FieldDef

ID_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"  # compiled when first used (``re``'s cache)


class FormDefinitionError(DefinitionError):
    """A register's form definition is wrong."""


class TomlTable(StrictTable):
    """One table of a form definition."""

    error_type = FormDefinitionError

    def take_id(self, key: str) -> str:
        value = self.take(key, str)
        if not re.match(ID_PATTERN, value) or value in RESERVED:
            raise self.error(f"“{value}”不能用作标识：请用小写英文字母、数字和下划线", key)
        return str(value)

    def tables(self, key: str) -> list[TomlTable]:
        return super().tables(key)


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
