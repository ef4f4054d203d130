"""How the product writes an indicator's target and a value with its unit: the one rule.

Notices, narratives, letters, the 填报 page, lists, Excel templates, the county table and the
reports all write targets and amounts through here, so a target reads the same everywhere and
as the plans write it (中国妇女发展纲要 / 中国儿童发展纲要（2021—2030年）):

- an amount is the number glued to its unit: ``98.5%``, ``5.1‰``, ``3个``, ``1.12名/千名儿童``;
  a per-100,000 unit, catalogued as ``1/10万``, takes the number in place of its 1: ``12/10万``
  (never ``121/10万`` or ``12.01/10万``);
- a target is its amount and the word of its direction: ``99%以上`` (≥), ``12/10万以下`` (≤),
  ``50%左右`` (≈); an exact target has none (``100%``: a rate cannot exceed 100%, so "≥100%"
  is "达到100%"); a qualitative target (``逐步提高``) is its own text;
- a target keeps the decimals the plans give it: ``90%``, ``12/10万``, ``1.12名/千名儿童``, and
  ‰ rates with one decimal (``5.0‰以下``, as the 儿童发展纲要 writes ``3.0‰、5.0‰和6.0‰以下``).
  Targets are stored as numbers, so trailing zeros are dropped down to that minimum and no
  further than the indicator's decimals: no invented precision (``90.0%以上``); a target is
  never rounded either (``99.25%以上`` at one decimal: the target the evaluation applies);
- the period tag says which target it is where a table mixes them: ``（期末）`` the plan's
  final target, ``（年度）`` the year's own.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation

from desktop.domain.numbers import format_number

FINAL_TAG = "（期末）"
YEAR_TAG = "（年度）"
NO_TARGET = "—"
#: the word after a target's amount, by direction; an exact target (``=``) has none
SUFFIXES = {">=": "以上", "<=": "以下", "~": "左右", "=": ""}
#: the fewest decimals the plans write a target of this unit with (``5.0‰``)
_TARGET_MIN_DECIMALS = {"‰": 1}
#: no plan writes a target finer than this: a REAL that is a sum's float noise
#: (``0.30000000000000004``) is written at it, trailing zeros dropped
_MAX_PLACES = 4

Number = Decimal | float | int


def unit_suffix(unit: str) -> str:
    """What follows a number: ``%``, ``‰``, ``个``; ``1/10万`` → ``/10万`` (per 100,000).
    Full-width forms as typed or pasted (``％``, ``１／10万``) are folded first."""
    cleaned = "".join(unicodedata.normalize("NFKC", unit).split())
    if cleaned.startswith("1/"):
        return cleaned[1:]
    return cleaned


def amount(value: Number, unit: str, decimals: int) -> str:
    """``98.5%``, ``10.0/10万``, ``3个``: a value at the indicator's decimals, with its unit."""
    number = format_number(value, decimals)
    if not _is_number(number):  # （无效数值）: a unit after it would read as a figure
        return number
    return number + unit_suffix(unit)


def target_number(target: Number, unit: str, decimals: int | None = None) -> str:
    """The number of a target as the plans write it: ``90``, ``12``, ``5.0`` (‰), ``1.12``."""
    exact = _exact(target)
    keep = _TARGET_MIN_DECIMALS.get(unit_suffix(unit), 0)
    own = min(_places(exact), _MAX_PLACES)
    if decimals is None:  # as precise as the number itself
        places = max(own, keep)
    else:  # the indicator's decimals, or the target's own where it has more (never rounded)
        places, keep = max(decimals, own), min(keep, decimals)
    number = format_number(exact, places)
    if "." not in number or not _is_number(number):
        return number
    whole, fraction = number.split(".")
    fraction = fraction.rstrip("0").ljust(keep, "0")
    return f"{whole}.{fraction}" if fraction else whole


def target_text(
    target: Number | str | None,
    direction: str,
    unit: str,
    decimals: int | None = None,
    *,
    final: bool | None = None,
) -> str:
    """``99%以上``, ``12/10万以下``, ``50%左右``, ``100%``, ``逐步提高``; ``—`` without one.

    ``final``: ``True`` adds ``（期末）``, ``False`` ``（年度）``, ``None`` (the context says
    which target it is, e.g. a column headed 期末目标) no tag."""
    if target is None or (isinstance(target, str) and not target.strip()):
        return NO_TARGET
    if isinstance(target, str):  # qualitative: 逐步提高, 全覆盖 ...
        text = target.strip()
    else:
        number = target_number(target, unit, decimals)
        if not _is_number(number):  # （无效数值）
            return number
        text = number + unit_suffix(unit) + _suffix(direction, _exact(target), unit)
    return text + ("" if final is None else period_tag(final=final))


def period_tag(*, final: bool) -> str:
    """``（期末）`` for the plan's final target, ``（年度）`` for the year's own."""
    return FINAL_TAG if final else YEAR_TAG


def period_label(*, final: bool) -> str:
    """``期末目标`` / ``年度目标``: a target named in running text (``期末目标99%以上``)."""
    return "期末目标" if final else "年度目标"


def change_text(base_year: int, change: Number) -> str:
    """A target set as a change from the base year: ``较2020年下降20%``, ``较2020年提高5%``."""
    exact = _exact(change)
    if exact == 0:
        return f"与{base_year}年持平"
    word = "下降" if exact < 0 else "提高"
    return f"较{base_year}年{word}{target_number(abs(exact), '%')}%"


def _suffix(direction: str, exact: Decimal, unit: str) -> str:
    """以上/以下/左右; none for an exact target, and none for "≥100%" (达到100%): the target
    itself at 100, not one that only reads 100 at fewer decimals."""
    if direction == ">=" and unit_suffix(unit) == "%" and exact.is_finite() and exact == 100:
        return ""
    return SUFFIXES.get(direction, "")


def _exact(number: Number) -> Decimal:
    """The number as a Decimal; -0 is 0 (a target of ``-0%`` reads ``0%``)."""
    exact = number if isinstance(number, Decimal) else Decimal(str(number))
    return exact + 0 if exact.is_zero() else exact


def _places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


def _is_number(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False
