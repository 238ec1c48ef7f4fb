"""Suggested inputs and scores from a check report, for the reviewer to confirm or override.

The check's evaluate step reports gaps and a status per indicator, nothing more.  Here each
indicator's gaps become the *inputs* of its rule — the same form the reviewer fills in — and the
engine computes the score and its reason, so every number has one source:

* an all-or-nothing rule: met when nothing is missing;
* a deduction whose occurrence is marked ``from_gaps``: one occurrence per missing item;
* optional evidence not provided: the rule's "nothing" inputs (0 points).

:func:`annotate` writes the engine's numbers onto the report (``IndicatorResult.suggested`` and
``reason``).  Only rule types decide; no indicator is named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.model import IndicatorResult, Report, Status
from app.rubric import (
    AllOrNothingRule,
    AwardIfListedRule,
    CappedTiersRule,
    DeductionRule,
    JudgementRule,
    Rubric,
    ThresholdRule,
)
from app.scoring.engine import score_item
from app.scoring.inputs import ScoredItem, item_map


@dataclass(frozen=True)
class Suggestion:
    code: str
    inputs: dict[str, Any]
    score: float
    reason: str  # the engine's reason for the suggested inputs, then what the check found
    gaps: tuple[str, ...] = field(default=())  # the gap messages behind it


def _nothing(item: ScoredItem) -> dict[str, Any] | None:
    """The inputs that mean "no material at all" for an optional item's rule."""
    rule = item.rule
    if isinstance(rule, AllOrNothingRule):
        return {"met": False}
    if isinstance(rule, CappedTiersRule):
        return {"entries": []}
    if isinstance(rule, JudgementRule):
        return {"points": 0}
    if isinstance(rule, AwardIfListedRule):
        return {"listed": False}
    if isinstance(rule, ThresholdRule):
        return {"value": 0}
    return None


def _inputs_for(item: ScoredItem, result: IndicatorResult, gaps: int) -> tuple[dict[str, Any], str] | None:
    """The rule's inputs from what the check found, and the check's part of the reason."""
    if result.status == Status.OPTIONAL_MISSING:
        inputs = _nothing(item)
        return (inputs, "未提供材料") if inputs is not None else None
    rule = item.rule
    if isinstance(rule, DeductionRule):
        from_gaps = [o for o in rule.occurrences if o.from_gaps]
        if not from_gaps:
            return None
        return {from_gaps[0].key: gaps}, f"缺{gaps}项材料" if gaps else "材料齐全，未发现缺项"
    if isinstance(rule, AllOrNothingRule):
        if gaps:
            return {"met": False}, f"缺{gaps}项材料"
        return {"met": True}, "材料齐全，请核实内容后确认"
    return None


def suggest(rubric: Rubric, report: Report) -> dict[str, Suggestion]:
    """One :class:`Suggestion` per indicator the check could score, keyed by indicator code."""
    items = item_map(rubric)
    out: dict[str, Suggestion] = {}
    for result in report.indicators:
        item, indicator = items.get(result.indicator), rubric.get(result.indicator)
        if item is None or indicator is None or indicator.evidence is None:
            continue  # nothing in the evidence says anything about this one
        gaps = tuple(g.message for g in report.gaps if g.indicator == result.indicator)
        found = _inputs_for(item, result, len(gaps) or result.gaps)
        if found is None:
            continue
        inputs, check = found
        scored = score_item(item, inputs)
        out[item.code] = Suggestion(
            item.code, inputs, scored.score, f"{scored.reason}（核查：{check}）", gaps
        )
    return out


def annotate(rubric: Rubric, report: Report) -> dict[str, Suggestion]:
    """Put the engine's suggested score and reason on each indicator result; returns them too."""
    suggestions = suggest(rubric, report)
    for result in report.indicators:
        s = suggestions.get(result.indicator)
        result.suggested, result.reason = (s.score, s.reason) if s else (None, "")
    return suggestions
