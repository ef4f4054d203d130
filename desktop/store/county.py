"""The county database's townships, their merged submissions and values (schema 13, 16).

The township list (schema 16): the county registers its townships (name, code, sort order,
active) before any file arrives. A registered township has no key yet: its ``db_id`` is a
placeholder (``REGISTERED`` + a random id) until its first submission binds it (matched by
the 统计用区划代码 the file carries when the list has a code, else by name; trust on first use
as for a township not on the list, which is added when merged). The list's name stays the
county's: a later file does not rename it.

A township is known by the database id its submissions carry; its values are kept per data
element code (the catalogue is the same in every database). A re-submission for the same
township and year replaces that township's values for the year (the earlier submission stays
in the log, marked replaced). Every write is one transaction with an audit note.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain import division
from desktop.domain.evaluation import Part
from desktop.store import records
from desktop.store.database import Database, now_text

#: the db_id of a township registered on the list that has not submitted yet
REGISTERED = "registered:"


@dataclass(frozen=True)
class Township:
    id: int
    db_id: str
    name: str
    public_key: str
    code: str = ""
    sort_order: int = 0
    active: bool = True

    @property
    def bound(self) -> bool:
        """Has submitted (its database id and key are known)."""
        return not self.db_id.startswith(REGISTERED)


@dataclass(frozen=True)
class Figure:
    value: str  # text as submitted ("" none)
    reason: str = ""

    @property
    def number(self) -> Decimal | None:
        return Decimal(self.value) if self.value else None


@dataclass(frozen=True)
class SubmissionRecord:
    id: int
    township_id: int
    township: str
    year: int
    generated_at: str
    imported_at: str
    file_name: str
    content_hash: str
    draft: bool
    unconfirmed: str
    counts: str
    replaced: bool


def _township(r: sqlite3.Row) -> Township:
    return Township(
        r["id"],
        r["db_id"],
        r["name"],
        r["public_key"],
        r["code"],
        r["sort_order"],
        bool(r["active"]),
    )


def townships(db: Database) -> list[Township]:
    return [_township(r) for r in db.query_all("SELECT * FROM township ORDER BY sort_order, id")]


def township_by_db_id(db: Database, db_id: str) -> Township | None:
    if db_id.startswith(REGISTERED):
        return None
    r = db.query_one("SELECT * FROM township WHERE db_id = :d", {"d": db_id})
    return None if r is None else _township(r)


def registered_unbound(db: Database, name: str, code: str = "") -> Township | None:
    """The township on the list that has not submitted yet and is the one a file of ``name``
    with 统计用区划代码 ``code`` comes from: matched by code first (names are written
    differently), else by name."""
    rows = [
        _township(r)
        for r in db.query_all(
            "SELECT * FROM township WHERE db_id LIKE :p ORDER BY id", {"p": REGISTERED + "%"}
        )
    ]
    by_code = [t for t in rows if division.matches(t.code, code)]
    return next(iter(by_code), None) or next((t for t in rows if t.name == name), None)


def add_township(db: Database, name: str, code: str = "") -> int:
    """Register a township on the list (last in order). One transaction, audited."""
    with db.transaction():
        order = int(db.scalar("SELECT coalesce(max(sort_order), 0) + 1 FROM township"))
        return records.insert(
            db,
            "township",
            {
                "db_id": REGISTERED + uuid.uuid4().hex,
                "name": name,
                "public_key": "",
                "code": code,
                "sort_order": order,
                "first_seen": now_text(),
            },
        )


def update_township(db: Database, township_id: int, values: dict[str, object]) -> None:
    """Change a township's name, code, sort order or active flag (audited)."""
    records.update(db, "township", township_id, values)


def imported_content(db: Database, content_hash: str) -> SubmissionRecord | None:
    rows = _submissions(db, "s.content_hash = :h", {"h": content_hash})
    return rows[0] if rows else None


def figures(db: Database, township_id: int, year: int) -> dict[str, Figure]:
    return {
        r["element_code"]: Figure(_text(r["value"]), r["reason"])
        for r in db.query_all(
            "SELECT element_code, value, reason FROM township_value "
            "WHERE township_id = :t AND year = :y",
            {"t": township_id, "y": year},
        )
    }


def year_figures(db: Database, year: int) -> dict[int, dict[str, Figure]]:
    """township id -> element code -> figure, for one year."""
    result: dict[int, dict[str, Figure]] = {}
    for r in db.query_all(
        "SELECT township_id, element_code, value, reason FROM township_value WHERE year = :y",
        {"y": year},
    ):
        result.setdefault(r["township_id"], {})[r["element_code"]] = Figure(
            _text(r["value"]), r["reason"]
        )
    return result


def _text(value: float | None) -> str:
    if value is None:
        return ""
    number = Decimal(str(value))
    return f"{number.normalize():f}" if number == number.to_integral_value() else str(number)


def submissions(db: Database, year: int | None = None) -> list[SubmissionRecord]:
    if year is None:
        return _submissions(db, "1", {})
    return _submissions(db, "s.year = :y", {"y": year})


