"""Suggested inputs and scores from a check report, for the reviewer to confirm or override.

The check's evaluate step fills ``IndicatorResult.suggested``/``reason`` for rules it can derive
from evidence (all-or-nothing with a school missing → 0; a deduction whose occurrence is marked
``from_gaps`` → one per missing item; optional evidence missing → 0).  Here each suggestion becomes
the *inputs* of the item's rule, so the reviewer sees the same form, pre-filled, and the engine
computes the suggested score with its usual reason.  Only rule types decide; no indicator is named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.model import IndicatorResult, Report
from app.rubric import AllOrNothingRule, CappedTiersRule, DeductionRule, JudgementRule, Rubric
from app.scoring.engine import score_item
from app.scoring.inputs import ScoredItem, item_map


@dataclass(frozen=True)
class Suggestion:
    code: str
    inputs: dict[str, Any]
    score: float
    reason: str  # the engine's reason for the suggested inputs, then the check's
    gaps: tuple[str, ...] = field(default=())  # the gap messages behind it


def _inputs_for(item: ScoredItem, result: IndicatorResult, gap_count: int) -> dict[str, Any] | None:
    rule, suggested = item.rule, result.suggested
    if isinstance(rule, DeductionRule):
        from_gaps = [o for o in rule.occurrences if o.from_gaps]
        return {from_gaps[0].key: gap_count} if from_gaps else None
    if suggested is None:
        return None
    if isinstance(rule, AllOrNothingRule):
        return {"met": suggested >= item.points}
    if isinstance(rule, CappedTiersRule):
        return {"entries": []} if suggested == 0 else None  # reports themselves need a person
    if isinstance(rule, JudgementRule):
        steps = round(min(max(suggested, 0), rule.max) / rule.step)
        return {"points": steps * rule.step}
    return None


def suggest(rubric: Rubric, report: Report) -> dict[str, Suggestion]:
    """One :class:`Suggestion` per indicator the check could score, keyed by indicator code."""
    items = item_map(rubric)
    out: dict[str, Suggestion] = {}
    for result in report.indicators:
        item = items.get(result.indicator)
        if item is None:
            continue
        gaps = tuple(g.message for g in report.gaps if g.indicator == result.indicator)
        if isinstance(item.rule, DeductionRule) and result.suggested is None and not gaps:
            continue  # nothing derived from evidence for this one
        inputs = _inputs_for(item, result, len(gaps) or result.gaps)
        if inputs is None:
            continue
        scored = score_item(item, inputs)
        reason = scored.reason + (f"（核查：{result.reason}）" if result.reason else "")
        out[item.code] = Suggestion(item.code, inputs, scored.score, reason, gaps)
    return out
