"""Protection of personal data at rest: a database password, a recovery key, and the codecs
that encrypt registers' sensitive fields.

Key hierarchy (all in the ``vault`` table of the database file itself, so the file travels
alone): a random 256-bit **data key** encrypts every sensitive value with AES-GCM (a fresh
nonce each time; the table and field are authenticated with it, so a ciphertext cannot be
moved to another field). The data key is stored twice, wrapped (AES-GCM) by a key derived from
the **password** with scrypt (its parameters and salt stored beside it) and by a key derived
from the **recovery key** (printed once for the clerk's drawer). Changing the password re-wraps
the data key only. A keyed hash (HMAC-SHA256 under a key derived from the data key) of ID
numbers and phones is stored beside their ciphertext, for exact-match lookups.

Without a password the codec is plain: values are stored as typed.
"""

from __future__ import annotations

import base64
import os
import unicodedata
from typing import TYPE_CHECKING

from desktop.domain.plain import Frozen
from desktop.forms.definition import Sealed
from desktop.store.errors import StoreError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from desktop.store.database import Database

PREFIX = "fx1:"  # format 1: base64(nonce 12 bytes + AES-GCM ciphertext and tag)
MIN_PASSWORD = 8


class KdfCost(Frozen):
    """scrypt's work factors: memory 128 * r * n bytes; time grows with n * r * p."""

    n: int
    r: int
    p: int

    @property
    def memory_mib(self) -> int:
        return 128 * self.r * self.n // 2**20


#: One guess costs ~0.9 s and 128 MiB on the 2-core build machine (measured: n=2**17, r=8,
#: p=1 ~0.54 s; p=2 ~0.93 s), so well over 0.5 s on an office PC that is somewhat faster.
#: Files wrapped with the old cost (2**15, 8, 1) unlock with their stored parameters and get
#: this cost at the next password change.
DEFAULT_COST = KdfCost(n=2**17, r=8, p=2)
_PLAIN_LOOKUP_KEY = b"fulian-desk lookup without a password"
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read from paper


class VaultError(StoreError):
    exit_code = 1
    title = "个人信息保护"


class WrongPassword(VaultError):
    title = "密码不正确"


class Tampered(VaultError):
    title = "个人信息无法解密"


class KeyDamaged(VaultError):
    title = "密钥信息已损坏"


class VaultLocked(VaultError):
    title = "个人信息已加密"


SEALED = Sealed("已加密")


# ----- codecs ----------------------------------------------------------------------------
class _BadTag(Exception):
    """AES-GCM refused the data (cryptography's InvalidTag): wrong key or changed bytes."""


def _aesgcm(key: bytes) -> AESGCM:
    # cryptography is imported when a password is set or given, not at every start
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def _decrypt(aead: AESGCM, sealed: bytes, aad: bytes) -> bytes:
    """``sealed``: nonce + ciphertext; raises _BadTag when it does not authenticate."""
    from cryptography.exceptions import InvalidTag

    try:
        return aead.decrypt(sealed[:12], sealed[12:], aad)
    except InvalidTag as exc:
        raise _BadTag from exc


class PlainCodec:
    """No password: stored as typed."""

    locked = False
    encrypted = False

    def encode(self, text: str, where: str) -> str:
        return text

    def decode(self, stored: str, where: str) -> str:
        if stored.startswith(PREFIX):
            raise Tampered("这个值是加密的，但数据库没有设置密码：密钥信息可能已丢失。")
        return stored

    def seal(self, data: bytes, where: str) -> bytes:
        """Bytes (an attachment) as stored: as they are without a password."""
        return data

    def unseal(self, stored: bytes, where: str) -> bytes:
        return stored

    def lookup(self, text: str) -> str:
        return _hmac(_PLAIN_LOOKUP_KEY, text)


class AesCodec:
    """Unlocked: AES-GCM with the data key; ``where`` (``table.field``) is authenticated."""

    locked = False
    encrypted = True

    def __init__(self, data_key: bytes) -> None:
        self._aead = _aesgcm(data_key)
        self._lookup_key = _derive(data_key, b"fulian-desk lookup")

    def encode(self, text: str, where: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), where.encode("utf-8"))
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def decode(self, stored: str, where: str) -> str:
        if not stored.startswith(PREFIX):
            raise Tampered(f"“{where}”中有未加密的个人信息，数据可能被改动过。")
        try:
            raw = base64.b64decode(stored[len(PREFIX) :], validate=True)
            plain = _decrypt(self._aead, raw, where.encode("utf-8"))
        except (_BadTag, ValueError) as exc:
            raise Tampered(
                f"“{where}”中的个人信息无法解密：数据已损坏或被改动过。"
                "数据库中的其他内容不受影响；可从备份恢复。"
            ) from exc
        return plain.decode("utf-8")

    def lookup(self, text: str) -> str:
        return _hmac(self._lookup_key, text)

    def seal(self, data: bytes, where: str) -> bytes:
        """Bytes (an attachment): nonce + AES-GCM ciphertext, ``where`` authenticated."""
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, data, where.encode("utf-8"))

    def unseal(self, stored: bytes, where: str) -> bytes:
        try:
            return _decrypt(self._aead, stored, where.encode("utf-8"))
        except (_BadTag, ValueError) as exc:
            raise Tampered(f"附件“{where}”无法解密：数据已损坏或被改动过。") from exc


