"""The backup names' and the lock file's times, read by hand at start and close, are read
as ``datetime.strptime`` reads them (which loads its locale machinery); the PC's name as
``platform.node()`` reads it."""

from __future__ import annotations

import platform
from datetime import datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from desktop.store.backup import _STAMP, BackupStore, _stamp_time
from desktop.store.database import this_pc
from desktop.store.lock import _TIME_FORMAT, _parse_time

_TIMES = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31))


def _strptime(text: str, form: str) -> datetime | str:
    try:
        return datetime.strptime(text, form)
    except ValueError:
        return "refused"


def _mine(parse: object, text: str) -> datetime | str:
    assert callable(parse)
    try:
        result = parse(text)
    except ValueError:
        return "refused"
    assert isinstance(result, datetime)
    return result


@given(_TIMES)
def test_backup_stamps_read_back(moment: datetime) -> None:
    text = moment.strftime(_STAMP)
    assert _stamp_time(text) == datetime.strptime(text, _STAMP) == moment


@given(_TIMES)
def test_lock_times_read_back(moment: datetime) -> None:
    text = moment.strftime(_TIME_FORMAT)
    assert _parse_time(text) == datetime.strptime(text, _TIME_FORMAT)


def test_odd_lock_times_are_judged_as_strptime_judges_them() -> None:
    for text in (
        "2026-02-30 00:00:00",  # no such day
        "2026-12-01 24:00:00",
        "2026-1-5 3:4:5",  # not as written, but strptime takes it
        "2026-12-01T05:09:10",
        "２０２６-12-01 05:09:10",  # full-width digits
        "2026-12-01 05:09:10 ",
        "",
    ):
        assert _mine(_parse_time, text) == _strptime(text, _TIME_FORMAT), text


def test_backups_are_listed_with_their_times(tmp_path: Path) -> None:
    store = BackupStore(tmp_path)
    db_id = "01234567-89ab-cdef-0123-456789abcdef"
    folder = store.folder(db_id)
    folder.mkdir(parents=True)
    for name in (
        "20260301-101112-000123_c7.fulian",
        "20250228-235959-999999_c3.fulian",
        "20250230-000000-000000_c4.fulian",  # no such day: not a backup
        "２０２５0228-235959-999999_c3.fulian",  # not our digits: not a backup
    ):
        (folder / name).write_bytes(b"x")
    found = store.backups(db_id)
    assert [(b.made_at, b.change_counter) for b in found] == [
        (datetime(2026, 3, 1, 10, 11, 12, 123), 7),
        (datetime(2025, 2, 28, 23, 59, 59, 999999), 3),
    ]


def test_the_pc_is_named_as_platform_names_it() -> None:
    assert this_pc() == (platform.node() or "未知电脑")
