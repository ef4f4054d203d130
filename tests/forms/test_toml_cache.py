"""Parsed forms kept as JSON in the data folder load exactly as the TOML texts do."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from desktop.forms import loader, toml_cache
from desktop.forms.definition import FormDef
from desktop.forms.loader import FormDefinitionError, load_dirs, parse_form
from desktop.paths import bundled_dir


def _shape(value: object) -> object:
    """A comparable picture of a form: field types have no ``==``, their settings do."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, [_shape(getattr(value, f.name)) for f in fields(value)])
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a NamedTuple
        return (type(value).__name__, [_shape(getattr(value, name)) for name in value._fields])
    if isinstance(value, (list, tuple)):
        return [_shape(v) for v in value]
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return (type(value).__name__, _shape(vars(value)))
    return value


def _forms(forms: list[FormDef]) -> object:
    return [_shape(f) for f in forms]


def test_cached_forms_equal_the_parsed_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = bundled_dir("forms")
    cache = tmp_path / "cache"
    plain = load_dirs([folder])
    first = load_dirs([folder], cache)
    assert plain.forms
    assert _forms(first.forms) == _forms(plain.forms)
    assert len(list(cache.glob("*.json"))) == len(list(folder.glob("*.toml")))

    def no_parser(text: str) -> object:
        raise AssertionError("parsed again")

    with monkeypatch.context() as patch:  # the second load reads the cache only
        patch.setattr(tomllib, "loads", no_parser)
        again = load_dirs([folder], cache)
    assert _forms(again.forms) == _forms(plain.forms)
    damaged = sorted(cache.glob("*.json"))[0]
    damaged.write_text('{"version": ', encoding="utf-8")  # cut short: parsed again
    monkeypatch.setattr(loader, "_READ", {})  # by the next process (this one remembers)
    for kept in cache.glob("forms-*.pickle"):  # with no definitions kept (``snapshot``)
        kept.unlink()
    assert _forms(load_dirs([folder], cache).forms) == _forms(plain.forms)
    assert damaged.read_text(encoding="utf-8").endswith("}")


def test_a_broken_text_is_reported_and_a_date_is_never_cached(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with pytest.raises(FormDefinitionError):
        parse_form("version = [", "坏.toml", cache=cache)
    assert toml_cache.loads("day = 2026-01-01\n", cache) == tomllib.loads("day = 2026-01-01\n")
    assert not list(cache.glob("*.json"))
