"""`fulian submit`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_DATA, EXIT_OK, output_database

if TYPE_CHECKING:
    from desktop.cli.common import Subparsers

NAME = "submit"


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "submit",
        help="上报县级：生成县里的年报表（Excel + PDF）",
        description=(
            "按上报格式生成本年度报县级的表：Excel（含供县级导入的隐藏数据表和签名）和PDF"
            "（打印盖章）。还有单位未确认时不生成，除非加 --draft。"
        ),
    )
    p.add_argument("db", type=Path)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--format", dest="format_id", default=None, help="上报格式标识（默认 default）")
    p.add_argument("--draft", action="store_true", help="草稿：有单位未确认时也生成")
    p.add_argument("-o", "--out", type=Path, required=True, help="输出文件夹")


def run(args: argparse.Namespace) -> int:
    from desktop.forms.loader import default_forms
    from desktop.forms.submission_format import FormatError
    from desktop.operations.submission import SubmissionError, UnitsUnconfirmed, submit
    from desktop.store import register_sync

    try:
        forms_now = default_forms().forms
        with output_database(args.db, writes=True) as db:
            forms = register_sync.effective_forms(db, forms_now)
            result = submit(
                db,
                args.year,
                args.out,
                format_id=args.format_id,
                draft=args.draft,
                forms=forms,
            )
    except (SubmissionError, FormatError) as exc:
        draft = "（草稿：加 --draft）" if isinstance(exc, UnitsUnconfirmed) else ""
        print(str(exc) + draft, file=sys.stderr)
        return EXIT_DATA
    for path in result.files:
        print(f"已生成：{path}")
    claim = result.submission.claim
    print(
        f"校验码：{result.submission.content_hash[:16].upper()}，签名识别码：{claim.key_fingerprint}"
    )
    return EXIT_OK
