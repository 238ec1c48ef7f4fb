"""Where the reviewer's manual corrections are kept: the review file, behind one small interface.

The window only needs three calls; :class:`ReviewFileCorrections` maps them onto the review file's
:class:`app.review.store.ReviewStore` (one writer, used on the GUI thread, one transaction per
edit).  If the review file cannot be opened (corrupt, locked, newer version) the window keeps
working with :class:`MemoryCorrectionStore` and says so; the file itself is never touched.
"""

from __future__ import annotations

import getpass
import logging
from pathlib import Path
from typing import Protocol

from app.model import Corrections
from app.review.store import ReviewStore
from app.rubric import Rubric

log = logging.getLogger(__name__)


class CorrectionStore(Protocol):
    persistent: bool

    def corrections(self, unit: str) -> Corrections: ...

    def reassign(
        self, unit: str, path: str, indicator: str | None, school: str | None, source: str
    ) -> None: ...

    def accept_finding(self, unit: str, path: str, code: str, note: str, source: str) -> None: ...

    def close(self) -> None: ...


class MemoryCorrectionStore:
    """Corrections kept for this session only (used when no review file can be opened)."""

    persistent = False

    def __init__(self) -> None:
        self._by_unit: dict[str, Corrections] = {}

    def corrections(self, unit: str) -> Corrections:
        c = self._by_unit.get(unit, Corrections())
        return Corrections(dict(c.reassign), dict(c.accepted))

    def reassign(self, unit: str, path: str, indicator: str | None, school: str | None, source: str) -> None:
        self._by_unit.setdefault(unit, Corrections()).reassign[path] = (indicator, school)

    def accept_finding(self, unit: str, path: str, code: str, note: str, source: str) -> None:
        self._by_unit.setdefault(unit, Corrections()).accepted[(path, code)] = note

    def close(self) -> None:
        pass


class ReviewFileCorrections:
    """Corrections stored in the review file; a unit is added to the review on its first correction."""

    persistent = True

    def __init__(self, store: ReviewStore) -> None:
        self.store = store

    def corrections(self, unit: str) -> Corrections:
        return self.store.corrections(unit) if unit and self.store.has_unit(unit) else Corrections()

    def _ensure_unit(self, unit: str, source: str) -> None:
        if not self.store.has_unit(unit):
            self.store.add_unit(unit, submission=source)

    def reassign(self, unit: str, path: str, indicator: str | None, school: str | None, source: str) -> None:
        self._ensure_unit(unit, source)
        self.store.reassign(unit, path, indicator, school)

    def accept_finding(self, unit: str, path: str, code: str, note: str, source: str) -> None:
        self._ensure_unit(unit, source)
        self.store.accept_finding(unit, path, code, note)

    def close(self) -> None:
        self.store.close()


def open_correction_store(
    review_file: Path, rubric: Rubric, reviewer: str = ""
) -> tuple[CorrectionStore, str]:
    """The store for ``review_file`` (created if missing) and a message when it had to fall back.

    ``reviewer`` (the settings' reviewer name) signs what is recorded; without it, the file's own
    reviewer, or for a new file the login name."""
    who = reviewer.strip()
    try:
        if review_file.is_file():
            return ReviewFileCorrections(ReviewStore.open(review_file, rubric, who)), ""
        review_file.parent.mkdir(parents=True, exist_ok=True)
        return ReviewFileCorrections(ReviewStore.create(review_file, rubric, who or getpass.getuser())), ""
    except Exception as exc:  # corrupt, locked, read-only or newer: keep working, say so, never overwrite
        log.exception("cannot open review file %s", review_file)
        return MemoryCorrectionStore(), str(exc)
