"""The township's side of 上报县级: the database's level, its signing key, the formats it used,
and the township's total of every data element in a year.

Signing (what "tampered" means between two databases that share no secret): the township
database keeps an Ed25519 private key (meta ``submission_key``, made on first need, never
written out); a submission carries the public key, a SHA-256 content hash of everything it
claims and a signature over that hash. The county checks the signature with the key in the
file, and remembers each township's key from its first merged submission (trust on first use,
like SSH): an edited file fails the signature; a file re-signed with another key under a
known township's database id is refused. A county cannot tell a first file from an impostor
by the key alone: the preview shows a new township and the key's fingerprint, which is also
printed on the stamped paper copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain.evaluation import IndicatorRule, Part, township_value
from desktop.forms.definition import FormDef
from desktop.forms.submission_format import SubmissionFormat
from desktop.store import derived, indicators
from desktop.store.database import Database, now_text
from desktop.store.errors import StoreError

LEVELS = {"township": "乡镇", "county": "县级"}
KEY = "submission_key"


def level(db: Database) -> str:
    """``township`` (every database made before levels existed) or ``county``."""
    return db.meta("level") or "township"


def is_county(db: Database) -> bool:
    return level(db) == "county"


def set_level(db: Database, value: str) -> None:
    if value not in LEVELS:
        raise ValueError(value)
    with db.transaction():
        db.execute(
            "INSERT INTO meta(key, value) VALUES ('level', :v) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            {"v": value},
        )


def private_key(db: Database) -> bytes:
    """The database's Ed25519 private key (32 bytes), made on first need."""
    text = db.meta(KEY)
    if text is None:
        if db.read_only:
            raise StoreError("数据库缺少上报签名密钥，请先用妇联工作台打开一次。")
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            NoEncryption,
            PrivateFormat,
        )

        raw = Ed25519PrivateKey.generate().private_bytes(
            Encoding.Raw, PrivateFormat.Raw, NoEncryption()
        )
        with db.transaction():
            db.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES (:k, :v)",
                {"k": KEY, "v": raw.hex()},
            )
        text = db.meta(KEY)
        assert text is not None
    return bytes.fromhex(text)


def store_format(db: Database, fmt: SubmissionFormat) -> None:
    """Keep the text of a format the database used (once per id and version)."""
    with db.transaction():
        db.execute(
            "INSERT OR IGNORE INTO submission_format(format_id, version, text, stored_at) "
            "VALUES (:id, :v, :t, :now)",
            {"id": fmt.id, "v": fmt.version, "t": fmt.text, "now": now_text()},
        )


def stored_format_text(db: Database, format_id: str, version: int) -> str | None:
    value = db.scalar(
        "SELECT text FROM submission_format WHERE format_id = :id AND version = :v",
        {"id": format_id, "v": version},
    )
    return None if value is None else str(value)


@dataclass(frozen=True)
class ElementTotal:
    """The township's figure of one data element: summed over its units (a count), the one
    unit's value (a rate reported as such), or counted from a register."""

    code: str
    value: Decimal | None
    reason: str = ""  # why there is none


_PARTS_SQL = """
SELECT e.code AS code, e.role AS role, i.aggregation AS aggregation, u.name AS unit,
       v.value AS value, v.no_data AS no_data, v.id AS vid
FROM data_element e
JOIN indicator i ON i.id = e.indicator_id
JOIN assignment a ON a.year = :y AND a.element_id = e.id
JOIN unit u ON u.id = a.unit_id
LEFT JOIN value v ON v.year = a.year AND v.unit_id = a.unit_id AND v.element_id = e.id
WHERE i.level != 'county' AND i.register = '' AND e.shared_with IS NULL
ORDER BY e.code, u.sort_order
"""


def element_totals(
    db: Database, year: int, forms: Sequence[FormDef] | None = None
) -> dict[str, ElementTotal]:
    """code -> the township's figure, for every data element the township reports (shared
    elements appear once, under their own code; register rows counted from the register)."""
    parts: dict[str, list[tuple[str, Part | None]]] = {}
    summed: dict[str, bool] = {}
    for r in db.query_all(_PARTS_SQL, {"y": year}):
        part = None if r["vid"] is None else Part(_dec(r["value"]), bool(r["no_data"]))
        parts.setdefault(r["code"], []).append((r["unit"], part))
        summed[r["code"]] = not (r["role"] == "value" and r["aggregation"] == "value")
    result: dict[str, ElementTotal] = {}
    for element in indicators.elements(db):
        if element.shared_with is not None:
            continue
        reports = parts.get(element.code)
        if reports is None:
            continue
        rule = IndicatorRule(
            element.code, ">=", kind="reported", aggregation="sum" if summed[element.code] else ""
        )
        total = township_value(rule, {"value": reports})
        result[element.code] = ElementTotal(element.code, total.value, total.reason)
    registered = [i for i in indicators.list_indicators(db) if i.register and i.level != "county"]
    if registered and forms != ():
        if forms is None:
            from desktop.forms.loader import default_forms

            forms = default_forms().forms
        for indicator in registered:
            count = derived.count(db, forms, indicator, year)
            result[indicator.code] = ElementTotal(indicator.code, count.value, "")
    return result


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))
