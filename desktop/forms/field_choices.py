"""The kinds picked from a list: one choice, several choices, a responsibility unit."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from desktop.domain.unit_kinds import KINDS
from desktop.forms.fields import NO_UNITS, FieldError, FieldType, UnitChoices
from desktop.forms.sealed import Sealed


class ChoiceType(FieldType):
    type_id = "choice"
    label = "单选"

    def labels(self) -> list[str]:
        return [c.label for c in self.options.choices]

    def _lookup(self, text: str) -> str:
        for choice in self.options.choices:
            if text in (choice.label, choice.value):
                return choice.value
        shown = "、".join(self.labels()[:12])
        raise FieldError(f"“{text}”不在选项中，可选：{shown}")

    def _parse(self, text: str, units: UnitChoices) -> object:
        return self._lookup(text)

    def label_of(self, value: str) -> str:
        for choice in self.options.choices:
            if choice.value == value:
                return choice.label
        return value  # a value whose choice was removed later still shows

    def format(self, value: object, units: UnitChoices = NO_UNITS) -> str:
        return "" if value is None else self.label_of(str(value))

    def formatter(self, units: UnitChoices = NO_UNITS) -> Callable[[object], str]:
        labels = {c.value: c.label for c in self.options.choices}
        return lambda value: "" if value is None else labels.get(value, str(value))  # type: ignore[call-overload]

    def sort_key(self, value: object) -> object:
        for index, choice in enumerate(self.options.choices):
            if choice.value == value:
                return index
        return len(self.options.choices)


_SEPARATORS = r"[、,，;；/\n]+"  # compiled when first used (``re``'s cache)


class MultiChoiceType(ChoiceType):
    type_id = "multichoice"
    label = "多选"

    def _parse(self, text: str, units: UnitChoices) -> object:
        picked = [
            self._lookup(part.strip()) for part in re.split(_SEPARATORS, text) if part.strip()
        ]
        order = [c.value for c in self.options.choices]
        return tuple(sorted(set(picked), key=order.index))

    def format(self, value: object, units: UnitChoices = NO_UNITS) -> str:
        if not value:
            return ""
        return "、".join(self.label_of(v) for v in value)  # type: ignore[attr-defined]

    def formatter(self, units: UnitChoices = NO_UNITS) -> Callable[[object], str]:
        return lambda value: self.format(value, units)

    def to_db(self, value: object) -> object:
        return None if not value else json.dumps(list(value), ensure_ascii=False)  # type: ignore[call-overload]

    def from_db(self, stored: object) -> object:
        none = stored is None or isinstance(stored, Sealed)
        return stored if none else tuple(json.loads(str(stored)))

    def sort_key(self, value: object) -> object:
        return self.format(value)


class UnitType(FieldType):
    """A reference to a responsibility unit (村/社区 or department), stored as its id."""

    type_id = "unit"
    label = "单位"
    sql_type = "INTEGER"

    def _parse(self, text: str, units: UnitChoices) -> object:
        unit_id = units.find(text)
        if unit_id is None:
            raise FieldError(f"没有名为“{text}”的责任单位")
        kinds = self.options.unit_kinds
        if kinds and units.kinds.get(unit_id) not in kinds:
            raise FieldError(f"“{text}”不是{self.kinds_text()}")
        return unit_id

    def kinds_text(self) -> str:
        return "或".join(KINDS.get(k, k) for k in self.options.unit_kinds)

    def format(self, value: object, units: UnitChoices = NO_UNITS) -> str:
        if value is None:
            return ""
        return units.names.get(int(value), f"（已删除的单位 {value}）")  # type: ignore[call-overload]

    def from_db(self, stored: object) -> object:
        return None if stored is None else int(stored)  # type: ignore[call-overload]

    def formatter(self, units: UnitChoices = NO_UNITS) -> Callable[[object], str]:
        names = units.names
        return lambda value: "" if value is None else names.get(value) or self.format(value, units)  # type: ignore[call-overload]
