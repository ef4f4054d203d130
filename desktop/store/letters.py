"""Tasks (责任分解) and target-responsibility letter records (目标责任书) per unit and year.

A letter's number is ``{prefix}〔{year}〕{sequence}号`` with a sequence per year; its status goes
草稿 → 已印发 → 已签订 → 已归档, with the dates recorded. Scans of signed copies are stored
inside the database (``attachment``), capped in size, so the file stays one file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, fields
from datetime import date

from desktop.store import profile, records
from desktop.store.database import Database, now_text
from desktop.store.letter_status import UNSIGNED

TASK_STATUSES = {
    "not_started": "未开始",
    "in_progress": "进行中",
    "done": "已完成",
    "not_done": "未完成",
}
TASK_CATEGORIES = ("组织建设", "两规划实施", "宣传", "维权", "儿童工作", "特色工作")
LETTER_STATUSES = {"draft": "草稿", "issued": "已印发", "signed": "已签订", "archived": "已归档"}
_NEXT = {"draft": "issued", "issued": "signed", "signed": "archived"}
MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


class LetterError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Task:
    year: int
    unit_id: int
    content: str
    category: str = ""
    target: str = ""
    deadline: str = ""
    weight: float = 0.0
    status: str = "not_started"
    progress: str = ""
    evidence: str = ""
    sort_order: int = 0
    id: int | None = None

    def values(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("id")
        return data


_TASK_FIELDS = tuple(f.name for f in fields(Task))


def _task(row: sqlite3.Row) -> Task:
    return Task(**{name: row[name] for name in _TASK_FIELDS})


def tasks(db: Database, year: int, unit_id: int | None = None) -> list[Task]:
    where = "year = :y" + (" AND unit_id = :u" if unit_id is not None else "")
    rows = db.query_all(
        f"SELECT * FROM task WHERE {where} ORDER BY unit_id, sort_order, id",
        {"y": year, "u": unit_id},
    )
    return [_task(r) for r in rows]


def save_task(db: Database, task: Task) -> int:
    if not task.content.strip():
        raise LetterError("任务内容不能为空")
    if task.status not in TASK_STATUSES:
        raise LetterError(f"任务状态“{task.status}”无效")
    if task.id is None:
        return records.insert(db, "task", task.values())
    records.update(db, "task", task.id, task.values())
    return task.id


def copy_tasks(db: Database, from_year: int, to_year: int) -> int:
    """Rollover: the tasks of active units, reset to 未开始 with empty progress."""
    with db.transaction():
        return db.execute(
            "INSERT INTO task(year, unit_id, category, content, target, deadline, weight, "
            "status, sort_order) SELECT :to, t.unit_id, t.category, t.content, t.target, "
            "CASE WHEN t.deadline = '' THEN '' ELSE CAST(CAST(substr(t.deadline, 1, 4) AS "
            "INTEGER) + (:to - :from) AS TEXT) || substr(t.deadline, 5) END, t.weight, "
            "'not_started', t.sort_order FROM task t JOIN unit u ON u.id = t.unit_id "
            "WHERE t.year = :from AND u.active = 1",
            {"to": to_year, "from": from_year},
        ).rowcount


# ----- letters -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Letter:
    id: int
    year: int
    unit_id: int
    sequence: int
    number: str
    status: str
    issued_on: str
    signed_on: str
    scan_id: int | None
    dated: str = ""  # the date printed on the letter (ISO); "" until the clerk sets one

    @property
    def status_label(self) -> str:
        return LETTER_STATUSES[self.status]


def letter_number(prefix: str, year: int, sequence: int) -> str:
    """``X妇儿〔2026〕3号``: Arabic numerals, the year in 六角括号 〔〕, no leading zeros."""
    return f"{prefix}〔{year}〕{sequence}号"


def _letter(row: sqlite3.Row) -> Letter:
    return Letter(
        row["id"],
        row["year"],
        row["unit_id"],
        row["sequence"],
        row["number"],
        row["status"],
        row["issued_on"],
        row["signed_on"],
        row["scan_id"],
        row["dated"],
    )


def letters(db: Database, year: int) -> list[Letter]:
    return [
        _letter(r)
        for r in db.query_all("SELECT * FROM letter WHERE year = :y ORDER BY sequence", {"y": year})
    ]


def ensure_letters(db: Database, year: int, unit_ids: list[int]) -> list[Letter]:
    """A draft letter with the next number for every unit that has none yet (one transaction)."""
    prefix = profile.load(db).doc_prefix or "妇儿"
    with db.transaction():
        have = {letter.unit_id for letter in letters(db, year)}
        sequence = int(
            db.scalar("SELECT coalesce(max(sequence), 0) FROM letter WHERE year = :y", {"y": year})
        )
        for unit_id in unit_ids:
            if unit_id in have:
                continue
            sequence += 1
            records.insert(
                db,
                "letter",
                {
                    "year": year,
                    "unit_id": unit_id,
                    "sequence": sequence,
                    "number": letter_number(prefix, year, sequence),
                    "status": "draft",
                },
            )
    return letters(db, year)


def advance(db: Database, letter_id: int, on: date | None = None) -> Letter:
    """Move a letter one status on (草稿 → 已印发 → 已签订 → 已归档), recording the date."""
    with db.transaction():
        row = db.query_one("SELECT * FROM letter WHERE id = :id", {"id": letter_id})
        if row is None:
            raise LetterError("找不到这份责任书")
        current = _letter(row)
        following = _NEXT.get(current.status)
        if following is None:
            raise LetterError("责任书已归档，状态不能再变。")
        day = (on or date.today()).isoformat()
        changes: dict[str, object] = {"status": following}
        if following == "issued":
            changes["issued_on"] = day
        if following == "signed":
            changes["signed_on"] = day
        records.update(db, "letter", letter_id, changes)
        row = db.query_one("SELECT * FROM letter WHERE id = :id", {"id": letter_id})
    assert row is not None
    return _letter(row)


def set_dated(db: Database, year: int, day: date, unit_ids: list[int] | None = None) -> int:
    """Record the date printed on the year's letters (or those of ``unit_ids``); the caller
    (an operation) holds the transaction. Returns how many letters changed."""
    changed = 0
    for letter in letters(db, year):
        if unit_ids is not None and letter.unit_id not in unit_ids:
            continue
        if letter.dated != day.isoformat():
            records.update(db, "letter", letter.id, {"dated": day.isoformat()})
            changed += 1
    return changed


def letter_date(letter: Letter | None, year_letters: list[Letter]) -> date | None:
    """The date a letter bears: its own, else its issue date, else the year's issue date
    (the earliest recorded); None when nothing is recorded (the caller says which day)."""
    if letter is not None:
        for text in (letter.dated, letter.issued_on):
            if text:
                return date.fromisoformat(text)
    issued = sorted(x.issued_on for x in year_letters if x.issued_on)
    return date.fromisoformat(issued[0]) if issued else None


def unsigned(db: Database, year: int) -> list[Letter]:
    return [letter for letter in letters(db, year) if letter.status in UNSIGNED]


def attach_scan(db: Database, letter_id: int, file_name: str, data: bytes) -> int:
    """Store the scanned signed copy inside the database; PDF or image, at most 10 MB."""
    suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in SCAN_TYPES:
        raise LetterError("扫描件应为 PDF、JPG 或 PNG 文件。")
    if len(data) > MAX_SCAN_BYTES:
        raise LetterError(
            f"扫描件太大（{len(data) / 1024 / 1024:.1f} MB），"
            f"请压缩到 {MAX_SCAN_BYTES // 1024 // 1024} MB 以内。"
        )
    with db.transaction():
        attachment_id = db.execute(
            "INSERT INTO attachment(file_name, mime, size, data, added_at) VALUES "
            "(:name, :mime, :size, :data, :now)",
            {
                "name": file_name,
                "mime": SCAN_TYPES[suffix],
                "size": len(data),
                "data": data,
                "now": now_text(),
            },
        ).lastrowid
        records.update(db, "letter", letter_id, {"scan_id": attachment_id})
    return int(attachment_id or 0)


def scan(db: Database, attachment_id: int) -> tuple[str, str, bytes]:
    row = db.query_one(
        "SELECT file_name, mime, data FROM attachment WHERE id = :id", {"id": attachment_id}
    )
    if row is None:
        raise LetterError("找不到扫描件")
    return row["file_name"], row["mime"], bytes(row["data"])


# ----- the letter template -----------------------------------------------------------------
TEMPLATE_KEY = "letter_template"


def template_text(db: Database) -> str:
    """The database's letter template, or the default from resources/letters/default.txt."""
    stored = db.meta(TEMPLATE_KEY)
    if stored:
        return stored
    from desktop.paths import resource_path

    return resource_path("letters", "default.txt").read_text("utf-8")


def save_template(db: Database, text: str | None) -> None:
    """Keep the clerk's template in the database (None: back to the default)."""
    with db.transaction():
        if text is None:
            db.execute("DELETE FROM meta WHERE key = :k", {"k": TEMPLATE_KEY})
        else:
            db.execute(
                "INSERT INTO meta(key, value) VALUES (:k, :v) ON CONFLICT(key) DO "
                "UPDATE SET value = excluded.value",
                {"k": TEMPLATE_KEY, "v": text},
            )
        records.insert_audit_note(db, "meta", 0, "修改责任书模板" if text else "恢复默认责任书模板")
