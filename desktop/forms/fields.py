"""One class per field type: ``parse`` (what the clerk typed or an Excel cell held) → value,
``validate`` (ranges, patterns) → message or None, ``format`` value → text, ``mask`` for
sensitive fields, and the conversion to and from the database column.

Python values: text types ``str``; ``integer`` ``int``; ``decimal``/``percent``/``money``
``float``; ``date`` ISO ``str`` (``2026-03-08``); ``bool`` ``bool``; ``choice`` the choice's
value ``str``; ``multichoice`` ``tuple[str, ...]``; ``unit`` the unit id ``int``. ``None`` is
"not filled in". Errors are ``FieldError`` with a message for the clerk (Chinese, no field name:
the caller says where).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from desktop.domain import identity
from desktop.domain.numbers import NumberError, format_number, parse_number, round_half_up
from desktop.domain.unit_kinds import KINDS
from desktop.forms.sealed import Sealed


class FieldError(ValueError):
    """A value the clerk must correct; ``str(error)`` is the Chinese message."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    parent: str | None = None  # the value of the ``depends_on`` field it belongs to


@dataclass(frozen=True)
class UnitChoices:
    """What a ``unit`` field needs to parse and show unit references: id → name and kind."""

    names: Mapping[int, str] = field(default_factory=dict)
    kinds: Mapping[int, str] = field(default_factory=dict)
    codes: Mapping[int, str] = field(default_factory=dict)
    inactive: frozenset[int] = frozenset()

    def find(self, text: str) -> int | None:
        for unit_id, name in self.names.items():
            if text in (name, self.codes.get(unit_id)):
                return unit_id
        return None


NO_UNITS = UnitChoices()


@dataclass(frozen=True)
class Options:
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


class TextType(FieldType):
    type_id = "text"
    label = "文本"
    textual = True

    def validate(self, value: object) -> str | None:
        text = str(value)
        limit = self.options.max_length
        if limit is not None and len(text) > limit:
            return f"不能超过{limit}个字，现在是{len(text)}个字"
        pattern = self.options.pattern
        if pattern is not None and not re.fullmatch(pattern, text):
            return self.options.pattern_message or "格式不对"
        return None


class MultilineType(TextType):
    type_id = "multiline"
    label = "多行文本"

    def parse(self, text: str, units: UnitChoices = NO_UNITS) -> object:
        cleaned = "\n".join(line.rstrip() for line in text.strip().splitlines())
        return super().parse(cleaned, units)


class PersonNameType(TextType):
    type_id = "person_name"
    label = "姓名"
    _NAME = re.compile(r"^[\u3400-\u9fffA-Za-z·•．. ]{2,30}$")

    def _parse(self, text: str, units: UnitChoices) -> object:
        return unicodedata.normalize("NFKC", text).replace("•", "·").replace("．", "·")

    def validate(self, value: object) -> str | None:
        if not self._NAME.match(str(value)):
            return "姓名只能包含汉字、字母和间隔号“·”，至少2个字"
        return super().validate(value)

    def mask(self, text: str) -> str:
        return identity.mask_name(text)


class IdNumberType(FieldType):
    type_id = "id_number"
    label = "身份证号码"
    placeholder = "18位身份证号码"

    def _parse(self, text: str, units: UnitChoices) -> object:
        try:
            return identity.parse_id_number(text).text
        except identity.IdentityError as exc:
            raise FieldError(str(exc)) from None

    def mask(self, text: str) -> str:
        return identity.mask_id_number(text)

    @staticmethod
    def describe(text: str) -> str:
        """``出生日期 1985年3月8日，女``: what the number says, shown beside the field."""
        number = identity.IdNumber(text)
        born = number.birth_date
        text = f"出生日期 {born.year}年{born.month}月{born.day}日，{number.sex}"
        return f"{text}；注意：{number.warning}" if number.warning else text


class PhoneType(FieldType):
    type_id = "phone"
    label = "电话"
    placeholder = "手机或 区号-号码"

    def _parse(self, text: str, units: UnitChoices) -> object:
        try:
            return identity.parse_phone(text)
        except identity.IdentityError as exc:
            raise FieldError(str(exc)) from None

    def mask(self, text: str) -> str:
        return identity.mask_phone(text)


class _NumberType(FieldType):
    sql_type = "REAL"
    numeric = True
    measure = ""
    default_decimals = 2

    @property
    def decimals(self) -> int:
        d = self.options.decimals
        return self.default_decimals if d is None else d

    def _clean(self, text: str) -> str:
        return text

    def _parse(self, text: str, units: UnitChoices) -> object:
        try:
            parsed = parse_number(self._clean(text), measure=self.measure)
        except NumberError as exc:
            raise FieldError(exc.message) from None
        if parsed.value is None:
            raise FieldError("请填写数字，不填就留空")
        return self._convert(round_half_up(parsed.value, self.decimals))

    def _convert(self, value: Decimal) -> object:
        return float(value)

    def validate(self, value: object) -> str | None:
        number = float(value)  # type: ignore[arg-type]
        low, high = self.options.minimum, self.options.maximum
        if low is not None and number < low:
            return f"不能小于{low:g}"
        if high is not None and number > high:
            return f"不能大于{high:g}"
        return None

    def format(self, value: object, units: UnitChoices = NO_UNITS) -> str:
        if value is None:
            return ""
        return format_number(float(value), self.decimals) + self.measure  # type: ignore[arg-type]

    def cell_value(self, value: object, units: UnitChoices = NO_UNITS) -> object:
        return value

    def from_db(self, stored: object) -> object:
        return None if stored is None else float(stored)  # type: ignore[arg-type]


