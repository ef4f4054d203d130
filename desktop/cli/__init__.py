"""The command line: the same core as the GUI (design.md, "Command line").

Exit codes: 0 success; 1 the input or data is wrong; 2 usage error; 3 the environment failed.
The GUI is imported lazily, only when a command starts it.

Each command is one module here with ``NAME``, ``register(sub)`` (its arguments) and
``run(args) -> int``; a new command is a new module added to ``COMMANDS``. Command modules are
imported when their command runs (or for ``--help``, which lists them all): ``fulian open``
starts the window without loading the others (and the libraries they need).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Protocol, cast

from desktop import __version__
from desktop.cli.common import EXIT_DATA, EXIT_ENV, EXIT_OK, EXIT_USAGE, CommandFailed, data_dir
from desktop.domain.os_errors import describe_os_error
from desktop.store.errors import StoreError, classify_os

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

__all__ = ["EXIT_DATA", "EXIT_ENV", "EXIT_OK", "EXIT_USAGE", "gui_main", "main"]

log = logging.getLogger("fulian.cli")

#: the window's start-up modules that do not use Qt, imported before PySide6: its import hook
#: (a Python function run for every import statement, and a question about every new module,
#: which ``desktop.ui`` answers) is not installed yet (``tests/ui/test_start_path.py`` keeps
#: the list whole)
BEFORE_QT = (
    "desktop.operations.home",
    "desktop.operations.session",
    "desktop.forms.loader",
    "desktop.store.backup",
    "desktop.domain.attention",
    "desktop.domain.first_year",
    "desktop.store.setup_state",
    "desktop.paths",
)


class Command(Protocol):
    NAME: str

    def register(self, sub: Subparsers) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


#: the commands in the order ``--help`` lists them: (name, module in ``desktop.cli``)
COMMANDS: tuple[tuple[str, str], ...] = (
    ("demo", "demo"),
    ("check", "check"),
    ("backup", "backup"),
    ("templates", "templates"),
    ("letters", "letters"),
    ("export", "export"),
    ("import", "imports"),
    ("protect", "protect"),
    ("unlock", "unlock"),
    ("year", "year"),
    ("new", "new"),
    ("submit", "submit"),
    ("merge", "merge"),
    ("townships", "townships"),
)
NAMES = ("open", *(name for name, _module in COMMANDS))


def command(name: str) -> Command:
    """The module of command ``name``, imported now."""
    module = dict(COMMANDS)[name]
    return cast(Command, importlib.import_module(f"desktop.cli.{module}"))


def parse_window_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The window's own command lines as ``build_parser`` reads them, without building it
    (argparse's parser and patterns: ~10 M instructions, ~3 ms at every start): none,
    ``open DB``, and either with ``--auto-quit MS``. None for anything else, which argparse
    reads (and words its messages for). A test compares the two readings."""
    args = list(argv)
    auto_quit = None
    if len(args) >= 2 and args[-2] == "--auto-quit":
        if not (args[-1].isascii() and args[-1].isdigit()):
            return None
        auto_quit = int(args[-1])
        del args[-2:]
    if not args:
        return argparse.Namespace(command=None, smoke=False, auto_quit=auto_quit)
    if len(args) == 2 and args[0] == "open" and args[1] and not args[1].startswith("-"):
        return argparse.Namespace(
            command="open", smoke=False, auto_quit=None, db=Path(args[1]), auto_quit_open=auto_quit
        )
    return None


def _chosen(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names before any option that takes a value of its own, or None
    (``--help``, or not sure: the whole parser is built). No command starts the window, as
    ``open`` does."""
    if not argv:
        return "open"
    for arg in argv:
        if arg in ("-h", "--help"):
            return None
        if arg.startswith("-"):
            if arg in ("--smoke", "--version") or arg.startswith("--auto-quit="):
                continue
            return None  # an option with a value (``--auto-quit MS``): parse everything
        return arg if arg in NAMES else None
    return None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2, in Chinese
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"用法错误：{message}\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; ``only``: just that command's arguments (the others are not
    imported: what ``fulian open`` needs to start fast)."""
    from desktop.cli import argparse_zh  # the window's start reads its command line alone

    argparse_zh.install()
    parser = _Parser(
        prog="fulian",
        description="妇联工作台。不带参数时启动图形界面。",
    )
    parser.add_argument(
        "--version", action="version", version=f"fulian {__version__}", help="显示版本号并退出"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="自检：生成演示库、打开主窗口、用QtPdf渲染一页PDF，然后退出",
    )
    parser.add_argument(
        "--auto-quit",
        metavar="MS",
        type=int,
        default=None,
        help="窗口可用（数据库已打开、首页已显示）后再过MS毫秒自动退出，用于计时",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p_open = sub.add_parser("open", help="打开数据库并启动图形界面")
    p_open.add_argument("db", type=Path)
    p_open.add_argument(
        "--auto-quit",
        metavar="MS",
        type=int,
        default=None,
        dest="auto_quit_open",
        help="数据库打开、首页显示后再过MS毫秒自动退出（计时用）",
    )
    for name, _module in COMMANDS:
        if only is None or only == name:
            command(name).register(sub)
    return parser


def _start_gui(db: Path | None, auto_quit_ms: int | None) -> int:
    # the start makes ~30k objects that live as long as the window: no collections while it
    # does (~70 of them, tens of ms); ``ui.app`` freezes them and turns the collector back on
    # once the window is usable
    gc.disable()
    for name in BEFORE_QT:
        importlib.import_module(name)
    from desktop.ui.app import run

    return run(db=db, auto_quit_ms=auto_quit_ms, data_dir=data_dir())


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_window_args(argv) or build_parser(_chosen(argv)).parse_args(argv)
    console = logging.StreamHandler()
    console.setLevel(os.environ.get("FULIAN_LOG", "WARNING").upper())
    console.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logging.basicConfig(level=console.level, handlers=[console])
    try:
        if args.smoke:
            from desktop.ui.smoke import run_smoke

            return run_smoke()
        if args.command is None:
            return _start_gui(None, args.auto_quit)
        if args.command == "open":
            return _start_gui(
                args.db, args.auto_quit_open if args.auto_quit_open is not None else args.auto_quit
            )
        return command(args.command).run(args)
    except CommandFailed as exc:
        print(exc.message, file=sys.stderr)
        return exc.code
    except StoreError as exc:
        print(
            f"{exc.title}：{exc.message}\n文件：{exc.path}"
            if exc.path
            else f"{exc.title}：{exc.message}",
            file=sys.stderr,
        )
        return exc.exit_code
    except OSError as exc:
        known = classify_os(exc)
        if known is None:  # still the environment, never our bug: say it in Chinese
            print(f"读写失败：{describe_os_error(exc)}（{exc.filename or ''}）", file=sys.stderr)
            return EXIT_ENV
        print(f"{known.title}：{known.message}（{exc.filename or ''}）", file=sys.stderr)
        return known.exit_code


def gui_main() -> int:
    """Windows GUI entry point: ``FulianDesk.exe [DB]`` (what a double-click on a file runs)."""
    argv = sys.argv[1:]
    if argv and not argv[0].startswith("-") and argv[0] not in NAMES:
        argv = ["open", *argv]
    return main(argv)
