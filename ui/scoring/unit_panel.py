"""The unit part of the scoring panel: weight, veto with its reason, sections 4 and 5, live totals.

It shows what the store holds and reports what the reviewer changed through signals; the scoring
panel makes the store edits.  A refused value (a weight of 0 or 150, a veto without a reason) stays
where the reviewer typed it.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.review import UnitReview
from app.rubric import FinalDeductionRule, Rubric
from app.scoring import ScoredItem, UnitScore, fmt, scored_items
from ui.scoring.form import ItemForm, hint_label, quiet


def section_items(rubric: Rubric) -> list[ScoredItem]:
    """The scored items that are whole sections (4 and 5 in 2020): entered once per unit."""
    sections_with_rules = {s.code for s in rubric.sections if s.rule is not None}
    return [i for i in scored_items(rubric) if i.code in sections_with_rules]


def parse_weight(text: str) -> float | None:
    """The typed weight; empty means "not entered yet".  The validator lets only digits through."""
    text = text.strip()
    return float(text) if text else None


class UnitPanel(QWidget):
    weight_edited = Signal(object)  # float | None
    veto_edited = Signal(bool, str)
    section_edited = Signal(str, dict)  # code, {key: value}
    section_confirmed = Signal(str, bool)

    def __init__(self, rubric: Rubric, parent=None) -> None:
        super().__init__(parent)
        self.rubric = rubric
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        unit_box = QGroupBox(self.tr("Unit"))
        form = QFormLayout(unit_box)
        self.weight = QLineEdit()
        # digits and one decimal point only: 0 and 150 can be typed (the store explains why not)
        self.weight.setValidator(QRegularExpressionValidator(QRegularExpression(r"^\d{0,4}([.]\d{0,4})?$")))
        self.weight.setPlaceholderText(self.tr("not entered"))
        self.weight.setMaximumWidth(90)
        self.weight.editingFinished.connect(self._weight_done)
        weight_row = QHBoxLayout()
        weight_row.addWidget(self.weight)
        weight_row.addWidget(
            hint_label(
                self.tr("Supervision weight, more than 0 and at most 100. Sections 1–4 are scaled to it.")
            ),
            1,
        )
        form.addRow(self.tr("Weight"), weight_row)
        self.veto = QCheckBox(self.tr("Veto: falsified material — the unit scores 0"))
        self.veto_reason = QLineEdit()
        self.veto_reason.setPlaceholderText(self.tr("Required: which material was falsified"))
        self.veto.toggled.connect(lambda _on: self._veto_done())
        self.veto_reason.editingFinished.connect(self._veto_done)
        form.addRow(self.veto)
        form.addRow(self.tr("Veto reason"), self.veto_reason)
        layout.addWidget(unit_box)

        self.section_forms: dict[str, ItemForm] = {}
        self.section_confirm: dict[str, QCheckBox] = {}
        self.section_scores: dict[str, QLabel] = {}
        for item in section_items(rubric):
            layout.addWidget(self._section_box(item))

        totals_box = QGroupBox(self.tr("Scores"))
        self.totals = QGridLayout(totals_box)
        self.totals.setColumnStretch(0, 1)
        self._total_labels: dict[str, QLabel] = {}
        rows = [(s.code, f"{s.code} {s.title}") for s in rubric.sections if s.stage == "scaled"]
        rows += [
            ("total", self.tr("Total of sections 1–4")),
            ("scaled", self.tr("Scaled to the weight")),
        ]
        rows += [(s.code, f"{s.code} {s.title}") for s in rubric.sections if s.stage != "scaled"]
        rows += [("final", self.tr("Final score")), ("unconfirmed", self.tr("Items not confirmed"))]
        for n, (key, title) in enumerate(rows):
            name = QLabel(title)
            name.setWordWrap(True)  # section titles are long; the dock is narrow
            value = QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if key in ("total", "final"):
                name.setStyleSheet("font-weight: bold;")
                value.setStyleSheet("font-weight: bold;")
            self.totals.addWidget(name, n, 0)
            self.totals.addWidget(value, n, 1)
            self._total_labels[key] = value
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setStyleSheet("color: #546e7a;")
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.totals.addWidget(self.reasons, len(rows), 0, 1, 2)
        layout.addWidget(totals_box)

    def _section_box(self, item: ScoredItem) -> QGroupBox:
        box = QGroupBox(f"{item.code} {item.title}")
        inner = QVBoxLayout(box)
        if isinstance(item.rule, FinalDeductionRule):
            inner.addWidget(hint_label(self._reading_text(item.rule)))
        form = ItemForm(item)
        form.edited.connect(lambda values, code=item.code: self.section_edited.emit(code, values))
        inner.addWidget(form)
        row = QHBoxLayout()
        confirm = QCheckBox(self.tr("Confirmed"))
        confirm.toggled.connect(lambda on, code=item.code: self.section_confirmed.emit(code, on))
        score = QLabel()
        score.setWordWrap(True)
        row.addWidget(confirm)
        row.addWidget(score, 1)
        inner.addLayout(row)
        self.section_forms[item.code] = form
        self.section_confirm[item.code] = confirm
        self.section_scores[item.code] = score
        return box

    def _reading_text(self, rule: FinalDeductionRule) -> str:
        """The seed is ambiguous on a substantiated complaint; say which reading the rubric file chose."""
        if rule.substantiated_mode == "add":
            return self.tr(
                "Taken off after scaling, not scaled. Reading chosen (“add”): a complaint found true costs "
                "its 3 plus the complaint's 1 — count it in both boxes. See docs/scoring.md."
            )
        return self.tr(
            "Taken off after scaling, not scaled. Reading chosen (“replace”): a complaint found true costs "
            "3 in all, not 3 + 1 — count it only under “found true”, not as a plain complaint. "
            "See docs/scoring.md."
        )

    # ── showing ──────────────────────────────────────────────────────────────────────────
    def show_unit(self, review: UnitReview, score: UnitScore, *, fields: bool = True) -> None:
        """Scores always; the editable fields only when ``fields`` (not after a refused edit)."""
        if fields:
            with quiet(self.weight):
                self.weight.setText(fmt(review.weight) if review.weight is not None else "")
            with quiet(self.veto):
                self.veto.setChecked(review.veto)
            with quiet(self.veto_reason):
                self.veto_reason.setText(review.veto_reason)
            for code, form in self.section_forms.items():
                item = review.item(code)
                form.set_values(item.effective_inputs)
                with quiet(self.section_confirm[code]):
                    self.section_confirm[code].setChecked(item.confirmed)
        self.show_score(review, score)

    def show_score(self, review: UnitReview, score: UnitScore) -> None:
        for code, label in self.section_scores.items():
            item = score.item(code)
            label.setText(f"{fmt(item.score)}　{item.reason}")
        for s in score.sections:
            text = (
                fmt(s.score) if s.stage != "scaled" or not s.points else f"{fmt(s.score)} / {fmt(s.points)}"
            )
            self._total_labels[s.code].setText(text)
            self._total_labels[s.code].setToolTip(s.reason)
        none = self.tr("— (no weight)")
        self._total_labels["total"].setText(fmt(score.total))
        self._total_labels["scaled"].setText(fmt(score.scaled) if score.scaled is not None else none)
        final = fmt(score.final) if score.final is not None else none
        self._total_labels["final"].setText(final + (self.tr(" (veto)") if score.veto else ""))
        unconfirmed = [i.code for i in score.items if not review.item(i.code).confirmed]
        self._total_labels["unconfirmed"].setText(str(len(unconfirmed)))
        self._total_labels["unconfirmed"].setToolTip("、".join(unconfirmed))
        self.reasons.setText("\n".join(score.reasons))

    # ── edits ────────────────────────────────────────────────────────────────────────────
    def _weight_done(self) -> None:
        self.weight_edited.emit(parse_weight(self.weight.text()))

    def _veto_done(self) -> None:
        self.veto_edited.emit(self.veto.isChecked(), self.veto_reason.text())

    def focus_chain(self) -> list[QWidget]:
        """Weight, veto and its reason, then each section's inputs and its 已确认 box (for Tab)."""
        chain: list[QWidget] = [self.weight, self.veto, self.veto_reason]
        for code, form in self.section_forms.items():
            chain += [*form.focus_chain(), self.section_confirm[code]]
        return chain

    def total_text(self, key: str) -> str:
        return self._total_labels[key].text()
