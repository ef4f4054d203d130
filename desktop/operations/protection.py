"""The database password: set, change, remove, a new recovery key, reset with the recovery key.

Setting, changing and removing rewrite the whole file (``Session.rewrite``): the change is made
on an in-memory copy, written as a new file beside the old one, verified, swapped in, and the
old file's bytes are overwritten, so no plaintext (or old key wrap) is left in the stick's free
space by this action. Backup rule: **no** backup before (it would be one more plaintext copy);
the new file is verified instead, and the window backs the protected file up afterwards.
Copies made earlier elsewhere (backups on other PCs, copied files) stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.operations import Area, Changes
from desktop.store import audit, vault
from desktop.store import protection as store
from desktop.store.database import Database, now_text
from desktop.store.session import Session
from desktop.store.vault import KdfCost, VaultError, WrongPassword

#: the shortest password the dialogs accept
MIN_PASSWORD = vault.MIN_PASSWORD

CHANGED = Changes.of(Area.PROTECTION, Area.REGISTERS)

#: what the clerk is told every time: the limits of a password on one file
EARLIER_COPIES = (
    "设置密码只保护这个数据库文件。在此之前复制到别处的副本（其他电脑上的备份、拷贝过的文件、"
    "发出的导出表格、打印的材料）仍是明文，密码管不到它们，请另行删除或妥善保管。"
)


@dataclass(frozen=True)
class KeyIssued:
    """A new recovery key to show once (print or save it; it is never written to disk)."""

    recovery_key: str
    values: int
    changes: Changes = CHANGED


def set_password(
    session: Session, password: str, *, cost: KdfCost = vault.DEFAULT_COST
) -> KeyIssued:
    vault.check_password(password)
    if session.protection.protected:
        raise VaultError("这个数据库已经设置了密码。")
    key, recovery = vault.new_data_key(), vault.new_recovery_key()
    forms = session.forms

    def transform(db: Database) -> int:
        with db.transaction():  # one transaction: the values, the key material, the audit
            count = store.encrypt(db, forms, key, password, recovery, cost)
            _audit(db, "password", "未设置", "已设置")
        return count

    count = session.rewrite(transform, check=lambda db: store.check_sealed(db, forms))
    session.protection.open_key(key)
    return KeyIssued(recovery, count)


def change_password(
    session: Session, new_password: str, *, cost: KdfCost = vault.DEFAULT_COST
) -> KeyIssued:
    """A new password, a new data key and a new recovery key (the old key opens nothing)."""
    vault.check_password(new_password)
    old_key = session.protection.require_key()
    new_key, recovery = vault.new_data_key(), vault.new_recovery_key()
    forms = session.forms

    def transform(db: Database) -> int:
        with db.transaction():
            count = store.rekey(db, forms, old_key, new_key, new_password, recovery, cost)
            _audit(db, "password", "已设置", "已修改（新恢复密钥）")
        return count

    count = session.rewrite(transform, check=lambda db: store.check_sealed(db, forms))
    session.protection.open_key(new_key)
    return KeyIssued(recovery, count)


def renew_recovery_key(session: Session) -> KeyIssued:
    """A new recovery key (the first was never seen, or lost); the old one stops working."""
    key = session.protection.require_key()
    recovery = vault.new_recovery_key()

    def transform(db: Database) -> int:
        with db.transaction():
            store.renew_recovery(db, key, recovery)
            _audit(db, "recovery_key", "已设置", "已重新生成")
        return 0

    session.rewrite(transform)
    session.protection.open_key(key)
    return KeyIssued(recovery, 0, Changes.of(Area.PROTECTION))


def remove_password(session: Session) -> Changes:
    key = session.protection.require_key()
    forms = session.forms

    def transform(db: Database) -> int:
        with db.transaction():
            count = store.decrypt(db, forms, key)
            _audit(db, "password", "已设置", "未设置")
        return count

    session.rewrite(transform)
    session.protection.lock()
    return CHANGED


def reset_with_recovery(
    session: Session, recovery_key: str, new_password: str, *, cost: KdfCost = vault.DEFAULT_COST
) -> Changes:
    session.protection.reset_with_recovery(recovery_key, new_password, cost=cost)
    return CHANGED


def _audit(db: Database, what: str, old: str, new: str) -> None:
    """One audit row (table ``vault``, field ``password`` or ``recovery_key``): who changed
    the protection, on which PC, when; never a secret. The caller holds the transaction."""
    audit.record(db, "vault", 1, "update", {what: (old, new)}, time=now_text())


def unlock(session: Session, password: str) -> str | None:
    """Personal data readable with ``password``; None, or why not (a wrong password: the clerk
    tries again in the same dialog). Other known errors raise."""
    try:
        session.protection.unlock(password)
    except WrongPassword as exc:
        return exc.message
    return None
