"""`fulian templates`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_DATA, EXIT_OK
from desktop.store import migrations

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "templates"


def register(sub: Subparsers) -> None:
    p = sub.add_parser("templates", help="生成单位填报模板 / per-unit fill-in templates")
    p.add_argument("db", type=Path)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--unit", default=None, help="单位编码 / one unit's code")
    p.add_argument("--format", choices=("xlsx", "pdf"), default="xlsx")
    p.add_argument("-o", "--out", type=Path, required=True, help="输出文件夹 / folder")


def run(args: argparse.Namespace) -> int:
    from desktop.operations.session import read_only
    from desktop.operations.unit_forms import write_unit_forms

    db = read_only(args.db)
    try:
        if db.schema_version < migrations.LATEST:
            print("数据库版本较旧，请先用妇联工作台打开一次（会自动升级）。", file=sys.stderr)
            return EXIT_DATA
        written = write_unit_forms(db, args.year, args.out, fmt=args.format, unit_code=args.unit)
    finally:
        db.close()
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
