from __future__ import annotations

from datetime import date

import pytest

from desktop.store import letters, profile, units, year_rollover
from desktop.store.database import Database


@pytest.fixture
def unit_ids(db: Database) -> list[int]:
    profile.save(
        db,
        profile.Profile(
            township="青山镇",
            federation="青山镇妇联",
            committee="青山镇妇儿工委",
            doc_prefix="青妇儿",
        ),
    )
    return [
        units.add(db, units.Unit(code=f"D0{i}", name=name))
        for i, name in enumerate(("镇卫生院", "中心学校", "派出所"), start=1)
    ]


def test_numbers_are_sequential_per_year(db: Database, unit_ids: list[int]) -> None:
    made = letters.ensure_letters(db, 2026, unit_ids[:2])
    assert [m.number for m in made] == ["青妇儿〔2026〕1号", "青妇儿〔2026〕2号"]
    again = letters.ensure_letters(db, 2026, unit_ids)  # only the missing one is added
    assert [m.number for m in again] == [
        "青妇儿〔2026〕1号",
        "青妇儿〔2026〕2号",
        "青妇儿〔2026〕3号",
    ]
    assert letters.ensure_letters(db, 2027, unit_ids[:1])[0].number == "青妇儿〔2027〕1号"


def test_status_moves_on_with_dates(db: Database, unit_ids: list[int]) -> None:
    (letter,) = letters.ensure_letters(db, 2026, unit_ids[:1])
    assert letter.status_label == "草稿"
    issued = letters.advance(db, letter.id, date(2026, 3, 8))
    assert (issued.status, issued.issued_on) == ("issued", "2026-03-08")
    signed = letters.advance(db, letter.id, date(2026, 3, 20))
    assert (signed.status, signed.signed_on) == ("signed", "2026-03-20")
    assert letters.unsigned(db, 2026) == []
    letters.advance(db, letter.id)
    with pytest.raises(letters.LetterError, match="已归档"):
        letters.advance(db, letter.id)


def test_scan_is_stored_inside_and_capped(db: Database, unit_ids: list[int]) -> None:
    (letter,) = letters.ensure_letters(db, 2026, unit_ids[:1])
    pdf = b"%PDF-1.4 signed copy"
    attachment = letters.attach_scan(db, letter.id, "签订版.pdf", pdf)
    assert letters.scan(db, attachment) == ("签订版.pdf", "application/pdf", pdf)
    with pytest.raises(letters.LetterError, match="PDF、JPG 或 PNG"):
        letters.attach_scan(db, letter.id, "scan.docx", b"x")
    with pytest.raises(letters.LetterError, match="太大"):
        letters.attach_scan(db, letter.id, "big.png", b"0" * (letters.MAX_SCAN_BYTES + 1))


def test_tasks_and_their_rollover(db: Database, unit_ids: list[int]) -> None:
    task_id = letters.save_task(
        db,
        letters.Task(
            year=2026,
            unit_id=unit_ids[0],
            category="两规划实施",
            content="开展适龄妇女两癌筛查",
            target="筛查率≥70%",
            deadline="2026-10-31",
            weight=10,
            status="done",
            progress="已完成",
        ),
    )
    assert letters.tasks(db, 2026, unit_ids[0])[0].id == task_id
    with pytest.raises(letters.LetterError, match="不能为空"):
        letters.save_task(db, letters.Task(year=2026, unit_id=unit_ids[0], content=" "))
    units.set_active(db, unit_ids[2], False)
    letters.save_task(db, letters.Task(year=2026, unit_id=unit_ids[2], content="停用单位的任务"))
    assert letters.copy_tasks(db, 2026, 2027) == 1
    (copied,) = letters.tasks(db, 2027)
    assert (copied.status, copied.progress, copied.deadline) == ("not_started", "", "2027-10-31")


def test_refused_rollover_copies_no_task(db: Database, unit_ids: list[int]) -> None:
    letters.save_task(db, letters.Task(year=2025, unit_id=unit_ids[0], content="任务"))
    with pytest.raises(year_rollover.RolloverError, match="没有分工"):
        year_rollover.rollover(db, 2025, 2026)  # nothing assigned in 2025: refused, no task copied
    assert letters.tasks(db, 2026) == []
