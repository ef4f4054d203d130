"""The federation's profile: names, document-number prefix, signatories, address.

Printed on letters and reports; asked for on the first use of a new database.
"""

from __future__ import annotations

from desktop.domain.plain import Frozen
from desktop.store import records
from desktop.store.database import Database


class Profile(Frozen):
    township: str = ""
    federation: str = ""
    committee: str = ""
    doc_prefix: str = ""
    committee_signatory: str = ""
    federation_chair: str = ""
    clerk: str = ""
    address: str = ""
    phone: str = ""
    division_code: str = ""  # 统计用区划代码, 12 digits (domain.division)

    @property
    def is_complete(self) -> bool:
        """The fields that letters and reports cannot print without."""
        return bool(self.township and self.federation and self.committee)


#: Labels shown in the profile form, in order.
LABELS: dict[str, str] = {
    "township": "乡镇（街道）名称",
    "division_code": "统计用区划代码",
    "federation": "妇联名称",
    "committee": "妇儿工委名称",
    "doc_prefix": "发文字号前缀",
    "committee_signatory": "妇儿工委责任人",
    "federation_chair": "妇联主席",
    "clerk": "经办人",
    "address": "地址",
    "phone": "联系电话",
}

_NAMES = Profile._fields


def load(db: Database) -> Profile:
    row = db.query_one("SELECT * FROM profile WHERE id = 1")
    if row is None:
        return Profile()
    return Profile(**{name: row[name] for name in _NAMES})


def save(db: Database, profile: Profile) -> dict[str, tuple[object, object]]:
    """Save the profile in one audited transaction; returns what changed."""
    return records.update(db, "profile", 1, profile._asdict())
