"""Child process for the crash harness: audited inserts, one transaction each, forever."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.store import records
from desktop.store.database import Database


def main() -> None:
    db = Database.open(Path(sys.argv[1]), pc="crash-test")
    n = int(db.scalar("SELECT count(*) FROM unit"))
    while True:
        n += 1
        with db.transaction():
            records.insert(db, "unit", {"code": f"U{n:06d}", "name": f"单位{n}", "sort_order": n})
            records.update(db, "profile", 1, {"phone": str(n)})
        print(n, flush=True)  # the running total, after COMMIT returned


if __name__ == "__main__":
    main()
