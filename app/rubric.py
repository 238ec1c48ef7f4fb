"""The assessment rubric as typed data, loaded from a TOML file.

The rubric text lives in ``resources/rubrics/*.toml`` (format: docs/rubric-format.md); nothing in
the code knows a particular indicator.  Loading validates the whole file and reports the first
problem with the file name, the entry and what is wrong, in Chinese, as :class:`RubricError`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from app.resources import resource_path

Kind = Literal["pdf", "image"]
Scope = Literal["every_school", "unit"]
Naming = Literal["school_or_unit", "time_unit", "none"]
Stage = Literal["scaled", "after_scaling"]

KINDS: tuple[str, ...] = ("pdf", "image")
SCOPES: tuple[str, ...] = ("every_school", "unit")
NAMINGS: tuple[str, ...] = ("school_or_unit", "time_unit", "none")
STAGES: tuple[str, ...] = ("scaled", "after_scaling")
DEFAULT_RUBRIC = "rubrics/2020.toml"


class RubricError(ValueError):
    """A rubric file that cannot be used; the message is for the user."""


# ── rules ────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Occurrence:
    """One kind of countable event and what each one costs."""

    key: str
    label: str
    per: float
    from_gaps: bool = False  # the count can be suggested from evidence gaps
    # key of the lesser occurrence this one is a graver form of (a substantiated complaint is
    # also a complaint): under ``substantiated_mode = "add"`` it costs both ``per`` values
    base: str = ""


@dataclass(frozen=True)
class Tier:
    key: str
    label: str
    points: float


@dataclass(frozen=True)
class DeductionRule:
    """Per-occurrence deduction from the item's own points, floor ``floor``."""

    occurrences: tuple[Occurrence, ...]
    floor: float = 0
    type: Literal["deduction"] = "deduction"


@dataclass(frozen=True)
class AllOrNothingRule:
    type: Literal["all_or_nothing"] = "all_or_nothing"


@dataclass(frozen=True)
class AwardIfListedRule:
    award: float
    list_label: str
    type: Literal["award_if_listed"] = "award_if_listed"


@dataclass(frozen=True)
class SectionDeductionRule:
    """Deduction with no points of its own, taken from the section total (floor 0)."""

    occurrences: tuple[Occurrence, ...]
    type: Literal["section_deduction"] = "section_deduction"


@dataclass(frozen=True)
class CappedTiersRule:
    """Entries earn their tier's points; one entry counts once at its highest tier; capped."""

    tiers: tuple[Tier, ...]
    cap: float
    type: Literal["capped_tiers"] = "capped_tiers"


@dataclass(frozen=True)
class ThresholdRule:
    """``award`` when the entered value is strictly above ``above``."""

    input_label: str
    above: float
    award: float
    type: Literal["threshold"] = "threshold"


@dataclass(frozen=True)
class JudgementRule:
    max: float
    step: float = 0.5
    type: Literal["judgement"] = "judgement"


@dataclass(frozen=True)
class TotalDeductionRule:
    """Cumulative deduction from the sections-1-to-4 total before scaling (section 4)."""

    occurrences: tuple[Occurrence, ...]
    type: Literal["total_deduction"] = "total_deduction"


@dataclass(frozen=True)
class FinalDeductionRule:
    """Deduction after scaling, not scaled, floor 0 (section 5).

    ``substantiated_mode`` says whether a substantiated complaint's cost *replaces* the plain
    complaint's (``replace``) or comes *on top* of it (``add``).
    """

    occurrences: tuple[Occurrence, ...]
    substantiated_mode: Literal["replace", "add"] = "replace"
    type: Literal["final_deduction"] = "final_deduction"


Rule = (
    DeductionRule
    | AllOrNothingRule
    | AwardIfListedRule
    | SectionDeductionRule
    | CappedTiersRule
    | ThresholdRule
    | JudgementRule
    | TotalDeductionRule
    | FinalDeductionRule
)

# ── evidence ─────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class EvidencePart:
    """One thing that must be present; any of ``kinds`` satisfies it."""

    kinds: tuple[str, ...]
    label: str

    @property
    def need(self) -> str:
        """The report's ``need`` string: ``pdf``, ``image`` or ``pdf|image``."""
        return "|".join(self.kinds)


@dataclass(frozen=True)
class Evidence:
    """All ``parts`` are needed, for every school or for the unit as a whole."""

    scope: str
    required: bool
    naming: str
    parts: tuple[EvidencePart, ...]

    @property
    def accepted_kinds(self) -> frozenset[str]:
        return frozenset(k for p in self.parts for k in p.kinds)


# ── structure ────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Indicator:
    code: str
    section: str
    title: str
    points: float
    text: str
    method: str
    basis: str
    evidence_text: str
    rule: Rule
    evidence: Evidence | None = None
    keywords: tuple[str, ...] = ()
    # Words too general to decide against another indicator's keyword ("十二项制度", "宣传"):
    # used only when no segment of the path holds a keyword of any indicator.
    fallback_keywords: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}"


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    points: float
    stage: str
    indicators: tuple[Indicator, ...] = ()
    rule: Rule | None = None  # sections 4 and 5 carry a rule of their own
    text: str = ""
    method: str = ""
    basis: str = ""
    evidence_text: str = ""


