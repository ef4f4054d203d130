"""`fulian townships`: a county database's township list (registered before any file)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_DATA, EXIT_OK, working_session

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "townships"


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "townships",
        help="县级数据库：乡镇名单",
        description=(
            "县级数据库登记所辖乡镇（名称、代码、顺序）：名单内从未上报的乡镇在乡镇上报进度中"
            "显示为未上报（过了报送期限为逾期）。不在名单内的乡镇上报导入时自动加入名单。"
        ),
    )
    p.add_argument("db", type=Path)
    action = p.add_mutually_exclusive_group()
    action.add_argument("--add", metavar="名称", help="登记乡镇")
    action.add_argument("--deactivate", metavar="名称", help="停用（不再计入进度）")
    action.add_argument("--activate", metavar="名称", help="重新启用")
    action.add_argument("--list", action="store_true", help="列出名单（默认）")
    p.add_argument("--code", default="", metavar="C", help="乡镇代码（与 --add 一起）")


def run(args: argparse.Namespace) -> int:
    from desktop.operations import county as ops
    from desktop.store import county

    with working_session(args.db) as session:
        db = session.db
        try:
            if args.add:
                ops.add_township(db, args.add, args.code)
                print(f"已登记：{args.add.strip()}")
            elif args.deactivate or args.activate:
                name = args.deactivate or args.activate
                ops.edit_township(db, ops.township_named(db, name).id, active=bool(args.activate))
                print(f"{'已重新启用' if args.activate else '已停用'}：{name}")
        except ops.MergeRefused as exc:
            print(exc.message, file=sys.stderr)
            return EXIT_DATA
        rows = county.townships(db)
        print(f"乡镇名单（{len(rows)}个）：" if rows else "乡镇名单为空。")
        for n, t in enumerate(rows, start=1):
            state = "已上报过" if t.bound else "尚未上报"
            if not t.active:
                state += "，已停用"
            print(f"  {n}. {t.name}" + (f"（代码 {t.code}）" if t.code else "") + f"：{state}")
    return EXIT_OK
