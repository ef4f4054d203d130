"""Turning what the clerk typed into a record, with every problem named by its field.

Used by the record form (inline messages), the Excel import (row errors) and the contract
tests: one place decides what a valid record is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from desktop.forms.definition import FieldDef, Rule
from desktop.forms.fields import NO_UNITS, FieldError, UnitChoices

Values = dict[str, object]


def default_text(f: FieldDef, today: date | None = None) -> str:
    if f.default == "today":
        return (today or date.today()).isoformat()
    return f.default or ""


def shown(f: FieldDef, values: Mapping[str, object]) -> bool:
    """Whether a field with ``show_when`` is asked for, given the record's other values."""
    if f.show_when is None:
        return True
    target, wanted = f.show_when
    value = values.get(target)
    if isinstance(value, tuple):
        return any(v in wanted for v in value)
    return value in wanted


def parse_values(
    fields: Sequence[FieldDef], texts: Mapping[str, str], units: UnitChoices = NO_UNITS
) -> tuple[Values, dict[str, str]]:
    """Parse each field's text; returns the values and field id → message for bad ones."""
    values: Values = {}
    errors: dict[str, str] = {}
    for f in fields:
        if f.id not in texts:
            continue
        try:
            values[f.id] = f.kind.parse(texts[f.id], units)
        except FieldError as exc:
            errors[f.id] = str(exc)
    return values, errors


def check_record(
    fields: Sequence[FieldDef], rules: Sequence[Rule], values: Mapping[str, object]
) -> dict[str, str]:
    """Required fields, dependent choices and cross-field rules; field id → message."""
    errors: dict[str, str] = {}
    by_id = {f.id: f for f in fields}
    for f in fields:
        value = values.get(f.id)
        if f.required and _blank(value):
            errors[f.id] = "必填"
        elif not _blank(value) and not shown(f, values):
            assert f.show_when is not None
            target = by_id[f.show_when[0]]
            wanted = "、".join(target.kind.format(v) for v in f.show_when[1])
            errors[f.id] = f"只在{target.label}为“{wanted}”时填写"
        elif f.depends_on and f.choice is not None and not _blank(value):
            parent_value = values.get(f.depends_on)
            choice = next((c for c in f.choice.options.choices if c.value == value), None)
            if choice is not None and choice.parent is not None and choice.parent != parent_value:
                parent = by_id[f.depends_on]
                picked = parent.kind.format(parent_value) if parent_value else "（未选）"
                errors[f.id] = f"“{choice.label}”不属于{parent.label}“{picked}”"
    for rule in rules:
        if rule.field in errors:
            continue
        value = values.get(rule.field)
        if rule.kind == "not_before":
            other = values.get(rule.other or "")
            if not _blank(value) and not _blank(other) and value < other:  # type: ignore[operator]
                errors[rule.field] = rule.message
        elif rule.kind == "required_when":
            when = values.get(rule.when or "")
            hit = (when in rule.values) if rule.values else not _blank(when)
            if hit and _blank(value):
                errors[rule.field] = rule.message
    return errors


def _blank(value: object) -> bool:
    return value is None or value in ("", ())


def validate_texts(
    fields: Sequence[FieldDef],
    rules: Sequence[Rule],
    texts: Mapping[str, str],
    units: UnitChoices = NO_UNITS,
) -> tuple[Values, dict[str, str]]:
    """Parse and check a whole record; the errors of parsing win over the rules'."""
    values, errors = parse_values(fields, texts, units)
    for field_id, message in check_record(fields, rules, values).items():
        errors.setdefault(field_id, message)
    return values, errors
