"""Forward-only schema migrations. The schema version lives in ``PRAGMA user_version``.

``user_version`` sits in the file header, so a file from a newer program can be refused by
reading 100 bytes, before SQLite opens it (see ``header.py``). Each migration runs inside the
caller's transaction: all steps of one open succeed together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.store import list_index, purge_index, register_legacy, search_column
from desktop.store.catalogue_schema import V8 as _V8_STATEMENTS
from desktop.store.county_schema import V13 as _V13_STATEMENTS
from desktop.store.schema_handle import Schema
from desktop.store.schema_latest import LATEST


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...] = ()
    #: Python steps after ``statements``; called with the open ``Database`` (typed loosely so
    #: that a step may use the whole Database API without this module importing it).
    run: Callable[[Any], None] | None = None


_V1 = (
    """CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE profile (
        id                  INTEGER PRIMARY KEY CHECK (id = 1),
        township            TEXT NOT NULL DEFAULT '',
        federation          TEXT NOT NULL DEFAULT '',
        committee           TEXT NOT NULL DEFAULT '',
        doc_prefix          TEXT NOT NULL DEFAULT '',
        committee_signatory TEXT NOT NULL DEFAULT '',
        federation_chair    TEXT NOT NULL DEFAULT '',
        clerk               TEXT NOT NULL DEFAULT '',
        address             TEXT NOT NULL DEFAULT '',
        phone               TEXT NOT NULL DEFAULT ''
    ) STRICT""",
    "INSERT INTO profile(id) VALUES (1)",
    """CREATE TABLE unit (
        id         INTEGER PRIMARY KEY,
        code       TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL UNIQUE,
        kind       TEXT NOT NULL DEFAULT 'department',
        liaison    TEXT NOT NULL DEFAULT '',
        phone      TEXT NOT NULL DEFAULT '',
        active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        sort_order INTEGER NOT NULL DEFAULT 0
    ) STRICT""",
    """CREATE TABLE audit (
        id         INTEGER PRIMARY KEY,
        time       TEXT NOT NULL,
        pc         TEXT NOT NULL,
        table_name TEXT NOT NULL,
        record_id  INTEGER NOT NULL,
        action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
        field      TEXT,
        old        TEXT,
        new        TEXT
    ) STRICT""",
    "CREATE INDEX audit_record ON audit(table_name, record_id)",
)

_V2 = (
    "ALTER TABLE unit ADD COLUMN address TEXT NOT NULL DEFAULT ''",
    """CREATE TABLE indicator (
        id          INTEGER PRIMARY KEY,
        code        TEXT NOT NULL UNIQUE,
        plan        TEXT NOT NULL CHECK (plan IN ('women', 'children')),
        domain      TEXT NOT NULL,
        name        TEXT NOT NULL,
        measure     TEXT NOT NULL DEFAULT '%',
        decimals    INTEGER NOT NULL DEFAULT 1 CHECK (decimals BETWEEN 0 AND 4),
        direction   TEXT NOT NULL CHECK (direction IN ('>=', '<=', '~')),
        tolerance   REAL NOT NULL DEFAULT 0 CHECK (tolerance >= 0),
        range_min   REAL,
        range_max   REAL,
        definition  TEXT NOT NULL DEFAULT '',
        data_source TEXT NOT NULL DEFAULT '',
        source      TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('national', 'local')),
        verified    INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
        kind        TEXT NOT NULL DEFAULT 'reported' CHECK (kind IN ('reported', 'computed')),
        factor      REAL NOT NULL DEFAULT 1,
        lead_hint   TEXT NOT NULL DEFAULT '',
        sort_order  INTEGER NOT NULL DEFAULT 0,
        active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
    ) STRICT""",
    """CREATE TABLE indicator_target (
        id           INTEGER PRIMARY KEY,
        indicator_id INTEGER NOT NULL REFERENCES indicator(id),
        year         INTEGER NOT NULL,  -- 0: the final target of the plan period
        value        REAL NOT NULL,
        UNIQUE (indicator_id, year)
    ) STRICT""",
    """CREATE TABLE data_element (
        id           INTEGER PRIMARY KEY,
        code         TEXT NOT NULL UNIQUE,
        name         TEXT NOT NULL,
        measure      TEXT NOT NULL DEFAULT '',
        indicator_id INTEGER NOT NULL REFERENCES indicator(id),
        role         TEXT NOT NULL CHECK (role IN ('value', 'numerator', 'denominator')),
        UNIQUE (indicator_id, role)
    ) STRICT""",
    """CREATE TABLE assignment (
        id         INTEGER PRIMARY KEY,
        year       INTEGER NOT NULL,
        element_id INTEGER NOT NULL REFERENCES data_element(id),
        unit_id    INTEGER NOT NULL REFERENCES unit(id),
        UNIQUE (year, element_id, unit_id)
    ) STRICT""",
    "CREATE INDEX assignment_unit ON assignment(year, unit_id)",
    """CREATE TABLE responsibility (
        id           INTEGER PRIMARY KEY,
        year         INTEGER NOT NULL,
        indicator_id INTEGER NOT NULL REFERENCES indicator(id),
        unit_id      INTEGER NOT NULL REFERENCES unit(id),
        role         TEXT NOT NULL CHECK (role IN ('lead', 'support')),
        UNIQUE (year, indicator_id, unit_id)
    ) STRICT""",
    """CREATE TABLE value (
        id         INTEGER PRIMARY KEY,
        year       INTEGER NOT NULL,
        unit_id    INTEGER NOT NULL REFERENCES unit(id),
        element_id INTEGER NOT NULL REFERENCES data_element(id),
        value      REAL,
        no_data    INTEGER NOT NULL DEFAULT 0 CHECK (no_data IN (0, 1)),
        note       TEXT NOT NULL DEFAULT '',
        source     TEXT NOT NULL DEFAULT '',
        origin     TEXT NOT NULL DEFAULT 'typed',
        updated_at TEXT NOT NULL,
        UNIQUE (year, unit_id, element_id)
    ) STRICT""",
    "CREATE INDEX value_element ON value(year, element_id)",
    """CREATE TABLE monitoring_round (
        year      INTEGER PRIMARY KEY,
        deadline  TEXT NOT NULL DEFAULT '',
        opened_at TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE round_unit (
        id           INTEGER PRIMARY KEY,
        year         INTEGER NOT NULL,
        unit_id      INTEGER NOT NULL REFERENCES unit(id),
        completed_at TEXT,
        UNIQUE (year, unit_id)
    ) STRICT""",
)

_V3 = (
    """CREATE TABLE import_log (
        id          INTEGER PRIMARY KEY,
        file_name   TEXT NOT NULL,
        file_hash   TEXT NOT NULL,
        time        TEXT NOT NULL,
        pc          TEXT NOT NULL,
        year        INTEGER NOT NULL,
        unit_id     INTEGER NOT NULL REFERENCES unit(id),
        applied     INTEGER NOT NULL,
        skipped     INTEGER NOT NULL,
        valid_only  INTEGER NOT NULL DEFAULT 0
    ) STRICT""",
    "CREATE INDEX import_log_hash ON import_log(file_hash)",
)

_V4 = (
    """CREATE TABLE task (
        id         INTEGER PRIMARY KEY,
        year       INTEGER NOT NULL,
        unit_id    INTEGER NOT NULL REFERENCES unit(id),
        category   TEXT NOT NULL DEFAULT '',
        content    TEXT NOT NULL,
        target     TEXT NOT NULL DEFAULT '',
        deadline   TEXT NOT NULL DEFAULT '',
        weight     REAL NOT NULL DEFAULT 0 CHECK (weight >= 0),
        status     TEXT NOT NULL DEFAULT 'not_started'
                   CHECK (status IN ('not_started', 'in_progress', 'done', 'not_done')),
        progress   TEXT NOT NULL DEFAULT '',
        evidence   TEXT NOT NULL DEFAULT '',
        sort_order INTEGER NOT NULL DEFAULT 0
    ) STRICT""",
    "CREATE INDEX task_unit ON task(year, unit_id)",
    """CREATE TABLE letter (
        id          INTEGER PRIMARY KEY,
        year        INTEGER NOT NULL,
        unit_id     INTEGER NOT NULL REFERENCES unit(id),
        sequence    INTEGER NOT NULL,
        number      TEXT NOT NULL,
        status      TEXT NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'issued', 'signed', 'archived')),
        issued_on   TEXT NOT NULL DEFAULT '',
        signed_on   TEXT NOT NULL DEFAULT '',
        scan_id     INTEGER REFERENCES attachment(id),
        UNIQUE (year, unit_id),
        UNIQUE (year, sequence)
    ) STRICT""",
    """CREATE TABLE attachment (
        id         INTEGER PRIMARY KEY,
        file_name  TEXT NOT NULL,
        mime       TEXT NOT NULL,
        size       INTEGER NOT NULL,
        data       BLOB NOT NULL,
        added_at   TEXT NOT NULL
    ) STRICT""",
)

_AUDIT_ACTIONS = "'insert', 'update', 'delete', 'restore', 'export', 'import', 'purge'"

_V5 = (
    # audit gains the actions of registers: restore (undelete), export (full export of
    # personal data), import, purge (erasing personal data after its retention period)
    f"""CREATE TABLE audit_v5 (
        id         INTEGER PRIMARY KEY,
        time       TEXT NOT NULL,
        pc         TEXT NOT NULL,
        table_name TEXT NOT NULL,
        record_id  INTEGER NOT NULL,
        action     TEXT NOT NULL CHECK (action IN ({_AUDIT_ACTIONS})),
        field      TEXT,
        old        TEXT,
        new        TEXT
    ) STRICT""",
    "INSERT INTO audit_v5 SELECT id, time, pc, table_name, record_id, action, field, old, new "
    "FROM audit",
    "DROP TABLE audit",
    "ALTER TABLE audit_v5 RENAME TO audit",
    "CREATE INDEX audit_record ON audit(table_name, record_id)",
    # registers' tables are made from forms/*.toml (store/registers.py); this lists them
    """CREATE TABLE register_table (
        form_id    TEXT PRIMARY KEY,
        table_name TEXT NOT NULL UNIQUE,
        version    INTEGER NOT NULL,
        title      TEXT NOT NULL,
        synced_at  TEXT NOT NULL
    ) STRICT""",
)

_V6 = (
    # the database password's key material (store/vault.py): the data key wrapped by a key
    # derived from the password (scrypt, parameters here) and by the recovery key
    """CREATE TABLE vault (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        version       INTEGER NOT NULL,
        kdf           TEXT NOT NULL,
        kdf_n         INTEGER NOT NULL,
        kdf_r         INTEGER NOT NULL,
        kdf_p         INTEGER NOT NULL,
        salt          BLOB NOT NULL,
        password_wrap BLOB NOT NULL,
        recovery_salt BLOB NOT NULL,
        recovery_wrap BLOB NOT NULL,
        created_at    TEXT NOT NULL,
        changed_at    TEXT NOT NULL
    ) STRICT""",
)


_V10 = (
    # register workbooks imported (store/register_imports.py): a second import of the same
    # file is refused, and rows without a record id that an earlier import of the same
    # workbook already added are not added again (matched by a keyed fingerprint of the row)
    """CREATE TABLE register_import (
        id        INTEGER PRIMARY KEY,
        form_id   TEXT NOT NULL,
        file_name TEXT NOT NULL,
        file_hash TEXT NOT NULL,
        export_id TEXT NOT NULL DEFAULT '',
        time      TEXT NOT NULL,
        pc        TEXT NOT NULL,
        added     INTEGER NOT NULL,
        updated   INTEGER NOT NULL
    ) STRICT""",
    """CREATE TABLE register_import_row (
        import_id   INTEGER NOT NULL REFERENCES register_import(id),
        fingerprint TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX register_import_hash ON register_import(form_id, file_hash)",
    "CREATE INDEX register_import_row_fingerprint ON register_import_row(fingerprint)",
)


