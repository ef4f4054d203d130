"""`fulian backup`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_OK, data_dir
from desktop.store.backup import backup_to_folder

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "backup"


def register(sub: Subparsers) -> None:
    p = sub.add_parser("backup", help="备份数据库")
    p.add_argument("db", type=Path)
    p.add_argument(
        "--to",
        type=Path,
        default=None,
        help="备份到此文件夹（默认：本机数据文件夹）",
    )


def run(args: argparse.Namespace) -> int:
    from desktop.operations.session import backup_database, backup_store, read_only

    path: Path = args.db
    if args.to is not None:
        target = backup_to_folder(path, args.to)
        print(f"已备份到：{target}")
        return EXIT_OK
    db = read_only(path)
    try:
        db_id = db.db_id
    finally:
        db.close()
    info = backup_database(backup_store(data_dir()), path, db_id)
    assert info is not None  # a backup that is not "only if changed" is always made
    print(f"已备份到：{info.path}")
    return EXIT_OK
