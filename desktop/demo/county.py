"""The county demo: a county database with townships merged from their own demo databases.

Each township is generated like the township demo (its own seed and database id, its own
name), submits its years to the county as the signed workbook, and the county merges them.
One township submits late (after the due date), one submits a draft first and its final
table later (a re-submission that replaces the draft's values).
"""

from __future__ import annotations

import random
import tempfile
from datetime import datetime
from pathlib import Path

from desktop.demo import monitoring, township
from desktop.demo.spec import DemoSpec
from desktop.exchange import submission_excel
from desktop.exchange.submission_build import build as build_submission
from desktop.forms.submission_format import DEFAULT_ID, available
from desktop.store import county, profile, round_progress, submissions
from desktop.store import monitoring as store_monitoring
from desktop.store.database import Database

NAMES = (
    "青山镇",
    "白河镇",
    "石门乡",
    "柳林镇",
    "东关街道",
    "西湖乡",
    "南岭镇",
    "北塘镇",
    "桃花乡",
    "龙口镇",
    "新安街道",
    "长丰乡",
    "马岭镇",
    "黄土镇",
    "金鸡乡",
    "双溪镇",
    "云台镇",
    "红旗乡",
    "平安镇",
    "永丰乡",
    "大营镇",
    "小河乡",
    "高桥镇",
    "沙湾镇",
    "太和镇",
    "清溪乡",
    "凤凰镇",
    "九龙镇",
    "上庄乡",
    "下坝镇",
)
COUNTY = "清河县"
DIVISION = "330199"  # the county's six digits of its townships' 统计用区划代码 (made up)
YEARS = (2023, 2024, 2025)
LATE, RESUBMITTED = 1, 2  # indexes of the late township and the one that re-submits


def build(
    path: Path, *, townships: int = 12, seed: int = 20260308, years: tuple[int, ...] = YEARS
) -> Path:
    """Create the county demo at ``path`` (refuses to overwrite)."""
    fmt = available()[DEFAULT_ID]
    db = Database.create(path)
    try:
        from desktop.store import catalogue

        catalogue.seed_reference(db)
        submissions.set_level(db, "county")
        profile.save(
            db,
            profile.Profile(
                township=COUNTY,
                federation=f"{COUNTY}妇女联合会",
                committee=f"{COUNTY}妇女儿童工作委员会",
            ),
        )
        with tempfile.TemporaryDirectory(prefix="fulian-county-demo-") as folder:
            work = Path(folder)
            with db.transaction():  # one commit: a demo, not a clerk's import
                for index in range(townships):  # the county's list, before any file
                    county.add_township(db, NAMES[index % len(NAMES)], f"{index + 1:03d}")
                for index in range(townships):
                    _township(db, work, index, seed + index, fmt, years)
    finally:
        db.close()
    return path


def _township(
    county_db: Database, work: Path, index: int, seed: int, fmt: object, years: tuple[int, ...]
) -> None:
    from desktop.forms.submission_format import SubmissionFormat

    assert isinstance(fmt, SubmissionFormat)
    name = NAMES[index % len(NAMES)]
    spec = DemoSpec(seed=seed)
    rng = random.Random(seed)
    path = work / f"{index}.fulian"
    db = Database.create(path)
    try:
        with db.transaction():
            township.add_units(db, spec, rng)
            monitoring.add_monitoring(db, spec, rng)
            profile.save(
                db,
                profile.Profile(
                    township=name,
                    federation=f"{name}妇女联合会",
                    committee=f"{name}妇女儿童工作委员会",
                    division_code=f"{DIVISION}{index + 1:03d}000",  # the list's code: 7-9
                ),
            )
        key = submissions.private_key(db)
        for year in years:
            if year not in round_progress.years(db):
                continue
            day = 25 + (index % 5) if index != LATE else 45
            when = datetime(year + 1, 1, 1).toordinal() + day - 1
            stamp = datetime.fromordinal(when).strftime("%Y-%m-%d 09:30:00")
            if index == RESUBMITTED and year == years[-1]:
                _send(
                    county_db, db, work, fmt, year, key, stamp.replace("09:30", "08:00"), draft=True
                )
            with db.transaction():
                for unit_id, _name in store_monitoring.reporting_units(db, year):
                    if store_monitoring.completed_at(db, year, unit_id) is None:
                        store_monitoring.mark_complete(db, year, unit_id)
            _send(county_db, db, work, fmt, year, key, stamp, draft=False)
    finally:
        db.close()


def _send(
    county_db: Database,
    db: Database,
    work: Path,
    fmt: object,
    year: int,
    key: bytes,
    stamp: str,
    *,
    draft: bool,
) -> None:
    from desktop.exchange.returns import file_hash
    from desktop.forms.submission_format import SubmissionFormat

    assert isinstance(fmt, SubmissionFormat)
    pending = [] if not draft else ["（演示）"]
    submission = build_submission(
        db,
        fmt,
        year,
        private_key=key,
        generated_at=stamp,
        draft=draft,
        unconfirmed=pending,
        forms=(),
    )
    file = work / f"{submission.claim.township}{year}{'d' if draft else ''}.xlsx"
    submission_excel.write(file, submission)
    read_back = submission_excel.read(file)
    incoming = submission_excel.to_incoming(read_back, file, file_hash(file))
    county.merge(county_db, incoming, f"新增{len(incoming.figures)}")
