"""The year lock (DHIS2's data approval, as a township needs it): once the year's figures are
signed off and sent to the county, 锁定年度 freezes them. A locked year refuses saves of a
unit's form, template imports, completion marks and a rollover into it; 解锁 needs a reason.
Both are audited (table ``year_lock``, record id = the year) and listed in the year's history.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.store import audit, records
from desktop.store.database import Database, now_text
from desktop.store.errors import StoreError


class YearLocked(StoreError):
    """A change to a locked year was refused (the data is fine; the year is closed)."""

    exit_code = 1
    title = "年度已锁定"

    def __init__(self, year: int) -> None:
        super().__init__(
            f"{year}年度已锁定，不能修改。如需更正，请先在“填报进度”页解锁（需填写原因）。"
        )
        self.year = year


@dataclass(frozen=True)
class LockEvent:
    time: str
    pc: str
    action: str  # 锁定 | 解锁
    reason: str

    @property
    def text(self) -> str:
        reason = f"：{self.reason}" if self.reason else ""
        return f"{self.time[:16]} {self.action}（{self.pc}）{reason}"


def is_locked(db: Database, year: int) -> bool:
    return bool(db.scalar("SELECT count(*) FROM year_lock WHERE year = :y", {"y": year}))


def locked_years(db: Database) -> list[int]:
    return [r["year"] for r in db.query_all("SELECT year FROM year_lock ORDER BY year")]


def check_open(db: Database, year: int) -> None:
    """Raise ``YearLocked`` when ``year`` is locked."""
    if is_locked(db, year):
        raise YearLocked(year)


def lock(db: Database, year: int) -> bool:
    """Lock a year; False when it was locked already."""
    with db.transaction():
        if is_locked(db, year):
            return False
        db.execute(
            "INSERT INTO year_lock(year, locked_at, pc) VALUES (:y, :t, :pc)",
            {"y": year, "t": now_text(), "pc": db.pc},
        )
        records.insert_audit_note(db, "year_lock", year, "锁定")
    return True


def unlock(db: Database, year: int, reason: str) -> bool:
    """Unlock a year with the reason (required); False when it was not locked."""
    reason = reason.strip()
    if not reason:
        raise ValueError("解锁需要填写原因。")
    with db.transaction():
        if not is_locked(db, year):
            return False
        db.execute("DELETE FROM year_lock WHERE year = :y", {"y": year})
        records.insert_audit_note(db, "year_lock", year, f"解锁：{reason}", action="delete")
    return True


def history(db: Database, year: int) -> list[LockEvent]:
    """Every lock and unlock of ``year``, oldest first."""
    events = []
    for entry in audit.history(db, "year_lock", year):
        note = str(entry.new or "")
        action, _, reason = note.partition("：")
        events.append(LockEvent(entry.time, entry.pc, action, reason))
    return events
