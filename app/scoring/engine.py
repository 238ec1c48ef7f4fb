"""The rubric's rules as arithmetic: inputs in, scores out, every number with its reason in Chinese.

Driven only by rule types (app/rubric.py); no indicator is named here.  The order of a unit's
score (注2 and 注1 of the 2020 rubric):

1. each indicator earns points by its rule; a ``section_deduction`` item (1.9) takes points off its
   section, and a section never goes below 0;
2. total = the scaled-stage sections, minus ``total_deduction`` (section 4), floor 0;
3. scaled = total × weight / scale_base (weight: the 督导-assigned weight, 0 < w ≤ 100);
4. final = scaled − ``final_deduction`` (section 5, not scaled), floor 0;
5. a veto (falsified material) makes the final score 0.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.rubric import (
    AllOrNothingRule,
    AwardIfListedRule,
    CappedTiersRule,
    DeductionRule,
    FinalDeductionRule,
    JudgementRule,
    Occurrence,
    Rubric,
    SectionDeductionRule,
    ThresholdRule,
    TotalDeductionRule,
)
from app.scoring.inputs import ScoredItem, ScoreInputError, item_map, normalise_inputs

# What an item's signed score does: earn points, or take them off the section / total / final.
EARN, SECTION, TOTAL, FINAL = "earn", "section", "total", "final"


def fmt(x: float) -> str:
    """A score for people: no trailing zeros, no float noise (7.395, 8, 0.5)."""
    return f"{round(x, 4):g}"


def _clean(x: float) -> float:
    return round(x, 6) + 0.0  # + 0.0 turns -0.0 into 0.0


@dataclass(frozen=True)
class ItemScore:
    code: str
    label: str
    points: float  # the item's own maximum (0 for a pure deduction)
    score: float  # signed: points earned (≥ 0) or a deduction (≤ 0)
    effect: str  # EARN, SECTION, TOTAL or FINAL
    reason: str


@dataclass(frozen=True)
class SectionScore:
    code: str
    title: str
    stage: str  # "scaled" or "after_scaling"
    points: float
    score: float  # signed; a section of indicators is ≥ 0, a deduction section ≤ 0
    reason: str


@dataclass(frozen=True)
class UnitScore:
    unit: str
    items: tuple[ItemScore, ...]
    sections: tuple[SectionScore, ...]
    total: float  # sections 1-4, floor 0, before scaling
    weight: float | None
    scaled: float | None  # None until a weight is entered
    final_deduction: float  # ≥ 0, after scaling (section 5)
    final: float | None
    veto: bool
    reasons: tuple[str, ...]  # the unit-level steps: total, scaling, final, veto

    def item(self, code: str) -> ItemScore:
        return next(i for i in self.items if i.code == code)

    def section(self, code: str) -> SectionScore:
        return next(s for s in self.sections if s.code == code)

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "items": [
                {"code": i.code, "points": i.points, "score": i.score, "effect": i.effect, "reason": i.reason}
                for i in self.items
            ],
            "sections": [
                {"code": s.code, "title": s.title, "score": s.score, "reason": s.reason}
                for s in self.sections
            ],
            "total": self.total,
            "weight": self.weight,
            "scaled": self.scaled,
            "final_deduction": self.final_deduction,
            "final": self.final,
            "veto": self.veto,
            "reasons": list(self.reasons),
        }


# ── one rule each ────────────────────────────────────────────────────────────────────────


def _occurrence_cost(
    occurrences: tuple[Occurrence, ...], counts: Mapping[str, int], add_base: bool = False
) -> tuple[float, list[str]]:
    """Sum of count × per, and one reason part per non-zero count."""
    by_key = {o.key: o for o in occurrences}
    total, parts = 0.0, []
    for o in occurrences:
        n = counts.get(o.key, 0)
        if not n:
            continue
        per, per_text = o.per, fmt(o.per)
        if add_base and o.base:
            per += by_key[o.base].per
            per_text = f"({fmt(o.per)}+{fmt(by_key[o.base].per)})"
        total += n * per
        parts.append(f"{o.label} {n} × {per_text}分")
    return _clean(total), parts


def _deduction(item: ScoredItem, v: Mapping[str, Any]) -> tuple[float, str]:
    rule = item.rule
    assert isinstance(rule, DeductionRule)
    cost, parts = _occurrence_cost(rule.occurrences, v)
    if not parts:
        return item.points, f"无扣分，得{fmt(item.points)}分"
    score = max(rule.floor, item.points - cost)
    floor = "（扣完为止）" if item.points - cost < rule.floor else ""
    return _clean(score), f"{'；'.join(parts)}，扣{fmt(cost)}分{floor}，得{fmt(score)}分"


def _all_or_nothing(item: ScoredItem, v: Mapping[str, Any]) -> tuple[float, str]:
    if v["met"]:
        return item.points, f"达到要求，得{fmt(item.points)}分"
    return 0.0, "未达到要求，该项不得分，得0分"


def _award_if_listed(item: ScoredItem, v: Mapping[str, Any]) -> tuple[float, str]:
    rule = item.rule
    assert isinstance(rule, AwardIfListedRule)
    if v["listed"]:
        return rule.award, f"已列入{rule.list_label}，得{fmt(rule.award)}分"
    return 0.0, f"未列入{rule.list_label}，得0分"


def normalise_title(title: str) -> str:
    """Same report despite full/half width, spaces, case or quotes around the title."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return re.sub(r"[\s《》〈〉「」『』“”\"'‘’【】\[\]()（）·.,，。:：;；!！?？_\-—]+", "", text)


