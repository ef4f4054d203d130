"""No plaintext left on the stick (issue 17 item 7): setting the password writes a new file,
verifies it, swaps it in and overwrites the old bytes. Checked on a real ext4 image (loop
mount, as root): after ``fulian protect`` and ``umount``, no ID number and no case narrative
of the demo is anywhere in the raw image, while the old in-place encryption leaves them.
Also: interrupted rewrites are finished or undone on the next open."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import demo
from desktop.cli import EXIT_OK, main
from desktop.operations import protection as operations
from desktop.store import lock as lockfile
from desktop.store import protection, rewrite, vault
from desktop.store.backup import BackupStore
from desktop.store.database import Database
from desktop.store.errors import StoreError
from desktop.store.sensitive import BOUND
from desktop.store.session import Session
from tests.forms.helpers import bundled
from tests.helpers.vault import CHEAP

PASSWORD = "qingshan2026"


@pytest.fixture(scope="module")
def plain_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plain") / "demo.fulian"
    demo.build(path)
    return path


def secrets_of(path: Path) -> tuple[set[str], set[str]]:
    """The demo's ID numbers and its case narratives (long enough to be unique)."""
    conn = sqlite3.connect(path)
    try:
        ids = {
            str(v)
            for table in ("reg_petition", "reg_assistance")
            for (v,) in conn.execute(f"SELECT id_number FROM {table} WHERE id_number IS NOT NULL")
        }
        stories = {
            str(v)
            for (v,) in conn.execute(
                "SELECT content FROM reg_petition UNION SELECT result FROM reg_petition"
            )
            if v and len(str(v)) >= 12
        }
    finally:
        conn.close()
    return ids, stories


def _can_loop_mount() -> str | None:
    """None when this machine can loop-mount an ext4 image, else why not."""
    if os.name != "posix" or os.geteuid() != 0:
        return "loop mount needs root (the CI runner and the dev machine run tests as root)"
    for tool in ("mkfs.ext4", "mount", "umount"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install e2fsprogs mount)"
    return None


