"""Indicators counted from a register instead of reported (monitoring v2).

The catalogue row names the register and the filter in data: ``register = "home_site:kind=
儿童之家,妇女儿童之家;status=正常运行"`` counts the records of the 妇女儿童之家 register whose
阵地类型 is one of the two and whose 运行状态 is 正常运行, standing at the end of the year
(a record dated after the year, by the register's date field, is not counted yet). Records
are counted in SQL when every field the rule reads is plain text (``register_counts``), else
read and decoded through the register store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop.forms.definition import FormDef
from desktop.store.database import Database
from desktop.store.indicators import Indicator
from desktop.store.register_counts import count_matching


@dataclass(frozen=True)
class Rule:
    form_id: str
    filters: tuple[tuple[str, tuple[str, ...]], ...]  # field -> accepted values


@dataclass(frozen=True)
class Derived:
    value: Decimal | None
    source: str  # where it came from, for the clerk: 由“妇女儿童之家”台账统计 ...


def parse(text: str) -> Rule:
    """``form:field=a,b;field2=c``; raises ValueError on a malformed rule."""
    form_id, sep, rest = text.partition(":")
    if not form_id.strip():
        raise ValueError(f"台账统计规则缺少台账标识：{text}")
    filters = []
    for part in rest.split(";") if sep and rest.strip() else []:
        field, eq, values = part.partition("=")
        if not eq or not field.strip():
            raise ValueError(f"台账统计规则有误：{part}")
        filters.append((field.strip(), tuple(v.strip() for v in values.split(","))))
    return Rule(form_id.strip(), tuple(filters))


def count(db: Database, forms: Sequence[FormDef], indicator: Indicator, year: int) -> Derived:
    """The indicator's value in ``year`` counted from its register."""
    from desktop.store.registers import RegisterStore

    rule = parse(indicator.register)
    form = next((f for f in forms if f.id == rule.form_id), None)
    if form is None:
        return Derived(None, f"找不到台账“{rule.form_id}”")
    labels = {f.id: f.label for f in form.fields}
    described = "，".join(
        f"{labels.get(field, field)}为{'或'.join(values)}" for field, values in rule.filters
    )
    source = f"由“{form.title}”台账统计" + (f"：{described}" if described else "")
    if not db.table_exists(form.table):
        return Derived(Decimal(0), source + f"（截至{year}年底 0 个）")
    end = f"{year}-12-31"
    counted = count_matching(db, form, rule.filters, end)  # SQL where it gives the same count
    if counted is not None:
        return Derived(Decimal(counted), source + f"（截至{year}年底 {counted} 个）")
    fields = [field for field, _values in rule.filters]
    if form.date_field:
        fields.append(form.date_field)
    store = RegisterStore(db, form)
    table = store.list_table(fields=fields)
    total = 0
    for index in range(len(table)):
        values = table.record(index).values
        if any(str(values.get(field) or "") not in accepted for field, accepted in rule.filters):
            continue
        dated = values.get(form.date_field) if form.date_field else None
        if dated is not None and str(dated) > end:
            continue
        total += 1
    return Derived(Decimal(total), source + f"（截至{year}年底 {total} 个）")
