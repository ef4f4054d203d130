"""`fulian merge`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_DATA, EXIT_OK, working_session

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "merge"


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "merge",
        help="县级数据库：导入乡镇上报文件",
        description=(
            "每个文件先检查并预览（新增、修改 旧→新、未变），再整体写入（一个文件一个事务）。"
            "被改动过的、其他数据库的、已导入过的文件不导入；同一乡镇同一年度重新上报的文件"
            "替换该乡镇该年度的数据。"
        ),
    )
    p.add_argument("db", type=Path)
    p.add_argument("files", type=Path, nargs="+")
    p.add_argument("--dry-run", action="store_true", help="只预览，不写入")


def run(args: argparse.Namespace) -> int:
    from desktop.operations.county import MergeRefused, merge_file, preview_merge

    status = EXIT_OK
    with working_session(args.db) as session:
        for path in args.files:  # one by one: a later file is previewed against the earlier
            try:
                (preview,) = preview_merge(session.db, [path])
            except MergeRefused as exc:
                print(exc.message, file=sys.stderr)
                return EXIT_DATA
            print(preview.summary())
            for diff in preview.changed:
                print(f"  修改：{diff.name}（{diff.code}）：{diff.old} → {diff.new}")
            if preview.refused:
                status = EXIT_DATA
                continue
            if args.dry_run:
                print("  （预览，未写入）")
                continue
            try:
                merge_file(session.db, preview)
            except MergeRefused as exc:
                print(f"  未导入：{exc.message}")
                status = EXIT_DATA
                continue
            print("  已导入。")
    return status
