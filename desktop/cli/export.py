"""`fulian export`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, output_database, output_format
from desktop.outputs.registry import formats

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "export"


def register(sub: Subparsers) -> None:
    p = sub.add_parser("export", help="导出报表")
    p.add_argument("db", type=Path)
    p.add_argument(
        "report",
        help="monitoring | warnings | trend:<指标编码或领域> | completeness | assessment | "
        "monitoring-report（统计监测报告） | statistics | petition-return（信访统计表） | "
        "dispute-return（矛盾纠纷排查化解月报） | summary | register:<台账标识> | "
        "notices（预警通知书、督办单，-o 为文件夹）",
    )
    period = p.add_mutually_exclusive_group()
    period.add_argument("--year", type=int, default=None)
    period.add_argument("--from", dest="date_from", default=None, help="起始日期 2026-01-01")
    p.add_argument("--to", dest="date_to", default=None, help="截止日期 2026-12-31")
    p.add_argument(
        "--format",
        choices=formats("report", "monitoring_report", "register_listing", "notice"),
        default=None,
        help="默认按输出文件的扩展名，否则 pdf；docx 用于考核通报（assessment）、"
        "统计监测报告（monitoring-report）和 notices",
    )
    p.add_argument(
        "--full",
        action="store_true",
        help="register:<台账>：完整导出（含个人信息，记入修改记录）",
    )
    p.add_argument(
        "-o", "--out", type=Path, required=True, help="文件，或已存在的文件夹（文件名按报表名）"
    )


def _date_arg(text: str | None, name: str) -> str | None:
    from desktop.forms.field_numbers import DateType
    from desktop.forms.fields import FieldError, Options

    if text is None:
        return None
    try:
        return str(DateType(Options()).parse(text))
    except FieldError as exc:
        raise ValueError(f"{name}：{exc}") from None


def run(args: argparse.Namespace) -> int:
    args.format = output_format(args.out, args.format, "pdf")
    if args.report == "notices":
        return _notices(args)
    if args.report == "county":
        return _county(args)
    from desktop.forms.loader import default_forms
    from desktop.operations.reports import export_report
    from desktop.reports import catalog
    from desktop.store import register_sync

    if args.full:
        if not args.report.startswith("register:"):
            print("--full 只用于 register:<台账标识>。", file=sys.stderr)
            return EXIT_USAGE
        from desktop.cli.register_files import export_full

        return export_full(args.db, args.report.partition(":")[2], args.out)
    try:
        date_from = _date_arg(args.date_from, "--from")
        date_to = _date_arg(args.date_to, "--to")
        request = catalog.Request.parse(
            args.report, year=args.year, date_from=date_from, date_to=date_to
        )
    except (ValueError, catalog.ReportError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    try:
        with output_database(args.db) as db:  # reads only: no lock, no backup, no migration
            forms = register_sync.effective_forms(db, default_forms().forms)
            out = export_report(db, forms, request, args.format, args.out)
    except catalog.ReportError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_DATA
    print(f"已生成：{out}")
    return EXIT_OK


def _notices(args: argparse.Namespace) -> int:
    """预警通知书 for the year's warnings not yet sent (numbered first: a write), then every
    notice and 督办单 of the year as one file each in the folder ``-o``."""
    from desktop.operations import notices

    if args.year is None:
        print("预警通知书需要 --year 年度", file=sys.stderr)
        return EXIT_USAGE
    if args.format not in formats("notice"):
        print(f"预警通知书的格式应为 {' 或 '.join(formats('notice'))}", file=sys.stderr)
        return EXIT_USAGE
    if not args.out.is_dir():
        print(f"-o 应为已存在的文件夹：{args.out}", file=sys.stderr)
        return EXIT_USAGE
    # notices are numbered before they are printed: a write
    try:
        with output_database(args.db, writes=True) as db:
            issued = notices.issue_warnings(db, args.year)
            written = notices.write_notices(db, args.year, args.format, args.out)
    except notices.NoticeError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_DATA
    if not written:
        print(f"{args.year}年度没有需要发出预警通知书的指标。", file=sys.stderr)
        return EXIT_DATA
    print(f"新发出 {len(issued.notices)} 份预警通知书；已生成 {len(written)} 个文件：{args.out}")
    return EXIT_OK


def _county(args: argparse.Namespace) -> int:
    """乡镇上报汇总 of a county database (read-only)."""
    from desktop.operations.county import MergeRefused, export_county

    if args.year is None or args.format not in ("xlsx", "pdf"):
        print("乡镇上报汇总需要 --year 年度 和 --format xlsx|pdf", file=sys.stderr)
        return EXIT_USAGE
    try:
        with output_database(args.db) as db:
            out = export_county(db, args.year, args.format, args.out)
    except MergeRefused as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_DATA
    print(f"已生成：{out}")
    return EXIT_OK
