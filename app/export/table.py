"""The summary table shared by the xlsx and CSV sheets: one row per unit, columns from the rubric."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.findings import CODES
from app.review.model import SIGNAL_CHECKED, SIGNAL_PROBLEM, UnitReview, score_unit_review
from app.rubric import Rubric
from app.scoring.engine import UnitScore
from app.scoring.inputs import scored_items


@dataclass(frozen=True)
class ScoredUnit:
    review: UnitReview
    score: UnitScore
    rank: int | None = None

    @property
    def unconfirmed(self) -> list[str]:
        return [i.code for i in self.score.items if not self.review.item(i.code).confirmed]


def score_all(rubric: Rubric, units: list[UnitReview]) -> list[ScoredUnit]:
    """Score every unit and rank by final score (equal scores share a rank; no weight, no rank)."""
    scored = [(u, score_unit_review(rubric, u)) for u in units]
    finals = sorted((s.final for _, s in scored if s.final is not None), reverse=True)
    out = []
    for u, s in scored:
        rank = None if s.final is None else 1 + sum(1 for f in finals if f > s.final)
        out.append(ScoredUnit(u, s, rank))
    return out


def summary_header(rubric: Rubric) -> list[str]:
    head = ["单位"]
    items = scored_items(rubric)
    for sec in rubric.sections:
        if sec.stage != "scaled":
            continue
        if sec.indicators:
            head += [i.code for i in items if i.section == sec.code and i.code != sec.code]
            head.append(f"第{sec.code}部分小计")
        else:
            head.append(f"第{sec.code}部分{sec.title}")
    scaled_sections = sum(1 for sec in rubric.sections if sec.stage == "scaled")
    head += [f"前{scaled_sections}项合计", "督导赋分", "折算得分"]
    head += [f"第{s.code}部分{s.title}" for s in rubric.sections if s.stage == "after_scaling"]
    head += ["最终得分", "名次", "否决", "未确认项数", "信号已核实", "信号有问题"]
    return head


def summary_row(rubric: Rubric, unit: ScoredUnit) -> list[Any]:
    s = unit.score
    row: list[Any] = [unit.review.unit]
    for sec in rubric.sections:
        if sec.stage != "scaled":
            continue
        if sec.indicators:
            row += [s.item(i.code).score for i in sec.indicators]
        row.append(s.section(sec.code).score)
    row += [s.total, s.weight, s.scaled]
    row += [s.section(x.code).score for x in rubric.sections if x.stage == "after_scaling"]
    row += [s.final, unit.rank, "是" if s.veto else "", len(unit.unconfirmed)]
    verdicts = [v.verdict for v in unit.review.signal_verdicts]
    row += [verdicts.count(SIGNAL_CHECKED), verdicts.count(SIGNAL_PROBLEM)]
    return row


SIGNAL_COLUMNS = ("信号", "文件", "核实结论", "备注", "核实人", "时间")


def signal_title(code: str) -> str:
    """ "相似照片（dup.similar）": the catalogue's title, with the code for whoever looks it up."""
    return f"{CODES[code].title}（{code}）" if code in CODES else code


def signal_rows(unit: UnitReview) -> list[list[str]]:
    """The reviewer's verdicts on the unit's authenticity signals, problems first (columns: SIGNAL_COLUMNS)."""
    ordered = sorted(unit.signal_verdicts, key=lambda v: (v.verdict != SIGNAL_PROBLEM, v.code, v.key))
    return [[signal_title(v.code), "\n".join(v.paths), v.label, v.note, v.who, _when(v.at)] for v in ordered]


def _when(at: str) -> str:
    """ "2020-11-26T02:23:06+00:00" (the review file's UTC) as "2020-11-26 02:23 UTC"; anything else as it is."""
    if len(at) == 25 and at[10] == "T" and at.endswith("+00:00"):
        return f"{at[:10]} {at[11:16]} UTC"
    return at
