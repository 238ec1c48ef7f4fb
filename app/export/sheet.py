"""A unit's printable score sheet as plain blocks (headings, paragraphs, tables, signature lines).

Plain Python so every word of the sheet stays in app/ with the other reports; ui/export_pdf.py
only measures and draws these blocks on A4 pages (app/export/pdf_layout.py decides where).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from app.export.table import SIGNAL_COLUMNS, ScoredUnit, score_all, signal_rows
from app.model import Gap
from app.review.model import ReviewDoc
from app.rubric import Rubric
from app.scoring.engine import fmt

TITLE, HEADING, BODY, WARN, SMALL = "title", "heading", "body", "warn", "small"


@dataclass(frozen=True)
class Text:
    text: str
    style: str = BODY


@dataclass(frozen=True)
class Table:
    """Rows of cells; ``widths`` are fractions of the text width; the header repeats on every page."""

    header: tuple[str, ...]
    widths: tuple[float, ...]
    rows: tuple[tuple[str, ...], ...]
    centred: frozenset[int] = frozenset()  # columns of short values (points, ✓)


@dataclass(frozen=True)
class Signatures:
    """The lines a Chinese score sheet ends with: who signs, and when."""

    labels: tuple[str, ...] = ("评审人签字：", "日期：")


Block = Text | Table | Signatures


@dataclass(frozen=True)
class UnitSheet:
    unit: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)


ITEM_COLUMNS = ("指标", "满分", "得分", "确认", "计分理由、调整与佐证")
ITEM_WIDTHS = (0.27, 0.07, 0.07, 0.06, 0.53)
SIGNAL_WIDTHS = (0.18, 0.24, 0.09, 0.23, 0.1, 0.16)


def _item_rows(su: ScoredUnit) -> tuple[tuple[str, ...], ...]:
    rows = []
    for item in su.score.items:
        it = su.review.item(item.code)
        notes = [item.reason]
        if it.suggested_score is not None and it.suggested_score != item.score:
            notes.append(f"核查建议 {fmt(it.suggested_score)} 分")
        if it.override_reason:
            notes.append(f"调整理由：{it.override_reason}")
        if it.notes:
            notes.append(f"备注：{it.notes}")
        for e in it.evidence:
            page = f" 第{e.page}页" if e.page else ""
            notes.append(f"佐证：{e.path}{page}{' ' + e.note if e.note else ''}")
        points = fmt(item.points) if item.effect == "earn" else "—"
        rows.append((item.label, points, fmt(item.score), "✓" if it.confirmed else "", "\n".join(notes)))
    return tuple(rows)


def unit_sheet(
    rubric: Rubric, su: ScoredUnit, gaps: Sequence[Gap], *, reviewer: str, when: date
) -> UnitSheet:
    r, s = su.review, su.score
    weight = fmt(s.weight) if s.weight is not None else "未填写"
    final = "—" if s.final is None else fmt(s.final)
    rank = f"（第 {su.rank} 名）" if su.rank else ""
    blocks: list[Block] = [
        Text(f"{r.unit} 评分表", TITLE),
        Text(
            f"{rubric.name}\n评审人：{reviewer or '—'}　日期：{when.isoformat()}　"
            f"督导赋分：{weight}　最终得分：{final}{rank}"
        ),
    ]
    if r.veto:
        blocks.append(Text(f"否决：{r.veto_reason}（该单位计0分）", WARN))
    blocks.append(Table(ITEM_COLUMNS, ITEM_WIDTHS, _item_rows(su), frozenset({1, 2, 3})))
    process = [x.reason for x in s.sections] + list(s.reasons)
    blocks += [Text("计分过程", HEADING), Text("\n".join(process), SMALL)]
    missing = [g.message for g in gaps] or [m for it in r.items.values() for m in it.suggested_gaps]
    blocks.append(Text("缺失或不可用的材料", HEADING))
    blocks.append(Text("\n".join(f"· {m}" for m in missing) if missing else "无。", SMALL))
    if r.accepted or r.reassignments:
        lines = [f"· {x.path} 归入 {x.indicator or '—'} / {x.school or '—'}" for x in r.reassignments]
        lines += [f"· {a.path}：已接受 {a.code}（{a.note}）" for a in r.accepted]
        blocks += [Text("人工更正", HEADING), Text("\n".join(lines), SMALL)]
    found = signal_rows(r)
    if found:
        rows = tuple(tuple(row) for row in found)
        blocks += [Text("需核实信号（核实结论）", HEADING), Table(SIGNAL_COLUMNS, SIGNAL_WIDTHS, rows)]
    blocks.append(Signatures())
    return UnitSheet(r.unit, tuple(blocks))


def unit_sheets(
    rubric: Rubric,
    doc: ReviewDoc,
    gaps: Mapping[str, Sequence[Gap]] | None = None,
    *,
    reviewer: str = "",
    when: date | None = None,
) -> list[UnitSheet]:
    """One sheet per unit; ``reviewer`` (the settings' name) wins over the one the review file keeps."""
    who, day = reviewer or doc.reviewer, when or date.today()
    return [
        unit_sheet(rubric, su, (gaps or {}).get(su.review.unit, ()), reviewer=who, when=day)
        for su in score_all(rubric, doc.units)
    ]
