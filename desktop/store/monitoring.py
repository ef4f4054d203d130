"""The yearly monitoring round: who reports what, the values and completion (the evaluation
is ``store.evaluation``; the demo's bulk writes are ``store.seed``).

Every function that writes runs in one transaction with an audit trail (through ``records``).
Reads return plain dataclasses so that UI models and reports never see SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from desktop.domain.evaluation import pick_target
from desktop.domain.indicator_text import target_text
from desktop.store import audit, indicators, records, year_lock
from desktop.store.database import Database, now_text

ROLES = {"lead": "牵头", "support": "配合"}


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


# ----- rounds ------------------------------------------------------------------------------
def open_round(db: Database, year: int, deadline: str = "") -> None:
    with db.transaction():
        row = db.query_one("SELECT year FROM monitoring_round WHERE year = :y", {"y": year})
        if row is None:
            db.execute(
                "INSERT INTO monitoring_round(year, deadline, opened_at) VALUES (:y, :d, :t)",
                {"y": year, "d": deadline, "t": now_text()},
            )
        else:
            db.execute(
                "UPDATE monitoring_round SET deadline = :d WHERE year = :y",
                {"y": year, "d": deadline},
            )


def reporting_units(db: Database, year: int) -> list[tuple[int, str]]:
    """(unit id, name) of units that report something in ``year``, in unit order."""
    return [
        (r["id"], r["name"])
        for r in db.query_all(
            "SELECT DISTINCT u.id, u.name, u.sort_order, u.code FROM unit u JOIN assignment a ON "
            "a.unit_id = u.id AND a.year = :y ORDER BY u.sort_order, u.code",
            {"y": year},
        )
    ]


def completed_at(db: Database, year: int, unit_id: int) -> str | None:
    value = db.scalar(
        "SELECT completed_at FROM round_unit WHERE year = :y AND unit_id = :u",
        {"y": year, "u": unit_id},
    )
    return None if value is None else str(value)


# ----- assignments and responsibilities ----------------------------------------------------
def assigned_units(db: Database, year: int, element_id: int) -> list[int]:
    return [
        r["unit_id"]
        for r in db.query_all(
            "SELECT unit_id FROM assignment WHERE year = :y AND element_id = :e",
            {"y": year, "e": element_id},
        )
    ]


def assign(db: Database, year: int, element_id: int, unit_id: int, assigned: bool = True) -> None:
    """Assign (or un-assign) a data element to a unit. A ``value`` element has one reporter:
    assigning it to a unit moves it from any other."""
    with db.transaction():
        row = db.query_one(
            "SELECT e.role, i.aggregation FROM data_element e JOIN indicator i ON "
            "i.id = e.indicator_id WHERE e.id = :e",
            {"e": element_id},
        )
        role = "" if row is None or row["aggregation"] == "sum" else row["role"]
        current = db.query_all(
            "SELECT id, unit_id FROM assignment WHERE year = :y AND element_id = :e",
            {"y": year, "e": element_id},
        )
        for row in current:
            if (row["unit_id"] == unit_id and not assigned) or (
                row["unit_id"] != unit_id and assigned and role == "value"
            ):
                records.delete(db, "assignment", row["id"])
        if assigned and unit_id not in {r["unit_id"] for r in current}:
            records.insert(
                db, "assignment", {"year": year, "element_id": element_id, "unit_id": unit_id}
            )


def set_responsibility(
    db: Database, year: int, indicator_id: int, unit_id: int, role: str | None
) -> None:
    """Set a unit's role for an indicator (``lead``, ``support``, or None to remove)."""
    if role is not None and role not in ROLES:
        raise ValueError(role)
    with db.transaction():
        row = db.query_one(
            "SELECT id, role FROM responsibility WHERE year = :y AND "
            "indicator_id = :i AND unit_id = :u",
            {"y": year, "i": indicator_id, "u": unit_id},
        )
        if role is None:
            if row is not None:
                records.delete(db, "responsibility", row["id"])
        elif row is None:
            records.insert(
                db,
                "responsibility",
                {"year": year, "indicator_id": indicator_id, "unit_id": unit_id, "role": role},
            )
        elif row["role"] != role:
            records.update(db, "responsibility", row["id"], {"role": role})


def responsibilities(db: Database, year: int) -> dict[tuple[int, int], str]:
    """(indicator id, unit id) -> role."""
    return {
        (r["indicator_id"], r["unit_id"]): r["role"]
        for r in db.query_all(
            "SELECT indicator_id, unit_id, role FROM responsibility WHERE year = :y", {"y": year}
        )
    }


def assignments(db: Database, year: int) -> set[tuple[int, int]]:
    """(element id, unit id) pairs."""
    return {
        (r["element_id"], r["unit_id"])
        for r in db.query_all(
            "SELECT element_id, unit_id FROM assignment WHERE year = :y", {"y": year}
        )
    }


