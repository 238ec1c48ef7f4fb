"""Every finding in the unit, one row each, with the plain-Chinese fix; run-level notices first."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.findings import fix_for
from app.model import Finding, Report
from ui.actions import menu_path
from ui.models import roles
from ui.models.presentation import SEVERITY_RANK, icon, severity_label

Index = QModelIndex | QPersistentModelIndex
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # built once: enum "|" is slow


@dataclass(frozen=True)
class _Row:
    path: str  # "" for a run-level notice
    finding: Finding
    accepted_note: str | None


class FindingsListModel(QAbstractTableModel):
    _ROLES = frozenset(
        {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole, *roles.ALL}
    )
    SEVERITY, MESSAGE, FILE, FIX = range(4)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []

    def set_report(self, report: Report | None) -> None:
        rows = [_Row("", self._in_window_words(n, report), None) for n in report.notices] if report else []
        for f in report.files if report else []:
            rows += [_Row(f.path, x, f.accepted.get(x.code)) for x in f.findings]
        # most serious first, accepted ones last; stable within a file's order
        rows.sort(key=lambda r: (r.accepted_note is not None, -SEVERITY_RANK.get(r.finding.severity, 0)))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _in_window_words(self, notice: Finding, report: Report) -> Finding:
        """A run notice whose core text gives command-line advice (``--roster``), told the window's way."""
        if notice.code == "run.no_roster":
            text = (
                self.tr(
                    "No roster: %1 schools were recognised from the file names, so the coverage may be incomplete. Choose the roster in %2 (Ctrl+R)."
                )
                .replace("%1", str(len(report.schools)))
                .replace("%2", menu_path("&File", "Choose Roster…"))
            )
            return Finding(notice.code, notice.severity, text)
        return notice

    def row_path(self, row: int) -> str:
        return self._rows[row].path

    def row_of(self, path: str, code: str | None = None, problem_rank: int = 0) -> int:
        """The first row of ``path`` (with that finding ``code``, or at least that severity rank,
        counting accepted findings as 0); -1 if there is none."""
        for n, row in enumerate(self._rows):
            if row.path != path or (code is not None and row.finding.code != code):
                continue
            rank = 0 if row.accepted_note is not None else SEVERITY_RANK.get(row.finding.severity, 0)
            if rank >= problem_rank:
                return n
        return -1

    def rowCount(self, parent: Index = roles.ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = roles.ROOT) -> int:
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Severity"), self.tr("Finding"), self.tr("File"), self.tr("How to fix"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in self._ROLES or not index.isValid():
            return None  # painting asks for many roles we never set: answer those at once
        row = self._rows[index.row()]
        state = "accepted" if row.accepted_note is not None else row.finding.severity
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.SEVERITY:
                return severity_label(state)
            if col == self.MESSAGE:
                return row.finding.message
            if col == self.FILE:
                return row.path or self.tr("(whole submission)")
            return fix_for(row.finding.code)
        if role == Qt.ItemDataRole.DecorationRole and col == self.SEVERITY:
            return icon(state)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{row.finding.message}（{row.finding.code}）\n{fix_for(row.finding.code)}".strip()
            if row.accepted_note is not None:
                tip += "\n" + self.tr("Accepted by the reviewer: %1").replace("%1", row.accepted_note)
            return tip
        if role == roles.PATH:
            return row.path
        if role == roles.FINDING:
            return row.finding.code
        if role == roles.SEVERITY:
            return 0 if row.accepted_note is not None else SEVERITY_RANK.get(row.finding.severity, 0)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS
