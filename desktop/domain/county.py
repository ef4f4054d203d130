"""County figures from the townships' submitted counts. Pure: figures in, values out.

The county total of a rate is Σ numerators / Σ denominators × factor over the townships, never
an average of their rates; a count is the sum. A rate a township reports only as a rate (no
counts) has no county total: averaging it would weigh a village of 40 like a town of 4,000.
Death counts (只报计数 in a township) become rates here: the county judges them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain.evaluation import IndicatorRule, TownshipValue


@dataclass(frozen=True)
class Shape:
    """How an indicator is made of data element codes."""

    rule: IndicatorRule
    value_code: str = ""  # reported indicators
    numerator_code: str = ""  # computed ones
    denominator_code: str = ""

    @property
    def computed(self) -> bool:
        return bool(self.numerator_code)

    @property
    def summable(self) -> bool:
        return self.computed or self.rule.aggregation == "sum"


def township_value(shape: Shape, figures: Mapping[str, Decimal | None]) -> TownshipValue:
    """One township's value of an indicator from its submitted figures."""
    if not shape.computed:
        value = figures.get(shape.value_code)
        return TownshipValue(value, "" if value is not None else "未报")
    numerator = figures.get(shape.numerator_code)
    denominator = figures.get(shape.denominator_code)
    if numerator is None or denominator is None:
        return TownshipValue(None, "未报计数", numerator, denominator)
    if denominator == 0:
        return TownshipValue(None, "分母为0", numerator, denominator)
    return TownshipValue(numerator / denominator * shape.rule.factor, "", numerator, denominator)


def county_value(
    shape: Shape, townships: Sequence[tuple[str, Mapping[str, Decimal | None]]]
) -> TownshipValue:
    """The county's value: counts summed over the townships that submitted."""
    if not townships:
        return TownshipValue(None, "没有乡镇上报")
    if not shape.summable:
        return TownshipValue(None, "乡镇只报比率，县级不汇总（无计数，不取平均）")
    codes = (
        (shape.numerator_code, shape.denominator_code) if shape.computed else (shape.value_code,)
    )
    sums: list[Decimal] = []
    for code in codes:
        missing = [name for name, figures in townships if figures.get(code) is None]
        if missing:
            shown = "、".join(missing[:3]) + (f"等{len(missing)}个乡镇" if len(missing) > 3 else "")
            return TownshipValue(None, f"{shown}未报")
        sums.append(sum((f[code] or Decimal(0) for _n, f in townships), Decimal(0)))
    if not shape.computed:
        return TownshipValue(sums[0])
    numerator, denominator = sums
    if denominator == 0:
        return TownshipValue(None, "分母合计为0", numerator, denominator)
    return TownshipValue(numerator / denominator * shape.rule.factor, "", numerator, denominator)
