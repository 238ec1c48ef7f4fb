"""Where the reviewer's manual corrections are kept: behind one small interface.

The review file (app/review, issue 4) is the real store; until it is importable the window falls
back to an in-memory store so everything else works.  Swapping is the one line in
:func:`open_correction_store`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from app.model import Corrections

log = logging.getLogger(__name__)


class CorrectionStore(Protocol):
    def corrections(self, unit: str) -> Corrections: ...

    def reassign(self, unit: str, path: str, indicator: str | None, school: str | None) -> None: ...

    def accept_finding(self, unit: str, path: str, code: str, note: str) -> None: ...


class MemoryCorrectionStore:
    """Corrections kept for this session only (used when no review file can be opened)."""

    persistent = False

    def __init__(self) -> None:
        self._by_unit: dict[str, Corrections] = {}

    def corrections(self, unit: str) -> Corrections:
        c = self._by_unit.get(unit, Corrections())
        return Corrections(dict(c.reassign), dict(c.accepted))

    def reassign(self, unit: str, path: str, indicator: str | None, school: str | None) -> None:
        self._by_unit.setdefault(unit, Corrections()).reassign[path] = (indicator, school)

    def accept_finding(self, unit: str, path: str, code: str, note: str) -> None:
        self._by_unit.setdefault(unit, Corrections()).accepted[(path, code)] = note


def open_correction_store(review_file: Path) -> tuple[CorrectionStore, str]:
    """The store for ``review_file`` and a message for the user when it had to fall back ("" if fine)."""
    try:
        from app.review import ReviewStore  # optional until the review file lands
    except ImportError:
        return MemoryCorrectionStore(), ""
    try:
        review_file.parent.mkdir(parents=True, exist_ok=True)
        return ReviewStore(review_file), ""
    except Exception as exc:  # a corrupt, locked or newer file: keep working, say so, never overwrite it
        log.exception("cannot open review file %s", review_file)
        return MemoryCorrectionStore(), str(exc)
