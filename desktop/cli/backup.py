"""`fulian backup`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_OK, data_dir
from desktop.store.backup import BackupStore, backup_to_folder
from desktop.store.database import Database

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "backup"


def register(sub: Subparsers) -> None:
    p = sub.add_parser("backup", help="备份数据库 / consistent copy of a database")
    p.add_argument("db", type=Path)
    p.add_argument(
        "--to",
        type=Path,
        default=None,
        help="备份到此文件夹（默认：本机数据文件夹）/ target folder",
    )


def run(args: argparse.Namespace) -> int:
    path: Path = args.db
    if args.to is not None:
        target = backup_to_folder(path, args.to)
        print(f"已备份到：{target}")
        return EXIT_OK
    from desktop.paths import backups_dir

    db = Database.open(path, read_only=True)
    try:
        db_id = db.db_id
    finally:
        db.close()
    info = BackupStore(backups_dir(data_dir())).backup(path, db_id)
    print(f"已备份到：{info.path}")
    return EXIT_OK
