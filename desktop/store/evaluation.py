"""Evaluation of the township's year: every indicator's value (summed from its units' reports,
or counted from a register) against its target, and the settings it uses (the jump share).

Split from ``monitoring`` to keep each module one job; callers import it directly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from desktop.domain.evaluation import (
    DEFAULT_JUMP_SHARE,
    Part,
    TownshipValue,
    Verdict,
    evaluate,
    pick_target,
    township_value,
)
from desktop.forms.definition import FormDef
from desktop.store import county as county_store
from desktop.store import derived, indicators
from desktop.store.database import Database


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


#: a county never averages the townships' rates (a village of 40 is not a town of 4,000)
NO_AVERAGE = "乡镇只报比率，县级不汇总（不取平均）"


# ----- settings ----------------------------------------------------------------------------
def jump_share(db: Database) -> Decimal:
    """Share of last year's value beyond which a new value is flagged (meta ``jump_share``)."""
    text = db.meta("jump_share")
    return Decimal(text) if text else DEFAULT_JUMP_SHARE


def set_jump_share(db: Database, share: Decimal) -> None:
    with db.transaction():
        db.execute(
            "INSERT INTO meta(key, value) VALUES ('jump_share', :v) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            {"v": str(share)},
        )


# ----- evaluation --------------------------------------------------------------------------
def _township_values(
    db: Database, years: Sequence[int], only: frozenset[int] | None = None
) -> dict[int, dict[int, dict[str, list[tuple[str, Part | None]]]]]:
    """year -> indicator id -> role -> [(unit name, part or None)] for ``years``, read at
    once (``only``: those indicators' rows)."""
    which = f"WHERE e.indicator_id IN ({', '.join(str(int(i)) for i in only)}) " if only else ""
    wanted = ", ".join(str(int(y)) for y in years)
    # CROSS JOIN: the elements outside, each one's assignments found through (year,
    # element_id); left to itself SQLite took the years' assignments outside and scanned
    # every element for each (the ``coalesce`` hides the element's id): 140 ms instead of 25
    # for two years of the large demo (the 监测结果 page, every report on the year)
    rows = db.query_all(
        "SELECT a.year, e.indicator_id, e.role, u.name, v.value, v.no_data, v.id AS vid "
        f"FROM data_element e CROSS JOIN assignment a ON a.year IN ({wanted}) "
        "AND a.element_id = coalesce(e.shared_with, e.id) "
        "JOIN unit u ON u.id = a.unit_id "
        "LEFT JOIN value v ON v.year = a.year AND v.unit_id = a.unit_id "
        f"AND v.element_id = a.element_id {which}ORDER BY u.sort_order",
    )
    parts: dict[int, dict[int, dict[str, list[tuple[str, Part | None]]]]] = {
        y: defaultdict(lambda: defaultdict(list)) for y in years
    }
    # a Part is immutable: one per distinct report, shared (thousands of rows, few values)
    made: dict[tuple[float | None, bool], Part] = {}
    for year, indicator_id, role, name, value, no_data, vid in rows:
        part = None
        if vid is not None:
            key = (value, bool(no_data))
            part = made.get(key)
            if part is None:
                part = made[key] = Part(_dec(value), key[1])
        parts[year][indicator_id][role].append((name, part))
    return parts


def evaluate_year(
    db: Database,
    year: int,
    *,
    county: bool = False,
    forms: Sequence[FormDef] | None = None,
    only: frozenset[int] | None = None,
) -> list[tuple[indicators.Indicator, Verdict]]:
    """Every active indicator's verdict for the township in ``year`` (county-level rows only
    with ``county``: the township does not report them). Rows counted from a register read it
    (``forms``: the register definitions; the file's own when not given, ``file_forms``).
    ``only``: just these indicator ids (a report on one indicator computes that one, not all)."""
    return evaluate_years(db, [year], county=county, forms=forms, only=only)[year]


