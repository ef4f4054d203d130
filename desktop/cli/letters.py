"""`fulian letters`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, output_database, output_format
from desktop.outputs.registry import formats

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "letters"


def register(sub: Subparsers) -> None:
    p = sub.add_parser("letters", help="生成目标责任书")
    p.add_argument("db", type=Path)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--unit", default=None, help="单位编码")
    p.add_argument(
        "--format",
        choices=formats("letter"),
        default=None,
        help="默认按输出文件的扩展名，否则 pdf",
    )
    p.add_argument("--copies", type=int, default=1, help="每份打印份数")
    p.add_argument(
        "--single-sided",
        action="store_true",
        help="单面打印：合并的PDF中不在奇数页的责任书后加空白页",
    )
    p.add_argument(
        "--date",
        default=None,
        metavar="YYYY-MM-DD",
        help="责任书落款日期（记入数据库）",
    )
    p.add_argument(
        "-o", "--out", type=Path, required=True, help="文件，或已存在的文件夹（每个单位一个文件）"
    )


def run(args: argparse.Namespace) -> int:
    from desktop.operations.letters import write_letters

    day: date | None = None
    if args.date is not None:
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            print(f"日期“{args.date}”无法识别，请写成 2025-11-30 的形式。", file=sys.stderr)
            return EXIT_USAGE
    # numbers (and the date) are given to the letters: a write
    with output_database(args.db, writes=True) as db:
        written = write_letters(
            db,
            args.year,
            args.out,
            unit_code=args.unit,
            copies=args.copies,
            fmt=output_format(args.out, args.format, "pdf"),
            day=day,
            duplex=False if args.single_sided else None,
        ).paths
    if not written:
        print(f"{args.year}年度没有需要签订责任书的单位。", file=sys.stderr)
        return EXIT_DATA
    print(f"已生成 {len(written)} 个文件：{written[0] if len(written) == 1 else args.out}")
    return EXIT_OK
