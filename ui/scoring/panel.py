"""The scoring panel: the selected indicator's inputs, suggestion, confirmation, notes and evidence,
and the unit's weight, veto, sections 4-5 and live totals (unit_panel.py).

All edits go through the window's one :class:`ReviewStore` on the GUI thread, each its own
transaction, so every edit is saved the moment it is made.  A refused edit (a ``ReviewError``)
shows its Chinese message in the banner; the widget keeps what the reviewer typed, and nothing
was saved.  Every saved score edit is pushed on :attr:`undo_stack` (undo.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.model import Report
from app.review import ItemReview, ReviewError, ReviewStore, UnitReview
from app.review.model import score_unit_review
from app.review.session import record_check
from app.rubric import Rubric
from app.scoring import ScoredItem, UnitScore, fmt, scored_items
from ui.scoring.item_view import ItemView
from ui.scoring.link_dialog import ask_link_target
from ui.scoring.undo import (
    ItemEditCommand,
    LinkEvidenceCommand,
    UnitEditCommand,
    UnitState,
    UnlinkEvidenceCommand,
)
from ui.scoring.unit_panel import UnitPanel, section_items
from ui.scoring.wheel import guard, guard_all

EvidenceSource = Callable[[], "tuple[str, int | None] | None"]
FileIndicator = Callable[[str], "str | None"]  # a file's own indicator in the current report
AskTarget = Callable[[QWidget, "dict[str, ScoredItem]", str, "str | None", str], "str | None"]
CONFIRMED_MARK = "✓ "
NOTES_SAVE_MS = 800  # notes are saved this long after the last keystroke (and on leaving the box)
BANNER_STYLE = "background: #fdecea; color: #b71c1c; border: 1px solid #f5c6cb; padding: 6px;"


class ScoringPanel(QWidget):
    evidence_activated = Signal(str, object)  # path, page (int | None): show it in the preview
    indicator_chosen = Signal(str)  # the reviewer picked an indicator in the panel's own list
    confirmed_changed = Signal(frozenset)  # the codes confirmed in the unit on screen
    notice = Signal(str)  # a short message for the status bar (an edit made elsewhere than on screen)

    def __init__(self, rubric: Rubric, parent=None) -> None:
        super().__init__(parent)
        self.rubric = rubric
        self.store: ReviewStore | None = None
        self.unit = ""
        self.submission = ""
        self.not_joined = ""  # why the opened material is not scored (another unit's, empty, demo)
        self.code = ""
        self._shown: tuple[str, str] = ("", "")  # the unit and item whose fields are on screen
        self.default_weight: float | None = None
        self.evidence_source: EvidenceSource = lambda: None
        self.file_indicator: FileIndicator = lambda _path: None
        self.ask_target: AskTarget = ask_link_target
        self._confirmed: frozenset[str] | None = None
        self.undo_stack = QUndoStack(self)
        sections = {i.code for i in section_items(rubric)}
        self.items: dict[str, ScoredItem] = {
            i.code: i for i in scored_items(rubric) if i.code not in sections
        }
        self._notes_timer = QTimer(self)
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(NOTES_SAVE_MS)
        self._notes_timer.timeout.connect(self.save_notes)
        self._build()
        self.refresh()

    # ── building ─────────────────────────────────────────────────────────────────────────
    def _build(self) -> None:
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        self.unit_label = QLabel()
        self.unit_label.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.unit_label.setWordWrap(True)
        self.summary = QLabel()  # outside the scroll area: the totals stay in view while scrolling
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold; padding: 2px 4px;")
        self.picker = QComboBox()
        # long indicator titles must not widen the dock: the list shows them in full
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.picker.setMinimumContentsLength(16)
        for item in self.items.values():
            self.picker.addItem(item.label, item.code)
        self.picker.activated.connect(lambda row: self._picked(self.picker.itemData(row)))

        self.view = ItemView(self.items)
        self.view.notes.textChanged.connect(self._notes_timer.start)
        for code, form in self.view.forms.items():
            form.edited.connect(lambda values, c=code: self.edit_inputs(c, values))
        self.view.confirm_button.clicked.connect(self.confirm)
        self.view.reason.returnPressed.connect(self.confirm)
        self.view.unconfirm_button.clicked.connect(self.unconfirm)
        self.view.link_button.clicked.connect(self.link_previewed)
        self.view.unlink_button.clicked.connect(self.unlink_selected)
        self.view.evidence.itemActivated.connect(self._evidence_activated)

        self.unit_panel = UnitPanel(self.rubric)
        self.unit_panel.weight_edited.connect(lambda w: self.edit_unit(weight=w))
        self.unit_panel.veto_edited.connect(lambda on, why: self.edit_unit(veto=(on, why)))
        self.unit_panel.section_edited.connect(self.edit_inputs)
        self.unit_panel.section_confirmed.connect(
            lambda code, on: self.confirm(code) if on else self.unconfirm(code)
        )

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(self.unit_label)
        inner.addWidget(self.picker)
        inner.addWidget(self.view)
        inner.addWidget(self.unit_panel)
        inner.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.summary)
        layout.addWidget(self.scroll, 1)
        guard_all(content)  # the wheel scrolls the panel; it edits only the box being edited
        guard(self.picker)
        self._set_tab_order()

    def focus_chain(self) -> list[QWidget]:
        """Every input in reading order: the item list, the item's inputs, then the unit's."""
        return [self.picker, *self.view.focus_chain(), *self.unit_panel.focus_chain()]

    def _set_tab_order(self) -> None:
        # explicit: the widgets are created item by item, so Qt's creation order would jump about
        chain = self.focus_chain()
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ── what is shown ────────────────────────────────────────────────────────────────────
    def set_store(self, store: ReviewStore | None) -> None:
        self.store = store
        self.undo_stack.clear()
        self.refresh()

    def set_unit(self, unit: str, submission: str = "") -> None:
        self.save_notes()
        self.unit, self.submission = unit, submission
        self.refresh()

    def show_indicator(self, code: str | None) -> None:
        """Show ``code``'s inputs; a section row or an unknown code keeps the current indicator."""
        if not code or code not in self.items or code == self.code:
            return
        self.save_notes()
        self.code = code
        self.refresh()

    def _picked(self, code: str) -> None:
        self.show_indicator(code)
        self.indicator_chosen.emit(code)

    def set_report(self, report: Report | None, unit: str, submission: str = "") -> None:
        """Score ``unit`` after a check: it joins the review with the engine's suggestions
        (app.review.session.record_check — the window's session does this itself)."""
        self.set_unit(unit, submission)
        store = self.store
        if report is None or store is None or not unit:
            return
        rubric, weight = self.rubric, self.default_weight
        self.run_store(lambda s: record_check(s, rubric, unit, report, weight=weight, submission=submission))
        self.refresh()

    def set_admission(self, unit: str, warning: str, submission: str = "") -> None:
        """The session's answer for the opened material: score ``unit``, or say why not."""
        self.not_joined = warning
        self.set_unit(unit, submission)

    def _ensure_unit(self) -> bool:
        store, unit = self.store, self.unit
        if store is None or not unit:
            return False
        try:
            if store.has_unit(unit):
                return True
        except ReviewError as exc:
            self.show_error(str(exc))
            return False
        return self.run_store(lambda s: s.add_unit(unit, self.default_weight, self.submission))

    def _review(self) -> UnitReview:
        if self.store is not None and self.unit:
            try:
                if self.store.has_unit(self.unit):
                    return self.store.unit(self.unit)
            except ReviewError as exc:
                self.show_error(str(exc))
        return UnitReview(self.unit or "")

    def refresh(self, *, fields: bool = True) -> None:
        """Redraw from the store; ``fields=False`` keeps the widgets' values (after a refused edit)."""
        if fields and self._notes_timer.isActive():
            self.save_notes()  # notes typed a moment ago are saved, not overwritten; it refreshes
            return
        if not self.code:
            self.code = next(iter(self.items))
        usable = self.store is not None and bool(self.unit)
        self.view.setEnabled(usable)
        self.unit_panel.setEnabled(usable)
        if self.store is None:
            self.unit_label.setText(self.tr("Scoring is off: the review file could not be opened."))
        elif not self.unit:
            self.unit_label.setText(self.not_joined or self.tr("Open a unit's submission to score it."))
        else:
            self.unit_label.setText(self.tr("Scoring: %1").replace("%1", self.unit))
        review = self._review()
        score = self._score(review)
        self.picker.setCurrentIndex(max(0, self.picker.findData(self.code)))
        current = review.item(self.code)
        self.view.show_current(self.code)
        if fields:
            # a reason typed for this item but not yet confirmed stays while its inputs change
            keep_reason = (self.unit, self.code) == self._shown and not current.confirmed
            self.view.show_fields(current, keep_reason=keep_reason)
        self._shown = (self.unit, self.code)
        self.view.show_item(current, score.item(self.code), self._override_needed(self.code))
        self.unit_panel.show_unit(review, score, fields=fields)
        self._show_summary(review, score)
        self._show_confirmed(review)

    def _score(self, review: UnitReview) -> UnitScore:
        try:
            return score_unit_review(self.rubric, review)
        except ValueError:  # a stored value the rules refuse (hand-edited file): score it as empty
            return score_unit_review(self.rubric, UnitReview(review.unit))

    def _override_needed(self, code: str) -> bool:
        if self.store is None or not self.unit:
            return False
        try:
            return self.store.has_unit(self.unit) and self.store.override_needed(self.unit, code)
        except ReviewError:
            return False

    def _show_summary(self, review: UnitReview, score: UnitScore) -> None:
        none = self.tr("—")
        unconfirmed = sum(1 for i in score.items if not review.item(i.code).confirmed)
        self.summary.setText(
            self.tr("Total %1 · scaled %2 · final %3")
            .replace("%1", fmt(score.total))
            .replace("%2", fmt(score.scaled) if score.scaled is not None else none)
            .replace("%3", fmt(score.final) if score.final is not None else none)
            + (self.tr(" · veto") if score.veto else "")
            + " · "
            + (
                self.tr("%n item(s) not confirmed", "", unconfirmed)
                if unconfirmed
                else self.tr("all confirmed")
            )
        )

    def _show_confirmed(self, review: UnitReview) -> None:
        """A ✓ before each confirmed item in the panel's list; the tree gets the same set."""
        confirmed = (
            frozenset(c for c, it in review.items.items() if it.confirmed) if self.unit else frozenset()
        )
        if confirmed == self._confirmed:
            return
        self._confirmed = confirmed
        for row in range(self.picker.count()):
            code = self.picker.itemData(row)
            mark = CONFIRMED_MARK if code in confirmed else ""
            self.picker.setItemText(row, mark + self.items[code].label)
        self.confirmed_changed.emit(confirmed)

    # ── running store calls ──────────────────────────────────────────────────────────────
    def show_error(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()

    def run_store(self, action: Callable[[ReviewStore], Any]) -> bool:
        """One store call on this (the GUI) thread; a refusal is shown, never raised."""
        if self.store is None:
            return False
        try:
            action(self.store)
        except ReviewError as exc:
            self.show_error(str(exc))
            return False
        self.banner.hide()
        return True

    def after_undo(self, unit: str, code: str | None) -> None:
        """After an undo/redo: show what changed (its unit must be the one on screen to be seen)."""
        if unit == self.unit and code in self.items:
            self.code = code
        self.refresh()

    def _item_edit(self, code: str, text: str, action: Callable[[ReviewStore], ItemReview]) -> bool:
        """Make one item edit and push it for undo; on refusal keep the widgets as typed."""
        if not self._ensure_unit():
            return False
        unit = self.unit
        before: list[ItemReview] = []
        after: list[ItemReview] = []
        ok = self.run_store(lambda s: before.append(s.item(unit, code))) and self.run_store(
            lambda s: after.append(action(s))
        )
        if not ok:
            self.refresh(fields=False)
            return False
        if before[0].decision() != after[0].decision():
            self.undo_stack.push(ItemEditCommand(self, unit, before[0], after[0], text))
        self.refresh()
        return True

    # ── item edits ───────────────────────────────────────────────────────────────────────
    def edit_inputs(self, code: str, values: dict[str, Any]) -> bool:
        item = self.items.get(code) or self.unit_panel.section_forms[code].item
        keys = "、".join(item.field(k).label for k in values)
        text = self.tr("Change %1 %2").replace("%1", code).replace("%2", keys)
        unit = self.unit
        ok = self._item_edit(code, text, lambda s: s.set_inputs(unit, code, values))
        editor = self.view.forms[code].entries_editor() if code in self.view.forms else None
        if ok and editor is not None:
            editor.entry_added()
        return ok

    def confirm(self, code: str | None = None) -> bool:
        code = code if isinstance(code, str) else self.code
        unit, reason = self.unit, self.view.reason.text() if code == self.code else ""
        text = self.tr("Confirm %1").replace("%1", code)
        ok = self._item_edit(code, text, lambda s: s.confirm(unit, code, reason))
        if not ok and code == self.code and self.view.reason.isEnabled():
            self.view.reason.setFocus()  # refused for want of a reason: the box to type it in
        return ok

    def unconfirm(self, code: str | None = None) -> bool:
        code = code if isinstance(code, str) else self.code
        unit = self.unit
        text = self.tr("Withdraw confirmation of %1").replace("%1", code)
        return self._item_edit(code, text, lambda s: s.unconfirm(unit, code))

    def save_notes(self) -> None:
        """Save the notes if they changed (called after a pause in typing and when leaving the item)."""
        self._notes_timer.stop()
        if self.store is None or not self.unit or not self.code:
            return
        text = self.view.notes.toPlainText()
        if text == self._review().item(self.code).notes:
            return
        code, unit = self.code, self.unit
        self._item_edit(
            code, self.tr("Notes on %1").replace("%1", code), lambda s: s.set_notes(unit, code, text)
        )

    # ── unit edits ───────────────────────────────────────────────────────────────────────
    def edit_unit(self, *, weight: Any = ..., veto: tuple[bool, str] | None = None) -> bool:
        if not self._ensure_unit():
            return False
        unit = self.unit
        current = self._review()
        before = UnitState(current.weight, current.veto, current.veto_reason)
        if weight is not ...:
            after = UnitState(weight, before.veto, before.veto_reason)
            text = self.tr("Set weight of %1").replace("%1", unit)
        else:
            assert veto is not None
            after = UnitState(before.weight, veto[0], veto[1].strip() if veto[0] else "")
            text = (
                self.tr("Veto %1").replace("%1", unit)
                if veto[0]
                else self.tr("Lift veto of %1").replace("%1", unit)
            )
        if after == before:
            self.banner.hide()
            return True
        if not self.run_store(lambda s: UnitEditCommand._put(s, unit, after)):
            self.refresh(fields=False)
            return False
        self.undo_stack.push(UnitEditCommand(self, unit, before, after, text))
        self.refresh()
        return True

    # ── evidence ─────────────────────────────────────────────────────────────────────────
    def link_previewed(self) -> bool:
        found = self.evidence_source()
        if found is None:
            self.show_error(self.tr("No file is being previewed. Select a file, then link it."))
            return False
        if not self._ensure_unit():
            return False
        path, page = found
        code = self._link_target(path)
        if code is None:
            return False
        unit = self.unit
        ids: list[int] = []
        if not self.run_store(lambda s: ids.append(s.link_evidence(unit, code, path, page))):
            return False
        text = self.tr("Link %1 to %2").replace("%1", path).replace("%2", code)
        self.undo_stack.push(LinkEvidenceCommand(self, unit, code, path, page, ids[0], text))
        self.refresh()
        if code != self.code:  # linked to an item not on screen: say where it went
            self.notice.emit(self.tr("Linked as evidence for %1.").replace("%1", self.items[code].label))
        return True

    def _link_target(self, path: str) -> str | None:
        """The file's own indicator when it is the one on screen; otherwise the reviewer's choice."""
        own = self.file_indicator(path)
        own = own if own in self.items else None
        if own == self.code:
            return own
        return self.ask_target(self, self.items, path, own, self.code)

    def unlink_selected(self) -> bool:
        entry = self.view.evidence.currentItem() or self.view.evidence.item(0)
        if entry is None:
            return False
        link_id, path, page = entry.data(Qt.ItemDataRole.UserRole)
        unit, code = self.unit, self.code
        if not self.run_store(lambda s: s.unlink_evidence(unit, link_id)):
            return False
        text = self.tr("Remove link %1").replace("%1", path)
        self.undo_stack.push(UnlinkEvidenceCommand(self, unit, code, path, page, link_id, text))
        self.refresh()
        return True

    def _evidence_activated(self, entry: QListWidgetItem) -> None:
        _id, path, page = entry.data(Qt.ItemDataRole.UserRole)
        self.evidence_activated.emit(path, page)