def evaluate_years(
    db: Database,
    years: Sequence[int],
    *,
    county: bool = False,
    forms: Sequence[FormDef] | None = None,
    only: frozenset[int] | None = None,
) -> dict[int, list[tuple[indicators.Indicator, Verdict]]]:
    """``evaluate_year`` of each of ``years``, the catalogue, targets and figures read once
    (a trend over ten years read them twenty times)."""
    targets = indicators.all_targets(db)
    county_level = db.meta("level") == "county"  # figures: the townships' submissions
    needed = sorted({*years, *(y - 1 for y in years)})
    if county_level:
        figures = {y: county_store.evaluation_parts(db, y) for y in needed}
    else:
        figures = _township_values(db, needed, only)
    share = jump_share(db)
    catalogue = indicators.list_indicators(db)
    if only is not None:
        catalogue = [i for i in catalogue if i.id in only]
    if forms is None and any(i.register for i in catalogue):
        forms = file_forms(db)
    return {
        year: _evaluate(
            db,
            year,
            catalogue,
            targets,
            (figures[year], figures[year - 1]),
            county=county,
            county_level=county_level,
            forms=forms or (),
            share=share,
        )
        for year in years
    }


def _evaluate(
    db: Database,
    year: int,
    catalogue: Sequence[indicators.Indicator],
    targets: dict[int, dict[int, Decimal]],
    figures: tuple[Any, Any],
    *,
    county: bool,
    county_level: bool,
    forms: Sequence[FormDef],
    share: Decimal,
) -> list[tuple[indicators.Indicator, Verdict]]:
    this_year, last_year = figures
    result = []
    for indicator in catalogue:
        if indicator.level == "county" and not county:
            continue
        assert indicator.id is not None
        rule = indicator.rule()
        if county_level and rule.aggregation == "counts":  # the county judges the rate
            rule = replace(rule, aggregation="rate")
        target = pick_target(targets.get(indicator.id, {}), year)
        if indicator.register and not county_level:
            now = derived.count(db, forms, indicator, year)
            before = derived.count(db, forms, indicator, year - 1).value
            verdict = evaluate(rule, TownshipValue(now.value), target, before, jump_share=share)
            reason = "；".join(r for r in (verdict.reason, now.source) if r)
            result.append((indicator, replace(verdict, reason=reason)))
            continue
        value = township_value(rule, this_year.get(indicator.id, {}))
        last = township_value(rule, last_year.get(indicator.id, {})).value
        if county_level and rule.kind == "reported" and rule.aggregation == "value":
            value, last = TownshipValue(None, NO_AVERAGE), None  # a rate without counts
        result.append((indicator, evaluate(rule, value, target, last, jump_share=share)))
    return result


def lead_units(db: Database, year: int) -> dict[int, list[str]]:
    """indicator id -> names of its lead units."""
    result: dict[int, list[str]] = defaultdict(list)
    for r in db.query_all(
        "SELECT r.indicator_id, u.name FROM responsibility r JOIN unit u ON "
        "u.id = r.unit_id WHERE r.year = :y AND r.role = 'lead' "
        "ORDER BY u.sort_order",
        {"y": year},
    ):
        result[r["indicator_id"]].append(r["name"])
    return result


def file_forms(db: Database) -> list[FormDef]:
    """The register definitions this file's tables follow: the one stored in it wherever there
    is one, else the TOML (``register_sync.effective_forms``). What a caller without the
    session's forms (a report, a notice, the 考核 scores) counts registers with."""
    from desktop.forms.loader import default_forms
    from desktop.store.register_sync import effective_forms

    return effective_forms(db, default_forms().forms)


def counted_for_unit(
    db: Database, year: int, unit_id: int, forms: Sequence[FormDef] | None = None
) -> list[tuple[indicators.Indicator, derived.Derived]]:
    """Rows counted from a register that ``unit_id`` leads or supports in ``year``: shown
    read-only on its form, with where the value came from."""
    rows = indicators.counted_from_registers(db, year, unit_id)
    if rows and forms is None:
        forms = file_forms(db)
    return [(i, derived.count(db, forms or (), i, year)) for i in rows]
