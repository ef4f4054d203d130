"""`fulian templates`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, output_database, output_format
from desktop.outputs.registry import formats
from desktop.store.schema_latest import LATEST

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "templates"


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "templates",
        help="生成单位填报模板，或空白台账",
    )
    p.add_argument("db", type=Path)
    p.add_argument("--year", type=int, default=None)
    p.add_argument("--register", default=None, help="台账标识：生成空白台账")
    p.add_argument("--unit", default=None, help="单位编码")
    p.add_argument(
        "--format",
        choices=formats("template", "blank_form"),
        default=None,
        help="xlsx：填报模板（默认）；pdf：纸质填报表",
    )
    p.add_argument(
        "-o", "--out", type=Path, required=True, help="输出文件夹；--register 时为 .xlsx 文件"
    )


def run(args: argparse.Namespace) -> int:
    from desktop.operations.unit_forms import write_unit_forms

    if args.register is not None:
        from desktop.cli.register_files import blank_workbook

        return blank_workbook(args.db, args.register, args.out)
    if args.year is None:
        print("请用 --year 指定年度（或用 --register 生成空白台账）。", file=sys.stderr)
        return EXIT_USAGE

    with output_database(args.db) as db:
        if db.schema_version < LATEST:
            print("数据库版本较旧，请先用妇联工作台打开一次（会自动升级）。", file=sys.stderr)
            return EXIT_DATA
        fmt = output_format(args.out, args.format, "xlsx")
        written = write_unit_forms(db, args.year, args.out, fmt=fmt, unit_code=args.unit)
    if not written:
        print(
            f"{args.year}年度没有需要填报的单位"
            + (f"（编码 {args.unit}）" if args.unit else "")
            + "。",
            file=sys.stderr,
        )
        return EXIT_DATA
    print(f"已生成 {len(written)} 个文件到：{args.out}")
    return EXIT_OK
