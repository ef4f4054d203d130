"""Keeping ``None``, ``True`` and ``False`` alive under PySide6 6.12 on Python 3.11.

PySide6 6.12.0 hands back ``None`` from every Qt call that returns nothing (``setText``,
``update`` …) and ``True`` from every signal's ``emit`` without a reference of its own. From
Python 3.12 that is harmless: these objects are immortal there. On 3.11 each call takes one of
their references away, and when they run out (``True`` has a few thousand, ``None`` some
tens of thousands: a long import's progress signals, a working day) the interpreter aborts with
"Fatal Python error: deallocating None" (or "True or False"), the record being typed lost.
PySide6-Pdf exists for 6.12 only, so an older PySide6 is no way out.

``keep_constants_alive`` does on 3.11 what 3.12 does for every interpreter: it raises their
reference counts so far (2**40) that no number of calls brings them to zero. It writes the
counts through ``ctypes`` (~8 ms to import), so the start calls it a second after the window
is usable, while the clerk is still reading the home page.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger("fulian.ui.refcount_guard")

#: what each count is raised by: 3.12's immortal objects start near 2**32
MARGIN = 1 << 40
CONSTANTS = (None, True, False)


def keep_constants_alive() -> bool:
    """Raise the reference counts of ``CONSTANTS`` by ``MARGIN`` on an interpreter that
    counts them; True when it did (all of them)."""
    if sys.version_info >= (3, 12):  # immortal: nothing to do
        return False
    import ctypes

    raised = 0
    for constant in CONSTANTS:
        if sys.getrefcount(constant) > MARGIN:  # done before
            continue
        count = ctypes.c_ssize_t.from_address(id(constant))  # a release build's first field
        for _attempt in range(3):  # another thread may move it between the two reads
            if count.value == sys.getrefcount(constant) - 1:  # the argument holds one more
                count.value += MARGIN
                raised += 1
                break
        else:
            log.warning("reference count of %r not where expected: not raised", constant)
    if raised:
        log.info("None, True and False kept alive (Python %d.%d)", *sys.version_info[:2])
    return raised == len(CONSTANTS)
