"""The reviewer's verdict on each signal — checked, or a problem — kept in the review file.

A verdict is an event, so it is written as a row of the review file's append-only audit log
(action ``signal_review``, target = the signal's key, new = ``{"status", "note", "code",
"paths"}``) inside the store's one-transaction-per-edit; the latest row per key is the current
verdict. This needs no schema change, and review files merged from other reviewers bring their
verdicts along with their history. (A dedicated table via a migration is the alternative, see
docs/signals.md.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.model import Signal
from app.review.model import ReviewInputError

if TYPE_CHECKING:
    from app.review.store import ReviewStore

ACTION = "signal_review"
CHECKED, PROBLEM, CLEARED = "checked", "problem", ""
LABELS = {CHECKED: "已核实无误", PROBLEM: "有问题", CLEARED: "未核实"}


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
    rows = store.db.execute(
        "SELECT target, new, at, who FROM audit WHERE unit = ? AND action = ? ORDER BY id", [unit, ACTION]
    ).fetchall()
    out: dict[str, Verdict] = {}
    for target, new, at, who in rows:
        value = json.loads(new) if new else None
        if not value or not value.get("status"):
            out.pop(target, None)
            continue
        out[target] = Verdict(
            value["status"],
            value.get("note", ""),
            at,
            who,
            value.get("code", ""),
            tuple(value.get("paths", ())),
        )
    return out


def set_verdict(store: ReviewStore, unit: str, signal: Signal, status: str, note: str = "") -> None:
    """Record the reviewer's verdict (CLEARED takes it back). A problem needs a note."""
    if status not in LABELS:
        raise ReviewInputError(f"未知的核实结论：{status}")
    note = note.strip()
    if status == PROBLEM and not note:
        raise ReviewInputError("标记为“有问题”时请写明情况（例如“与某校照片为同一张”）。")
    old = verdicts(store, unit).get(signal.key)
    if old is None and status == CLEARED:
        return
    previous = {"status": old.status, "note": old.note} if old else None
    new = (
        {"status": status, "note": note, "code": signal.code, "paths": list(signal.paths)} if status else None
    )
    with store.edit() as at:
        store._ensure_unit(unit, at)  # the same rule as corrections: a verdict may come before scoring
        store.log(at, unit, ACTION, signal.key, previous, new)


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
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "需核实"
    ws.append([f"{unit} 需核实的信号（仅供核实，不是结论）"])
    ws.append(EXPORT_HEADER)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for col, width in zip("ABCDEFGH", (26, 60, 8, 50, 12, 30, 10, 20), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(path)
