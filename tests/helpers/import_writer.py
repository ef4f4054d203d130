"""Child process for the crash harness: preview and apply one returned template."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.exchange import returns
from desktop.store.database import Database


def main() -> None:
    db = Database.open(Path(sys.argv[1]), pc="crash-test")
    result = returns.preview(db, Path(sys.argv[2]))
    print("ready", flush=True)
    returns.apply(db, result)
    print("done", flush=True)


if __name__ == "__main__":
    main()