@dataclass(frozen=True)
class EntryCount:
    """How one reported entry of a capped-tiers item counts: once per report, at its highest level."""

    row: int
    points: float  # the entry's level's points
    counted_row: int | None  # the row that counts for this report (this row, or the better repeat)
    repeats: int  # how many rows name the same report

    @property
    def counts(self) -> bool:
        return self.counted_row == self.row


def count_entries(rule: CappedTiersRule, entries: list[Mapping[str, Any]]) -> list[EntryCount]:
    """Which row counts for each entry: the same report (titles compared after
    :func:`normalise_title`) counts once, at its highest level; an entry without a title counts never."""
    points = {t.key: t.points for t in rule.tiers}
    best: dict[str, int] = {}
    seen: dict[str, int] = {}
    keys = [normalise_title(str(e.get("title", ""))) for e in entries]
    for row, (key, e) in enumerate(zip(keys, entries, strict=True)):
        if not key:
            continue
        seen[key] = seen.get(key, 0) + 1
        if key not in best or points.get(e.get("level", ""), 0) > points.get(
            entries[best[key]].get("level", ""), 0
        ):
            best[key] = row
    return [
        EntryCount(row, points.get(e.get("level", ""), 0), best.get(key), seen.get(key, 0))
        for row, (key, e) in enumerate(zip(keys, entries, strict=True))
    ]


def _capped_tiers(item: ScoredItem, v: Mapping[str, Any]) -> tuple[float, str]:
    rule = item.rule
    assert isinstance(rule, CappedTiersRule)
    tiers = {t.key: t for t in rule.tiers}
    entries = v["entries"]
    counted = [c for c in count_entries(rule, entries) if c.counts]
    if not counted:
        return 0.0, "未填报，得0分"
    raw = _clean(sum(c.points for c in counted))
    score = min(rule.cap, raw)
    parts = [
        f"《{entries[c.row]['title'].strip('《》')}》{tiers[entries[c.row]['level']].label}{fmt(c.points)}分"
        + ("（重复填报，按最高级别计一次）" if c.repeats > 1 else "")
        for c in counted
    ]
    capped = f"，累计满{fmt(rule.cap)}分为止" if raw > rule.cap else ""
    return score, f"{'；'.join(parts)}；合计{fmt(raw)}分{capped}，得{fmt(score)}分"


def _threshold(item: ScoredItem, v: Mapping[str, Any]) -> tuple[float, str]:
    rule = item.rule
    assert isinstance(rule, ThresholdRule)
    value = v["value"]
    if value > rule.above:
        return rule.award, f"{rule.input_label} {fmt(value)}，大于{fmt(rule.above)}，得{fmt(rule.award)}分"
    return 0.0, f"{rule.input_label} {fmt(value)}，未超过{fmt(rule.above)}，得0分"


def _judgement(item: ScoredItem, v: Mapping[str, Any]) -> tuple[float, str]:
    rule = item.rule
    assert isinstance(rule, JudgementRule)
    return v["points"], f"督导评议，得{fmt(v['points'])}分（满分{fmt(rule.max)}分）"


def _taken_off(item: ScoredItem, v: Mapping[str, Any]) -> tuple[float, str]:
    """Section, total and final deductions: no points of their own, a signed negative score."""
    rule = item.rule
    assert isinstance(rule, SectionDeductionRule | TotalDeductionRule | FinalDeductionRule)
    add = isinstance(rule, FinalDeductionRule) and rule.substantiated_mode == "add"
    cost, parts = _occurrence_cost(rule.occurrences, v, add_base=add)
    where = {SectionDeductionRule: f"从第{item.section}部分", TotalDeductionRule: "从前4项总分"}.get(
        type(rule), "折算后直接"
    )
    if not parts:
        return 0.0, "无扣分"
    return -cost, f"{'；'.join(parts)}，{where}扣{fmt(cost)}分"


_RULES: dict[type, tuple[str, Callable[[ScoredItem, Mapping[str, Any]], tuple[float, str]]]] = {
    DeductionRule: (EARN, _deduction),
    AllOrNothingRule: (EARN, _all_or_nothing),
    AwardIfListedRule: (EARN, _award_if_listed),
    CappedTiersRule: (EARN, _capped_tiers),
    ThresholdRule: (EARN, _threshold),
    JudgementRule: (EARN, _judgement),
    SectionDeductionRule: (SECTION, _taken_off),
    TotalDeductionRule: (TOTAL, _taken_off),
    FinalDeductionRule: (FINAL, _taken_off),
}


