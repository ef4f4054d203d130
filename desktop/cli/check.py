"""`fulian check`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_OK
from desktop.store import units
from desktop.store.database import Database
from desktop.store.header import has_hot_journal
from desktop.store.lock import is_stale, read_owner
from desktop.store.schema_latest import LATEST

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "check"


def register(sub: Subparsers) -> None:
    p = sub.add_parser("check", help="检查数据库（只读）")
    p.add_argument("db", type=Path)


def run(args: argparse.Namespace) -> int:
    from desktop.operations.session import read_only

    path: Path = args.db
    db = read_only(path, integrity="full")
    try:
        version = db.schema_version
        lines = [
            f"文件：{path}",
            "完整性：正常（integrity_check ok）",
            f"数据版本：{version}（本程序 {LATEST}）"
            + ("，打开时将自动升级" if version < LATEST else ""),
            f"数据库标识：{db.db_id}",
            f"责任单位：{units.count(db)} 个（启用 {units.count(db, active_only=True)} 个）",
            *_register_lines(db),
        ]
    finally:
        db.close()
    owner = read_owner(path)
    if owner is None:
        lines.append("锁定：无（可以安全拔出U盘）")
    else:
        state = "，已过期，可接管" if is_stale(owner) else ""
        lines.append(f"锁定：{owner.describe()}打开{state}")
    if has_hot_journal(path):
        lines.append("注意：存在未完成的日志文件，打开一次即可自动恢复，请勿删除。")
    print("\n".join(lines))
    return EXIT_OK


def _register_lines(db: Database) -> list[str]:
    """Registers' record counts and whether personal data is encrypted (read-only)."""
    from desktop.store import vault
    from desktop.store.overview import register_counts

    counts = [f"{title} {n}" for title, n in register_counts(db)]
    protected = vault.is_protected(db)
    return [
        f"台账：{'，'.join(counts) if counts else '无'}",
        *_definition_lines(db, protected),
        _attachment_line(db),
        "个人信息：已设置密码，加密保存" if protected else "个人信息：未设置密码（明文保存）",
    ]


def _attachment_line(db: Database) -> str:
    from desktop.store import attachments

    count, size = attachments.totals(db)
    cap = attachments.megabytes(attachments.MAX_TOTAL)
    return f"附件：{count} 个，共 {attachments.megabytes(size)}（上限 {cap}）"


def _definition_lines(db: Database, protected: bool) -> list[str]:
    """Registers' definitions: files that cannot be read, changes refused or still to run."""
    from desktop.forms.loader import default_forms
    from desktop.store import register_sync

    forms = default_forms()
    lines = [f"台账定义有误：{p}" for p in forms.problems]
    if not db.table_exists("register_definition"):
        return lines
    review = register_sync.review(db, forms.forms, protected=protected)
    lines += [f"台账定义的修改未采用（会丢失数据）：{p}" for p in review.problems]
    lines += [f"台账定义：{n}" for n in review.notes]
    lines += [f"台账定义将在打开时更新：{c}" for c in review.changed]
    return lines
