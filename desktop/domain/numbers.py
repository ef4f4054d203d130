"""The one number parser: what clerks type, and what comes back in Excel files.

Used by the unit form, the registers' number fields, the Excel import and the CLI. Accepts
``85``, ``85%``, ``85％``, ``８５．３``, `` 1,234 ``, ``1，234``, ``12‰``, ``-3.5``; ``无`` / ``-``
mean "reported, no data"; an empty cell means "not entered". A unit symbol that does not
match the indicator's unit of measure is an error, never silently converted.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache

from desktop.domain.plain import Frozen

NO_DATA_WORDS = frozenset({"无", "-", "—", "--", "——", "/", "暂无", "无数据", "n/a", "na"})
_SYMBOLS = ("%", "‰", "‱")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
#: ASCII digits with an optional fraction: what ``normalise`` leaves as it is, and a number
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?\Z")

#: Bounds of what we store: values live in SQLite REAL (a double: 15 significant digits
#: survive) and are written to Excel (which keeps 15). A larger value is a typing error
#: (``1E+30``, 28 digits pasted from an ID number) and made reports crash when stored.
MAX_DIGITS = 15
MAX_ABS = Decimal(10) ** 15
_WIDE = Context(prec=1000)  # display rounding never runs out of precision


class NumberError(ValueError):
    """Input that is not a number; ``message`` is for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Parsed(Frozen):
    value: Decimal | None  # None: empty or no data
    no_data: bool = False  # 无 / - : reported as having no data
    symbol: str | None = None  # the unit symbol typed after the number, if any

    @property
    def empty(self) -> bool:
        return self.value is None and not self.no_data


def _symbol_of(measure: str) -> str | None:
    """The symbol a clerk may type for a unit of measure: ``%`` for ``%``, ``‰`` for ``‰``."""
    for symbol in _SYMBOLS:
        if measure.strip() == symbol:
            return symbol
    return None


def normalise(text: str) -> str:
    """Full-width digits and signs to ASCII (NFKC), spaces of every kind removed."""
    folded = unicodedata.normalize("NFKC", text)
    folded = folded.replace("−", "-").replace("－", "-")
    return "".join(ch for ch in folded if not ch.isspace())


def _split_symbol(cleaned: str, measure: str) -> tuple[str, str | None]:
    for symbol in _SYMBOLS:
        if cleaned.endswith(symbol):
            if _symbol_of(measure) != symbol:
                unit = f"单位是“{measure}”" if measure else "应填不带%等符号的数值（如人数、个数）"
                raise NumberError(f"单位不符：这一项{unit}，填写的却是“{symbol}”。")
            return cleaned[: -len(symbol)], symbol
    return cleaned, None


def parse_number(text: object, *, measure: str = "") -> Parsed:
    """Parse one cell. ``text`` may be a str or a number read from Excel."""
    if text is None:
        return Parsed(None)
    if isinstance(text, bool):
        raise NumberError("请填写数字，不要填“是/否”。")
    if isinstance(text, int | float | Decimal):
        # A float from Excel carries binary noise (85.30000000000001): Excel shows 15 digits.
        number = Decimal(format(text, ".15g")) if isinstance(text, float) else Decimal(text)
        if not number.is_finite():
            raise NumberError("请填写有效的数字。")
        return Parsed(_bounded(number, _short(text)))
    raw = str(text)
    if _PLAIN.match(raw):  # digits as typed in most cells: nothing to normalise or strip
        return Parsed(_bounded(Decimal(raw), _short(raw)))
    cleaned = normalise(raw)
    if not cleaned:
        return Parsed(None)
    if cleaned.lower() in NO_DATA_WORDS:
        return Parsed(None, no_data=True)
    cleaned, symbol = _split_symbol(cleaned, measure)
    if "," in cleaned:
        if not _GROUPED.match(cleaned):
            raise NumberError(
                f"“{raw.strip()}”中的逗号位置不对：千位分隔符应每三位一个（如 1,234），"
                "小数点请用“.”。"
            )
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        raise NumberError(
            f"“{raw.strip()}”不是有效的数字。请填写如 85、85.3、1,234；没有数据请填“无”。"
        )
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only decimals
        raise NumberError(f"“{_short(raw)}”不是有效的数字。") from exc
    return Parsed(_bounded(number, _short(raw)), symbol=symbol)


def _short(raw: object) -> str:
    text = str(raw).strip()
    return text if len(text) <= 24 else text[:20] + "……"


def _bounded(number: Decimal, shown: str) -> Decimal:
    """Refuse what cannot be stored and shown faithfully (see ``MAX_DIGITS``)."""
    if abs(number) >= MAX_ABS:
        raise NumberError(f"“{shown}”太大：数值应小于1000万亿（最多15位整数），请核对。")
    digits = number.as_tuple().digits
    significant = len("".join(map(str, digits)).strip("0")) if any(digits) else 0
    if significant > MAX_DIGITS:
        raise NumberError(f"“{shown}”的有效数字太多（最多{MAX_DIGITS}位），请核对或减少小数位数。")
    return number


@lru_cache(maxsize=64)
def _quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(_quantum(decimals), rounding=ROUND_HALF_UP, context=_WIDE)


def format_number(value: float | Decimal | None, decimals: int) -> str:
    """Display form: rounded half-up to the indicator's decimals; ``""`` for None.

    Never raises: a value stored before the bounds above existed (``1E+30``, infinity)
    still displays, so reports and forms keep working.
    """
    if value is None:
        return ""
    try:
        # a Decimal is already exact (its text would parse back to the same number)
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not number.is_finite():
            return "（无效数值）"
        return f"{round_half_up(number, decimals):f}"
    except (InvalidOperation, ValueError):
        return "（无效数值）"


def format_change(change: Decimal | None, decimals: int) -> str:
    """A change as the reports and 监测结果 show it: ``+2.9``, ``-0.1``, ``0.0`` (no sign on
    zero, as Excel's ``+0.0;-0.0;0.0`` shows it; never ``-0.0``); ``""`` for None."""
    text = format_number(change, decimals)
    if not text or text.startswith("（"):  # None, or an invalid stored value
        return text
    shown = Decimal(text)
    if shown.is_zero():
        return text.lstrip("-")
    return text if shown < 0 else "+" + text