# ----- the unit's form ---------------------------------------------------------------------
@dataclass(frozen=True)
class FormRow:
    element_id: int
    indicator_code: str
    name: str
    measure: str
    decimals: int
    role: str
    range_min: Decimal | None
    range_max: Decimal | None
    target: Decimal | None
    target_final: bool
    direction: str
    last_value: Decimal | None
    last_no_data: bool
    value_id: int | None
    value: Decimal | None
    no_data: bool
    note: str
    source: str
    verified: bool
    indicator_name: str = ""
    definition: str = ""  # the indicator's explanation (指标解释), shown beside the form
    calculation: str = ""
    data_source: str = ""
    frequency: str = ""

    @property
    def target_text(self) -> str:
        """``99%以上（期末）``, ``90%以上（年度）``, ``—``: as the form and the template show it."""
        if self.target is None:
            return target_text(None, self.direction, self.measure)
        return target_text(
            self.target, self.direction, self.measure, self.decimals, final=self.target_final
        )

    @property
    def explanation(self) -> str:
        parts = (
            ("定义", self.definition),
            ("计算方法", self.calculation),
            ("资料来源", self.data_source),
            ("报送频率", self.frequency),
        )
        lines = [f"{label}：{text}" for label, text in parts if text]
        return "\n".join([f"{self.indicator_code} {self.indicator_name}", *lines])


_FORM_SQL = """
SELECT e.id AS element_id, i.code AS indicator_code, e.name AS name, e.measure AS measure,
       CASE WHEN e.role = 'value' THEN i.decimals ELSE 0 END AS decimals, e.role AS role,
       CASE WHEN e.role = 'value' THEN i.range_min ELSE 0 END AS range_min,
       CASE WHEN e.role = 'value' THEN i.range_max END AS range_max,
       i.direction AS direction, i.verified AS verified, i.id AS indicator_id,
       i.name AS indicator_name, i.definition AS definition, i.calculation AS calculation,
       i.data_source AS data_source, i.frequency AS frequency,
       last.value AS last_value, last.no_data AS last_no_data,
       cur.id AS value_id, cur.value AS value, cur.no_data AS no_data,
       cur.note AS note, cur.source AS source
FROM assignment a
JOIN data_element e ON e.id = a.element_id
JOIN indicator i ON i.id = e.indicator_id
LEFT JOIN value cur ON cur.year = a.year AND cur.unit_id = a.unit_id AND cur.element_id = e.id
LEFT JOIN value last ON last.year = a.year - 1 AND last.unit_id = a.unit_id
                    AND last.element_id = e.id
WHERE a.year = :year AND a.unit_id = :unit AND i.level != 'county' AND i.register = ''
ORDER BY i.plan DESC, i.sort_order, i.code, e.role DESC
"""

#: the columns of _FORM_SQL, in its order (``form_rows`` unpacks them by position)
_FORM_COLUMNS = (
    "element_id",
    "indicator_code",
    "name",
    "measure",
    "decimals",
    "role",
    "range_min",
    "range_max",
    "direction",
    "verified",
    "indicator_id",
    "indicator_name",
    "definition",
    "calculation",
    "data_source",
    "frequency",
    "last_value",
    "last_no_data",
    "value_id",
    "value",
    "no_data",
    "note",
    "source",
)


def form_rows(
    db: Database,
    year: int,
    unit_id: int,
    *,
    targets: dict[int, dict[int, Decimal]] | None = None,
) -> list[FormRow]:
    """What a unit reports in a year, in the order of its printed form and template.
    ``targets``: ``indicators.all_targets(db)`` when the caller has read it already (an
    import previews 48 units' files: the targets were read 48 times, issue 21)."""
    if targets is None:
        targets = indicators.all_targets(db)
    rows = []
    found = db.query_all(_FORM_SQL, {"year": year, "unit": unit_id})
    if found and tuple(found[0].keys()) != _FORM_COLUMNS:
        raise RuntimeError("_FORM_SQL and _FORM_COLUMNS disagree")  # a bug: keep them in step
    # unpacked by position, in the order of _FORM_COLUMNS: a ``sqlite3.Row`` looks a name up
    # by scanning its 23 column names, 23 times a row (an import of 48 files read 2,354 rows
    # this way, issue 21)
    for (
        element_id,
        indicator_code,
        name,
        measure,
        decimals,
        role,
        range_min,
        range_max,
        direction,
        verified,
        indicator_id,
        indicator_name,
        definition,
        calculation,
        data_source,
        frequency,
        last_value,
        last_no_data,
        value_id,
        value,
        no_data,
        note,
        source,
    ) in found:
        target = pick_target(targets.get(indicator_id, {}), year) if role == "value" else None
        rows.append(
            FormRow(
                element_id=element_id,
                indicator_code=indicator_code,
                name=name,
                measure=measure,
                decimals=decimals,
                role=role,
                range_min=_dec(range_min),
                range_max=_dec(range_max),
                target=target.value if target else None,
                target_final=target.final if target else False,
                direction=direction,
                last_value=_dec(last_value),
                last_no_data=bool(last_no_data),
                value_id=value_id,
                value=_dec(value),
                no_data=bool(no_data),
                note=note or "",
                source=source or "",
                verified=bool(verified),
                indicator_name=indicator_name,
                definition=definition,
                calculation=calculation,
                data_source=data_source,
                frequency=frequency,
            )
        )
    return rows


