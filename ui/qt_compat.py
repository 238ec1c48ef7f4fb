"""Work-arounds for bugs in the Qt binding that the app cannot avoid by itself.

PySide6 6.12.0 on CPython 3.11 drops one reference to ``None`` (and to ``True``/``False``) on every
Qt call that returns nothing — ``setText``, ``setValue``, ``setEnabled`` … After some tens of
thousands of calls, an hour of reviewing, CPython deallocates ``None`` and aborts with "Fatal Python
error: none_dealloc". From CPython 3.12 these objects are immortal and the bug is harmless, and
PySide6 6.11 does not have it, but the lean ``PySide6-Pdf`` wheel exists only from 6.12. So on 3.11
the three singletons get a reference count they cannot exhaust in any session.
"""

from __future__ import annotations

import ctypes
import sys

_MARGIN = 1 << 40  # ~10^12 references: far beyond any session, far below the counter's range
_done = False


def keep_singletons_alive() -> None:
    """Give None, True and False a huge reference count, once, on CPython before 3.12."""
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object; id() is the object's address.
        ctypes.c_ssize_t.from_address(id(obj)).value += _MARGIN
    _done = True
