"""What the home page (首页) asks the clerk to look at. Pure: facts in, items out.

Later features add their facts (due tasks, unsigned letters, units not reported, overdue
petitions) and their rules here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import Enum

from desktop.domain.plain import Frozen


class Severity(Enum):
    OK = "ok"
    INFO = "info"
    WARNING = "warning"


class Attention(Frozen):
    severity: Severity
    text: str
    page: str | None = None  # the page that deals with it
    #: a register reminder (its index in the form's reminders): the page opens filtered to
    #: the records it is about, read when the clerk opens it
    reminder: int | None = None


class RegisterDue(Frozen):
    """A register's reminder as the home page shows it: the first few records named and how
    many are due."""

    page: str  # registers:<form id>
    text: str
    names: tuple[str, ...]
    total: int
    reminder: int  # its index in the form's reminders


class HomeFacts(Frozen):
    last_backup: datetime | None
    backup_running: bool
    profile_complete: bool
    lock_pc: str
    lock_since: str
    year: int | None = None
    pending_units: tuple[str, ...] | list[str] = ()
    unsigned_letters: tuple[str, ...] | list[str] = ()
    #: registers' reminders
    register_due: tuple[RegisterDue, ...] = ()
    #: records whose personal data is past its retention period (or deleted)
    expired_personal: int = 0
    personal_locked: bool = False
    #: personal data in the registers and no database password
    personal_unprotected: bool = False
    #: warned indicators whose 整改期限 has passed without 整改到位: "单位：指标"
    overdue_follow_ups: tuple[str, ...] | list[str] = ()


BACKUP_OLD_AFTER = timedelta(days=7)
#: how many names a home page item lists before "等 N 条"
SHOWN_NAMES = 5


def humanize_age(then: datetime, now: datetime) -> str:
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return "刚刚"
    if seconds < 3600:
        return f"{seconds // 60} 分钟前"
    if seconds < 86400:
        return f"{seconds // 3600} 小时前"
    return f"{seconds // 86400} 天前"


def _first_names(
    names: Sequence[str], measure: str, shown: int = SHOWN_NAMES, total: int | None = None
) -> str:
    """``东岗村、西岭村等 12 个单位``: the first few names and how many in all (``total``:
    when ``names`` holds only the first few). A name is listed once: records of the same
    name (a project's yearly entries) read "2024年春蕾助学等 116 条", not the name twice; the
    count follows whenever the names listed are fewer than the records."""
    count = len(names) if total is None else max(total, len(names))
    listed = list(dict.fromkeys(names))[:shown]
    more = f"等 {count} {measure}" if count > len(listed) else ""
    return "、".join(listed) + more


def home_items(facts: HomeFacts, now: datetime) -> list[Attention]:
    items: list[Attention] = []
    if not facts.profile_complete:
        items.append(
            Attention(
                Severity.WARNING,
                "单位信息未填写完整（乡镇、妇联、妇儿工委名称），责任书和报表需要它们。",
                "profile",
            )
        )
    if facts.year is not None and facts.pending_units:
        listed = _first_names(facts.pending_units, "个单位")
        items.append(
            Attention(Severity.WARNING, f"{facts.year}年度尚未填报：{listed}。", "completeness")
        )
    if facts.year is not None and facts.unsigned_letters:
        listed = _first_names(facts.unsigned_letters, "份")
        items.append(
            Attention(
                Severity.WARNING, f"{facts.year}年度目标责任书尚未签订：{listed}。", "letters"
            )
        )
    if facts.overdue_follow_ups:
        listed = _first_names(facts.overdue_follow_ups, "项")
        items.append(Attention(Severity.WARNING, f"预警整改已过期限：{listed}。", "follow_up"))
    for due in facts.register_due:
        listed = _first_names(due.names, "条", total=due.total)
        items.append(Attention(Severity.WARNING, f"{due.text}：{listed}。", due.page, due.reminder))
    if facts.expired_personal:
        items.append(
            Attention(
                Severity.INFO,
                f"{facts.expired_personal} 条记录的个人信息已过保留期限或已删除，可以清除。",
                "privacy",
            )
        )
    if facts.personal_unprotected:
        items.append(
            Attention(
                Severity.WARNING,
                "台账中的个人信息没有密码保护：U盘丢失可能泄露。建议设置数据库密码。",
                "privacy",
            )
        )
    if facts.personal_locked:
        items.append(
            Attention(
                Severity.INFO, "个人信息已加密（已锁定）：查看时需要输入数据库密码。", "privacy"
            )
        )
    if facts.backup_running:
        items.append(Attention(Severity.INFO, "正在备份到本机……", "database"))
    elif facts.last_backup is None:
        items.append(Attention(Severity.WARNING, "这个数据库在本机还没有备份。", "database"))
    elif now - facts.last_backup > BACKUP_OLD_AFTER:
        items.append(
            Attention(
                Severity.WARNING,
                f"最近一次备份在 {humanize_age(facts.last_backup, now)}，建议立即备份。",
                "database",
            )
        )
    else:
        items.append(
            Attention(
                Severity.OK,
                f"最近备份：{facts.last_backup:%Y-%m-%d %H:%M}"
                f"（{humanize_age(facts.last_backup, now)}）",
                "database",
            )
        )
    items.append(
        Attention(
            Severity.INFO,
            f"数据库已由本机（{facts.lock_pc}）锁定，自 {facts.lock_since} 起；"
            "拔出U盘前请先“关闭数据库”。",
            None,
        )
    )
    return items
