"""Personal data encrypted at rest: password, recovery key, lookups, tampering, and what the
raw file (read with plain sqlite3, and byte by byte) still contains."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop import demo
from desktop.forms.definition import Sealed
from desktop.operations import protection
from desktop.store.backup import BackupStore
from desktop.store.registers import RegisterStore
from desktop.store.session import Session
from desktop.store.vault import KeyDamaged, Tampered, VaultLocked, WrongPassword
from tests.forms.helpers import bundled
from tests.helpers.vault import CHEAP

PASSWORD = "qingshan2026"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("protect") / "demo.fulian"
    demo.build(path)
    return path


@pytest.fixture
def session(demo_file: Path, tmp_path: Path) -> Session:
    path = tmp_path / "stick" / "demo.fulian"
    path.parent.mkdir()
    shutil.copyfile(demo_file, path)
    opened = Session.open(path, BackupStore(tmp_path / "backups"), forms=bundled().forms)
    yield opened  # type: ignore[misc]
    opened.close()


def personal_values(session: Session) -> set[str]:
    """Every name, ID number, phone and address in the demo's registers."""
    found: set[str] = set()
    for form in bundled().forms:
        store = RegisterStore(session.db, form, session.protection.codec)
        for record in store.list_records():
            found |= {
                str(record.values[f.id]) for f in form.sensitive_fields if record.values[f.id]
            }
    return found


def public_values(path: Path) -> set[str]:
    """Every text outside the sensitive columns (a volunteer or a liaison may share a name
    with a petitioner: that is not the petitioner's record leaking)."""
    sensitive = {(f.table, x.id) for f in bundled().forms for x in f.sensitive_fields}
    sensitive |= {
        (f.sub_table(s), x.id)
        for f in bundled().forms
        for s in f.subforms
        for x in s.fields
        if x.sensitive
    }
    conn = sqlite3.connect(path)
    try:
        found = set()
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            for row in cursor:
                found |= {
                    v
                    for n, v in zip(names, row, strict=False)
                    if isinstance(v, str) and (table, n) not in sensitive and table != "audit"
                }
        return found
    finally:
        conn.close()


