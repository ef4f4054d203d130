"""Units (责任单位), indicators and targets, and the township profile: the catalogue the year is
built on. Each function is one transaction with its audit entries."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from desktop.domain import division
from desktop.exchange import catalogue_excel, units_excel
from desktop.operations import Area, Changes, slow
from desktop.outputs import batch
from desktop.store import indicators, profile, units
from desktop.store.database import Database

UNITS = Changes.of(Area.UNITS)
INDICATORS = Changes.of(Area.INDICATORS)


def save_profile(db: Database, value: profile.Profile) -> Changes:
    """Save the profile (ValueError: the 统计用区划代码 is not one)."""
    value = value._replace(division_code=division.normalize(value.division_code))
    profile.save(db, value)
    return Changes.of(Area.PROFILE)


def save_unit(db: Database, unit: units.Unit) -> Changes:
    """Add a new unit or update an existing one (ValueError: what is wrong with it)."""
    if unit.id is None:
        units.add(db, unit)
    else:
        units.update(db, unit)
    return UNITS


def reactivate_unit(db: Database, unit_id: int) -> Changes:
    units.set_active(db, unit_id, True)
    return UNITS


def remove_unit(db: Database, unit_id: int) -> bool:
    """Delete a unit without data, or deactivate one with data; True when deleted."""
    return units.remove(db, unit_id)


@slow
def import_units(db: Database, path: Path, *, skip_bad: bool = False) -> units_excel.ImportResult:
    """Units from a workbook, all or nothing (``ImportProblem`` names sheet, row, field); with
    ``skip_bad``, the good rows and the bad ones listed in the result."""
    return units_excel.import_units(db, path, skip_bad=skip_bad)


def write_units_template(path: Path) -> Path:
    """A blank 责任单位 workbook to fill in and import."""
    units_excel.write_blank(path)
    return path


def save_indicator(
    db: Database,
    indicator: indicators.Indicator,
    final_target: Decimal | None,
    year_targets: Mapping[int, Decimal | None],
) -> Changes:
    """An indicator with its final target and its year targets (2021-2030; None clears a
    year), in one transaction."""
    with db.transaction():
        if indicator.id is None:
            indicator_id = indicators.add(db, indicator)
        else:
            indicator_id = indicator.id
            indicators.update(db, indicator)
        indicators.set_target(db, indicator_id, indicators.FINAL, final_target)
        for year, target in year_targets.items():
            indicators.set_target(db, indicator_id, year, target)
    return INDICATORS


def confirm_indicator(db: Database, indicator_id: int) -> Changes:
    """The clerk checked the target against the local plan."""
    indicators.confirm(db, indicator_id)
    return INDICATORS


@slow
def import_indicators(db: Database, path: Path) -> tuple[int, int]:
    """The indicator catalogue from a workbook, all or nothing: (added, updated)."""
    return catalogue_excel.import_catalogue(db, path)


@slow
def export_indicators(db: Database, path: Path) -> Path:
    """The indicator catalogue as a workbook (written whole, or not at all)."""
    return batch.write_file(path, lambda temp: catalogue_excel.export_catalogue(db, temp))
