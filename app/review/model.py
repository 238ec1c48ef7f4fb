"""A review's content as plain dataclasses, the same whether read from a review file or from JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.rubric import Rubric
from app.scoring.engine import UnitScore, score_unit

REVIEW_SCHEMA = "evcheck.review/1"


class ReviewError(Exception):
    """A review file or document that cannot be used as asked; the message is for the user."""


class ReviewCorruptError(ReviewError):
    pass


class ReviewVersionError(ReviewError):
    pass


class ReviewLockedError(ReviewError):
    pass


class ReviewReadOnlyError(ReviewError):
    pass


class ReviewDiskFullError(ReviewError):
    pass


class ReviewInputError(ReviewError):
    """An edit the rules refuse (bad count, missing override reason, unknown unit …)."""


@dataclass(frozen=True)
class EvidenceLink:
    path: str  # as in the check report: relative to the submission, "/" separators
    page: int | None = None
    note: str = ""
    id: int | None = None  # row id in the review file


@dataclass
class ItemReview:
    """One scored item of one unit: inputs, the suggestion, the reviewer's confirmation."""

    code: str
    inputs: dict[str, Any] = field(default_factory=dict)  # what the reviewer entered
    suggested_inputs: dict[str, Any] | None = None
    suggested_score: float | None = None
    suggested_reason: str = ""
    suggested_gaps: list[str] = field(default_factory=list)
    confirmed: bool = False
    confirmed_score: float | None = None
    override_reason: str = ""
    notes: str = ""
    evidence: list[EvidenceLink] = field(default_factory=list)
    updated_at: str = ""
    updated_by: str = ""

    @property
    def effective_inputs(self) -> dict[str, Any]:
        """The reviewer's inputs over the suggestion's: what the score is computed from."""
        return {**(self.suggested_inputs or {}), **self.inputs}

    @property
    def has_reviewer_data(self) -> bool:
        return bool(self.inputs or self.confirmed or self.notes or self.override_reason)

    def decision(self) -> dict[str, Any]:
        """The reviewer's part, compared on merge and kept in conflicts and the audit log."""
        return {
            "inputs": self.inputs,
            "confirmed": self.confirmed,
            "confirmed_score": self.confirmed_score,
            "override_reason": self.override_reason,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class Reassignment:
    path: str
    indicator: str | None
    school: str | None
    note: str = ""


@dataclass(frozen=True)
class AcceptedFinding:
    path: str
    code: str
    note: str


SIGNAL_CHECKED, SIGNAL_PROBLEM = "checked", "problem"
SIGNAL_VERDICT_LABELS = {SIGNAL_CHECKED: "已核实无误", SIGNAL_PROBLEM: "有问题"}


@dataclass(frozen=True)
class SignalVerdict:
    """The reviewer's verdict on one authenticity signal (docs/signals.md): never the signal itself.

    ``code`` and ``paths`` are kept so the exports can say what was verified without the check
    report at hand."""

    key: str  # Signal.key: "code|path|path"
    code: str
    paths: tuple[str, ...]
    verdict: str  # SIGNAL_CHECKED or SIGNAL_PROBLEM
    note: str = ""
    at: str = ""
    who: str = ""

    @property
    def label(self) -> str:
        return SIGNAL_VERDICT_LABELS.get(self.verdict, self.verdict)

    def to_json(self) -> dict[str, Any]:
        """As in evcheck.review/1 ``signal_reviews[]``, in conflicts and in the audit of imports."""
        return {
            "key": self.key,
            "code": self.code,
            "paths": list(self.paths),
            "verdict": self.verdict,
            "note": self.note,
            "who": self.who,
            "at": self.at,
        }


@dataclass
class UnitReview:
    unit: str
    weight: float | None = None
    submission: str = ""
    veto: bool = False
    veto_reason: str = ""
    notes: str = ""
    items: dict[str, ItemReview] = field(default_factory=dict)
    reassignments: list[Reassignment] = field(default_factory=list)
    accepted: list[AcceptedFinding] = field(default_factory=list)
    updated_at: str = ""
    signal_verdicts: list[SignalVerdict] = field(default_factory=list)

    def item(self, code: str) -> ItemReview:
        return self.items.get(code) or ItemReview(code)

    def inputs(self) -> dict[str, dict[str, Any]]:
        return {c: i.effective_inputs for c, i in self.items.items() if i.effective_inputs}


@dataclass
class ReviewDoc:
    rubric_id: str
    rubric_version: str
    reviewer: str = ""
    units: list[UnitReview] = field(default_factory=list)

    def unit(self, name: str) -> UnitReview | None:
        return next((u for u in self.units if u.unit == name), None)


def score_unit_review(rubric: Rubric, unit: UnitReview) -> UnitScore:
    """The engine's result for a unit as it stands (unconfirmed items count with their inputs)."""
    return score_unit(
        rubric,
        unit.inputs(),
        weight=unit.weight,
        veto=unit.veto,
        veto_reason=unit.veto_reason,
        unit=unit.unit,
    )


def check_rubric(rubric: Rubric, rubric_id: str, rubric_version: str, where: str) -> None:
    if rubric.id != rubric_id or rubric.version != rubric_version:
        raise ReviewError(
            f"{where}按评分细则“{rubric_id}”（版本 {rubric_version}）评分，与当前载入的"
            f"“{rubric.id}”（版本 {rubric.version}）不同。请载入相同的评分细则后再试。"
        )
