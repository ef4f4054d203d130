"""Asking for the database password when personal data is first needed."""

from __future__ import annotations

from desktop.store.errors import StoreError
from desktop.store.session import Session
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.prompts import Prompts


def ensure_unlocked(session: Session, prompts: Prompts, bar: MessageBar, why: str) -> bool:
    """True when personal data can be read and written (no password, or unlocked now)."""
    protection = session.protection
    if not protection.codec.locked:
        return True
    password = prompts.ask_password(f"{why}需要输入数据库密码。")
    if password is None:
        return False
    try:
        protection.unlock(password)
    except StoreError as exc:
        bar.show_message(Level.ERROR, describe(exc))
        return False
    return True
