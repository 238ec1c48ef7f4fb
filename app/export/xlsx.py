"""The score sheet as xlsx: a summary sheet (one row per unit) and a sheet per unit with every
reason, override, linked evidence and the verdicts on authenticity signals."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.export.table import (
    SIGNAL_COLUMNS,
    ScoredUnit,
    score_all,
    signal_rows,
    summary_header,
    summary_row,
)
from app.export.workbook import new_workbook
from app.review.model import ReviewDoc, ReviewError
from app.rubric import Rubric
from app.scoring.engine import fmt

_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
UNIT_COLUMNS = (
    "指标",
    "满分",
    "得分",
    "计分理由",
    "核查建议分",
    "建议理由与缺失材料",
    "已确认",
    "调整理由",
    "备注",
    "佐证材料",
)


# The verdicts share the unit sheet with the items table, whose column widths suit them except
# the files, which get B:D merged (6 + 6 + 48 wide).
_SIGNAL_SPANS = ((1, 1), (2, 4), (5, 5), (6, 6), (7, 7), (8, 8))


def _sheet_title(name: str, taken: set[str]) -> str:
    """Excel sheet names: ≤ 31 characters, none of []:*?/\\ , unique."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "单位"
    title, n = base[:31], 2
    while title in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _header(ws: Worksheet, row: int, values: list[str] | tuple[str, ...]) -> None:
    for col, value in enumerate(values, 1):
        cell = ws.cell(row, col, value)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEAD_FILL, Alignment(wrap_text=True, vertical="center")


def _summary(ws: Worksheet, rubric: Rubric, doc: ReviewDoc, units: list[ScoredUnit]) -> None:
    ws.title = "汇总"
    ws.cell(1, 1, f"{rubric.name} 评分汇总").font = Font(bold=True, size=13)
    ws.cell(2, 1, f"评分细则 {rubric.id} 版本 {rubric.version}；评审人 {doc.reviewer or '—'}")
    head = summary_header(rubric)
    _header(ws, 4, head)
    for r, unit in enumerate(units, 5):
        for c, value in enumerate(summary_row(rubric, unit), 1):
            ws.cell(r, c, value)
    ws.freeze_panes = "B5"
    ws.column_dimensions["A"].width = 22
    for c in range(2, len(head) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 9
    ws.row_dimensions[4].height = 45


def _unit_sheet(ws: Worksheet, unit: ScoredUnit) -> None:
    review, score = unit.review, unit.score
    ws.cell(1, 1, review.unit).font = Font(bold=True, size=13)
    final = "—" if score.final is None else fmt(score.final)
    ws.cell(
        2,
        1,
        f"督导赋分 {fmt(score.weight) if score.weight else '未填写'}；最终得分 {final}；名次 {unit.rank or '—'}",
    )
    if review.submission:
        ws.cell(3, 1, f"提交材料：{review.submission}")
    _header(ws, 5, UNIT_COLUMNS)
    row = 6
    for item in score.items:
        it = review.item(item.code)
        suggestion = ""
        if it.suggested_score is not None:
            suggestion = it.suggested_reason + "".join(f"\n· {g}" for g in it.suggested_gaps)
        evidence = "\n".join(
            e.path + (f" 第{e.page}页" if e.page else "") + (f"（{e.note}）" if e.note else "")
            for e in it.evidence
        )
        values: list[str | float | None] = [
            item.label,
            item.points,
            item.score,
            item.reason,
            it.suggested_score,
            suggestion,
            "是" if it.confirmed else "否",
            it.override_reason,
            it.notes,
            evidence,
        ]
        for c, value in enumerate(values, 1):
            ws.cell(row, c, value).alignment = _WRAP
        row += 1
    row += 1
    for line in [s.reason for s in score.sections] + list(score.reasons):
        ws.cell(row, 1, line)
        row += 1
    if review.veto:
        ws.cell(row, 1, f"否决理由：{review.veto_reason}").font = Font(bold=True, color="C00000")
        row += 1
    if review.notes:
        ws.cell(row, 1, f"备注：{review.notes}")
        row += 1
    if review.reassignments or review.accepted:
        row += 1
        ws.cell(row, 1, "人工更正").font = _BOLD
        row += 1
        for r in review.reassignments:
            ws.cell(row, 1, f"{r.path} 归入 {r.indicator or '—'} / {r.school or '—'} {r.note}")
            row += 1
        for a in review.accepted:
            ws.cell(row, 1, f"{a.path} 的问题 {a.code} 已接受：{a.note}")
            row += 1
    row = _signal_section(ws, signal_rows(unit.review), row)
    for col, width in zip("ABCDEFGHIJ", (26, 6, 6, 48, 8, 48, 6, 24, 20, 36), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "B6"


def _signal_section(ws: Worksheet, found: list[list[str]], row: int) -> int:
    """The "需核实信号" section: one row per signal the reviewer gave a verdict on; returns the next row."""
    if not found:
        return row
    row += 1
    ws.cell(row, 1, "需核实信号（核实结论）").font = _BOLD
    row += 1
    for values, bold in [(list(SIGNAL_COLUMNS), True)] + [(r, False) for r in found]:
        for value, (first, last) in zip(values, _SIGNAL_SPANS, strict=True):
            cell = ws.cell(row, first, value)
            cell.alignment = _WRAP
            if bold:
                cell.font, cell.fill = _BOLD, _HEAD_FILL
            if last > first:
                ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        row += 1
    return row


def write_xlsx(path: str | Path, rubric: Rubric, doc: ReviewDoc) -> Path:
    """Write the score sheet; raises ReviewError (Chinese) if the file cannot be written."""
    path = Path(path)
    units = score_all(rubric, doc.units)
    wb, summary = new_workbook("汇总")
    _summary(summary, rubric, doc, units)
    taken = {"汇总"}
    for unit in units:
        _unit_sheet(wb.create_sheet(_sheet_title(unit.review.unit, taken)), unit)
    try:
        wb.save(path)
    except OSError as exc:
        raise ReviewError(
            f"无法写入 {path}：{exc.strerror or exc}。文件是否正在 Excel 中打开？请关闭后重试。"
        ) from exc
    return path
