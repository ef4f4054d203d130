"""What 考核 reads and keeps: the scheme text used for each year, the manual scores, and each
unit's facts for the automatic rules (led indicators, tasks, reporting, register records,
letter). Registers are read through ``RegisterStore`` only (their storage is its business)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from desktop.domain.assessment import Entry, UnitFacts, UnitScore, assess
from desktop.domain.assessment_scheme import Scheme, SchemeError, parse_scheme
from desktop.domain.evaluation import Status, Trend
from desktop.forms.definition import FormDef
from desktop.store import audit, evaluation, letters, monitoring, round_progress, units
from desktop.store.database import Database, now_text
from desktop.store.register_names import quote
from desktop.store.registers import RegisterStore
from desktop.store.vault import PLAIN, Codec


def _ready(db: Database) -> bool:
    """False on a file from before schemes were kept (a read-only export does not migrate)."""
    return db.table_exists("assessment_scheme")


# ----- schemes per year ----------------------------------------------------------------------
def stored_schemes(db: Database, year: int) -> list[Scheme]:
    """The schemes kept for ``year``, in id order. A text that no longer parses (the parser
    became stricter) is an error naming the year."""
    if not _ready(db):
        return []
    result = []
    for row in db.query_all(
        "SELECT scheme_id, text FROM assessment_scheme WHERE year = :y ORDER BY scheme_id",
        {"y": year},
    ):
        try:
            result.append(parse_scheme(row["text"], f"{year}年度“{row['scheme_id']}”"))
        except SchemeError as exc:
            raise SchemeError(exc.file, exc.path, exc.message + "（数据库中保存的方案）") from None
    return result


def schemes_for(db: Database, year: int, files: Sequence[Scheme]) -> list[Scheme]:
    """The schemes that score ``year``: those kept for it, then files not yet used for it."""
    kept = stored_schemes(db, year)
    ids = {s.id for s in kept}
    return kept + [s for s in files if s.id not in ids]


def keep_schemes(db: Database, year: int, schemes: Sequence[Scheme]) -> list[str]:
    """Keep the schemes not yet kept for ``year`` (caller holds the transaction); their ids."""
    kept = {s.id for s in stored_schemes(db, year)}
    added = []
    for scheme in schemes:
        if scheme.id in kept:
            continue
        db.execute(
            "INSERT INTO assessment_scheme(year, scheme_id, version, title, text, stored_at) "
            "VALUES (:y, :id, :v, :t, :text, :at)",
            {
                "y": year,
                "id": scheme.id,
                "v": scheme.version,
                "t": scheme.title,
                "text": scheme.text,
                "at": now_text(),
            },
        )
        added.append(scheme.id)
    return added


# ----- manual scores -------------------------------------------------------------------------
def entries(db: Database, year: int) -> dict[int, dict[str, Entry]]:
    """unit id -> item id -> the manual scores typed for ``year``."""
    result: dict[int, dict[str, Entry]] = {}
    if not _ready(db):
        return result
    for r in db.query_all(
        "SELECT unit_id, item_id, self_score, score, note FROM assessment_entry WHERE year = :y",
        {"y": year},
    ):
        result.setdefault(r["unit_id"], {})[r["item_id"]] = Entry(
            r["self_score"], r["score"], r["note"]
        )
    return result


def save_entry(db: Database, year: int, unit_id: int, item_id: str, entry: Entry) -> bool:
    """Write one manual score with its audit rows (caller holds the transaction); False when
    nothing changed."""
    row = db.query_one(
        "SELECT id, self_score, score, note FROM assessment_entry "
        "WHERE year = :y AND unit_id = :u AND item_id = :i",
        {"y": year, "u": unit_id, "i": item_id},
    )
    new = {"self_score": entry.self_score, "score": entry.score, "note": entry.note}
    if row is None:
        if entry == Entry():
            return False
        cursor = db.execute(
            "INSERT INTO assessment_entry(year, unit_id, item_id, self_score, score, note) "
            "VALUES (:y, :u, :i, :self_score, :score, :note)",
            {"y": year, "u": unit_id, "i": item_id, **new},
        )
        record_id = int(cursor.lastrowid or 0)
        changes: dict[str, tuple[object, object]] = {
            f"{item_id}.{k}": (None, v) for k, v in new.items() if v not in (None, "")
        }
        audit.record(db, "assessment_entry", record_id, "insert", changes, time=now_text())
        return True
    changes = {f"{item_id}.{k}": (row[k], v) for k, v in new.items() if row[k] != v}
    if not changes:
        return False
    db.execute(
        "UPDATE assessment_entry SET self_score = :self_score, score = :score, note = :note "
        "WHERE id = :id",
        {"id": row["id"], **new},
    )
    audit.record(db, "assessment_entry", row["id"], "update", changes, time=now_text())
    return True


# ----- facts for the automatic rules ---------------------------------------------------------
def _register_counts(
    db: Database, year: int, forms: Sequence[FormDef], wanted: set[str], codec: Codec
) -> dict[str, dict[int, int]]:
    """register id -> unit id -> records of ``year`` (by the register's date field)."""
    result: dict[str, dict[int, int]] = {}
    for form in forms:
        if form.id not in wanted or form.unit_field is None:
            continue
        counts = _counted(db, form, year)
        result[form.id] = counts if counts is not None else _decoded_counts(db, form, year, codec)
    return result


def _counted(db: Database, form: FormDef, year: int) -> dict[int, int] | None:
    """``_decoded_counts`` by one SQL count per unit, or None where the unit or the date field
    is encrypted (a password can make them so) or not in the table."""
    assert form.unit_field is not None
    if not db.table_exists(form.table):
        return {}
    columns = db.columns(form.table)
    for field_id in (form.unit_field, form.date_field):
        if field_id and (field_id not in columns or form.field(field_id).sensitive):
            return None
    unit = quote(form.unit_field)
    where = f"deleted_at IS NULL AND {unit} IS NOT NULL"
    if form.date_field:  # as ``_year_of``: the year its ISO date starts with (none: counted)
        day = quote(form.date_field)
        where += f" AND ({day} IS NULL OR substr({day}, 1, 4) = :year)"
    rows = db.query_all(
        f"SELECT CAST({unit} AS INTEGER), count(*) FROM {quote(form.table)} "
        f"WHERE {where} GROUP BY 1",
        {"year": f"{year:04d}"},
    )
    return {int(r[0]): int(r[1]) for r in rows}


def _decoded_counts(db: Database, form: FormDef, year: int, codec: Codec) -> dict[int, int]:
    """The register's records of ``year`` per unit, counted on the decoded records."""
    assert form.unit_field is not None
    store = RegisterStore(db, form, codec)
    fields = [form.unit_field] + ([form.date_field] if form.date_field else [])
    table = store.list_table(fields=fields)
    if not table.ids:
        return {}
    unit_column = table.column(form.unit_field)
    dates = table.column(form.date_field) if form.date_field else [None] * len(unit_column)
    counts: dict[int, int] = {}
    for unit_id, day in zip(unit_column, dates, strict=True):
        if not isinstance(unit_id, int):
            continue
        if day is not None and _year_of(day) != year:
            continue
        counts[unit_id] = counts.get(unit_id, 0) + 1
    return counts


def _year_of(day: object) -> int | None:
    if isinstance(day, date):
        return day.year
    text = str(day)
    return int(text[:4]) if text[:4].isdigit() else None


def unit_facts(
    db: Database,
    year: int,
    forms: Sequence[FormDef] = (),
    registers: set[str] | None = None,
    codec: Codec = PLAIN,
) -> list[UnitFacts]:
    """Every active unit's facts for ``year`` (the schemes decide who takes part)."""
    verdicts = {i.id: v for i, v in evaluation.evaluate_year(db, year)}
    led: dict[int, list[int]] = {}
    for (indicator_id, unit_id), role in monitoring.responsibilities(db, year).items():
        if role == "lead":
            led.setdefault(unit_id, []).append(indicator_id)
    progress = {p.unit_id: p for p in round_progress.completeness(db, year)}
    tasks_of: dict[int, list[letters.Task]] = {}
    for task in letters.tasks(db, year):
        tasks_of.setdefault(task.unit_id, []).append(task)
    letter_of = {letter.unit_id: letter.status for letter in letters.letters(db, year)}
    counts = _register_counts(db, year, forms, registers or set(), codec)
    result = []
    for unit in units.list_units(db, active_only=True):
        assert unit.id is not None
        mine = tasks_of.get(unit.id, [])
        done = [t for t in mine if t.status == "done"]
        state = progress.get(unit.id)
        reporting = None
        if state is not None:
            reporting = "late" if state.state == "complete" and state.late else state.state
        verdict_list = [verdicts[i] for i in led.get(unit.id, []) if i in verdicts]
        result.append(
            UnitFacts(
                unit_id=unit.id,
                name=unit.name,
                kind=unit.kind,
                led=len(verdict_list),
                led_met=sum(1 for v in verdict_list if v.status is Status.MET),
                led_improved=sum(
                    1 for v in verdict_list if v.status is Status.MISSED and v.trend is Trend.BETTER
                ),
                tasks=len(mine),
                tasks_done=len(done),
                task_weight=sum(t.weight for t in mine),
                task_weight_done=sum(t.weight for t in done),
                reporting=reporting,
                records={form_id: c.get(unit.id, 0) for form_id, c in counts.items()},
                letter=letter_of.get(unit.id),
            )
        )
    return result


def registers_of(schemes: Sequence[Scheme]) -> set[str]:
    return {i.register for s in schemes for i in s.items if i.rule == "register_count"}


@dataclass(frozen=True)
class SchemeScores:
    scheme: Scheme
    scores: list[UnitScore]

    def taking_part(self) -> list[UnitScore]:
        return [s for s in self.scores if s.taking_part]


def scores(
    db: Database,
    year: int,
    files: Sequence[Scheme],
    forms: Sequence[FormDef] = (),
    codec: Codec = PLAIN,
) -> list[SchemeScores]:
    """Every scheme's units for ``year``, ranked: what the page, the table and the 通报 show."""
    schemes = schemes_for(db, year, files)
    facts = unit_facts(db, year, forms, registers_of(schemes), codec)
    typed = entries(db, year)
    return [SchemeScores(s, assess(s, facts, typed)) for s in schemes]