@dataclass(frozen=True)
class Note:
    code: str
    text: str
    effect: str


@dataclass(frozen=True)
class Rubric:
    id: str
    name: str
    year: int
    version: str
    scale_base: float
    sections: tuple[Section, ...]
    notes: tuple[Note, ...] = ()
    source: str = ""
    _by_code: dict[str, Indicator] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code.update({i.code: i for s in self.sections for i in s.indicators})

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for s in self.sections for i in s.indicators)

    @property
    def evidence_indicators(self) -> tuple[Indicator, ...]:
        """Indicators that ask for evidence files, in rubric order."""
        return tuple(i for i in self.indicators if i.evidence is not None)

    def indicator(self, code: str) -> Indicator:
        return self._by_code[code]

    def get(self, code: str | None) -> Indicator | None:
        return self._by_code.get(code) if code else None

    def section(self, code: str) -> Section:
        for s in self.sections:
            if s.code == code:
                return s
        raise KeyError(code)

    @property
    def scaled_points(self) -> float:
        """Sum of the points of the sections scored before scaling (100 for the 2020 rubric)."""
        return sum(s.points for s in self.sections if s.stage == "scaled")


# ── loading ──────────────────────────────────────────────────────────────────────────────


class _Reader:
    """Pulls typed values out of one TOML table, naming the entry in every error."""

    def __init__(self, source: str, where: str, table: Any) -> None:
        if not isinstance(table, dict):
            raise RubricError(
                f"评分细则文件 {source} 中 {where} 应为表（table），实际为 {type(table).__name__}。"
            )
        self.source, self.where, self.table = source, where, table

    def fail(self, what: str) -> RubricError:
        return RubricError(f"评分细则文件 {self.source} 有误：{self.where} {what}。请修正后重新载入。")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.table.get(key, default)
        if not isinstance(value, str):
            raise self.fail(f"缺少文本字段“{key}”" if value is None else f"字段“{key}”应为文本")
        return value

    def num(self, key: str, default: float | None = None, minimum: float = 0) -> float:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"缺少数值字段“{key}”" if value is None else f"字段“{key}”应为数值")
        if value < minimum:
            raise self.fail(f"字段“{key}”不能小于 {minimum}")
        return float(value)

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None = None) -> str:
        value = self.text(key, default)
        if value not in allowed:
            raise self.fail(f"字段“{key}”的值“{value}”无效，应为 {' / '.join(allowed)} 之一")
        return value

    def array(self, key: str, required: bool = True) -> list[Any]:
        value = self.table.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            raise self.fail(f"字段“{key}”应为非空列表")
        return value

    def sub(self, key: str, index: int | None = None) -> _Reader:
        label = f"{self.where}.{key}" if index is None else f"{self.where}.{key}[{index + 1}]"
        table = self.table.get(key) if index is None else self.array(key)[index]
        if isinstance(table, dict) and isinstance(table.get("code"), str):
            label += f"（编号 {table['code']}）"  # the user knows entries by their code, not their position
        return _Reader(self.source, label, table)


def _occurrences(r: _Reader) -> tuple[Occurrence, ...]:
    items = []
    for n in range(len(r.array("occurrences"))):
        o = r.sub("occurrences", n)
        items.append(
            Occurrence(
                o.text("key"),
                o.text("label"),
                o.num("per"),
                bool(o.table.get("from_gaps", False)),
                o.text("base", ""),
            )
        )
    keys = [o.key for o in items]
    if len(set(keys)) != len(keys):
        raise r.fail("的 occurrences 中 key 重复")
    for item in items:
        if item.base and (item.base not in keys or item.base == item.key):
            raise r.fail(f"的 occurrences 中 base=“{item.base}”不是另一项的 key")
    return tuple(items)


def _rule(r: _Reader, points: float) -> Rule:
    kind = r.text("type")
    if kind == "deduction":
        return DeductionRule(_occurrences(r), r.num("floor", 0))
    if kind == "all_or_nothing":
        return AllOrNothingRule()
    if kind == "award_if_listed":
        award = r.num("award")
        if award > points:
            raise r.fail(f"奖励分 {award:g} 超过该项分值 {points:g}")
        return AwardIfListedRule(award, r.text("list_label"))
    if kind == "section_deduction":
        return SectionDeductionRule(_occurrences(r))
    if kind == "capped_tiers":
        tiers = tuple(
            Tier(t.text("key"), t.text("label"), t.num("points"))
            for t in (r.sub("tiers", n) for n in range(len(r.array("tiers"))))
        )
        cap = r.num("cap")
        if cap > points:
            raise r.fail(f"封顶分 {cap:g} 超过该项分值 {points:g}")
        return CappedTiersRule(tiers, cap)
    if kind == "threshold":
        return ThresholdRule(r.text("input_label"), r.num("above"), r.num("award"))
    if kind == "judgement":
        maximum = r.num("max")
        if maximum > points:
            raise r.fail(f"评议上限 {maximum:g} 超过该项分值 {points:g}")
        return JudgementRule(maximum, r.num("step", 0.5))
    if kind == "total_deduction":
        return TotalDeductionRule(_occurrences(r))
    if kind == "final_deduction":
        chosen = r.choice("substantiated_mode", ("replace", "add"), "replace")
        mode: Literal["replace", "add"] = "add" if chosen == "add" else "replace"
        return FinalDeductionRule(_occurrences(r), mode)
    raise r.fail(f"的计分规则类型“{kind}”未知")