@dataclass(frozen=True)
class ValueEntry:
    element_id: int
    value: Decimal | None
    no_data: bool = False
    note: str = ""
    source: str = ""

    @property
    def empty(self) -> bool:
        return self.value is None and not self.no_data and not self.note and not self.source


_INSERT_VALUE = (
    "INSERT INTO value (year, unit_id, element_id, origin, updated_at, value, no_data, note, "
    "source) VALUES (:year, :unit_id, :element_id, :origin, :updated_at, :value, :no_data, "
    ":note, :source)"
)


def save_values(
    db: Database, year: int, unit_id: int, entries: list[ValueEntry], *, origin: str = "typed"
) -> int:
    """Save a unit's values in one transaction; returns how many records changed.

    An entry emptied by the clerk deletes its record (audited), so 无数据 and "not entered"
    stay distinct.
    """
    changed = 0
    now = now_text()
    with db.transaction():
        year_lock.check_open(db, year)
        stored = {
            r["element_id"]: r
            for r in db.query_all(
                "SELECT id, element_id, value, no_data, note, source FROM value "
                "WHERE year = :y AND unit_id = :u",
                {"y": year, "u": unit_id},
            )
        }
        updates: dict[str, list[dict[str, object]]] = {}  # statement -> its rows
        audited: list[tuple[int, dict[str, tuple[object, object]]]] = []
        # new records: inserted one by one (each needs its id), audited by one statement
        # after them, as ``records.insert`` audits each (same rows, same order)
        inserted: list[tuple[int, dict[str, tuple[object, object]]]] = []
        for entry in entries:
            row = stored.get(entry.element_id)
            fields: dict[str, object] = {
                "value": None if entry.value is None else float(entry.value),
                "no_data": int(entry.no_data),
                "note": entry.note,
                "source": entry.source,
            }
            if row is None:
                if entry.empty:
                    continue
                values = {
                    "year": year,
                    "unit_id": unit_id,
                    "element_id": entry.element_id,
                    "origin": origin,
                    "updated_at": now,
                    **fields,
                }
                record_id = db.execute(_INSERT_VALUE, values).lastrowid
                inserted.append(
                    (
                        int(record_id or 0),
                        {n: (None, v) for n, v in values.items() if v is not None},
                    )
                )
                changed += 1
            elif entry.empty:
                records.delete(db, "value", row["id"])
                changed += 1
            else:
                changes = {n: (row[n], v) for n, v in fields.items() if row[n] != v}
                if not changes:
                    continue
                # the changed fields (audited), time and origin; one statement per field set
                assignments = "".join(f"{n} = :{n}, " for n in changes)
                sql = f"UPDATE value SET {assignments}updated_at = :_t, origin = :_o WHERE id=:_id"
                params: dict[str, object] = {n: new for n, (_old, new) in changes.items()}
                params.update({"_id": row["id"], "_t": now, "_o": origin})
                updates.setdefault(sql, []).append(params)
                audited.append((row["id"], changes))
                changed += 1
        audit.record_many(db, "value", "insert", inserted, time=now)
        for sql, rows in updates.items():
            db.execute_many(sql, rows)
        audit.record_many(db, "value", "update", audited, time=now)
    return changed


def value_record_id(db: Database, year: int, unit_id: int, element_id: int) -> int | None:
    value = db.scalar(
        "SELECT id FROM value WHERE year = :y AND unit_id = :u AND element_id = :e",
        {"y": year, "u": unit_id, "e": element_id},
    )
    return None if value is None else int(value)


# ----- completion --------------------------------------------------------------------------
def mark_complete(db: Database, year: int, unit_id: int, complete: bool = True) -> None:
    with db.transaction():
        year_lock.check_open(db, year)
        row = db.query_one(
            "SELECT id, completed_at FROM round_unit WHERE year = :y AND unit_id = :u",
            {"y": year, "u": unit_id},
        )
        when = now_text() if complete else None
        if row is None:
            records.insert(
                db, "round_unit", {"year": year, "unit_id": unit_id, "completed_at": when}
            )
        else:
            records.update(db, "round_unit", row["id"], {"completed_at": when})
