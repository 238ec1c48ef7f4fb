"""The reviewer's verdict on each signal — checked, or a problem — kept in the review file.

Stored in the review file's ``signal_reviews`` table through the store's public methods
(:meth:`ReviewStore.set_signal_verdict`, one transaction with its ``signal_review`` audit row), so
the score-sheet exports, the review JSON and merging carry them (docs/signals.md). This module is
the GUI's view of them: a :class:`Verdict` per signal key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.export.workbook import new_workbook
from app.model import Signal
from app.review.model import SIGNAL_CHECKED, SIGNAL_PROBLEM, SIGNAL_VERDICT_LABELS, ReviewInputError

if TYPE_CHECKING:
    from app.review.store import ReviewStore

ACTION = "signal_review"
CHECKED, PROBLEM, CLEARED = SIGNAL_CHECKED, SIGNAL_PROBLEM, ""
LABELS = {**SIGNAL_VERDICT_LABELS, CLEARED: "未核实"}


@dataclass(frozen=True)
class Verdict:
    status: str  # CHECKED or PROBLEM
    note: str
    at: str
    who: str
    code: str = ""
    paths: tuple[str, ...] = ()


def verdicts(store: ReviewStore, unit: str) -> dict[str, Verdict]:
    """The current verdict of every signal key of ``unit`` that has one."""
    return {
        v.key: Verdict(v.verdict, v.note, v.at, v.who, v.code, v.paths) for v in store.signal_verdicts(unit)
    }


def set_verdict(store: ReviewStore, unit: str, signal: Signal, status: str, note: str = "") -> None:
    """Record the reviewer's verdict (CLEARED takes it back). A problem needs a note."""
    if status not in LABELS:
        raise ReviewInputError(f"未知的核实结论：{status}")
    if status == CLEARED:
        store.clear_signal_verdict(unit, signal.key)
    else:
        store.set_signal_verdict(unit, signal.key, signal.code, signal.paths, status, note)


EXPORT_HEADER = ["信号", "文件", "相似度", "说明", "核实结论", "备注", "核实人", "时间"]


def verdict_rows(store: ReviewStore, unit: str, signals: list[Signal]) -> list[list[str]]:
    """Rows for an export (columns: :data:`EXPORT_HEADER`), with the verdicts in the review file."""
    return export_rows(signals, verdicts(store, unit))


def export_rows(signals: list[Signal], found: dict[str, Verdict]) -> list[list[str]]:
    from app.findings import CODES

    rows = []
    for s in signals:
        v = found.get(s.key)
        title = CODES[s.code].title if s.code in CODES else s.code
        similarity = f"{s.similarity:.0%}" if s.similarity is not None else ""
        message = s.message + (f"（文号 {s.detail['doc_number']}）" if s.detail.get("doc_number") else "")
        verdict = [LABELS[v.status], v.note, v.who, v.at] if v else [LABELS[CLEARED], "", "", ""]
        rows.append([title, "\n".join(s.paths), similarity, message, *verdict])
    return rows


def write_xlsx(path: str, unit: str, rows: list[list[str]]) -> None:
    """The to-verify list as a workbook: one sheet, a header row, one row per signal."""
    from openpyxl.styles import Alignment, Font

    wb, ws = new_workbook("需核实")
    ws.append([f"{unit} 需核实的信号（仅供核实，不是结论）"])
    ws.append(EXPORT_HEADER)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for col, width in zip("ABCDEFGH", (26, 60, 8, 50, 12, 30, 10, 20), strict=True):
        ws.column_dimensions[col].width = width
    for cells in ws.iter_rows(min_row=3):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(path)