class IntegerType(_NumberType):
    type_id = "integer"
    label = "整数"
    sql_type = "INTEGER"
    default_decimals = 0

    @property
    def decimals(self) -> int:
        return 0

    def _parse(self, text: str, units: UnitChoices) -> object:
        try:
            parsed = parse_number(text)
        except NumberError as exc:
            raise FieldError(exc.message) from None
        if parsed.value is None:
            raise FieldError("请填写整数，不填就留空")
        if parsed.value != parsed.value.to_integral_value():
            raise FieldError("请填写整数")
        return int(parsed.value)

    def from_db(self, stored: object) -> object:
        return None if stored is None else int(stored)  # type: ignore[call-overload]


class DecimalType(_NumberType):
    type_id = "decimal"
    label = "数值"


class PercentType(_NumberType):
    """Stored as 85 for 85%, like indicator values; ``85%`` and ``85`` both read as 85."""

    type_id = "percent"
    label = "百分比"
    measure = "%"
    default_decimals = 0

    def validate(self, value: object) -> str | None:
        number = float(value)  # type: ignore[arg-type]
        low = 0.0 if self.options.minimum is None else self.options.minimum
        high = 100.0 if self.options.maximum is None else self.options.maximum
        if not low <= number <= high:
            return f"应在{low:g}%到{high:g}%之间"
        return super().validate(value)


class MoneyType(_NumberType):
    type_id = "money"
    label = "金额（元）"
    placeholder = "元"

    def _clean(self, text: str) -> str:
        for mark in ("￥", "¥", "人民币", "元"):
            text = text.replace(mark, "")
        if text.endswith("万"):
            raise FieldError("金额请以“元”为单位填写，如 12000")
        return text

    def validate(self, value: object) -> str | None:
        if float(value) < 0 and self.options.minimum is None:  # type: ignore[arg-type]
            return "金额不能为负数"
        return super().validate(value)


_DATE_FORMATS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


class DateType(FieldType):
    type_id = "date"
    label = "日期"
    placeholder = "如 2026-03-08"

    def _parse(self, text: str, units: UnitChoices) -> object:
        folded = unicodedata.normalize("NFKC", text).replace(" ", "")
        if re.match(r"^\d{4}-\d{2}-\d{2}\d{2}:\d{2}:\d{2}$", folded):  # a pasted datetime
            folded = folded[:10]
        for pattern in _DATE_FORMATS:
            match = pattern.match(folded)
            if match:
                year, month, day = (int(g) for g in match.groups())
                try:
                    day_value = date(year, month, day)
                except ValueError:
                    raise FieldError(f"日期“{text}”不存在") from None
                if not 1900 <= year <= 2100:
                    raise FieldError(f"年份“{year}”不合理")
                return day_value.isoformat()
        raise FieldError("日期格式不对，请写成 2026-03-08、2026/3/8 或 2026年3月8日")

    def cell_text(self, value: object) -> str:
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        return super().cell_text(value)


_YES = frozenset({"是", "有", "y", "yes", "true", "1", "√", "✓", "对"})
_NO = frozenset({"否", "无", "没有", "n", "no", "false", "0", "×", "✗", "不是"})


class BoolType(FieldType):
    type_id = "bool"
    label = "是/否"
    sql_type = "INTEGER"

    def _parse(self, text: str, units: UnitChoices) -> object:
        folded = unicodedata.normalize("NFKC", text).strip().lower()
        if folded in _YES:
            return True
        if folded in _NO:
            return False
        raise FieldError("请填“是”或“否”")

    def format(self, value: object, units: UnitChoices = NO_UNITS) -> str:
        return "" if value is None else ("是" if value else "否")

    def cell_text(self, value: object) -> str:
        if isinstance(value, bool):
            return "是" if value else "否"
        return super().cell_text(value)

    def to_db(self, value: object) -> object:
        return None if value is None else int(bool(value))

    def from_db(self, stored: object) -> object:  # a sensitive one is decrypted to "1" / "0"
        if stored is None or isinstance(stored, Sealed):
            return stored
        return stored not in ("0", "") if isinstance(stored, str) else bool(stored)


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


_SEPARATORS = re.compile(r"[、,，;；/\n]+")


class MultiChoiceType(ChoiceType):
    type_id = "multichoice"
    label = "多选"

    def _parse(self, text: str, units: UnitChoices) -> object:
        picked = [self._lookup(part.strip()) for part in _SEPARATORS.split(text) if part.strip()]
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


#: ``choices`` (several choices: filtered and counted by each, ``、`` in Excel) is the documented
#: name of ``multichoice``
TYPES: dict[str, type[FieldType]] = {
    cls.type_id: cls
    for cls in (
        TextType,
        MultilineType,
        IntegerType,
        DecimalType,
        PercentType,
        MoneyType,
        DateType,
        BoolType,
        ChoiceType,
        MultiChoiceType,
        UnitType,
        PersonNameType,
        IdNumberType,
        PhoneType,
    )
}
TYPES["choices"] = MultiChoiceType


def type_ids() -> Sequence[str]:
    return tuple(TYPES)
