"""A cheap scrypt cost for tests that set passwords (the default costs ~1 s a guess on purpose;
one test checks it). Passed explicitly: ``set_password(session, pw, cost=CHEAP)``."""

from __future__ import annotations

from desktop.store.vault import KdfCost

CHEAP = KdfCost(n=2**14, r=8, p=1)
