"""The indicator part of the scoring panel, as layout and display only (the panel makes the edits).

Top to bottom: the item's title and method, its input form (one per item, only the current one
visible), the live score, the check's suggestion, the confirmation with its reason, notes, and
the linked evidence with the buttons that change it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.review import ItemReview
from app.scoring import ItemScore, ScoredItem, fmt
from ui.scoring.form import ItemForm, hint_label, quiet


def _wrapped(bold: bool = False) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    if bold:
        label.setStyleSheet("font-weight: bold;")
    return label


class ItemView(QGroupBox):
    def __init__(self, items: dict[str, ScoredItem], parent=None) -> None:
        super().__init__(parent)
        self.items = items
        box = QVBoxLayout(self)
        self.item_title = _wrapped(bold=True)  # not the group box title: that one cannot wrap
        self.method = hint_label("")
        box.addWidget(self.item_title)
        box.addWidget(self.method)
        # one form per item, only the current one visible: a hidden form takes no room, so a
        # one-spin-box item is not as tall as the reports table of 3.1 (as in a QStackedWidget)
        self.forms: dict[str, ItemForm] = {}
        for code, item in items.items():
            form = ItemForm(item)
            form.hide()
            box.addWidget(form)
            self.forms[code] = form
        self.score_label = _wrapped(bold=True)
        self.suggestion = _wrapped()
        self.suggestion.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = _wrapped()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Reason for a score other than the suggestion"))
        self.confirm_button = QPushButton(self.tr("Confirm Score"))
        self.unconfirm_button = QPushButton(self.tr("Withdraw Confirmation"))
        for w in (self.score_label, self.suggestion, self.status, self.reason):
            box.addWidget(w)
        box.addLayout(self._row(self.confirm_button, self.unconfirm_button))
        box.addWidget(QLabel(self.tr("Notes")))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        # Tab goes on to the next input (weight, veto, sections 4–5), never into the notes or the xlsx
        self.notes.setTabChangesFocus(True)
        box.addWidget(self.notes)
        box.addWidget(QLabel(self.tr("Evidence")))
        self.evidence = QListWidget()
        self.evidence.setFixedHeight(70)
        self.evidence.setToolTip(self.tr("Double-click a link to preview that file and page."))
        box.addWidget(self.evidence)
        self.link_button = QPushButton(self.tr("Link Previewed File and Page"))
        self.unlink_button = QPushButton(self.tr("Remove Link"))
        box.addLayout(self._row(self.link_button, self.unlink_button))

    @staticmethod
    def _row(*buttons: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        return row

    def show_current(self, code: str) -> None:
        item = self.items[code]
        self.item_title.setText(
            self.tr("%1 (up to %2 points)").replace("%1", item.label).replace("%2", fmt(item.points))
        )
        self.method.setText(item.method)
        for c, form in self.forms.items():
            if form.isHidden() == (c == code):  # only the two that change
                form.setVisible(c == code)

    def show_fields(self, item: ItemReview, *, keep_reason: bool) -> None:
        """The stored inputs, notes and (unless the reviewer is typing one) override reason."""
        self.forms[item.code].set_values(item.effective_inputs)
        with quiet(self.notes):
            self.notes.setPlainText(item.notes)
        if not keep_reason:
            self.reason.setText(item.override_reason)

    def focus_chain(self) -> list[QWidget]:
        """The current item's inputs, then its own buttons and boxes, in reading order (for Tab)."""
        chain: list[QWidget] = []
        for form in self.forms.values():
            chain += form.focus_chain()
        return [
            *chain,
            self.reason,
            self.confirm_button,
            self.unconfirm_button,
            self.notes,
            self.evidence,
            self.link_button,
            self.unlink_button,
        ]

    def show_item(self, item: ItemReview, live: ItemScore, override_needed: bool) -> None:
        self.score_label.setText(self.tr("Score: %1").replace("%1", fmt(live.score)) + "　" + live.reason)
        if item.suggested_score is not None:
            text = self.tr("Suggested by the check: %1").replace("%1", fmt(item.suggested_score))
            text += "\n" + item.suggested_reason
            if item.suggested_gaps:
                text += "\n" + "\n".join(f"· {g}" for g in item.suggested_gaps)
        else:
            text = self.tr("No suggestion from the check for this item: enter what you found.")
        self.suggestion.setText(text)
        if item.confirmed:
            status = self.tr("Confirmed: %1 points.").replace("%1", fmt(item.confirmed_score or 0))
            if item.override_reason:
                status += " " + self.tr("Reason: %1").replace("%1", item.override_reason)
        else:
            status = self.tr("Not confirmed yet.")
            if override_needed:
                status += " " + self.tr(
                    "The score differs from the suggestion: a reason is required to confirm."
                )
        self.status.setText(status)
        self.reason.setEnabled(override_needed or bool(item.override_reason))
        self.confirm_button.setEnabled(not item.confirmed)
        self.unconfirm_button.setEnabled(item.confirmed)
        self.evidence.clear()
        for link in item.evidence:
            text = link.path + (self.tr(", page %1").replace("%1", str(link.page)) if link.page else "")
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, (link.id, link.path, link.page))
            self.evidence.addItem(entry)
        self.unlink_button.setEnabled(bool(item.evidence))
