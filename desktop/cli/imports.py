"""`fulian import`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_DATA, EXIT_OK, working_session

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "import"


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "import",
        help="导入回收的填报表或台账文件",
        description=(
            "导入单位交回的填报表。每个文件先检查后整体写入（一个文件一个事务），同一文件不会"
            "重复导入。有“有误”的行或“冲突”的项时，文件不导入（退出码 1），除非用下面的"
            "选项明确选择。台账文件（空白台账或完整导出）同样先检查后整体写入。"
        ),
    )
    p.add_argument("db", type=Path)
    p.add_argument("files", type=Path, nargs="+")
    p.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    p.add_argument(
        "--valid-only",
        action="store_true",
        help="只导入无误的行",
    )
    p.add_argument(
        "--accept-conflicts",
        action="store_true",
        help="冲突项（生成模板后程序里的值已被修改）以文件中的值为准覆盖；不加时，有冲突的文件"
        "不导入",
    )


def run(args: argparse.Namespace) -> int:
    from desktop.cli.register_files import import_workbook, is_register_workbook
    from desktop.exchange import returns
    from desktop.operations.returned_files import (
        Choice,
        ImportRefused,
        import_file,
        preview_returns,
        refusal,
    )

    choice = Choice(valid_only=args.valid_only, accept_conflicts=args.accept_conflicts)
    status = EXIT_OK
    with working_session(args.db) as session:
        for path in args.files:
            if is_register_workbook(path):
                status = max(status, import_workbook(session, path, dry_run=args.dry_run))
                continue
            (result,) = preview_returns(session.db, [path])
            print(result.summary())
            for note in result.notes:
                print(f"  提示：{note}")
            for row in result.rows:
                if row.kind in ("invalid", "conflict") or row.warning:
                    text = row.message or row.warning
                    print(f"  {returns.KINDS[row.kind]}：{row.name}：{text}")
            reason = "" if result.refused else refusal(result, choice, cli=True)
            if result.refused or reason:
                if reason:
                    print(f"  未导入：{reason}")
                status = EXIT_DATA
                continue
            if args.dry_run:
                print("  （预览，未写入）")
                continue
            try:
                applied = import_file(session.db, result, choice)
            except ImportRefused as exc:
                print(f"  未导入：{exc.message}")
                status = EXIT_DATA
                continue
            overwritten = result.count("conflict") if choice.accept_conflicts else 0
            extra = f"（其中 {overwritten} 项冲突以文件为准）" if overwritten else ""
            print(f"  已写入 {applied.written} 项{extra}。")
    return status
