"""Register statistics for reports: counts by choice field, by month and by unit, sums of
number fields, and the closure rate (办结率, 化解率) where a register declares one. Pure.

A flow register (events) counts the records of the period. A stock register (things that
exist: 妇女儿童之家, 志愿者) counts what existed at the period's end, and says how many of them
were added in the period (``added``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

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
    coverage: Closure | None = None  # ``[statistics.coverage]``: existing of those that should
    coverage_label: str = ""
    #: ``sub_sums``: label, total of the sub-form rows dated in the period
    sub_sums: tuple[tuple[str, float], ...] = ()
    #: ``unit_coverage``: per unit (in the units' order) its count of the period's records
    unit_counts: tuple[tuple[str, int], ...] = ()
    unit_coverage: Closure | None = None  # units with at least one, of all the units
    unit_coverage_label: str = ""


#: a sub-form's dated numbers: sub-form id → (parent record id, ISO date or None, value)
SubRows = Mapping[str, Sequence[tuple[int, str | None, object]]]


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


def count_values(f: FieldDef, records: Sequence[Record]) -> Counter[object]:
    """A field's values counted (a multi-choice field: each of its choices; a blank: None),
    in the order they are first met."""
    counter: Counter[object] = Counter()
    for record in records:
        value = record.values.get(f.id)
        if f.multiple:
            counter.update(value if isinstance(value, tuple) and value else (None,))
        else:
            counter[value] += 1
    return counter


def _breakdown(f: FieldDef, counter: Counter[object], units: UnitChoices) -> Breakdown:
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
        stats.coverage[1] if stats.coverage else None,
        *(form.field(f).sum_of[2] for f in stats.sums if form.field(f).sum_of),  # type: ignore[index]
    ]
    present = {f.id for f in form.fields}
    return list(dict.fromkeys(f for f in wanted if f and f in present))


def needed_sub_rows(form: FormDef) -> dict[str, str]:
    """The sub-form number fields ``compute`` reads, by sub-form (sub id → field id)."""
    wanted: dict[str, str] = dict(form.statistics.sub_sums)
    for field_id in form.statistics.sums:
        sum_of = form.field(field_id).sum_of
        if sum_of is not None and form.subform(sum_of[0]).date_field:
            wanted[sum_of[0]] = sum_of[1]
    return wanted


def _dated_total(
    rows: Sequence[tuple[int, str | None, object]],
    ids: set[int],
    low: str,
    high: str,
) -> float:
    return sum(
        _number(value)
        for parent, day, value in rows
        if parent in ids and day is not None and low <= str(day) <= high
    )


def _sum(
    form: FormDef, field_id: str, chosen: Sequence[Record], sub_rows: SubRows, high: str
) -> float:
    """A number field's total; a computed sum counts its sub-form rows dated up to ``high``
    (累计服务时长 at the period's end, not today's)."""
    sum_of = form.field(field_id).sum_of
    if sum_of is None or sum_of[0] not in sub_rows:
        return sum(_number(r.values.get(field_id)) for r in chosen)
    sub_id, _field, plus = sum_of
    base = sum(_number(r.values.get(plus)) for r in chosen) if plus else 0.0
    ids = {r.id for r in chosen}
    return base + _dated_total(sub_rows[sub_id], ids, "0000-00-00", high)


@dataclass
class Tally:
    """What the statistics count, before they are labelled: from records in Python
    (``tally``) or by SQL over the register's table (``store/register_stats.py``); the same
    figures either way (``tests/store/test_register_stats.py``)."""

    total: int = 0
    added: int | None = None
    #: field id → its values counted in the order first met (``count_values``): the ``by``
    #: fields and the unit field
    values: dict[str, Counter[object]] = field(default_factory=dict)
    closed: int = 0  # records whose closure field holds a closed value
    months: Counter[str] = field(default_factory=Counter)
    sums: list[float] = field(default_factory=list)  # ``statistics.sums``' totals, in order
    sub_sums: list[float] = field(default_factory=list)  # ``statistics.sub_sums``' totals
    coverage: Closure | None = None


def counted_fields(form: FormDef) -> list[str]:
    """The fields whose values a ``Tally`` counts."""
    return list(dict.fromkeys(f for f in [*form.statistics.by, form.unit_field] if f))


def tally(
    form: FormDef,
    records: Sequence[Record],
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    sub_rows: SubRows | None = None,
) -> Tally:
    """Count in Python over decoded records (``sub_rows``: what ``needed_sub_rows`` names)."""
    sub_rows = sub_rows or {}
    result = Tally()
    if form.kind == "stock":
        chosen = [r for r in records if exists_at(form, r, date_to)]
        result.added = sum(1 for r in chosen if added_in(form, r, date_from, date_to))
    else:
        chosen = [r for r in records if in_period(form, r, date_from, date_to)]
    result.total = len(chosen)
    result.values = {f: count_values(form.field(f), chosen) for f in counted_fields(form)}
    if form.date_field:
        for record in chosen:
            value = record.values.get(form.date_field)
            if value is not None:
                result.months[str(value)[:7]] += 1
    stats = form.statistics
    low, high = date_from or "0000-00-00", date_to or "9999-12-31"
    result.sums = [_sum(form, field_id, chosen, sub_rows, high) for field_id in stats.sums]
    ids = {r.id for r in chosen}
    result.sub_sums = [
        _dated_total(sub_rows.get(sub_id, ()), ids, low, high) for sub_id, _f in stats.sub_sums
    ]
    if stats.closure_field:
        closing = stats.closure_field
        result.closed = sum(1 for r in chosen if r.values.get(closing) in stats.closed_values)
    if stats.coverage:
        base = stats.coverage[1]
        should = [r for r in records if r.values.get(base) is True]
        have = sum(1 for r in should if exists_at(form, r, date_to))
        result.coverage = Closure(have, len(should))
    return result


def compute(
    form: FormDef,
    records: Sequence[Record],
    units: UnitChoices,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    sub_rows: SubRows | None = None,
    unit_list: Sequence[tuple[int, str]] = (),
) -> RegisterStatistics:
    """``sub_rows``: what ``needed_sub_rows`` names; ``unit_list``: (id, name) of the active
    units ``unit_coverage`` covers, in their order."""
    counted = tally(form, records, date_from=date_from, date_to=date_to, sub_rows=sub_rows)
    return finish(form, counted, units, unit_list=unit_list)


def finish(
    form: FormDef,
    counted: Tally,
    units: UnitChoices,
    *,
    unit_list: Sequence[tuple[int, str]] = (),
) -> RegisterStatistics:
    """The statistics of a register from its ``Tally``: breakdowns labelled and ordered."""
    stats = form.statistics
    breakdowns = [_breakdown(form.field(f), counted.values[f], units) for f in stats.by]
    if form.unit_field and form.unit_field not in stats.by:
        unit = form.field(form.unit_field)
        breakdowns.append(_breakdown(unit, counted.values[form.unit_field], units))
    sums = [
        (form.field(field_id).label, total)
        for field_id, total in zip(stats.sums, counted.sums, strict=True)
    ]
    sub_sums = [
        (f"本期{form.subform(sub_id).field(field_id).label}", total)
        for (sub_id, field_id), total in zip(stats.sub_sums, counted.sub_sums, strict=True)
    ]
    unit_counts: tuple[tuple[str, int], ...] = ()
    unit_cover = None
    if stats.unit_coverage is not None:
        counter = counted.values.get(form.unit_field or "", Counter())
        unit_counts = tuple((name, counter[unit_id]) for unit_id, name in unit_list)
        unit_cover = Closure(sum(1 for _name, n in unit_counts if n), len(unit_counts))
    closure = None
    if stats.closure_field:
        closure = Closure(counted.closed, counted.total)
    return RegisterStatistics(
        form.id,
        form.title,
        counted.total,
        tuple(breakdowns),
        tuple(sorted(counted.months.items())),
        tuple(sums),
        closure,
        counted.added,
        counted.coverage,
        stats.coverage[0] if stats.coverage else "",
        tuple(sub_sums),
        unit_counts,
        unit_cover,
        stats.unit_coverage or "",
    )


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0
