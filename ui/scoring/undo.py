"""Undo/redo of score edits: QUndoCommands that put back a snapshot through the review store.

Each edit is made (and saved) *before* its command is pushed, so the first ``redo`` that
QUndoStack.push() calls does nothing.  Undo and redo are store edits of their own — one
transaction and one audit row each — so an undone edit survives a crash as undone.

Item edits (inputs, confirm, override reason, notes) use ``store.item(...)`` snapshots and
``store.restore_item(...)``; unit edits (weight, veto) put back the unit's previous values;
an evidence link is undone by unlinking it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from app.review import ItemReview, ReviewStore


class StoreRunner(Protocol):
    """What a command needs from the panel: run a store call (errors shown there), then refresh."""

    def run_store(self, action: Callable[[ReviewStore], object]) -> bool: ...

    def after_undo(self, unit: str, code: str | None) -> None: ...


class _StoreCommand(QUndoCommand):
    def __init__(self, runner: StoreRunner, unit: str, code: str | None, text: str) -> None:
        super().__init__(text)
        self.runner, self.unit, self.code = runner, unit, code
        self._done = True  # the edit was made before the push

    def _apply(self, action: Callable[[ReviewStore], object]) -> None:
        self.runner.run_store(action)
        self.runner.after_undo(self.unit, self.code)

    def undo(self) -> None:
        self._done = False
        self._apply(self._undo)

    def redo(self) -> None:
        if self._done:
            return
        self._done = True
        self._apply(self._redo)

    def _undo(self, store: ReviewStore) -> object:  # pragma: no cover - overridden
        raise NotImplementedError

    def _redo(self, store: ReviewStore) -> object:  # pragma: no cover - overridden
        raise NotImplementedError


class ItemEditCommand(_StoreCommand):
    """An item's reviewer fields before and after one edit."""

    def __init__(
        self, runner: StoreRunner, unit: str, before: ItemReview, after: ItemReview, text: str
    ) -> None:
        super().__init__(runner, unit, before.code, text)
        self.before, self.after = before, after

    def _undo(self, store: ReviewStore) -> object:
        return store.restore_item(self.unit, self.before)

    def _redo(self, store: ReviewStore) -> object:
        return store.restore_item(self.unit, self.after)


@dataclass(frozen=True)
class UnitState:
    weight: float | None
    veto: bool
    veto_reason: str


class UnitEditCommand(_StoreCommand):
    """The unit's weight and veto before and after one edit."""

    def __init__(
        self, runner: StoreRunner, unit: str, before: UnitState, after: UnitState, text: str
    ) -> None:
        super().__init__(runner, unit, None, text)
        self.before, self.after = before, after

    @staticmethod
    def _put(store: ReviewStore, unit: str, state: UnitState) -> None:
        store.set_weight(unit, state.weight)
        store.set_veto(unit, state.veto, state.veto_reason)

    def _undo(self, store: ReviewStore) -> object:
        self._put(store, self.unit, self.before)
        return None

    def _redo(self, store: ReviewStore) -> object:
        self._put(store, self.unit, self.after)
        return None


class LinkEvidenceCommand(_StoreCommand):
    """A linked file and page; undo unlinks it, redo links it again (under a new row id)."""

    def __init__(
        self, runner: StoreRunner, unit: str, code: str, path: str, page: int | None, link_id: int, text: str
    ) -> None:
        super().__init__(runner, unit, code, text)
        self.path, self.page, self.link_id = path, page, link_id

    def _undo(self, store: ReviewStore) -> object:
        store.unlink_evidence(self.unit, self.link_id)
        return None

    def _redo(self, store: ReviewStore) -> object:
        assert self.code is not None
        self.link_id = store.link_evidence(self.unit, self.code, self.path, self.page)
        return self.link_id


class UnlinkEvidenceCommand(LinkEvidenceCommand):
    """A removed link: undo links the file and page again, redo removes it again."""

    def _undo(self, store: ReviewStore) -> object:
        return super()._redo(store)

    def _redo(self, store: ReviewStore) -> object:
        return super()._undo(store)
