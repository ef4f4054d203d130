"""Register statistics for reports: counts by choice field, by month and by unit, sums of
number fields, and the closure rate (结案率) where a register declares one. Pure.

A flow register (events) counts the records of the period. A stock register (things that
exist: 妇女儿童之家, 志愿者) counts what existed at the period's end, and says how many of them
were added in the period (``added``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.forms.definition import FieldDef, FormDef, Record
from desktop.forms.fields import UnitChoices

BLANK = "（未填）"


@dataclass(frozen=True)
class Breakdown:
    field_id: str
    title: str
    counts: tuple[tuple[str, int], ...]  # label, count; declared choice order, blanks last


@dataclass(frozen=True)
class Closure:
    closed: int
    total: int

    @property
    def rate(self) -> float | None:
        """Closed share in percent, None when there is nothing to close."""
        return None if self.total == 0 else 100 * self.closed / self.total


@dataclass(frozen=True)
class RegisterStatistics:
    form_id: str
    title: str
    total: int
    breakdowns: tuple[Breakdown, ...]
    by_month: tuple[tuple[str, int], ...]  # "2026-03", count
    sums: tuple[tuple[str, float], ...]  # label, total
    closure: Closure | None
    added: int | None = None  # a stock register: how many of ``total`` came in the period


def in_period(form: FormDef, record: Record, date_from: str | None, date_to: str | None) -> bool:
    """Whether a record falls in the period, by its date field (or an integer ``year``)."""
    if date_from is None and date_to is None:
        return True
    low, high = date_from or "0000-00-00", date_to or "9999-12-31"
    if form.date_field:
        value = record.values.get(form.date_field)
        return value is not None and low <= str(value) <= high
    year = record.values.get("year")
    return isinstance(year, int) and low[:4] <= str(year) <= high[:4]


def _since(form: FormDef, record: Record) -> str | None:
    """When a stock record began to exist: an ISO date, or a year (``2024``)."""
    field = form.stock.since
    value = record.values.get(field) if field else None
    return None if value is None else str(value)


def exists_at(form: FormDef, record: Record, day: str | None) -> bool:
    """Whether a stock register's record existed on ``day`` (ISO; None: now)."""
    stock = form.stock
    if stock.inactive_field and record.values.get(stock.inactive_field) in stock.inactive_values:
        return False
    since = _since(form, record)
    if day is not None and since is not None and since > day[: len(since)]:
        return False
    until = record.values.get(stock.until) if stock.until else None
    return until is None or day is None or str(until) > day


def added_in(form: FormDef, record: Record, date_from: str | None, date_to: str | None) -> bool:
    since = _since(form, record)
    if since is None:
        return False
    low, high = date_from or "0000-00-00", date_to or "9999-12-31"
    return low[: len(since)] <= since <= high[: len(since)]


def _breakdown(f: FieldDef, records: Sequence[Record], units: UnitChoices) -> Breakdown:
    counter: Counter[object] = Counter()
    for record in records:
        value = record.values.get(f.id)
        if f.multiple:
            counter.update(value if isinstance(value, tuple) and value else (None,))
        else:
            counter[value] += 1
    if f.choice is not None:
        order: list[object] = [c.value for c in f.choice.options.choices]
    elif f.type_id == "bool":
        order = [True, False]
    else:
        order = sorted((k for k in counter if k is not None), key=lambda k: f.kind.format(k, units))
    order += [k for k in counter if k not in order and k is not None]
    counts = [(f.kind.format(_one(f, k), units), counter[k]) for k in order if counter[k]]
    if counter[None]:
        counts.append((BLANK, counter[None]))
    return Breakdown(f.id, f.label, tuple(counts))


def _one(f: FieldDef, key: object) -> object:
    return (key,) if f.multiple else key


def needed_fields(form: FormDef) -> list[str]:
    """The fields ``compute`` reads: a store reads these columns only (never the narratives
    or personal data)."""
    stock, stats = form.stock, form.statistics
    wanted = [
        form.date_field,
        "year",
        stock.since if stock else None,
        stock.inactive_field if stock else None,
        stock.until if stock else None,
        *stats.by,
        form.unit_field,
        *stats.sums,
        stats.closure_field,
    ]
    present = {f.id for f in form.fields}
    return list(dict.fromkeys(f for f in wanted if f and f in present))


def compute(
    form: FormDef,
    records: Sequence[Record],
    units: UnitChoices,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
) -> RegisterStatistics:
    added = None
    if form.kind == "stock":
        chosen = [r for r in records if exists_at(form, r, date_to)]
        added = sum(1 for r in chosen if added_in(form, r, date_from, date_to))
    else:
        chosen = [r for r in records if in_period(form, r, date_from, date_to)]
    stats = form.statistics
    breakdowns = [_breakdown(form.field(f), chosen, units) for f in stats.by]
    if form.unit_field and form.unit_field not in stats.by:
        breakdowns.append(_breakdown(form.field(form.unit_field), chosen, units))
    months: Counter[str] = Counter()
    if form.date_field:
        for record in chosen:
            value = record.values.get(form.date_field)
            if value is not None:
                months[str(value)[:7]] += 1
    sums = []
    for field_id in stats.sums:
        total = sum(_number(r.values.get(field_id)) for r in chosen)
        sums.append((form.field(field_id).label, total))
    closure = None
    if stats.closure_field:
        closed = sum(1 for r in chosen if r.values.get(stats.closure_field) in stats.closed_values)
        closure = Closure(closed, len(chosen))
    return RegisterStatistics(
        form.id,
        form.title,
        len(chosen),
        tuple(breakdowns),
        tuple(sorted(months.items())),
        tuple(sums),
        closure,
        added,
    )


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0
