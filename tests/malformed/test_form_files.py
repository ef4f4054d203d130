"""Form definition files (``forms/*.toml``) as people save them: Notepad's BOM, GBK, broken
TOML, patterns that would hang the app. Refused with a Chinese message naming the file (and
the key), or, for the BOM, accepted."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.forms.field_text import TextType
from desktop.forms.fields import FieldError, Options
from desktop.forms.loader import FormDefinitionError, load_dirs, load_file
from tests.forms.helpers import FIXTURE_FORMS
from tests.malformed.conftest import assert_clerk_message

GOOD = (FIXTURE_FORMS / "lecture.toml").read_text("utf-8")
PATTERN_FIELD = '\n[[fields]]\nid = "code"\nlabel = "编号"\ntype = "text"\npattern = {}\n'


def _with_pattern(pattern: str) -> str:
    # the new field goes before the sub-forms, among the main form's fields
    head, sep, tail = GOOD.partition("[[subforms]]")
    literal = "'" + pattern + "'"
    return head + PATTERN_FIELD.format(literal) + "\n" + sep + tail


def _replace(old: str, new: str) -> Callable[[], bytes]:
    assert old in GOOD
    return lambda: GOOD.replace(old, new, 1).encode("utf-8")


def test_utf8_with_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "lecture.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert load_file(path).title == "家长学校授课"


BROKEN: dict[str, tuple[Callable[[], bytes], str]] = {
    "gbk": (lambda: GOOD.encode("gbk"), "另存为UTF-8"),
    "gbk with a bom": (lambda: b"\xef\xbb\xbf" + GOOD.encode("gbk"), "UTF-8"),
    "utf-16": (lambda: GOOD.encode("utf-16"), "UTF-8"),
    "binary": (lambda: bytes(range(256)), "UTF-8"),
    "empty": (lambda: b"", "version"),
    "unclosed quote": (
        lambda: GOOD.replace('title = "家长学校授课"', 'title = "家长').encode(),
        "行",
    ),
    "chinese comma": (
        _replace('"亲子沟通", "青春期教育"', '"亲子沟通"，"青春期教育"'),
        "行",
    ),
    "duplicate key": (
        lambda: GOOD.replace("version = 1", "version = 1\nversion = 2").encode(),
        "行",
    ),
    "unbalanced table": (_replace("[[subforms]]", "[[subforms]"), "行"),
    "value missing": (_replace("version = 1", "version ="), "行"),
    "nested quantifier": (lambda: _with_pattern("(a+)+$").encode(), "pattern"),
    "repeated alternation": (lambda: _with_pattern("(a|ab)*c").encode(), "pattern"),
    "star of a plus": (lambda: _with_pattern(r"(\d+)*$").encode(), "pattern"),
    "backreference": (lambda: _with_pattern(r"(a)\1").encode(), "pattern"),
    "unclosed group": (lambda: _with_pattern("(abc").encode(), "pattern"),
    "unclosed class": (lambda: _with_pattern("[abc").encode(), "pattern"),
    "too long": (lambda: _with_pattern("a" * 300).encode(), "pattern"),
    "version text": (_replace("version = 1", 'version = "一"'), "version"),
    "unknown key": (
        lambda: GOOD.replace("version = 1", "version = 1\ncolour = 1").encode(),
        "colour",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_form_file(tmp_path: Path, case: str) -> None:
    make, named = BROKEN[case]
    path = tmp_path / "lecture.toml"
    path.write_bytes(make())
    with pytest.raises(FormDefinitionError) as info:
        load_file(path)
    assert_clerk_message(str(info.value), "lecture.toml", named)
    # in a folder, the bad file is reported and the others still load
    forms = load_dirs([tmp_path])
    assert [p.file for p in forms.problems] == ["lecture.toml"]


def test_a_safe_pattern_still_works_and_is_fast() -> None:
    kind = TextType(Options(pattern=r"^[A-Z]\d{4}$", pattern_message="编号应为字母加4位数字"))
    assert kind.parse("A1234") == "A1234"
    started = time.perf_counter()
    with pytest.raises(FieldError, match="编号应为"):
        kind.parse("a" * 5000 + "!")
    assert time.perf_counter() - started < 0.5
