"""One strict reader for every definition file: forms, 考核 schemes and submission formats name a
wrong key the same way, each with its own error type."""

from __future__ import annotations

import pytest

from desktop.domain.assessment_scheme import SchemeError, _Table
from desktop.domain.strict_table import DefinitionError, StrictTable
from desktop.forms.toml_table import FormDefinitionError, TomlTable


@pytest.mark.parametrize(
    ("table_type", "error_type"),
    [(TomlTable, FormDefinitionError), (_Table, SchemeError), (StrictTable, DefinitionError)],
)
def test_a_nested_table_raises_its_files_error_naming_the_path(
    table_type: type[StrictTable], error_type: type[DefinitionError]
) -> None:
    root = table_type({"items": [{"id": "a"}, {"id": "b", "typo": 1}]}, "x.toml", "")
    first, second = root.tables("items")
    assert type(second) is table_type  # read as the same kind of table
    first.take("id", str)
    first.finish()
    second.take("id", str)
    with pytest.raises(error_type) as caught:
        second.finish()
    assert str(caught.value) == "x.toml: items[1].typo：未知的键“typo”"
    assert isinstance(caught.value, DefinitionError)


def test_types_are_checked_and_named() -> None:
    table = StrictTable({"n": True, "s": 3, "list": ["a", 2]}, "f.toml", "root")
    with pytest.raises(DefinitionError, match=r"f\.toml: root\.n：应为数字"):
        table.take("n", (int, float))
    with pytest.raises(DefinitionError, match=r"root\.s：类型不对，应为字符串"):
        table.take("s", str)
    with pytest.raises(DefinitionError, match=r"root\.list\[1\]：应为字符串"):
        table.take_strings("list")
    with pytest.raises(DefinitionError, match=r"root\.missing：缺少这个键"):
        table.take("missing", str)
    assert table.take("absent", str, "默认") == "默认"
    with pytest.raises(DefinitionError, match="应为一个表"):
        StrictTable([1], "f.toml", "root")
