"""A township's submission to the county as data: the printed table's rows and the machine
part (every data element's figure), its content hash and its Ed25519 signature.

The content hash is SHA-256 over a canonical JSON of what the submission claims (database id,
township, year, format, generated time, draft flag, unconfirmed units, public key, every
element's figure as text). The signature (``store.submissions`` explains the keys) is over
that hash. The county recomputes the hash from the hidden sheet and checks the signature with
the public key in it: any edit of the machine part breaks one or the other. The visible table
is printed from the same data; the county takes its figures from the machine part only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

KIND = "fulian-submission"
PAYLOAD_VERSION = 1


@dataclass(frozen=True)
class TableRow:
    number: str  # 序号 ("" on a section row)
    label: str
    measure: str
    cells: dict[str, str]  # column id -> text
    section: bool = False


@dataclass(frozen=True)
class Element:
    code: str
    value: str  # the figure as text ("" none)
    reason: str = ""  # why there is none


@dataclass(frozen=True)
class Claim:
    """What a submission claims: hashed and signed."""

    db_id: str
    township: str
    year: int
    format_id: str
    format_version: int
    generated_at: str
    draft: bool
    unconfirmed: tuple[str, ...]
    public_key: str  # hex
    elements: tuple[Element, ...]
    township_code: str = ""  # 统计用区划代码; files made before it was kept have none

    def payload(self) -> dict[str, object]:
        code = {"township_code": self.township_code} if self.township_code else {}
        return code | {
            "kind": KIND,
            "version": PAYLOAD_VERSION,
            "db_id": self.db_id,
            "township": self.township,
            "year": self.year,
            "format_id": self.format_id,
            "format_version": self.format_version,
            "generated_at": self.generated_at,
            "draft": self.draft,
            "unconfirmed": list(self.unconfirmed),
            "public_key": self.public_key,
            "elements": [[e.code, e.value, e.reason] for e in self.elements],
        }

    def content_hash(self) -> str:
        text = json.dumps(self.payload(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def key_fingerprint(self) -> str:
        return fingerprint(self.public_key)


def fingerprint(public_key: str) -> str:
    digest = hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def code_line(township_code: str) -> str:
    """The 统计用区划代码 as printed on the table; ``""`` when the township has not set it."""
    return f"统计用区划代码：{township_code}" if township_code else ""


def short_hash(content_hash: str) -> str:
    text = content_hash[:16].upper()
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class Submission:
    """Everything the workbook and the PDF print, and the signed claim."""

    claim: Claim
    signature: str  # hex
    table_number: str
    title: str
    authority: str
    due_text: str
    headers: tuple[str, ...]
    columns: tuple[str, ...]
    signatures: tuple[str, ...]
    notes: tuple[str, ...]
    unit_name: str  # 填报单位
    rows: tuple[TableRow, ...] = field(default=())

    @property
    def content_hash(self) -> str:
        return self.claim.content_hash()

    @property
    def file_stem(self) -> str:
        draft = "（草稿）" if self.claim.draft else ""
        return f"{self.claim.township}{self.claim.year}年度{self.title}{draft}"


def sign(private_key: bytes, claim: Claim) -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.from_private_bytes(private_key)
    return key.sign(bytes.fromhex(claim.content_hash())).hex()


def public_key_of(private_key: bytes) -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.from_private_bytes(private_key)
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def signature_valid(claim: Claim, signature: str) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(claim.public_key))
        key.verify(bytes.fromhex(signature), bytes.fromhex(claim.content_hash()))
    except (ValueError, InvalidSignature):
        return False
    return True
