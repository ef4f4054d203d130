"""`fulian import`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_DATA, EXIT_OK, data_dir

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "import"


def register(sub: Subparsers) -> None:
    p = sub.add_parser("import", help="导入回收的填报表 / import returned templates")
    p.add_argument("db", type=Path)
    p.add_argument("files", type=Path, nargs="+")
    p.add_argument("--dry-run", action="store_true", help="只预览，不写入 / preview only")
    p.add_argument(
        "--valid-only",
        action="store_true",
        help="只导入无误的行 / apply the valid rows of a file with errors",
    )


def run(args: argparse.Namespace) -> int:
    from desktop.exchange import returns
    from desktop.operations.returns import apply_return, preview_returns
    from desktop.operations.session import backup_store, close_database, open_database

    session = open_database(args.db, backup_store(data_dir()))
    status = EXIT_OK
    try:
        for path in args.files:
            (result,) = preview_returns(session.db, [path])
            print(result.summary())
            for note in result.notes:
                print(f"  提示：{note}")
            for row in result.rows:
                if row.kind in ("invalid", "conflict") or row.warning:
                    text = row.message or row.warning
                    print(f"  {returns.KINDS[row.kind]}：{row.name}：{text}")
            if result.refused or (result.has_invalid and not args.valid_only):
                if result.has_invalid and not result.refused:
                    print(
                        "  未导入：有错误的行。改正后重新导入，或加 --valid-only 只导入无误的行。"
                    )
                status = EXIT_DATA
                continue
            if args.dry_run:
                print("  （预览，未写入）")
                continue
            changed = apply_return(session.db, result, valid_only=args.valid_only)
            print(f"  已写入 {changed} 项。")
    finally:
        close_database(session)
    return status