class LockedCodec:
    """A password is set but not given: sensitive values read as ``已加密``; writing them is
    refused (it would need the key)."""

    locked = True
    encrypted = True

    def encode(self, text: str, where: str) -> str:
        raise VaultLocked("个人信息已加密，请先输入数据库密码解锁。")

    def decode(self, stored: str, where: str) -> str:
        return SEALED

    def lookup(self, text: str) -> str:
        raise VaultLocked("个人信息已加密，请先输入数据库密码解锁。")

    def seal(self, data: bytes, where: str) -> bytes:
        raise VaultLocked("个人信息已加密，请先输入数据库密码解锁。")

    def unseal(self, stored: bytes, where: str) -> bytes:
        raise VaultLocked("个人信息已加密，请先输入数据库密码解锁。")


Codec = PlainCodec | AesCodec | LockedCodec
PLAIN = PlainCodec()
LOCKED = LockedCodec()


def _hmac(key: bytes, text: str) -> str:
    import hashlib  # on use (with hmac, secrets): OpenSSL loads in ~3 ms, opening needs none
    import hmac

    normal = unicodedata.normalize("NFKC", text).strip().upper()
    return hmac.new(key, normal.encode("utf-8"), hashlib.sha256).hexdigest()


def _derive(secret: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf = Scrypt(salt=salt, length=32, n=n, r=r, p=p)
    return kdf.derive(unicodedata.normalize("NFC", password).encode("utf-8"))


def _wrap(kek: bytes, data_key: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + _aesgcm(kek).encrypt(nonce, data_key, aad)


def _unwrap(kek: bytes, wrapped: bytes, aad: bytes) -> bytes:
    return _decrypt(_aesgcm(kek), wrapped, aad)


# ----- recovery keys -----------------------------------------------------------------------
def new_recovery_key() -> str:
    """25 characters in five groups, ``K7QF2-...``: 125 bits, easy to copy from paper."""
    import secrets

    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(25))
    return "-".join(chars[i : i + 5] for i in range(0, 25, 5))


def normalise_recovery_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).upper()
    chars = "".join(ch for ch in folded if ch.isalnum())
    if len(chars) != 25 or any(ch not in _RECOVERY_ALPHABET for ch in chars):
        raise WrongPassword("恢复密钥应为25个字母和数字（分为5组），请核对后重新输入。")
    return "-".join(chars[i : i + 5] for i in range(0, 25, 5))


# ----- the vault table -----------------------------------------------------------------------
class KeyMaterial(Frozen):
    salt: bytes
    n: int
    r: int
    p: int
    password_wrap: bytes
    recovery_salt: bytes
    recovery_wrap: bytes


def _aad(db: Database, kind: str) -> bytes:
    return f"fulian-desk {db.db_id} {kind}".encode()


def is_protected(db: Database) -> bool:
    # the table's existence as a schema fact known once (the home page asks at every refresh)
    return db.table_exists("vault") and bool(db.scalar("SELECT count(*) FROM vault"))


def load_material(db: Database) -> KeyMaterial | None:
    if not db.table_exists("vault"):
        return None
    row = db.query_one("SELECT * FROM vault WHERE id = 1")
    if row is None:
        return None
    try:
        material = KeyMaterial(
            salt=bytes(row["salt"]),
            n=int(row["kdf_n"]),
            r=int(row["kdf_r"]),
            p=int(row["kdf_p"]),
            password_wrap=bytes(row["password_wrap"]),
            recovery_salt=bytes(row["recovery_salt"]),
            recovery_wrap=bytes(row["recovery_wrap"]),
        )
    except (TypeError, ValueError) as exc:
        raise KeyDamaged(_DAMAGED) from exc
    if not (
        len(material.salt) == 16
        and material.n >= 2**14
        and material.n & (material.n - 1) == 0
        and material.n <= 2**20  # tampered parameters must fail here, not as MemoryError
        and 128 * material.n * material.r <= 1024**3  # scrypt's memory: 128·n·r bytes ≤ 1 GiB
        and 1 <= material.r <= 32
        and 1 <= material.p <= 16
        and len(material.password_wrap) == 12 + 32 + 16
        and len(material.recovery_wrap) == 12 + 32 + 16
    ):
        raise KeyDamaged(_DAMAGED)
    return material


