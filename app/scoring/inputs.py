"""What the reviewer enters for each scored item, derived from the item's rule type alone.

A *scored item* is an indicator (1.1 … 3.4) or a section that carries a rule of its own (4, 5).
Each has a tuple of :class:`InputField` — key, Chinese label, kind, range, default — so a form
(GUI panel, JSON template) can be built from data, and :func:`normalise_inputs` checks what was
entered and answers bad values with a plain-Chinese :class:`ScoreInputError`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from app.rubric import (
    AllOrNothingRule,
    AwardIfListedRule,
    CappedTiersRule,
    DeductionRule,
    FinalDeductionRule,
    JudgementRule,
    Occurrence,
    Rubric,
    Rule,
    SectionDeductionRule,
    ThresholdRule,
    TotalDeductionRule,
)

# count: whole number ≥ 0 · flag: yes/no · entries: list of {title, level} · number: any value ≥ 0 ·
# points: a score between minimum and maximum in steps of ``step``
InputKind = Literal["count", "flag", "entries", "number", "points"]


class ScoreInputError(ValueError):
    """An entered value the rules cannot use; the message says what and how to fix it."""


@dataclass(frozen=True)
class InputField:
    key: str
    label: str
    kind: InputKind
    default: Any
    minimum: float = 0
    maximum: float | None = None
    step: float = 1
    choices: tuple[tuple[str, str], ...] = ()  # entries: (level key, level label)
    hint: str = ""  # what one unit of this input does, shown next to it ("每次扣2分")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "label": self.label, "kind": self.kind}
        data["default"] = self.default
        if self.kind in ("count", "number", "points"):
            data["min"] = self.minimum
        if self.maximum is not None:
            data["max"] = self.maximum
        if self.kind == "points":
            data["step"] = self.step
        if self.choices:
            data["levels"] = [{"key": k, "label": v} for k, v in self.choices]
        if self.hint:
            data["hint"] = self.hint
        return data


@dataclass(frozen=True)
class ScoredItem:
    """An indicator, or a section with its own rule, and the inputs its rule needs."""

    code: str
    title: str
    section: str
    points: float
    rule: Rule
    method: str
    fields: tuple[InputField, ...]

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}"

    def field(self, key: str) -> InputField:
        return next(f for f in self.fields if f.key == key)


def _g(x: float) -> str:
    return f"{x:g}"


def _count_hint(rule: Rule, o: Occurrence) -> str:
    """The price of one occurrence; for a graver form of another, whether it also costs that one."""
    hint = f"每次扣{_g(o.per)}分"
    base = next((b for b in getattr(rule, "occurrences", ()) if b.key == o.base), None)
    if base is None or not isinstance(rule, FinalDeductionRule):
        return hint
    if rule.substantiated_mode == "add":
        return f"每件扣{_g(o.per)}+{_g(base.per)}分（同时计为“{base.label}”）"
    return f"每件共扣{_g(o.per)}分，不再另按“{base.label}”扣{_g(base.per)}分"


def fields_for(rule: Rule) -> tuple[InputField, ...]:
    """The inputs a rule type needs; no indicator is named here."""
    if isinstance(rule, DeductionRule | SectionDeductionRule | TotalDeductionRule | FinalDeductionRule):
        return tuple(
            InputField(o.key, o.label, "count", 0, hint=_count_hint(rule, o)) for o in rule.occurrences
        )
    if isinstance(rule, AllOrNothingRule):
        return (InputField("met", "达到要求（否则该项不得分）", "flag", True),)
    if isinstance(rule, AwardIfListedRule):
        return (InputField("listed", f"已列入{rule.list_label}", "flag", False),)
    if isinstance(rule, CappedTiersRule):
        levels = tuple((t.key, t.label) for t in rule.tiers)
        hint = f"同一报道只按最高级别计一次，累计满{_g(rule.cap)}分为止"
        return (InputField("entries", "报道或文件（标题与级别）", "entries", [], choices=levels, hint=hint),)
    if isinstance(rule, ThresholdRule):
        hint = f"大于{_g(rule.above)}得{_g(rule.award)}分"
        return (InputField("value", rule.input_label, "number", 0, hint=hint),)
    if isinstance(rule, JudgementRule):
        return (InputField("points", "评议得分", "points", 0, maximum=rule.max, step=rule.step),)
    raise TypeError(f"unknown rule {rule!r}")  # pragma: no cover - the loader rejects other types


def scored_items(rubric: Rubric) -> tuple[ScoredItem, ...]:
    """Every item that takes reviewer inputs, in rubric order."""
    items: list[ScoredItem] = []
    for section in rubric.sections:
        for ind in section.indicators:
            items.append(
                ScoredItem(
                    ind.code, ind.title, section.code, ind.points, ind.rule, ind.method, fields_for(ind.rule)
                )
            )
        if section.rule is not None:
            items.append(
                ScoredItem(
                    section.code,
                    section.title,
                    section.code,
                    section.points,
                    section.rule,
                    section.method,
                    fields_for(section.rule),
                )
            )
    return tuple(items)


def item_map(rubric: Rubric) -> dict[str, ScoredItem]:
    return {i.code: i for i in scored_items(rubric)}


def default_inputs(item: ScoredItem) -> dict[str, Any]:
    return {f.key: (list(f.default) if isinstance(f.default, list) else f.default) for f in item.fields}


def _number(item: ScoredItem, f: InputField, value: Any) -> float:
    where = f"{item.code}“{f.label}”"
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScoreInputError(f"{where}应填写数字，当前为“{value}”。")
    if value < f.minimum:
        raise ScoreInputError(f"{where}不能为负数（当前为 {value:g}），请填写 0 或更大的数。")
    if f.maximum is not None and value > f.maximum:
        raise ScoreInputError(
            f"{where}不能超过 {f.maximum:g} 分（当前为 {value:g}），请在 0～{f.maximum:g} 之间填写。"
        )
    return float(value)


def _entries(item: ScoredItem, f: InputField, value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise ScoreInputError(f"{item.code}“{f.label}”应为列表，每项写明标题和级别。")
    levels = dict(f.choices)
    out = []
    for n, entry in enumerate(value, 1):
        if not isinstance(entry, Mapping):
            raise ScoreInputError(f"{item.code} 第 {n} 条应包含标题（title）和级别（level）。")
        title = str(entry.get("title", "")).strip()
        level = entry.get("level")
        if not title:
            raise ScoreInputError(f"{item.code} 第 {n} 条缺少标题，请填写报道或文件的标题。")
        if level not in levels:
            allowed = "、".join(f"{k}（{v}）" for k, v in f.choices)
            raise ScoreInputError(f"{item.code} 第 {n} 条“{title}”的级别“{level}”无效，应为 {allowed} 之一。")
        out.append({"title": title, "level": str(level)})
    return out


def normalise_value(item: ScoredItem, f: InputField, value: Any) -> Any:
    """One checked value, in its canonical type; raises :class:`ScoreInputError`."""
    if f.kind == "flag":
        if not isinstance(value, bool):
            raise ScoreInputError(f"{item.code}“{f.label}”应为 是/否（true/false），当前为“{value}”。")
        return value
    if f.kind == "entries":
        return _entries(item, f, value)
    number = _number(item, f, value)
    if f.kind == "count":
        if number != int(number):
            raise ScoreInputError(f"{item.code}“{f.label}”应为整数次数，当前为 {number:g}。")
        return int(number)
    if f.kind == "points" and abs(number / f.step - round(number / f.step)) > 1e-9:
        raise ScoreInputError(f"{item.code}“{f.label}”应以 {f.step:g} 分为单位，当前为 {number:g}。")
    return number


def normalise_inputs(item: ScoredItem, raw: Mapping[str, Any] | None) -> dict[str, Any]:
    """Defaults filled in, every value checked; unknown keys are an error (a typo loses nothing)."""
    raw = raw or {}
    if not isinstance(raw, Mapping):
        raise ScoreInputError(f"{item.code} 的输入应为“名称: 值”的表。")
    keys = {f.key for f in item.fields}
    unknown = sorted(set(raw) - keys)
    if unknown:
        allowed = "、".join(f"{f.key}（{f.label}）" for f in item.fields)
        raise ScoreInputError(f"{item.code} 没有输入项“{'、'.join(unknown)}”，可填写：{allowed}。")
    values = default_inputs(item)
    for f in item.fields:
        if f.key in raw and raw[f.key] is not None:
            values[f.key] = normalise_value(item, f, raw[f.key])
    return values
