"""`fulian demo`."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "demo"


def register(sub: Subparsers) -> None:
    p = sub.add_parser("demo", help="生成演示数据库")
    p.add_argument("path", type=Path)
    p.add_argument("--size", choices=("small", "large"), default="small")
    p.add_argument(
        "--level",
        choices=("township", "county"),
        default="township",
        help="county：县级演示库（12个乡镇的上报已导入）",
    )
    p.add_argument("--seed", type=int, default=20260308, help=argparse.SUPPRESS)
    p.add_argument(
        "--password",
        help="设置数据库密码（个人信息加密）；也可用环境变量 FULIAN_DEMO_PASSWORD",
    )
    p.add_argument("--force", action="store_true", help="覆盖已存在的演示文件")


DEMO_PASSWORD_ENV = "FULIAN_DEMO_PASSWORD"


def run(args: argparse.Namespace) -> int:
    from desktop import demo
    from desktop.store.vault import MIN_PASSWORD, VaultError

    path: Path = args.path
    if path.exists():
        if not args.force:
            print(f"文件已存在：{path}（如要重新生成，请加 --force）", file=sys.stderr)
            return EXIT_DATA
        path.unlink()
    started = datetime.now()
    password = args.password or os.environ.get(DEMO_PASSWORD_ENV) or None
    if password is not None and len(password) < MIN_PASSWORD:
        print(f"密码至少{MIN_PASSWORD}位。", file=sys.stderr)
        return EXIT_USAGE
    if args.level == "county":
        from desktop.demo import county

        county.build(path, seed=args.seed)
    else:
        demo.build(path, demo.DemoSpec(size=args.size, seed=args.seed))
    recovery = ""
    try:
        if password:
            recovery = demo.protect(path, password)
    except VaultError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_DATA
    seconds = (datetime.now() - started).total_seconds()
    what = "县级，12个乡镇" if args.level == "county" else args.size
    print(f"已生成演示数据库：{path}（{what}，{seconds:.1f} 秒）")
    if recovery:
        print(f"已设置密码，个人信息已加密。恢复密钥：{recovery}")
    return EXIT_OK
