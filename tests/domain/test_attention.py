from __future__ import annotations

from datetime import datetime, timedelta

from desktop.domain.attention import HomeFacts, Severity, home_items, humanize_age

NOW = datetime(2026, 11, 29, 10, 0)


def _facts(**kw: object) -> HomeFacts:
    base: dict[str, object] = {
        "last_backup": NOW - timedelta(hours=2),
        "backup_running": False,
        "profile_complete": True,
        "lock_pc": "办公室",
        "lock_since": "x",
    }
    base.update(kw)
    return HomeFacts(**base)  # type: ignore[arg-type]


def test_recent_backup_is_ok() -> None:
    items = home_items(_facts(), NOW)
    assert items[0].severity is Severity.OK
    assert "2 小时前" in items[0].text


def test_old_or_missing_backup_warns() -> None:
    old = home_items(_facts(last_backup=NOW - timedelta(days=9)), NOW)
    assert old[0].severity is Severity.WARNING
    assert "9 天前" in old[0].text
    none = home_items(_facts(last_backup=None), NOW)
    assert none[0].severity is Severity.WARNING
    assert "还没有备份" in none[0].text


def test_incomplete_profile_comes_first() -> None:
    items = home_items(_facts(profile_complete=False), NOW)
    assert items[0].page == "profile"


def test_lock_state_is_listed() -> None:
    assert any("办公室" in i.text and "关闭数据库" in i.text for i in home_items(_facts(), NOW))


def test_humanize_age() -> None:
    assert humanize_age(NOW, NOW) == "刚刚"
    assert humanize_age(NOW - timedelta(minutes=5), NOW) == "5 分钟前"


def test_many_pending_units_are_summarised() -> None:
    names = [f"村{i}" for i in range(8)]
    items = home_items(_facts(year=2025, pending_units=names, unsigned_letters=names[:2]), NOW)
    texts = [i.text for i in items]
    assert "2025年度尚未填报：村0、村1、村2、村3、村4等 8 个单位。" in texts
    assert "2025年度目标责任书尚未签订：村0、村1。" in texts


def test_a_name_shared_by_several_records_is_listed_once() -> None:
    names = ["2024年春蕾助学", "2024年春蕾助学", "2024年春蕾助学", "两癌救助"]
    items = home_items(_facts(year=2025, pending_units=names), NOW)
    texts = [i.text for i in items]
    assert "2025年度尚未填报：2024年春蕾助学、两癌救助等 4 个单位。" in texts
