"""`fulian year`: lock a monitoring year after sign-off, or unlock it with a reason."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_OK, EXIT_USAGE, data_dir
from desktop.store.backup import BackupStore

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "year"


def register(sub: Subparsers) -> None:
    p = sub.add_parser("year", help="锁定或解锁监测年度")
    p.add_argument("db", type=Path)
    action = p.add_mutually_exclusive_group(required=True)
    action.add_argument("--lock", type=int, metavar="Y", help="锁定年度")
    action.add_argument("--unlock", type=int, metavar="Y", help="解锁年度")
    p.add_argument("--reason", default="", help="解锁原因（解锁时必填）")


def run(args: argparse.Namespace) -> int:
    from desktop.operations import monitoring as ops
    from desktop.paths import backups_dir
    from desktop.store import year_lock
    from desktop.store.session import Session

    if args.unlock is not None and not args.reason.strip():
        print("解锁需要填写原因：--reason 原因", file=sys.stderr)
        return EXIT_USAGE
    session = Session.open(args.db, BackupStore(backups_dir(data_dir())))
    try:
        if args.lock is not None:
            changed = ops.lock_year(session.db, args.lock)
            print(f"{args.lock}年度已锁定。" if changed.areas else f"{args.lock}年度原已锁定。")
        else:
            changed = ops.unlock_year(session.db, args.unlock, args.reason)
            print(
                f"{args.unlock}年度已解锁（原因：{args.reason.strip()}）。"
                if changed.areas
                else f"{args.unlock}年度没有锁定。"
            )
        locked = year_lock.locked_years(session.db)
        print("已锁定的年度：" + ("、".join(str(y) for y in locked) if locked else "无"))
    finally:
        session.close()
    return EXIT_OK
