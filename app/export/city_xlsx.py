"""The city report as a workbook: the unit × indicator matrix, then one sheet per unit with its
gaps and file problems."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.city import CityReport, CityUnit
from app.city_text import STATUS_WORDS, matrix_cell, totals_line, unit_line
from app.findings import fix_for
from app.model import Severity
from app.report_text import SEVERITY_WORDS
from app.rubric import Rubric

_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_FILLS = {"gap": "F8D7DA", "problem": "FFF3CD", "met": "D4EDDA"}
SUMMARY_SHEET = "汇总"


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name: ≤ 31 characters, none of []:*?/\\, no edge apostrophe, unique — Excel
    compares sheet names ignoring case, so ``taken`` holds casefolded names."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "单位"
    title, n = base[:31], 2
    while title.casefold() in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.casefold())
    return title


def _header(ws: Worksheet, row: int, values: list[str]) -> None:
    for col, value in enumerate(values, 1):
        cell = ws.cell(row, col, value)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEAD_FILL, _WRAP


def _matrix(ws: Worksheet, city: CityReport, rubric: Rubric, titles: list[str]) -> None:
    codes = [i.code for i in rubric.evidence_indicators]
    ws.cell(1, 1, "全市佐证材料核查汇总").font = Font(bold=True, size=13)
    ws.cell(2, 1, totals_line(city))
    _header(ws, 4, ["单位", "状态", *codes, "缺项", "错误"])
    for r, (u, title) in enumerate(zip(city.units, titles, strict=True), 5):
        link = ws.cell(r, 1, u.unit)
        link.hyperlink = f"#'{title}'!A1"
        ws.cell(r, 2, STATUS_WORDS[u.status])
        for c, code in enumerate(codes, 3):
            text, cls = matrix_cell(u.report, code) if u.report is not None else ("", "")
            cell = ws.cell(r, c, text)
            if cls:
                cell.fill = PatternFill("solid", fgColor=_FILLS[cls])
        if u.report is not None:
            ws.cell(r, len(codes) + 3, len(u.report.gaps))
            ws.cell(r, len(codes) + 4, u.report.error_count)
    ws.freeze_panes = "C5"
    ws.column_dimensions["A"].width = 24
    for c in range(3, len(codes) + 5):
        ws.column_dimensions[get_column_letter(c)].width = 7


def _unit_sheet(ws: Worksheet, u: CityUnit) -> None:
    ws.cell(1, 1, u.unit).font = Font(bold=True, size=13)
    ws.cell(2, 1, unit_line(u))
    row = 4
    report = u.report
    if report is None:
        return
    ws.cell(row, 1, "缺项").font = _BOLD
    _header(ws, row + 1, ["指标", "学校", "说明"])
    row += 2
    for g in report.gaps:
        for c, value in enumerate((g.indicator, g.school or "本单位", g.message), 1):
            ws.cell(row, c, value).alignment = _WRAP
        row += 1
    row += 1
    ws.cell(row, 1, "文件问题").font = _BOLD
    _header(ws, row + 1, ["文件", "级别", "问题", "怎么改"])
    row += 2
    for f in report.files:
        for x in f.findings:
            if x.severity == Severity.INFO:
                continue
            values = (f.path, SEVERITY_WORDS[x.severity], x.message, fix_for(x.code))
            for c, value in enumerate(values, 1):
                ws.cell(row, c, value).alignment = _WRAP
            row += 1
    for letter, width in zip("ABCD", (48, 14, 48, 40), strict=True):
        ws.column_dimensions[letter].width = width


def write_city_xlsx(path: str | Path, city: CityReport, rubric: Rubric) -> Path:
    """Write the workbook to ``path`` (replaced); raises OSError when it cannot be written."""
    wb = Workbook()
    taken = {SUMMARY_SHEET.casefold()}
    titles = [sheet_title(u.unit, taken) for u in city.units]
    summary = wb.active
    assert summary is not None
    summary.title = SUMMARY_SHEET
    _matrix(summary, city, rubric, titles)
    for u, title in zip(city.units, titles, strict=True):
        _unit_sheet(wb.create_sheet(title), u)
    out = Path(path)
    wb.save(out)
    return out