_DAMAGED = (
    "数据库中保存密钥的信息已损坏，无法解开个人信息。其他内容不受影响。"
    "请从备份恢复数据库；个人信息以外的内容仍可查看和打印。"
)


def unlock(db: Database, password: str) -> bytes:
    """The data key for ``password``; raises WrongPassword or KeyDamaged. Slow on purpose."""
    material = load_material(db)
    if material is None:
        raise VaultError("这个数据库没有设置密码。")
    kek = _scrypt(password, material.salt, material.n, material.r, material.p)
    try:
        return _unwrap(kek, material.password_wrap, _aad(db, "password"))
    except _BadTag:
        raise WrongPassword("密码不正确，请重新输入。忘记密码时可以用恢复密钥。") from None


def _recovery_kek(recovery_key: str, salt: bytes) -> bytes:
    return _derive(normalise_recovery_key(recovery_key).encode("ascii") + salt, b"recovery")


def unlock_with_recovery(db: Database, recovery_key: str) -> bytes:
    """The data key from the recovery key (to set a new password); raises WrongPassword."""
    material = load_material(db)
    if material is None:
        raise VaultError("这个数据库没有设置密码。")
    kek = _recovery_kek(recovery_key, material.recovery_salt)
    try:
        return _unwrap(kek, material.recovery_wrap, _aad(db, "recovery"))
    except _BadTag:
        raise WrongPassword("恢复密钥不正确，请核对打印的恢复密钥。") from None


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise VaultError(f"密码至少{MIN_PASSWORD}位（建议混用字母、数字和符号）。")


def write_material(
    db: Database, data_key: bytes, password: str, recovery_key: str, *, cost: KdfCost
) -> None:
    """Store the data key wrapped by both; the caller holds the transaction."""
    from desktop.store.database import now_text

    check_password(password)
    salt, recovery_salt = os.urandom(16), os.urandom(16)
    kek = _scrypt(password, salt, cost.n, cost.r, cost.p)
    recovery_kek = _recovery_kek(recovery_key, recovery_salt)
    time = now_text()
    db.execute(
        "INSERT INTO vault(id, version, kdf, kdf_n, kdf_r, kdf_p, salt, password_wrap, "
        "recovery_salt, recovery_wrap, created_at, changed_at) VALUES (1, 1, 'scrypt', :n, "
        ":r, :p, :salt, :pw, :rsalt, :rw, :time, :time) ON CONFLICT(id) DO UPDATE SET "
        "kdf_n = :n, kdf_r = :r, kdf_p = :p, salt = :salt, password_wrap = :pw, "
        "recovery_salt = :rsalt, recovery_wrap = :rw, changed_at = :time",
        {
            "n": cost.n,
            "r": cost.r,
            "p": cost.p,
            "salt": salt,
            "pw": _wrap(kek, data_key, _aad(db, "password")),
            "rsalt": recovery_salt,
            "rw": _wrap(recovery_kek, data_key, _aad(db, "recovery")),
            "time": time,
        },
    )


def rewrap_password(db: Database, data_key: bytes, new_password: str, *, cost: KdfCost) -> None:
    """A new password for the same data key (with ``cost``); the recovery wrap stays."""
    check_password(new_password)
    salt = os.urandom(16)
    kek = _scrypt(new_password, salt, cost.n, cost.r, cost.p)
    from desktop.store.database import now_text

    db.execute(
        "UPDATE vault SET salt = :salt, kdf_n = :n, kdf_r = :r, kdf_p = :p, "
        "password_wrap = :pw, changed_at = :time WHERE id = 1",
        {
            "salt": salt,
            "n": cost.n,
            "r": cost.r,
            "p": cost.p,
            "pw": _wrap(kek, data_key, _aad(db, "password")),
            "time": now_text(),
        },
    )


def rewrap_recovery(db: Database, data_key: bytes, recovery_key: str) -> None:
    """A new recovery key for the same data key: the previous one stops working."""
    from desktop.store.database import now_text

    salt = os.urandom(16)
    db.execute(
        "UPDATE vault SET recovery_salt = :salt, recovery_wrap = :rw, changed_at = :time "
        "WHERE id = 1",
        {
            "salt": salt,
            "rw": _wrap(_recovery_kek(recovery_key, salt), data_key, _aad(db, "recovery")),
            "time": now_text(),
        },
    )


def stored_cost(db: Database) -> KdfCost | None:
    material = load_material(db)
    return None if material is None else KdfCost(material.n, material.r, material.p)


def new_data_key() -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM.generate_key(bit_length=256)
