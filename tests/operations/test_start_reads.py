"""What a start reads: the home page's facts and the open path load only the store modules
they use (monitoring, notices, the catalogue and the evaluation rules load on first use of
their pages), and the facts are those the full store modules give."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from desktop.forms.definition import FormDef
from desktop.forms.loader import default_forms
from desktop.operations.home import home_facts
from desktop.operations.session import backup_store, close_database, open_database
from desktop.store import follow_ups as follow_up_store
from desktop.store import letters, register_facts, round_progress, units
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.session import Session

#: modules a start must not load: other pages' stores, parsers needed only on a cache miss,
#: and the stdlib pieces the open path used to pull in (strptime's locale, platform, socket)
NOT_AT_START = (
    "desktop.store.monitoring",
    "desktop.store.notices",
    "desktop.store.county",
    "desktop.store.catalogue",
    "desktop.store.letters",
    "desktop.store.register_plan",
    "desktop.store.indicators",
    "desktop.store.evaluation",
    "desktop.domain.evaluation",
    "desktop.forms.listing",
    "tomllib",
    "_strptime",
    "platform",
    "socket",
    "glob",
    "mimetypes",
)

_START = """
import sys
from pathlib import Path
import desktop.ui.app  # the window's modules, as `fulian open` imports them
from desktop.forms.loader import default_forms
from desktop.operations.home import home_facts
from desktop.operations.session import backup_store, close_database, open_database
data = Path(sys.argv[2])
forms = default_forms(cache=data / "cache").forms
session = open_database(Path(sys.argv[1]), backup_store(data), forms=forms)
session.backups.latest(session.db_id)  # what the window shows
facts = home_facts(session, forms, last_backup=None, backup_running=False)
close_database(session)
print(len(forms), facts.year)
print(" ".join(sorted(m for m in sys.modules if m in sys.argv[3].split(","))))
"""


def test_a_start_loads_only_what_it_uses(demo_file: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "FULIAN_DATA_DIR": str(data)}
    root = Path(__file__).parents[2]
    runs = []
    for _ in range(2):  # the first fills the forms' cache; the second reads it
        out = subprocess.run(
            [sys.executable, "-c", _START, str(demo_file), str(data), ",".join(NOT_AT_START)],
            capture_output=True,
            text=True,
            env=env,
            cwd=root,
            check=False,
        )
        assert out.returncode == 0, out.stderr
        runs.append(out.stdout.splitlines())
    counted, year = runs[1][0].split()
    assert int(counted) >= 10
    assert int(year) > 2000
    assert "tomllib" in runs[0][1].split()  # a cache miss parses the TOML
    assert runs[1][1] == ""  # none of NOT_AT_START once the cache holds the forms


def test_home_facts_are_what_the_full_store_reads_give(demo_file: Path, data_dir: Path) -> None:
    forms = default_forms().forms
    session = open_database(demo_file, backup_store(data_dir), forms=forms)
    try:
        day = date(2026, 3, 10)
        facts = home_facts(session, forms, last_backup=None, backup_running=False, today=day)
        db = session.db
        year = round_progress.years(db)[-1]
        names = {u.id: u.name for u in units.list_units(db)}
        assert facts.year == year
        pending = [p.name for p in round_progress.completeness(db, year) if p.state == "pending"]
        assert facts.pending_units == pending
        assert pending  # the demo has units that have not reported
        unsigned = [names[x.unit_id] for x in letters.unsigned(db, year)]
        assert facts.unsigned_letters == unsigned
        assert facts.overdue_follow_ups == follow_up_store.overdue_lines(db, day)
    finally:
        close_database(session)


def _live_personal(session: Session, forms: list[FormDef]) -> bool:
    day = date.today()
    return register_facts.personal_facts(session.db, forms, session.protection.codec, day).live


def test_personal_data_is_found_as_a_count_finds_it(demo_file: Path, data_dir: Path) -> None:
    """The home page's 个人信息未加密 asks whether a register with personal data has a live
    record (``personal_facts``, one statement for every register): equal to counting."""
    forms = default_forms().forms
    session = open_database(demo_file, backup_store(data_dir), forms=forms)
    try:
        db = session.db
        personal = [f for f in forms if f.sensitive_fields]
        assert personal
        counted = any(RegisterStore(db, form).count() > 0 for form in personal)
        assert counted
        assert _live_personal(session, forms)
        with db.transaction():  # every record deleted (restorable): none is live
            for form in personal:
                if db.table_exists(form.table):
                    db.execute(f"UPDATE \"{form.table}\" SET deleted_at = '2026-01-01 00:00:00'")
        for form in personal:
            assert RegisterStore(db, form).count() == 0
        assert not _live_personal(session, forms)
    finally:
        close_database(session)


def test_progress_counts_each_units_assignments_and_values(demo_file: Path) -> None:
    """``completeness`` (counted per unit, then named) against a count in Python of the
    assignments of township indicators and the values entered for them, every year."""
    db = Database.open(demo_file, read_only=True)
    try:
        township = {
            r["id"]
            for r in db.query_all(
                "SELECT e.id FROM data_element e JOIN indicator i ON i.id = e.indicator_id "
                "WHERE i.level != 'county' AND i.register = ''"
            )
        }
        for year in round_progress.years(db):
            pairs = "SELECT unit_id, element_id FROM {} WHERE year = :y"
            values = {
                (r["unit_id"], r["element_id"])
                for r in db.query_all(pairs.format("value"), {"y": year})
            }
            expected: dict[int, list[int]] = {}
            for r in db.query_all(pairs.format("assignment"), {"y": year}):
                if r["element_id"] in township:
                    counts = expected.setdefault(r["unit_id"], [0, 0])
                    counts[0] += 1
                    counts[1] += (r["unit_id"], r["element_id"]) in values
            order = [u.id for u in units.list_units(db) if u.id in expected]
            progress = round_progress.completeness(db, year)
            assert [p.unit_id for p in progress] == order
            assert {p.unit_id: [p.assigned, p.entered] for p in progress} == expected
    finally:
        db.close()
