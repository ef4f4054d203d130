"""The strict loader: every kind of mistake in a definition is an error naming the file and
the key path."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.forms import toml_cache
from desktop.forms.loader import FormDefinitionError, default_forms, load_dirs, parse_form

GOOD = """
version = 1
id = "sample"
title = "样例"
list_columns = ["name", "kind"]
filters = ["kind"]

[[fields]]
id = "name"
label = "姓名"
type = "person_name"
sensitive = true

[[fields]]
id = "kind"
label = "类别"
type = "choice"
choices = ["甲", "乙"]

[[fields]]
id = "day"
label = "日期"
type = "date"
"""


def load(text: str) -> None:
    parse_form(text, "sample.toml")


def test_the_good_definition_loads() -> None:
    form = parse_form(GOOD, "sample.toml")
    assert form.table == "reg_sample"
    assert [f.id for f in form.sensitive_fields] == ["name"]


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (('title = "样例"', 'title = "样例"\ncolour = 1'), "sample.toml: colour", "未知的键"),
        (('label = "类别"', 'lable = "类别"'), "sample.toml: fields[1]", "缺少这个键"),
        (('choices = ["甲", "乙"]', 'choices = ["甲", "甲"]'), "fields[1].choices", "选项重复"),
        (('choices = ["甲", "乙"]', "choices = []"), "fields[1].choices", "需要列出选项"),
        (('choices = ["甲", "乙"]', 'choices = ["甲", 2]'), "fields[1].choices[1]", "表"),
        (('type = "date"', 'type = "datum"'), "fields[2].type", "没有“datum”这种字段类型"),
        (('id = "day"', 'id = "name"'), "fields[2].id", "字段标识“name”重复"),
        (('id = "day"', 'id = "Day"'), "fields[2].id", "不能用作标识"),
        (('id = "day"', 'id = "deleted_at"'), "fields[2].id", "不能用作标识"),
        (("version = 1", 'version = "1"'), "sample.toml: version", "应为整数"),
        (("version = 1\n", ""), "sample.toml: version", "缺少这个键"),
        (('"name", "kind"]', '"name", "age"]'), "list_columns[1]", "没有标识为“age”的字段"),
        (('filters = ["kind"]', 'filters = ["name"]'), "filters[0]", "类型不能用在这里"),
        (('type = "date"', 'type = "integer"\nsensitive = true'), "fields[2].sensitive", "敏感"),
        (('type = "date"', 'type = "date"\ndefault = "明天"'), "fields[2].default", "默认值"),
        (('type = "date"', 'type = "date"\nrequired = "yes"'), "fields[2].required", "true/false"),
        (('id = "sample"', "id = [1]"), "sample.toml: id", "字符串"),
        (("[[fields]]", "[[fields]\n"), "sample.toml", "不是有效的TOML"),
    ],
)
def test_mistakes_name_the_file_and_key_path(
    change: tuple[str, str], path: str, message: str
) -> None:
    old, new = change
    assert old in GOOD
    with pytest.raises(FormDefinitionError) as raised:
        load(GOOD.replace(old, new, 1))
    assert path in str(raised.value)
    assert message in str(raised.value)


RULES = (
    GOOD
    + """
[[rules]]
kind = "{kind}"
field = "day"
{extra}
"""
)


@pytest.mark.parametrize(
    ("kind", "extra", "message"),
    [
        ("after", 'other = "day"', "没有“after”这种规则"),
        ("not_before", 'other = "nope"', "没有标识为“nope”的字段"),
        ("not_before", 'other = "kind"', "类型应相同"),
        ("required_when", 'when = "kind"\nvalues = ["丙"]', "不是“类别”的选项值"),
    ],
)
def test_rule_mistakes(kind: str, extra: str, message: str) -> None:
    with pytest.raises(FormDefinitionError, match=message) as raised:
        load(RULES.format(kind=kind, extra=extra))
    assert "rules[0]" in str(raised.value)


def test_dependent_choices_must_name_a_parent_choice() -> None:
    text = (
        GOOD
        + """
[[fields]]
id = "detail"
label = "细类"
type = "choice"
depends_on = "kind"
choices = [{ label = "甲一", parent = "甲" }, { label = "丙一", parent = "丙" }]
"""
    )
    with pytest.raises(FormDefinitionError, match="“丙一”的 parent") as raised:
        load(text)
    assert "fields[3].depends_on" in str(raised.value)


def test_reminder_and_statistics_mistakes() -> None:
    with pytest.raises(FormDefinitionError, match=r"statistics\.by\[0\]"):
        load(GOOD + '\n[statistics]\nby = ["name"]\n')
    with pytest.raises(FormDefinitionError, match=r"reminders\[0\]\.subform"):
        load(GOOD + '\n[[reminders]]\nkind = "visit_due"\ntext = "到期"\nsubform = "visits"\n')


def test_a_broken_file_is_reported_and_the_others_still_load(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOOD.replace("version = 1", "version = 0"), "utf-8")
    (tmp_path / "c.toml").write_text(GOOD, encoding="utf-8")  # same id as a.toml
    loaded = load_dirs([tmp_path])
    assert [f.id for f in loaded.forms] == ["sample"]
    assert [p.file for p in loaded.problems] == ["b.toml", "c.toml"]
    assert "台账标识“sample”与其他文件重复" in str(loaded.problems[1])


def test_a_form_is_read_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """A caller without the window's forms (the 监测结果 page, a report counting from a
    register) gets the definitions the start read: no file parsed or checked again."""
    first = default_forms()
    assert first.forms

    def not_again(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("read again")

    with monkeypatch.context() as patch:
        patch.setattr(toml_cache, "loads", not_again)  # neither the JSON cache nor TOML
        again = default_forms()
    assert [id(f) for f in again.forms] == [id(f) for f in first.forms]
    text = first.forms[0].text
    changed = parse_form(text + "\n# 改过\n", "changed.toml")
    assert changed is not parse_form(text, "changed.toml")  # another text: read anew
    assert changed is parse_form(text + "\n# 改过\n", "changed.toml")
    assert [f.id for f in changed.fields] == [f.id for f in first.forms[0].fields]
