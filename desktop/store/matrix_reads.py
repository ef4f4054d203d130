"""What 分工矩阵 shows for a year, read in four narrow queries: the active indicators and units
(only the columns the grid shows), the (indicator, unit) pairs where the unit reports one of
the indicator's assignable data elements (``indicators.elements(assignable=True)``, joined in
SQL), and the lead/support roles (``monitoring.responsibilities``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.store import monitoring
from desktop.store.database import Database


@dataclass(frozen=True)
class MatrixIndicator:
    """An indicator's row of the grid (the fields of ``indicators.Indicator`` it shows)."""

    id: int
    code: str
    name: str
    level: str
    register: str

    @property
    def for_units(self) -> bool:
        """As ``indicators.Indicator.for_units``: reported by units, not county, not counted
        from a register."""
        return self.level != "county" and not self.register


@dataclass(frozen=True)
class MatrixUnit:
    id: int
    name: str


@dataclass
class Matrix:
    indicators: list[MatrixIndicator] = field(default_factory=list)
    units: list[MatrixUnit] = field(default_factory=list)
    reports: set[tuple[int, int]] = field(default_factory=set)  # (indicator id, unit id)
    roles: dict[tuple[int, int], str] = field(default_factory=dict)


#: assignable elements as ``indicators.elements(assignable=True)`` chooses them
_REPORTS = (
    "SELECT DISTINCT e.indicator_id, a.unit_id FROM assignment a "
    "JOIN data_element e ON e.id = a.element_id JOIN indicator i ON i.id = e.indicator_id "
    "WHERE a.year = :y AND e.shared_with IS NULL AND i.level != 'county' AND i.register = '' "
    "AND NOT (i.kind = 'computed' AND e.role = 'value')"
)


def _tuples(
    db: Database, sql: str, params: dict[str, object] | None = None
) -> list[tuple[Any, ...]]:
    cursor = db.execute(sql, params)
    cursor.row_factory = None  # plain tuples: faster than sqlite3.Row
    rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def read(db: Database, year: int | None) -> Matrix:
    """The grid of ``year`` (no cells without a year); rows and columns in the order of
    ``indicators.list_indicators`` and ``units.list_units(active_only=True)``."""
    matrix = Matrix(
        [
            MatrixIndicator(*row)
            for row in _tuples(
                db,
                "SELECT id, code, name, level, register FROM indicator WHERE active = 1 "
                "ORDER BY plan DESC, sort_order, code",
            )
        ],
        [
            MatrixUnit(*row)
            for row in _tuples(
                db, "SELECT id, name FROM unit WHERE active = 1 ORDER BY sort_order, code"
            )
        ],
    )
    if year is not None:
        matrix.reports = {(i, u) for i, u in _tuples(db, _REPORTS, {"y": year})}
        matrix.roles = monitoring.responsibilities(db, year)
    return matrix