def score_item(item: ScoredItem, raw_inputs: Mapping[str, Any] | None) -> ItemScore:
    """One item's signed score and reason ("1.1：未发布或未实施事项 2 × 1分，扣2分，得8分")."""
    values = normalise_inputs(item, raw_inputs)
    effect, rule_fn = _RULES[type(item.rule)]
    score, why = rule_fn(item, values)
    return ItemScore(item.code, item.label, item.points, _clean(score), effect, f"{item.code}：{why}")


# ── a unit ───────────────────────────────────────────────────────────────────────────────


def check_weight(weight: float | None) -> float | None:
    if weight is None:
        return None
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 100:
        raise ScoreInputError(f"督导赋分（权重）应大于 0 且不超过 100，当前为“{weight}”。请重新填写。")
    return float(weight)


def _veto_label(rubric: Rubric) -> str:
    note = next((n for n in rubric.notes if n.effect == "veto"), None)
    return note.code if note else "否决"


def score_unit(
    rubric: Rubric,
    inputs: Mapping[str, Mapping[str, Any]],
    *,
    weight: float | None,
    veto: bool = False,
    veto_reason: str = "",
    unit: str = "",
) -> UnitScore:
    """A unit's whole score from the reviewer's inputs per item code (missing items: defaults).

    Raises :class:`ScoreInputError` for an unknown item code, a bad value or a bad weight.
    """
    items = item_map(rubric)
    unknown = sorted(set(inputs) - set(items))
    if unknown:
        raise ScoreInputError(f"评分细则 {rubric.id} 中没有指标“{'、'.join(unknown)}”，请检查编号。")
    weight = check_weight(weight)
    scores = [score_item(item, inputs.get(code)) for code, item in items.items()]
    sections: list[SectionScore] = []
    for sec in rubric.sections:
        own = [s for s in scores if items[s.code].section == sec.code]
        earned = _clean(sum(s.score for s in own if s.effect == EARN))
        taken = _clean(-sum(s.score for s in own if s.effect == SECTION))
        if sec.indicators:
            score = max(0.0, _clean(earned - taken))
            why = f"各项合计{fmt(earned)}分"
            if taken:
                why += f"，扣{fmt(taken)}分" + ("（扣完为止）" if earned < taken else "")
            why += f"，得{fmt(score)}分"
        else:
            score = _clean(sum(s.score for s in own))
            why = f"扣{fmt(-score)}分" if score else "无扣分"
        sections.append(
            SectionScore(sec.code, sec.title, sec.stage, sec.points, score, f"第{sec.code}部分：{why}")
        )

    before = [s for s in sections if s.stage == "scaled"]
    raw_total = _clean(sum(s.score for s in before))
    total = max(0.0, raw_total)
    reasons = [
        f"前{len(before)}项合计："
        + " + ".join(f"({fmt(s.score)})" if s.score < 0 else fmt(s.score) for s in before)
        + f" = {fmt(raw_total)}分"
        + ("，不低于0分，计0分" if raw_total < 0 else "")
    ]
    final_deduction = _clean(-sum(s.score for s in sections if s.stage == "after_scaling"))
    scaled = final = None
    if weight is None:
        reasons.append("尚未填写督导赋分（权重），无法折算最终得分")
    else:
        scaled = _clean(total * weight / rubric.scale_base)
        reasons.append(f"折算：{fmt(total)} × {fmt(weight)} ÷ {fmt(rubric.scale_base)} = {fmt(scaled)}分")
        final = max(0.0, _clean(scaled - final_deduction))
        if final_deduction:
            reasons.append(
                f"教育诉求直接减分（不折算）：{fmt(scaled)} − {fmt(final_deduction)} = "
                f"{fmt(_clean(scaled - final_deduction))}"
                + ("，不低于0分，计0分" if scaled < final_deduction else f"，得{fmt(final)}分")
            )
    if veto:
        final = 0.0
        why = f"（{veto_reason.strip()}）" if veto_reason.strip() else ""
        reasons.append(f"{_veto_label(rubric)}：发现弄虚作假{why}，该单位年度得分计0分")
    return UnitScore(
        unit=unit,
        items=tuple(scores),
        sections=tuple(sections),
        total=total,
        weight=weight,
        scaled=scaled,
        final_deduction=final_deduction,
        final=final,
        veto=veto,
        reasons=tuple(reasons),
    )


__all__ = [
    "EARN",
    "FINAL",
    "SECTION",
    "TOTAL",
    "EntryCount",
    "ItemScore",
    "ScoreInputError",
    "SectionScore",
    "UnitScore",
    "check_weight",
    "count_entries",
    "fmt",
    "normalise_title",
    "score_item",
    "score_unit",
]
