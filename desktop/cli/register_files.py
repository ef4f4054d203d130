"""Register workbooks on the command line (not a command: what ``templates --register``,
``import`` and ``export register:FORM --full`` do with them), kept apart from the import of
returned fill-in templates so that the two grow without conflicts."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from desktop.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE
from desktop.exchange.sheets import ImportProblem
from desktop.operations import registers
from desktop.store.database import Database
from desktop.store.errors import StoreError
from desktop.store.session import Session
from desktop.store.vault import VaultError

PASSWORD_ENV = "FULIAN_PASSWORD"


def forms_of(db: Database) -> list:  # type: ignore[type-arg]
    from desktop.forms.loader import default_forms
    from desktop.store import register_sync

    return register_sync.effective_forms(db, default_forms().forms)


def blank_workbook(db_path: Path, form_id: str, out: Path) -> int:
    """``fulian templates DB --register FORM -o FILE.xlsx``."""
    if out.suffix.lower() != ".xlsx":
        print("请用 -o 指定一个 .xlsx 文件。", file=sys.stderr)
        return EXIT_USAGE
    db = Database.open(db_path, read_only=True)
    try:
        form = registers.find_form(forms_of(db), form_id)
        registers.write_blank_workbook(db, form, out)
    except registers.RegisterNotFound as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_DATA
    finally:
        db.close()
    print(f"已生成空白台账“{form.title}”：{out}")
    return EXIT_OK


def unlock_if_needed(session: Session, why: str) -> bool:
    """Personal data encrypted: the password from FULIAN_PASSWORD, or asked at a terminal."""
    if not session.protection.codec.locked:
        return True
    password = os.environ.get(PASSWORD_ENV)
    if password is None and sys.stdin.isatty():
        password = getpass.getpass(f"{why}，请输入数据库密码：")
    if not password:
        print(
            f"个人信息已加密：{why}需要数据库密码（或设置环境变量 {PASSWORD_ENV}）。",
            file=sys.stderr,
        )
        return False
    try:
        session.protection.unlock(password)
    except VaultError as exc:
        print(str(exc), file=sys.stderr)
        return False
    return True


def is_register_workbook(path: Path) -> bool:
    """Whether a file names a register (an unreadable one is left to the template import,
    which reports it; one whose register sheet is damaged is a register's, reported as such)."""
    try:
        return registers.workbook_register(path) is not None
    except ImportProblem as exc:
        return exc.sheet == registers.REGISTER_SHEET


def import_workbook(session: Session, path: Path, *, dry_run: bool) -> int:
    """One register workbook: preview, all or nothing, ``--dry-run``."""
    try:
        form_id = registers.workbook_register(path)
        form = registers.find_form(session.forms, form_id or "")
        if registers.personal(form) and not unlock_if_needed(session, "导入台账"):
            return EXIT_DATA
        result = registers.import_register_workbook(session, path, dry_run=dry_run)
    except ImportProblem as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_DATA
    except (registers.RegisterNotFound, StoreError) as exc:
        print(f"{path.name}：{exc}", file=sys.stderr)
        return EXIT_DATA
    print(f"{path.name}（台账“{result.form.title}”）：{result.plan.summary()}")
    if result.refused:
        print(ImportProblem(path, result.plan.errors).report(), file=sys.stderr)
        print("  未导入：文件中有错误，整个文件都没有写入。改正后重新导入。", file=sys.stderr)
        return EXIT_DATA
    if dry_run:
        print("  （预览，未写入）")
    elif result.applied:
        print("  已写入。")
    return EXIT_OK


def export_full(db_path: Path, form_id: str, out: Path) -> int:
    """``fulian export DB register:FORM --full -o FILE.xlsx``: audited, so the database is
    opened for writing (locked, like the app) for the audit entry."""
    from desktop.cli.common import data_dir
    from desktop.paths import backups_dir
    from desktop.store.backup import BackupStore

    if out.is_dir():
        out = out / f"{form_id}（完整）.xlsx"
    session = Session.open(db_path, BackupStore(backups_dir(data_dir())))
    try:
        form = registers.find_form(session.forms, form_id)
        if registers.personal(form) and not unlock_if_needed(session, "完整导出"):
            return EXIT_DATA
        count = registers.export_full(session, form, out)
    except (registers.RegisterNotFound, StoreError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_DATA
    finally:
        session.close()
    print(f"已完整导出“{form.title}” {count} 条：{out}（已记入修改记录，请妥善保管）")
    return EXIT_OK
