"""`fulian protect DB`: set the database password from the command line.

The password is read twice from the terminal (or from ``FULIAN_NEW_PASSWORD`` for scripts).
The recovery key is printed once on the terminal for the clerk to write down; it goes to a
file only when she names one with ``--recovery-key FILE`` (never beside the database by
default: a key kept with the stick protects nothing).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_DATA, EXIT_ENV, EXIT_OK, data_dir

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "protect"
PASSWORD_ENV = "FULIAN_NEW_PASSWORD"


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "protect",
        help="设置数据库密码，个人信息加密，原文件覆盖",
        description=f"设置数据库密码。密码从终端输入两次，或取自环境变量 {PASSWORD_ENV}。",
    )
    p.add_argument("db", type=Path)
    p.add_argument(
        "--recovery-key",
        type=Path,
        default=None,
        metavar="FILE",
        help="把恢复密钥写入此文件（请勿放在U盘上）；不指定时只在屏幕上显示一次",
    )


def _read_password() -> str | None:
    """The new password, or None (after a message) when the two entries differ."""
    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    first = getpass.getpass("新密码（至少8位）：")
    second = getpass.getpass("再输入一次：")
    if first != second:
        print("两次输入的密码不一样，没有设置密码。", file=sys.stderr)
        return None
    return first


def run(args: argparse.Namespace) -> int:
    from desktop.domain.passwords import Strength, judge
    from desktop.forms.loader import default_forms
    from desktop.operations import protection
    from desktop.paths import backups_dir
    from desktop.store.backup import BackupStore
    from desktop.store.session import Session
    from desktop.store.vault import MIN_PASSWORD, VaultError

    path: Path = args.db
    target: Path | None = args.recovery_key
    if target is not None and (target.exists() or not target.parent.is_dir()):
        print(
            f"无法写入恢复密钥文件：{target}（文件已存在或所在文件夹不存在），没有设置密码。",
            file=sys.stderr,
        )
        return EXIT_DATA
    password = _read_password()
    if password is None:
        return EXIT_DATA
    verdict = judge(password, MIN_PASSWORD)
    if verdict.strength is Strength.TOO_SHORT:
        print(f"密码太短：至少{MIN_PASSWORD}位，没有设置密码。", file=sys.stderr)
        return EXIT_DATA
    if _protected(path):
        print(
            f"这个数据库已经设置了密码：{path}。修改密码请在程序的“个人信息保护”页进行。",
            file=sys.stderr,
        )
        return EXIT_DATA
    session = Session.open(path, BackupStore(backups_dir(data_dir())), forms=default_forms().forms)
    try:
        try:
            issued = protection.set_password(session, password)
        except VaultError as exc:
            print(exc.message, file=sys.stderr)
            return EXIT_DATA
    finally:
        session.close()
    print(f"已设置密码（{verdict.text()}），{issued.values} 项个人信息已加密：{path}")
    print(
        "已另写新文件替换原文件，原文件的内容已用零覆盖"
        "（U盘的闪存可能在内部保留旧数据块，无法保证彻底擦除）。"
    )
    print(protection.EARLIER_COPIES)
    return _hand_over(issued.recovery_key, target)


def _protected(path: Path) -> bool:
    """Asked before anything is locked or written (a refusal leaves the file as it was)."""
    from desktop.store.database import Database
    from desktop.store.header import has_hot_journal
    from desktop.store.vault import is_protected

    if not path.is_file() or has_hot_journal(path):
        return False  # Session.open says what is wrong, or rolls the journal back
    db = Database.open(path, read_only=True)
    try:
        return is_protected(db)
    finally:
        db.close()


def _hand_over(key: str, target: Path | None) -> int:
    if target is not None:
        try:
            with target.open("x", encoding="utf-8") as handle:
                handle.write(f"妇联工作台 数据库恢复密钥：{key}\n请打印或抄写后删除本文件。\n")
        except OSError:
            print(
                f"无法写入恢复密钥文件：{target}。密码已设置；恢复密钥只显示这一次：{key}",
                file=sys.stderr,
            )
            return EXIT_ENV
        print(f"恢复密钥已写入：{target}（请打印或抄写后删除该文件，不要放在U盘上）")
        return EXIT_OK
    print(f"恢复密钥（只显示这一次，没有写入任何文件，请抄写下来，和U盘分开保管）：{key}")
    return EXIT_OK