def _v10_template_key(db: Schema) -> None:
    """The secret that signs fill-in templates (store/signing.py); never leaves the file."""
    import secrets

    db.execute(
        "INSERT OR IGNORE INTO meta(key, value) VALUES ('template_key', :value)",
        {"value": secrets.token_hex(32)},
    )


def _v17_reminder_indexes(db: Schema) -> None:
    """17: the reminders' indexes; 23 again: the kept latest visits and their index; 25
    again: the visit reminder's index by level (``visit_index``)."""
    from desktop.store import reminder_indexes  # here: it reads the registers' definitions

    reminder_indexes.migrate(db)


_V11 = (
    # 考核 (issue 16): the scheme text used for each year (scores never change when a file in
    # forms/assessment/ is edited later), and the manual scores (自评, 考评, note)
    """CREATE TABLE assessment_scheme (
        year       INTEGER NOT NULL,
        scheme_id  TEXT NOT NULL,
        version    INTEGER NOT NULL,
        title      TEXT NOT NULL,
        text       TEXT NOT NULL,
        stored_at  TEXT NOT NULL,
        PRIMARY KEY (year, scheme_id)
    ) STRICT""",
    """CREATE TABLE assessment_entry (
        id          INTEGER PRIMARY KEY,
        year        INTEGER NOT NULL,
        unit_id     INTEGER NOT NULL REFERENCES unit(id),
        item_id     TEXT NOT NULL,
        self_score  REAL,
        score       REAL,
        note        TEXT NOT NULL DEFAULT '',
        UNIQUE (year, unit_id, item_id)
    ) STRICT""",
    # 预警通知书 / 督办单 sent to lead units, and the follow-up of each warned indicator
    """CREATE TABLE notice (
        id         INTEGER PRIMARY KEY,
        year       INTEGER NOT NULL,
        unit_id    INTEGER NOT NULL REFERENCES unit(id),
        kind       TEXT NOT NULL CHECK (kind IN ('warning', 'supervision')),
        sequence   INTEGER NOT NULL,
        number     TEXT NOT NULL,
        issued_on  TEXT NOT NULL,
        due_on     TEXT NOT NULL,
        UNIQUE (year, kind, sequence)
    ) STRICT""",
    """CREATE TABLE follow_up (
        id            INTEGER PRIMARY KEY,
        notice_id     INTEGER NOT NULL REFERENCES notice(id),
        indicator_id  INTEGER NOT NULL REFERENCES indicator(id),
        flags         TEXT NOT NULL,
        value         TEXT NOT NULL DEFAULT '',
        target        TEXT NOT NULL DEFAULT '',
        reason        TEXT NOT NULL DEFAULT '',
        measures      TEXT NOT NULL DEFAULT '',
        due_on        TEXT NOT NULL,
        review_on     TEXT NOT NULL DEFAULT '',
        review_result TEXT NOT NULL DEFAULT '',
        state         TEXT NOT NULL DEFAULT 'open'
                      CHECK (state IN ('open', 'closed', 'escalated')),
        escalated_to  INTEGER REFERENCES notice(id),
        inspection_id INTEGER,
        UNIQUE (notice_id, indicator_id)
    ) STRICT""",
    "CREATE INDEX follow_up_state ON follow_up(state, due_on)",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "meta, profile, unit, audit", _V1),
    Migration(2, "units' address; indicators, targets, data elements, assignments, values", _V2),
    Migration(3, "import log of returned templates", _V3),
    Migration(4, "tasks, letters and attachments", _V4),
    Migration(5, "audit actions of registers; the list of register tables", _V5),
    Migration(6, "the database password's key material", _V6),
    Migration(
        7,
        "registers' generated names; their stored definitions",
        register_legacy.DDL,
        register_legacy.rename_legacy,
    ),
    Migration(8, "catalogue levels, definitions, shared elements, year lock", _V8_STATEMENTS),
    Migration(
        9,
        "a letter's own date (printed on it; set by the clerk, else its issue date)",
        ("ALTER TABLE letter ADD COLUMN dated TEXT NOT NULL DEFAULT ''",),
    ),
    Migration(
        10,
        "the secret that signs fill-in templates; the log of register workbook imports",
        _V10,
        run=_v10_template_key,
    ),
    Migration(11, "assessment schemes and scores per year; notices and their follow-up", _V11),
    Migration(
        13, "submission formats used; the county's townships and their submissions", _V13_STATEMENTS
    ),
    Migration(
        16,
        "a county's township list: code, active; townships registered before their first file",
        (
            "ALTER TABLE township ADD COLUMN code TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE township ADD COLUMN active INTEGER NOT NULL DEFAULT 1",
        ),
    ),
    Migration(
        17,
        "indexes for the home page's register reminders",
        (),
        run=_v17_reminder_indexes,
    ),
    Migration(
        18,
        "registers' lists read through an index (live records in the list's order, filters)",
        run=list_index.index_stored_registers,
    ),
    Migration(
        21,
        "registers with personal data: an index on what may be erased (purged, deleted, date)",
        run=purge_index.migrate,
    ),
    Migration(
        22,
        "the township's 统计用区划代码 (carried by its submissions to the county)",
        ("ALTER TABLE profile ADD COLUMN division_code TEXT NOT NULL DEFAULT ''",),
    ),
    Migration(
        23,
        "each record's latest visit kept by triggers, read by the visit reminder's index",
        run=_v17_reminder_indexes,
    ),
    Migration(
        24,
        "registers' search column (non-sensitive fields' shown text, generated) and its index",
        run=search_column.migrate,
    ),
    Migration(
        25,
        "the visit reminder's index: each level's due records one range (only the due are read)",
        run=_v17_reminder_indexes,
    ),
)

if MIGRATIONS[-1].version != LATEST:  # a new migration also raises ``schema_latest.LATEST``
    raise RuntimeError(f"schema_latest.LATEST is {LATEST}, the last migration {MIGRATIONS[-1]}")


def migrate(db: Schema, current: int) -> None:
    """Bring the schema from ``current`` to ``LATEST``; the caller holds the transaction."""
    for migration in MIGRATIONS:
        if migration.version <= current:
            continue
        for statement in migration.statements:
            db.execute(statement)
        if migration.run is not None:
            migration.run(db)
        db.execute(f"PRAGMA user_version = {int(migration.version)}")
    db.forget_schema()