@pytest.fixture
def ext4_stick(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A 16 MiB ext4 filesystem image, loop-mounted: (image, mount point)."""
    reason = _can_loop_mount()
    if reason is not None:
        pytest.skip(reason)
    image, mount = tmp_path / "stick.img", tmp_path / "mnt"
    mount.mkdir()
    with image.open("wb") as handle:
        handle.truncate(16 * 2**20)
    subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], check=True)
    done = subprocess.run(
        ["mount", "-o", "loop", str(image), str(mount)], check=False, capture_output=True
    )
    if done.returncode != 0:  # e.g. a container without loop devices: say so, never pass
        pytest.skip(f"mount -o loop failed here: {done.stderr.decode(errors='replace')}")
    try:
        yield image, mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def _unmount(mount: Path) -> None:
    subprocess.run(["umount", str(mount)], check=True)


def found_in(image: Path, texts: set[str]) -> set[str]:
    """Which of ``texts`` occur in the raw bytes (one regex pass: ~30 ms for the image)."""
    pattern = re.compile(b"|".join(re.escape(t.encode("utf-8")) for t in sorted(texts)))
    return {m.group().decode("utf-8") for m in pattern.finditer(image.read_bytes())}


def test_fulian_protect_leaves_no_id_number_in_the_image(
    ext4_stick: tuple[Path, Path], plain_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    image, mount = ext4_stick
    ids, stories = secrets_of(plain_demo)
    assert len(ids) > 50
    assert len(stories) >= 10
    path = mount / "妇联数据.fulian"
    shutil.copyfile(plain_demo, path)
    os.sync()
    assert found_in(image, ids) == ids  # the plain file really is on the image
    monkeypatch.setenv("FULIAN_NEW_PASSWORD", PASSWORD)
    assert main(["protect", str(path)]) == EXIT_OK
    assert sorted(p.name for p in mount.iterdir()) == ["lost+found", "妇联数据.fulian"]
    _unmount(mount)
    assert found_in(image, ids) == set()
    assert found_in(image, stories) == set()
    # the protected file is sound, with the default key cost (unlocking is tested elsewhere)
    subprocess.run(["mount", "-o", "loop", str(image), str(mount)], check=True)
    db = Database.open(path, read_only=True)
    try:
        assert vault.stored_cost(db) == vault.DEFAULT_COST
        stored = {str(r[0]) for r in db.query_all("SELECT id_number FROM reg_petition")}
        assert all(s.startswith(BOUND) for s in stored)
    finally:
        db.close()


def test_in_place_encryption_would_leave_them(
    ext4_stick: tuple[Path, Path], plain_demo: Path
) -> None:
    """The check above is meaningful: encrypting in place (the old code path) leaves the ID
    numbers in the image's free blocks (the deleted journal) although the file is clean."""
    image, mount = ext4_stick
    ids, _stories = secrets_of(plain_demo)
    path = mount / "妇联数据.fulian"
    shutil.copyfile(plain_demo, path)
    db = Database.open(path)
    try:
        key = vault.new_data_key()
        protection.encrypt(db, bundled().forms, key, PASSWORD, vault.new_recovery_key(), CHEAP)
    finally:
        db.close()
    assert not any(i.encode() in path.read_bytes() for i in ids)  # the file itself is clean
    _unmount(mount)
    assert len(found_in(image, ids)) > len(ids) // 2


def _sensitive_values(session: Session) -> tuple[set[str], int]:
    from desktop.store.registers import RegisterStore

    found: set[str] = set()
    count = 0
    for form in bundled().forms:
        store = RegisterStore(session.db, form, session.protection.codec)
        for record in store.list_records():
            for f in form.sensitive_fields:
                if record.values[f.id]:
                    found.add(str(record.values[f.id]))
                    count += 1
    return found, count


# ----- the session around a rewrite ----------------------------------------------------------
@pytest.fixture
def session(plain_demo: Path, tmp_path: Path) -> Iterator[Session]:
    path = tmp_path / "stick" / "demo.fulian"
    path.parent.mkdir()
    shutil.copyfile(plain_demo, path)
    opened = Session.open(path, BackupStore(tmp_path / "backups"), forms=bundled().forms)
    yield opened
    opened.close()


def test_the_session_keeps_its_lock_and_id_and_goes_on_working(session: Session) -> None:
    db_id, lock = session.db_id, lockfile.lock_path(session.path)
    owner = lock.read_bytes()
    before, count = _sensitive_values(session)
    issued = operations.set_password(session, PASSWORD, cost=CHEAP)
    assert issued.values >= count
    assert lock.read_bytes() == owner
    assert session.db.db_id == db_id
    assert session.protection.unlocked
    assert _sensitive_values(session)[0] == before
    assert sorted(p.name for p in session.path.parent.iterdir()) == [
        "demo.fulian",
        "demo.fulian.lock",
    ]
    from desktop.store.registers import RegisterStore

    store = RegisterStore(session.db, bundled().get("petition"), session.protection.codec)
    first = store.list_records()[0]
    store.update(first.id, {"content": "改写之后仍可保存"})  # the new connection writes
    assert store.get(first.id).values["content"] == "改写之后仍可保存"
    history = session.db.query_all("SELECT field, old, new FROM audit WHERE table_name = 'vault'")
    assert [tuple(r) for r in history] == [("password", '"未设置"', '"已设置"')]


def test_a_failed_verification_changes_nothing(session: Session) -> None:
    before = session.path.read_bytes()

    def refuse(db: Database) -> None:
        raise rewrite.RewriteFailed("校验未通过（测试）")

    key, recovery = vault.new_data_key(), vault.new_recovery_key()
    with pytest.raises(StoreError, match="校验未通过"):
        session.rewrite(
            lambda db: protection.encrypt(db, bundled().forms, key, PASSWORD, recovery, CHEAP),
            check=refuse,
        )
    assert session.path.read_bytes() == before
    assert not rewrite.new_path(session.path).exists()
    assert not session.protection.protected


def test_a_rewrite_cut_short_before_the_swap_is_undone(plain_demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.fulian"
    shutil.copyfile(plain_demo, path)
    before = path.read_bytes()
    rewrite.new_path(path).write_bytes(before[: len(before) // 2])  # a half-written new file
    session = Session.open(path, BackupStore(tmp_path / "b"), forms=bundled().forms)
    try:
        assert not rewrite.new_path(path).exists()
        assert not session.protection.protected
        assert _sensitive_values(session)[0] >= secrets_of(plain_demo)[0]
    finally:
        session.close()


def test_a_rewrite_cut_short_between_the_renames_is_finished(
    plain_demo: Path, tmp_path: Path
) -> None:
    path = tmp_path / "demo.fulian"
    shutil.copyfile(plain_demo, path)
    forms = bundled().forms
    key, recovery = vault.new_data_key(), vault.new_recovery_key()
    prepared, _n = rewrite.prepare(
        path,
        lambda db: protection.encrypt(db, forms, key, PASSWORD, recovery, CHEAP),
        pc="测试电脑",
    )
    os.replace(path, rewrite.old_path(path))  # the stick pulled after the first rename
    session = Session.open(path, BackupStore(tmp_path / "b"), forms=forms)
    try:
        assert session.protection.protected
        assert not rewrite.old_path(path).exists()
        assert not prepared.new.exists()
        session.protection.unlock(PASSWORD)
    finally:
        session.close()
