"""`fulian letters`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_DATA, EXIT_ENV, EXIT_OK, data_dir

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "letters"


def register(sub: Subparsers) -> None:
    p = sub.add_parser("letters", help="生成目标责任书 / target-responsibility letters")
    p.add_argument("db", type=Path)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--unit", default=None, help="单位编码 / one unit's code")
    p.add_argument("--format", choices=("pdf", "xlsx", "docx"), default="pdf")
    p.add_argument("--copies", type=int, default=1, help="每份打印份数 / copies")
    p.add_argument(
        "-o", "--out", type=Path, required=True, help="文件，或已存在的文件夹（每个单位一个文件）"
    )


def run(args: argparse.Namespace) -> int:
    from desktop.operations.letters import write_letters
    from desktop.operations.session import backup_store, close_database, open_database
    from desktop.reports.pdf.fonts import FontMissing

    # numbers are given to new letters: a write, so lock and back up before migrating, as the
    # app does
    session = open_database(args.db, backup_store(data_dir()))
    try:
        written = write_letters(
            session.db,
            args.year,
            args.out,
            unit_code=args.unit,
            copies=args.copies,
            fmt=args.format,
        ).paths
    except FontMissing as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_ENV
    finally:
        close_database(session)
    if not written:
        print(f"{args.year}年度没有需要签订责任书的单位。", file=sys.stderr)
        return EXIT_DATA
    print(f"已生成 {len(written)} 个文件：{written[0] if len(written) == 1 else args.out}")
    return EXIT_OK
