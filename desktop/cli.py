"""The command line: the same core as the GUI (design.md, "Command line").

Exit codes: 0 success; 1 the input or data is wrong; 2 usage error; 3 the environment failed.
The GUI is imported lazily, only when a command starts it.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from desktop import __version__
from desktop.store import migrations, units
from desktop.store.backup import BackupStore, copy_database
from desktop.store.database import Database
from desktop.store.errors import StoreError, classify_os
from desktop.store.header import has_hot_journal
from desktop.store.lock import is_stale, read_owner

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_ENV = 0, 1, 2, 3

log = logging.getLogger("fulian.cli")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2 with a bilingual hint
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"用法错误 (usage error): {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="fulian",
        description="妇联工作台 Fulian Desk. 不带参数时启动图形界面 (no command: start the GUI).",
    )
    parser.add_argument("--version", action="version", version=f"fulian {__version__}")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="自检：生成演示库、打开主窗口、用QtPdf渲染一页PDF，然后退出 / self-test and exit",
    )
    parser.add_argument(
        "--auto-quit",
        metavar="MS",
        type=int,
        default=None,
        help="启动图形界面后自动退出（毫秒），用于检查能否启动 / quit the GUI after MS ms",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p_open = sub.add_parser("open", help="打开数据库并启动图形界面 / start the GUI on DB")
    p_open.add_argument("db", type=Path)
    p_open.add_argument(
        "--auto-quit",
        metavar="MS",
        type=int,
        default=None,
        dest="auto_quit_open",
        help=argparse.SUPPRESS,
    )

    p_demo = sub.add_parser("demo", help="生成演示数据库 / create a demo database")
    p_demo.add_argument("path", type=Path)
    p_demo.add_argument("--size", choices=("small", "large"), default="small")
    p_demo.add_argument("--seed", type=int, default=20260308, help=argparse.SUPPRESS)
    p_demo.add_argument(
        "--password",
        help="设置数据库密码（个人信息加密）；也可用环境变量 FULIAN_DEMO_PASSWORD / "
        "protect personal data with this password",
    )
    p_demo.add_argument(
        "--force", action="store_true", help="覆盖已存在的演示文件 / replace an existing file"
    )

    p_check = sub.add_parser("check", help="检查数据库（只读）/ check a database, read-only")
    p_check.add_argument("db", type=Path)

    p_backup = sub.add_parser("backup", help="备份数据库 / consistent copy of a database")
    p_backup.add_argument("db", type=Path)
    p_backup.add_argument(
        "--to",
        type=Path,
        default=None,
        help="备份到此文件夹（默认：本机数据文件夹）/ target folder",
    )

    p_templates = sub.add_parser("templates", help="生成单位填报模板 / per-unit fill-in templates")
    p_templates.add_argument("db", type=Path)
    p_templates.add_argument("--year", type=int, required=True)
    p_templates.add_argument("--unit", default=None, help="单位编码 / one unit's code")
    p_templates.add_argument("--format", choices=("xlsx", "pdf"), default="xlsx")
    p_templates.add_argument("-o", "--out", type=Path, required=True, help="输出文件夹 / folder")

    p_letters = sub.add_parser("letters", help="生成目标责任书 / target-responsibility letters")
    p_letters.add_argument("db", type=Path)
    p_letters.add_argument("--year", type=int, required=True)
    p_letters.add_argument("--unit", default=None, help="单位编码 / one unit's code")
    p_letters.add_argument("--format", choices=("pdf", "xlsx", "docx"), default="pdf")
    p_letters.add_argument("--copies", type=int, default=1, help="每份打印份数 / copies")
    p_letters.add_argument(
        "-o", "--out", type=Path, required=True, help="文件，或已存在的文件夹（每个单位一个文件）"
    )

    p_export = sub.add_parser("export", help="导出报表 / export a report (read-only)")
    p_export.add_argument("db", type=Path)
    p_export.add_argument(
        "report",
        help="monitoring | warnings | trend:<指标编码或领域> | completeness | assessment | "
        "statistics | summary | register:<台账标识>",
    )
    period = p_export.add_mutually_exclusive_group()
    period.add_argument("--year", type=int, default=None)
    period.add_argument("--from", dest="date_from", default=None, help="起始日期 2026-01-01")
    p_export.add_argument("--to", dest="date_to", default=None, help="截止日期 2026-12-31")
    p_export.add_argument("--format", choices=("xlsx", "pdf"), default="pdf")
    p_export.add_argument(
        "-o", "--out", type=Path, required=True, help="文件，或已存在的文件夹（文件名按报表名）"
    )

    p_import = sub.add_parser("import", help="导入回收的填报表 / import returned templates")
    p_import.add_argument("db", type=Path)
    p_import.add_argument("files", type=Path, nargs="+")
    p_import.add_argument("--dry-run", action="store_true", help="只预览，不写入 / preview only")
    p_import.add_argument(
        "--valid-only",
        action="store_true",
        help="只导入无误的行 / apply the valid rows of a file with errors",
    )
    return parser


def _data_dir() -> Path:
    from desktop.paths import user_data_dir

    return user_data_dir()


DEMO_PASSWORD_ENV = "FULIAN_DEMO_PASSWORD"


def cmd_demo(args: argparse.Namespace) -> int:
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
    demo.build(path, demo.DemoSpec(size=args.size, seed=args.seed))
    recovery = ""
    try:
        if password:
            recovery = demo.protect(path, password)
    except VaultError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_DATA
    seconds = (datetime.now() - started).total_seconds()
    print(f"已生成演示数据库：{path}（{args.size}，{seconds:.1f} 秒）")
    if recovery:
        print(f"已设置密码，个人信息已加密。恢复密钥：{recovery}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    path: Path = args.db
    db = Database.open(path, read_only=True)
    try:
        version = db.schema_version
        lines = [
            f"文件：{path}",
            "完整性：正常（quick_check ok）",
            f"数据版本：{version}（本程序 {migrations.LATEST}）"
            + ("，打开时将自动升级" if version < migrations.LATEST else ""),
            f"数据库标识：{db.db_id}",
            f"责任单位：{units.count(db)} 个（启用 {units.count(db, active_only=True)} 个）",
            *_register_lines(db),
        ]
    finally:
        db.close()
    owner = read_owner(path)
    if owner is None:
        lines.append("锁定：无（可以安全拔出U盘）")
    else:
        state = "，已过期，可接管" if is_stale(owner) else ""
        lines.append(f"锁定：{owner.describe()}打开{state}")
    if has_hot_journal(path):
        lines.append("注意：存在未完成的日志文件，打开一次即可自动恢复，请勿删除。")
    print("\n".join(lines))
    return EXIT_OK


def _register_lines(db: Database) -> list[str]:
    """Registers' record counts and whether personal data is encrypted (read-only)."""
    from desktop.store import vault

    counts = []
    if db.table_exists("register_table"):
        for row in db.query_all("SELECT title, table_name FROM register_table ORDER BY rowid"):
            table = row["table_name"]
            if db.table_exists(table):
                n = db.scalar(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL")
                counts.append(f"{row['title']} {n}")
    protected = vault.is_protected(db)
    return [
        f"台账：{'，'.join(counts) if counts else '无'}",
        "个人信息：已设置密码，加密保存" if protected else "个人信息：未设置密码（明文保存）",
    ]


def cmd_backup(args: argparse.Namespace) -> int:
    path: Path = args.db
    if args.to is not None:
        target_dir: Path = args.to
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / f"{path.stem}-备份-{datetime.now():%Y%m%d-%H%M%S}.fulian"
        copy_database(path, target)
        print(f"已备份到：{target}")
        return EXIT_OK
    from desktop.paths import backups_dir

    db = Database.open(path, read_only=True)
    try:
        db_id = db.db_id
    finally:
        db.close()
    info = BackupStore(backups_dir(_data_dir())).backup(path, db_id)
    print(f"已备份到：{info.path}")
    return EXIT_OK


def cmd_templates(args: argparse.Namespace) -> int:
    from desktop.exchange import templates
    from desktop.reports import blank_forms

    db = Database.open(args.db, read_only=True)
    try:
        if db.schema_version < migrations.LATEST:
            print("数据库版本较旧，请先用妇联工作台打开一次（会自动升级）。", file=sys.stderr)
            return EXIT_DATA
        if args.format == "pdf":
            written = blank_forms.write_all(db, args.year, args.out, unit_code=args.unit)
        else:
            written = templates.write_all(db, args.year, args.out, unit_code=args.unit)
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


def cmd_letters(args: argparse.Namespace) -> int:
    from desktop.reports import letters_pdf
    from desktop.reports.pdf.fonts import FontMissing

    db = Database.open(args.db)  # numbers are given to new letters: a write
    try:
        written = letters_pdf.write_year(
            db, args.year, args.out, unit_code=args.unit, copies=args.copies, fmt=args.format
        )
    except FontMissing as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_ENV
    finally:
        db.close()
    if not written:
        print(f"{args.year}年度没有需要签订责任书的单位。", file=sys.stderr)
        return EXIT_DATA
    print(f"已生成 {len(written)} 个文件：{written[0] if len(written) == 1 else args.out}")
    return EXIT_OK


def _date_arg(text: str | None, name: str) -> str | None:
    from desktop.forms.fields import DateType, FieldError, Options

    if text is None:
        return None
    try:
        return str(DateType(Options()).parse(text))
    except FieldError as exc:
        raise ValueError(f"{name}：{exc}") from None


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.forms.loader import default_forms
    from desktop.reports import catalog
    from desktop.reports.pdf.fonts import FontMissing

    try:
        date_from = _date_arg(args.date_from, "--from")
        date_to = _date_arg(args.date_to, "--to")
        request = catalog.Request.parse(
            args.report, year=args.year, date_from=date_from, date_to=date_to
        )
    except (ValueError, catalog.ReportError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    db = Database.open(args.db, read_only=True)  # no lock, no backup, no migration
    try:
        out = catalog.export(db, default_forms().forms, request, args.format, args.out)
    except catalog.ReportError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_DATA
    except FontMissing as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_ENV
    finally:
        db.close()
    print(f"已生成：{out}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.exchange import returns
    from desktop.paths import backups_dir
    from desktop.store.session import Session

    session = Session.open(args.db, BackupStore(backups_dir(_data_dir())))
    status = EXIT_OK
    try:
        for path in args.files:
            result = returns.preview(session.db, path)
            print(result.summary())
            for note in result.notes:
                print(f"  提示：{note}")
            for row in result.rows:
                if row.kind in ("invalid", "conflict") or row.warning:
                    text = row.message or row.warning
                    print(f"  {returns.KINDS[row.kind]}：{row.name}：{text}")
            if result.refused or (result.has_invalid and not args.valid_only):
                if result.has_invalid and not result.refused:
                    print(
                        "  未导入：有错误的行。改正后重新导入，或加 --valid-only 只导入无误的行。"
                    )
                status = EXIT_DATA
                continue
            if args.dry_run:
                print("  （预览，未写入）")
                continue
            changed = returns.apply(session.db, result, valid_only=args.valid_only)
            print(f"  已写入 {changed} 项。")
    finally:
        session.close()
    return status


def _start_gui(db: Path | None, auto_quit_ms: int | None) -> int:
    from desktop.ui.app import run

    return run(db=db, auto_quit_ms=auto_quit_ms, data_dir=_data_dir())


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
        handlers = {
            "demo": cmd_demo,
            "check": cmd_check,
            "backup": cmd_backup,
            "templates": cmd_templates,
            "import": cmd_import,
            "letters": cmd_letters,
            "export": cmd_export,
        }
        return handlers[args.command](args)
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
        if known is None:
            raise
        print(f"{known.title}：{known.message}（{exc.filename or ''}）", file=sys.stderr)
        return known.exit_code


def gui_main() -> int:
    """Windows GUI entry point: ``FulianDesk.exe [DB]`` (what a double-click on a file runs)."""
    argv = sys.argv[1:]
    commands = ("open", "demo", "check", "backup", "templates", "import", "letters", "export")
    if argv and not argv[0].startswith("-") and argv[0] not in commands:
        argv = ["open", *argv]
    return main(argv)
