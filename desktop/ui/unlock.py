"""Asking for the database password when personal data is first needed."""

from __future__ import annotations

from desktop.operations import protection
from desktop.store.errors import StoreError
from desktop.store.session import Session
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.prompts import Prompts


def ensure_unlocked(session: Session, prompts: Prompts, bar: MessageBar, why: str) -> bool:
    """True when personal data can be read and written (no password, or unlocked now). A wrong
    password is told in the password dialog, which stays open for another try."""
    if not session.protection.codec.locked:
        return True
    failed: list[StoreError] = []

    def attempt(password: str) -> str | None:
        try:
            return protection.unlock(session, password)
        except StoreError as exc:  # not the password: a damaged key, a pulled stick
            failed.append(exc)
            return None

    if prompts.ask_password(f"{why}需要输入数据库密码。", attempt) is None:
        return False
    if failed:
        bar.show_message(Level.ERROR, describe(failed[0]))
        return False
    return True
