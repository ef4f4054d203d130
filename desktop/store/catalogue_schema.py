"""Schema of monitoring v2 (migration 8): catalogue levels, indicator explanations, target
shapes, data elements shared between indicators, indicators derived from registers, year lock.

- ``indicator.level``: ``township`` (units of the township report it), ``county`` (a county or
  city statistic: shown greyed, 县级指标，乡镇不填, never on a unit's form, template or
  completeness count) or ``local`` (the township's own).
- ``indicator.aggregation``: how the township value comes from its elements: ``value`` (one
  unit reports the value), ``sum`` (a count many units report, summed), ``rate`` (Σ numerator /
  Σ denominator × factor) or ``counts`` (the township reports the two counts; the county
  computes the rate, so the township shows the counts and does not evaluate a rate of a tiny
  denominator).
- ``indicator.tolerance_side``: for ``~`` targets: ``both`` (|v − t| ≤ tolerance), ``below``
  (only a shortfall counts: v ≥ t − tolerance) or ``above``.
- ``indicator.base_year`` / ``base_value`` / ``target_change``: a "下降幅度" target is stored as the
  rate with its target derived from the base year (base × (1 + change/100)); the base also
  anchors the mid-term review.
- ``data_element.shared_with``: an element that is another's (活产数 is reported once and
  used by every indicator over live births).
- ``indicator.register``: ``form_id:field=a,b;field2=c`` derives the value from a register.
- ``year_lock``: a year signed off; edits, imports and rollover changes are refused.

A database that already has a catalogue (round 1) is marked ``catalogue_upgrade`` in ``meta``;
opening it for editing (``Session.open``) then brings the catalogue's rows to the re-scoped
one (``catalogue.finish_upgrade``): that step needs the catalogue code, which a migration may
not import (``database`` runs the migrations: an import circle).
"""

from __future__ import annotations

V8: tuple[str, ...] = (
    "ALTER TABLE indicator ADD COLUMN level TEXT NOT NULL DEFAULT 'township' "
    "CHECK (level IN ('township', 'county', 'local'))",
    "ALTER TABLE indicator ADD COLUMN aggregation TEXT NOT NULL DEFAULT 'value' "
    "CHECK (aggregation IN ('value', 'sum', 'rate', 'counts'))",
    "UPDATE indicator SET aggregation = 'rate' WHERE kind = 'computed'",
    "ALTER TABLE indicator ADD COLUMN calculation TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE indicator ADD COLUMN frequency TEXT NOT NULL DEFAULT '年报'",
    "ALTER TABLE indicator ADD COLUMN target_note TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE indicator ADD COLUMN tolerance_side TEXT NOT NULL DEFAULT 'both' "
    "CHECK (tolerance_side IN ('both', 'below', 'above'))",
    "ALTER TABLE indicator ADD COLUMN base_year INTEGER",
    "ALTER TABLE indicator ADD COLUMN base_value REAL",
    "ALTER TABLE indicator ADD COLUMN target_change REAL",
    "ALTER TABLE indicator ADD COLUMN register TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE data_element ADD COLUMN shared_with INTEGER REFERENCES data_element(id)",
    "INSERT INTO meta(key, value) SELECT 'catalogue_upgrade', '8' "
    "WHERE EXISTS (SELECT 1 FROM indicator)",
    """CREATE TABLE year_lock (
        year      INTEGER PRIMARY KEY,
        locked_at TEXT NOT NULL,
        pc        TEXT NOT NULL
    ) STRICT""",
)