def _evidence(r: _Reader) -> Evidence:
    parts = []
    for n in range(len(r.array("parts"))):
        p = r.sub("parts", n)
        kinds = p.array("kinds")
        for k in kinds:
            if k not in KINDS:
                raise p.fail(f"的材料类型“{k}”无效，应为 {' / '.join(KINDS)}")
        parts.append(EvidencePart(tuple(kinds), p.text("label")))
    return Evidence(
        scope=r.choice("scope", SCOPES),
        required=bool(r.table.get("required", True)),
        naming=r.choice("naming", NAMINGS, "none"),
        parts=tuple(parts),
    )


def _indicator(r: _Reader, section: str) -> Indicator:
    code = r.text("code")
    if not code.startswith(section + "."):
        raise r.fail(f"的编号“{code}”不属于第 {section} 部分")
    points = r.num("points")
    keywords = r.array("keywords", required=False)
    fallback = r.array("fallback_keywords", required=False)
    derived = r.array("derived", required=False)
    return Indicator(
        code=code,
        section=section,
        title=r.text("title"),
        points=points,
        text=r.text("text", ""),
        method=r.text("method"),
        basis=r.text("basis", ""),
        evidence_text=r.text("evidence_text", ""),
        rule=_rule(r.sub("rule"), points),
        evidence=_evidence(r.sub("evidence")) if "evidence" in r.table else None,
        keywords=tuple(str(k) for k in keywords),
        fallback_keywords=tuple(str(k) for k in fallback),
        derived=tuple(str(d) for d in derived),
    )


def _section(r: _Reader) -> Section:
    code = r.text("code")
    indicators = tuple(
        _indicator(r.sub("indicators", n), code) for n in range(len(r.array("indicators", required=False)))
    )
    points = r.num("points")
    rule = _rule(r.sub("rule"), points) if "rule" in r.table else None
    if not indicators and rule is None:
        raise r.fail("既没有二级指标也没有计分规则")
    total = sum(i.points for i in indicators)
    if indicators and abs(total - points) > 1e-9:
        raise r.fail(f"的分值 {points:g} 与其二级指标分值之和 {total:g} 不符")
    return Section(
        code=code,
        title=r.text("title"),
        points=points,
        stage=r.choice("stage", STAGES, "scaled"),
        indicators=indicators,
        rule=rule,
        text=r.text("text", ""),
        method=r.text("method", ""),
        basis=r.text("basis", ""),
        evidence_text=r.text("evidence_text", ""),
    )


def parse_rubric(data: dict[str, Any], source: str = "<内存>") -> Rubric:
    """Validate a parsed TOML document and build the :class:`Rubric`."""
    top = _Reader(source, "顶层", data)
    head = top.sub("rubric")
    sections = tuple(_section(top.sub("sections", n)) for n in range(len(top.array("sections"))))
    codes = [i.code for s in sections for i in s.indicators] + [s.code for s in sections]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise top.fail(f"存在重复的指标编号 {', '.join(dupes)}")
    notes = tuple(
        Note(n.text("code"), n.text("text"), n.text("effect", ""))
        for n in (top.sub("notes", k) for k in range(len(top.array("notes", required=False))))
    )
    rubric = Rubric(
        id=head.text("id"),
        name=head.text("name"),
        year=int(head.num("year")),
        version=head.text("version", "1"),
        scale_base=head.num("scale_base", 100),
        sections=sections,
        notes=notes,
        source=source,
    )
    if abs(rubric.scaled_points - rubric.scale_base) > 1e-9:
        raise head.fail(
            f"中 scale_base={rubric.scale_base:g}，但折算前各部分分值之和为 {rubric.scaled_points:g}"
        )
    return rubric


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Load and validate a rubric file; ``None`` loads the bundled 2020 rubric."""
    file = Path(path) if path is not None else resource_path(DEFAULT_RUBRIC)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise RubricError(f"无法读取评分细则文件 {file}：{exc.strerror or exc}。请确认路径正确。") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise RubricError(f"评分细则文件 {file} 不是 UTF-8 编码的文本，请另存为 UTF-8 后重试。") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(f"评分细则文件 {file} 格式错误（TOML）：{exc}。") from exc
    return parse_rubric(data, str(file))
