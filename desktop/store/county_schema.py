"""Schema 13: submissions to the county and the county database's townships (issue 18).

- ``submission_format``: the text of each submission format a database has used, by id and
  version (like the registers' stored definitions): a past submission can always be re-read.
- ``township``: in a county database (meta ``level`` = ``county``), each township that has
  submitted, by its database id, with the public key its first submission was signed with
  (trust on first use: a later file claiming that database id must carry the same key).
- ``township_submission``: every merged file (also the import log: file name, hash, counts),
  ``replaced`` set when a re-submission for the same township and year took its place.
- ``township_value``: a township's value of each data element (by code, the catalogue is the
  same in every database) for a year, from its latest submission.
"""

from __future__ import annotations

V13 = (
    """CREATE TABLE submission_format (
        format_id  TEXT NOT NULL,
        version    INTEGER NOT NULL,
        text       TEXT NOT NULL,
        stored_at  TEXT NOT NULL,
        PRIMARY KEY (format_id, version)
    ) STRICT""",
    """CREATE TABLE township (
        id          INTEGER PRIMARY KEY,
        db_id       TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        public_key  TEXT NOT NULL,
        sort_order  INTEGER NOT NULL DEFAULT 0,
        first_seen  TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE township_submission (
        id             INTEGER PRIMARY KEY,
        township_id    INTEGER NOT NULL REFERENCES township(id),
        year           INTEGER NOT NULL,
        format_id      TEXT NOT NULL,
        format_version INTEGER NOT NULL,
        generated_at   TEXT NOT NULL,
        imported_at    TEXT NOT NULL,
        file_name      TEXT NOT NULL,
        file_hash      TEXT NOT NULL,
        content_hash   TEXT NOT NULL,
        draft          INTEGER NOT NULL DEFAULT 0,
        unconfirmed    TEXT NOT NULL DEFAULT '',
        counts         TEXT NOT NULL DEFAULT '',
        replaced       INTEGER NOT NULL DEFAULT 0
    ) STRICT""",
    "CREATE INDEX township_submission_year ON township_submission(year, township_id)",
    "CREATE INDEX township_submission_content ON township_submission(content_hash)",
    """CREATE TABLE township_value (
        township_id    INTEGER NOT NULL REFERENCES township(id),
        year           INTEGER NOT NULL,
        element_code   TEXT NOT NULL,
        value          REAL,
        no_data        INTEGER NOT NULL DEFAULT 0,
        reason         TEXT NOT NULL DEFAULT '',
        submission_id  INTEGER NOT NULL REFERENCES township_submission(id),
        PRIMARY KEY (township_id, year, element_code)
    ) STRICT""",
)
