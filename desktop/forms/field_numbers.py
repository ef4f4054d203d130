"""The number, date and yes/no kinds: integer, decimal, percent, money, date, bool."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal

from desktop.domain.numbers import NumberError, format_number, parse_number, round_half_up
from desktop.forms.fields import NO_UNITS, FieldError, FieldType, UnitChoices
from desktop.forms.sealed import Sealed


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
