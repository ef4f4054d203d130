"""`fulian unlock DB [--yes]`: show who holds a database's lock, ask, remove a stale one.

Exit codes: 0 the lock was removed (or there was none); 1 the clerk answered no; 2 no answer
could be asked for (no terminal input) and ``--yes`` was not given; 3 the lock cannot be
removed (held by a running program on this PC, the lock's place is a folder, read-only stick).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_DATA, EXIT_ENV, EXIT_OK, EXIT_USAGE
from desktop.store import lock as lockfile
from desktop.store.errors import FileMissing

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "unlock"


def register(sub: Subparsers) -> None:
    p = sub.add_parser("unlock", help="解除数据库的锁定（接管）")
    p.add_argument("db", type=Path)
    p.add_argument("--yes", action="store_true", help="不询问，直接解除（用于脚本）")


def _ask(question: str) -> bool | None:
    """y/N from stdin; None when there is no input to read from."""
    print(question, end="", flush=True)
    if sys.stdin is None or sys.stdin.closed:
        print()
        return None
    try:
        answer = sys.stdin.readline()
    except (OSError, ValueError):
        answer = ""
    if not answer:
        print()
        return None
    return answer.strip().lower() in ("y", "yes", "是", "好")


def run(args: argparse.Namespace) -> int:
    path: Path = Path(args.db).absolute()
    if not path.is_file():
        raise FileMissing("找不到数据库文件（U盘是否已插好？）。", path=path)
    owner = lockfile.read_owner(path)
    if owner is None:
        print(f"“{path.name}”没有被锁定，无需解除。")
        return EXIT_OK
    stale = lockfile.is_stale(owner)
    print(f"锁定文件：{lockfile.lock_path(path)}")
    print(f"锁定者：{owner.describe()}打开" + ("（看来已不再使用）" if stale else ""))
    if lockfile.holder_alive_here(owner):
        print(
            "这个数据库正在本机的另一个妇联工作台窗口中打开，不能解除。"
            "请在那个窗口中点“关闭数据库”。",
            file=sys.stderr,
        )
        return EXIT_ENV
    if not args.yes:
        warning = "" if stale else "锁定时间较近，对方可能仍在使用。"
        answer = _ask(f"{warning}确认对方已不再使用、要解除锁定吗？(y/N) ")
        if answer is None:
            print(
                "没有收到确认，未解除锁定。在脚本中请加 --yes。",
                file=sys.stderr,
            )
            return EXIT_USAGE
        if not answer:
            print("未解除锁定。")
            return EXIT_DATA
    if not lockfile.remove_lock(path, owner):
        print("锁定在此期间被别处更新了，未解除。请重新运行本命令查看。", file=sys.stderr)
        return EXIT_ENV
    print("已解除锁定，现在可以打开这个数据库了。")
    return EXIT_OK
