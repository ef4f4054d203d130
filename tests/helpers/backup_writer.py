"""Child process for the crash harness: ``fulian backup DB --to DIR`` in a loop, forever.

Prints the number of finished backups after each one, so that the harness (which starts its
clock at the first line) kills it at a random moment after one backup finished, most often in
the middle of the next copy.
"""

from __future__ import annotations

import sys

from desktop.cli import main


def run() -> None:
    db, folder = sys.argv[1], sys.argv[2]
    n = 0
    while True:
        if main(["backup", db, "--to", folder]) != 0:
            raise SystemExit(1)
        n += 1
        print(n, flush=True)


if __name__ == "__main__":
    run()
