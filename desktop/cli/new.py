"""`fulian new`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_OK, EXIT_USAGE, data_dir

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "new"


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "new",
        help="新建数据库（乡镇或县级）",
        description="新建一个空的数据库。--level county 建县级数据库：导入乡镇上报并汇总。",
    )
    p.add_argument("db", type=Path)
    p.add_argument("--name", required=True, help="乡镇（街道）或县（区）名称")
    p.add_argument("--level", choices=("township", "county"), default="township")


def run(args: argparse.Namespace) -> int:
    from desktop.operations.county import create_database
    from desktop.operations.session import backup_store, close_database

    if not args.name.strip():
        print("名称不能为空。", file=sys.stderr)
        return EXIT_USAGE
    session = create_database(
        args.db, backup_store(data_dir()), name=args.name.strip(), level=args.level
    )
    close_database(session)
    what = "县级" if args.level == "county" else "乡镇"
    print(f"已新建{what}数据库：{args.db}（{args.name.strip()}）")
    return EXIT_OK
