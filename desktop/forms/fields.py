"""The field contract: one class per field type (the kinds live in ``field_text``,
``field_numbers`` and ``field_choices``; ``field_types`` registers them by name). A type has
``parse`` (what the clerk typed or an Excel cell held) → value, ``validate`` (ranges, patterns) →
message or None, ``format`` value → text, ``mask`` for sensitive fields, and the conversion to and
from the database column.

Python values: text types ``str``; ``integer`` ``int``; ``decimal``/``percent``/``money``
``float``; ``date`` ISO ``str`` (``2026-03-08``); ``bool`` ``bool``; ``choice`` the choice's
value ``str``; ``multichoice`` ``tuple[str, ...]``; ``unit`` the unit id ``int``. ``None`` is
"not filled in". Errors are ``FieldError`` with a message for the clerk (Chinese, no field name:
the caller says where).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import ClassVar

from desktop.domain import identity
from desktop.domain.plain import Frozen


class FieldError(ValueError):
    """A value the clerk must correct; ``str(error)`` is the Chinese message."""


class Choice(Frozen):
    value: str
    label: str
    parent: str | None = None  # the value of the ``depends_on`` field it belongs to


class UnitChoices(Frozen):
    """What a ``unit`` field needs to parse and show unit references: id → name and kind."""

    names: Mapping[int, str] = MappingProxyType({})
    kinds: Mapping[int, str] = MappingProxyType({})
    codes: Mapping[int, str] = MappingProxyType({})
    inactive: frozenset[int] = frozenset()

    def find(self, text: str) -> int | None:
        for unit_id, name in self.names.items():
            if text in (name, self.codes.get(unit_id)):
                return unit_id
        return None


NO_UNITS = UnitChoices()


class Options(Frozen):
    """The declared options of a field that the type classes read (see the loader)."""

    choices: tuple[Choice, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    decimals: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_message: str | None = None
    unit_kinds: tuple[str, ...] = ()


class FieldType:
    type_id: ClassVar[str] = ""
    label: ClassVar[str] = ""
    sql_type: ClassVar[str] = "TEXT"
    numeric: ClassVar[bool] = False
    #: whether free-text search looks at this field's text
    textual: ClassVar[bool] = False
    #: a hint shown in an empty editor
    placeholder: ClassVar[str] = ""

    def __init__(self, options: Options) -> None:
        self.options = options

    # --- what the clerk types -----------------------------------------------------------
    def parse(self, text: str, units: UnitChoices = NO_UNITS) -> object:
        """``text`` → value; blank → None; raises FieldError."""
        cleaned = text.strip()
        if not cleaned:
            return None
        value = self._parse(cleaned, units)
        problem = self.validate(value)
        if problem:
            raise FieldError(problem)
        return value

    def _parse(self, text: str, units: UnitChoices) -> object:
        return text

    def validate(self, value: object) -> str | None:
        return None

    def format(self, value: object, units: UnitChoices = NO_UNITS) -> str:
        return "" if value is None else str(value)

    def mask(self, text: str) -> str:
        return identity.mask_text(text)

    def formatter(self, units: UnitChoices = NO_UNITS) -> Callable[[object], str]:
        """``format`` for many values of this field at once (lists, searches): a plain
        function with its lookups prepared once; None formats as ""."""
        return lambda value: self.format(value, units)

    # --- Excel cells ------------------------------------------------------------------------
    def cell_text(self, value: object) -> str:
        """An openpyxl cell value → the text ``parse`` reads."""
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def cell_value(self, value: object, units: UnitChoices = NO_UNITS) -> object:
        """The value written to an Excel cell (numbers stay numbers)."""
        return self.format(value, units) if value is not None else None

    # --- the database column ---------------------------------------------------------------
    def to_db(self, value: object) -> object:
        return value

    def from_db(self, stored: object) -> object:
        return stored

    def sort_key(self, value: object) -> object:
        return value