def raw_text(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        texts = []
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                texts += [str(v) for v in row if isinstance(v, str)]
        return "\n".join(texts)
    finally:
        conn.close()


#: secrets shorter than this are looked for as whole values (see the test below)
SHORT = 6


def store_of(session: Session, form_id: str) -> RegisterStore:
    return RegisterStore(session.db, bundled().get(form_id), session.protection.codec)


def test_with_a_password_the_file_holds_no_personal_data(session: Session) -> None:
    public = "\n".join(public_values(session.path))
    secrets = {v for v in personal_values(session) if v not in public}
    assert len(secrets) > 100
    petitions_before = [r.values for r in store_of(session, "petition").list_records()]
    recovery = protection.set_password(session, PASSWORD, cost=CHEAP).recovery_key
    assert len(recovery) == 29
    path = session.path
    session.close()
    text = raw_text(path)
    raw = path.read_bytes()
    # a short value (a case fact's "True") occurs by chance inside kilobytes of base64
    # ciphertext (about one run in twenty): it is looked for as a whole stored value
    stored = set(text.split("\n"))
    leaked = [
        s
        for s in secrets
        if (s in stored if len(s) < SHORT else s in text or s.encode("utf-8") in raw)
    ]
    assert leaked == []
    assert "婚姻家庭" in text  # only the sensitive fields are encrypted
    reopened = Session.open(path, BackupStore(path.parent / "b"), forms=bundled().forms)
    try:
        locked = store_of(reopened, "petition").list_records()
        assert all(r.values["person_name"] == "已加密" for r in locked)
        assert isinstance(locked[0].values["person_name"], Sealed)
        assert locked[0].values["channel"] == petitions_before[0]["channel"]
        reopened.protection.unlock(PASSWORD)
        assert [r.values for r in store_of(reopened, "petition").list_records()] == (
            petitions_before
        )
    finally:
        reopened.close()


def test_locked_writes_are_refused_and_change_nothing(session: Session) -> None:
    protection.set_password(session, PASSWORD, cost=CHEAP)
    session.protection.lock()
    store = store_of(session, "petition")
    record = store.list_records()[0]
    with pytest.raises(VaultLocked, match="请先输入数据库密码解锁"):
        store.update(record.id, {"receiver": "张敏"})
    with pytest.raises(VaultLocked):
        store.add({"received_on": "2026-11-29"})
    # a register without personal data stays writable while locked
    meetings = store_of(session, "meeting")
    meetings.update(meetings.list_records()[0].id, {"topic": "锁定时也能改"})


def test_wrong_password(session: Session) -> None:
    protection.set_password(session, PASSWORD, cost=CHEAP)
    session.protection.lock()
    with pytest.raises(WrongPassword, match="密码不正确"):
        session.protection.unlock("guess123")
    assert not session.protection.unlocked
    session.protection.unlock(PASSWORD)
    assert session.protection.unlocked


def test_a_flipped_byte_in_a_ciphertext_is_detected(session: Session) -> None:
    protection.set_password(session, PASSWORD, cost=CHEAP)
    store = store_of(session, "petition")
    victim = store.list_records()[3]
    stored = session.db.scalar(
        "SELECT person_name FROM reg_petition WHERE id = :id", {"id": victim.id}
    )
    flipped = stored[:-6] + ("A" if stored[-6] != "A" else "B") + stored[-5:]
    with session.db.transaction():
        session.db.execute(
            "UPDATE reg_petition SET person_name = :v WHERE id = :id",
            {"v": flipped, "id": victim.id},
        )
    with pytest.raises(Tampered, match="无法解密"):
        store.get(victim.id)
    table = store.list_table(fields=["person_name"])
    row = table.ids.index(victim.id)
    assert table.value(row, "person_name") == "无法解密"
    assert store.sensitive.damaged == 1
    others = [table.value(i, "person_name") for i in range(len(table)) if i != row]
    assert "无法解密" not in others


def test_a_ciphertext_moved_to_another_field_is_detected(session: Session) -> None:
    protection.set_password(session, PASSWORD, cost=CHEAP)
    with session.db.transaction():
        session.db.execute("UPDATE reg_petition SET address = person_name WHERE id = 1")
    with pytest.raises(Tampered):
        store_of(session, "petition").get(1)


def test_changing_the_password_issues_a_new_recovery_key(session: Session) -> None:
    first = protection.set_password(session, PASSWORD, cost=CHEAP).recovery_key
    before = store_of(session, "petition").list_records()[0].values
    second = protection.change_password(session, "another-password", cost=CHEAP).recovery_key
    assert second != first
    assert store_of(session, "petition").list_records()[0].values == before
    session.protection.lock()
    with pytest.raises(WrongPassword):
        session.protection.unlock(PASSWORD)
    with pytest.raises(WrongPassword, match="恢复密钥不正确"):
        session.protection.reset_with_recovery(first, "third-one1", cost=CHEAP)
    with pytest.raises(WrongPassword, match="恢复密钥不正确"):
        session.protection.reset_with_recovery("ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2", "third-one1")
    session.protection.reset_with_recovery(
        second.lower().replace("-", " "), "third-one1", cost=CHEAP
    )
    assert store_of(session, "petition").list_records()[0].values == before
    session.protection.lock()
    session.protection.unlock("third-one1")


def test_a_new_recovery_key_replaces_the_first(session: Session) -> None:
    first = protection.set_password(session, PASSWORD, cost=CHEAP).recovery_key
    with pytest.raises(VaultLocked):
        session.protection.lock() or protection.renew_recovery_key(session)
    session.protection.unlock(PASSWORD)
    second = protection.renew_recovery_key(session).recovery_key
    assert second != first
    assert session.protection.unlocked
    session.protection.lock()
    with pytest.raises(WrongPassword, match="恢复密钥不正确"):
        session.protection.reset_with_recovery(first, "after-renewal", cost=CHEAP)
    session.protection.reset_with_recovery(second, "after-renewal", cost=CHEAP)
    session.protection.lock()
    session.protection.unlock("after-renewal")


def test_duplicates_and_lookup_on_encrypted_id_numbers(session: Session) -> None:
    protection.set_password(session, PASSWORD, cost=CHEAP)
    store = store_of(session, "petition")
    first = store.list_records()[0]
    number = str(first.values["id_number"])
    again = store.add(
        {
            "received_on": "2026-11-28",
            "channel": "来访",
            "person_name": str(first.values["person_name"]),
            "id_number": number.lower(),
            "phone": "13900001111",
            "category": "其他",
            "content": "再次来访",
            "status": "received",
        }
    )
    assert store.find("id_number", number) == [first.id, again]
    assert store.find("phone", "139-0000-1111") == [again]
    assert [first.id, again] in store.duplicates("id_number")
    stored = session.db.scalar("SELECT id_number FROM reg_petition WHERE id = :i", {"i": again})
    assert number not in stored


def test_damaged_key_material_is_named_and_nothing_is_written(session: Session) -> None:
    protection.set_password(session, PASSWORD, cost=CHEAP)
    session.protection.lock()
    with session.db.transaction():
        session.db.execute("UPDATE vault SET password_wrap = x'00'")
    before = session.path.read_bytes()
    with pytest.raises(KeyDamaged, match="保存密钥的信息已损坏"):
        session.protection.unlock(PASSWORD)
    assert session.path.read_bytes() == before
    # everything else still reads
    assert store_of(session, "meeting").count() > 0


def test_audit_rows_are_encrypted_too_and_history_decodes(session: Session) -> None:
    store = store_of(session, "petition")
    record_id = store.list_records()[0].id
    store.update(record_id, {"phone": "13700002222"})
    protection.set_password(session, PASSWORD, cost=CHEAP)
    store = store_of(session, "petition")
    store.update(
        record_id,
        {"phone": "13600003333"},
        {"steps": [{"date": "2026-11-28", "action": "回访", "handler": "王晓燕", "note": None}]},
    )
    history = [(e.field, e.old, e.new) for e in store.history(record_id)]
    assert ("phone", None, "13700002222") in [
        (f, None, n) for f, _o, n in history if n == "13700002222"
    ]
    assert ("phone", "13700002222", "13600003333") in history
    text = raw_text(session.path)
    assert "13700002222" not in text
    assert "13600003333" not in text


def test_remove_the_password(session: Session) -> None:
    before = personal_values(session)
    protection.set_password(session, PASSWORD, cost=CHEAP)
    protection.remove_password(session)
    assert not session.protection.protected
    assert personal_values(session) == before
    assert next(iter(before)) in raw_text(session.path)


def test_purge_erases_personal_data_and_keeps_the_counts(session: Session) -> None:
    from datetime import date

    from desktop.forms import retention, statistics
    from desktop.store.units import unit_choices

    form = bundled().get("petition")
    store = store_of(session, "petition")
    units = unit_choices(session.db)
    first = store.list_records()[0]
    store.update(first.id, {"phone": "13511112222"})  # now in the audit trail too
    store.delete(store.list_records()[1].id)
    before = statistics.compute(form, store.list_records(), units)
    due = retention.expired(
        form,
        store.list_records(purged=False),
        store.list_records(deleted=True, purged=False),
        date(2031, 12, 31),
    )
    reasons = {d.record_id: d.reason for d in due}
    assert reasons[first.id].startswith("办结日期") or first.values["closed_on"] is None
    assert any(r.startswith("已删除") for r in reasons.values())
    assert store.purge([first.id, *reasons], "已过保留期限") == len({first.id, *reasons})
    assert store.purge([first.id], "again") == 0  # already purged
    after = statistics.compute(form, store.list_records(), units)
    assert (after.total, after.breakdowns, after.closure) == (
        before.total,
        before.breakdowns,
        before.closure,
    )
    purged = store.get(first.id)
    assert {f.id: purged.values[f.id] for f in form.sensitive_fields} == {
        f.id: None for f in form.sensitive_fields
    }
    assert purged.values["category"] == first.values["category"]
    history = store.history(first.id)
    assert history[-1].action == "purge"
    assert all(e.new is None and e.old is None for e in history if e.field == "phone")
    assert store.list_records(purged=False) != store.list_records()
    session.close()
    # secure_delete: the erased phone (unique to this record) is gone from the file's bytes
    assert b"13511112222" not in session.path.read_bytes()
