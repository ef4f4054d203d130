"""Child process for the crash harness: ``fulian backup DB --to DIR`` in a loop, forever.

Prints the number of finished backups after each one (and 0 before the first), so that the
harness can kill it at a random moment, most often in the middle of a copy.
"""

from __future__ import annotations

import sys

from desktop.cli import main


def run() -> None:
    db, folder = sys.argv[1], sys.argv[2]
    print(0, flush=True)
    n = 0
    while True:
        if main(["backup", db, "--to", folder]) != 0:
            raise SystemExit(1)
        n += 1
        print(n, flush=True)


if __name__ == "__main__":
    run()