def _submissions(db: Database, where: str, params: dict[str, object]) -> list[SubmissionRecord]:
    return [
        SubmissionRecord(
            r["id"],
            r["township_id"],
            r["name"],
            r["year"],
            r["generated_at"],
            r["imported_at"],
            r["file_name"],
            r["content_hash"],
            bool(r["draft"]),
            r["unconfirmed"],
            r["counts"],
            bool(r["replaced"]),
        )
        for r in db.query_all(
            "SELECT s.*, t.name FROM township_submission s JOIN township t ON "
            f"t.id = s.township_id WHERE {where} ORDER BY t.sort_order, t.id, s.id",
            params,
        )
    ]


@dataclass(frozen=True)
class Incoming:
    """A verified submission file to merge (``exchange.submission_excel.read``)."""

    db_id: str
    township: str
    township_code: str
    public_key: str
    year: int
    format_id: str
    format_version: int
    generated_at: str
    draft: bool
    unconfirmed: tuple[str, ...]
    content_hash: str
    file_name: str
    file_hash: str
    figures: dict[str, Figure]


def merge(db: Database, incoming: Incoming, counts: str) -> int:
    """Store one submission in one transaction: the township (added when new; a known one
    keeps the name on the county's list, whatever the file calls it), the
    submission (earlier ones of that township and year marked replaced), its values replacing
    the township's values of that year. Returns the submission id."""
    now = now_text()
    with db.transaction():
        known = township_by_db_id(db, incoming.db_id) or registered_unbound(
            db, incoming.township, incoming.township_code
        )
        if known is not None and not known.bound:  # on the list: its first file binds it
            records.update(
                db,
                "township",
                known.id,
                {"db_id": incoming.db_id, "public_key": incoming.public_key, "first_seen": now},
            )
        if known is None:
            order = int(db.scalar("SELECT coalesce(max(sort_order), 0) + 1 FROM township"))
            township_id = records.insert(
                db,
                "township",
                {
                    "db_id": incoming.db_id,
                    "name": incoming.township,
                    "public_key": incoming.public_key,
                    "sort_order": order,
                    "first_seen": now,
                },
            )
        else:  # the county's list keeps its own name (the clerk may have corrected it)
            township_id = known.id
        db.execute(
            "UPDATE township_submission SET replaced = 1 WHERE township_id = :t AND year = :y",
            {"t": township_id, "y": incoming.year},
        )
        submission_id = records.insert(
            db,
            "township_submission",
            {
                "township_id": township_id,
                "year": incoming.year,
                "format_id": incoming.format_id,
                "format_version": incoming.format_version,
                "generated_at": incoming.generated_at,
                "imported_at": now,
                "file_name": incoming.file_name,
                "file_hash": incoming.file_hash,
                "content_hash": incoming.content_hash,
                "draft": int(incoming.draft),
                "unconfirmed": "、".join(incoming.unconfirmed),
                "counts": counts,
            },
        )
        db.execute(
            "DELETE FROM township_value WHERE township_id = :t AND year = :y",
            {"t": township_id, "y": incoming.year},
        )
        db.execute_many(
            "INSERT INTO township_value(township_id, year, element_code, value, no_data, "
            "reason, submission_id) VALUES (:t, :y, :c, :v, :n, :r, :s)",
            [
                {
                    "t": township_id,
                    "y": incoming.year,
                    "c": code,
                    "v": float(figure.value) if figure.value else None,
                    "n": int(not figure.value),
                    "r": figure.reason,
                    "s": submission_id,
                }
                for code, figure in incoming.figures.items()
            ],
        )
        records.insert_audit_note(
            db,
            "township_submission",
            submission_id,
            f"导入乡镇上报：{incoming.township} {incoming.year}年度，"
            f"{incoming.file_name}，{counts}",
        )
    return submission_id


def years(db: Database) -> list[int]:
    return [
        r["year"]
        for r in db.query_all("SELECT DISTINCT year FROM township_submission ORDER BY year")
    ]


def evaluation_parts(
    db: Database, year: int
) -> dict[int, dict[str, list[tuple[str, Part | None]]]]:
    """indicator id -> role -> [(township, its figure or None)] for the townships that
    submitted ``year``: the county's evaluation sums them like a township sums its units."""
    rows = db.query_all(
        "SELECT e.indicator_id, e.role, t.name, tv.value, tv.no_data, tv.year AS got "
        "FROM data_element e JOIN data_element own ON own.id = coalesce(e.shared_with, e.id) "
        "JOIN indicator i ON i.id = e.indicator_id AND i.level != 'county' "
        "JOIN township t ON t.id IN (SELECT township_id FROM township_submission "
        "WHERE year = :y AND replaced = 0) "
        "LEFT JOIN township_value tv ON tv.township_id = t.id AND tv.year = :y "
        "AND tv.element_code = own.code ORDER BY t.sort_order, t.id",
        {"y": year},
    )
    parts: dict[int, dict[str, list[tuple[str, Part | None]]]] = {}
    for r in rows:
        part = None if r["got"] is None else Part(_dec(r["value"]), bool(r["no_data"]))
        parts.setdefault(r["indicator_id"], {}).setdefault(r["role"], []).append((r["name"], part))
    return parts


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def element_names(db: Database) -> dict[str, str]:
    """code -> name of every data element a township can submit (register rows under their
    indicator's code), in one query: the merge asks for it once a file."""
    return {
        r["code"]: r["name"]
        for r in db.query_all(
            "SELECT e.code, e.name FROM data_element e WHERE e.shared_with IS NULL "
            "UNION ALL SELECT i.code, i.name FROM indicator i WHERE i.register != ''"
        )
    }
