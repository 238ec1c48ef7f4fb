"""The city's units, one row each in roster order, then the material that names no unit.

Per unit: its status (已检查 / 未提交 / 有歧义 / 无法读取), gaps and errors of the report on screen
(corrections included once the unit was shown), and its score when it is in the review file
(sections 1–4, and the final score once a weight is entered — the scoring engine's, via the store).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.city import CityUnit, UnitStatus
from app.scoring.engine import UnitScore, fmt
from ui.city_state import CityState
from ui.models import roles
from ui.models.presentation import icon

Index = QModelIndex | QPersistentModelIndex
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
UNMATCHED = "unmatched"  # the STATUS role of a row of material that names no unit
UNIT = roles.SCHOOL  # the unit's name (a row of unmatched material: "")
_ICON = {
    UnitStatus.CHECKED: "met",
    UnitStatus.NOT_SUBMITTED: "missing",
    UnitStatus.AMBIGUOUS: "problem",
    UnitStatus.UNREADABLE: "problem",
}


@dataclass(frozen=True)
class _Row:
    unit: CityUnit | None  # None: material that names no unit
    label: str  # the unit's name, or the unmatched material's path under the root


class UnitListModel(QAbstractTableModel):
    NAME, STATUS, GAPS, ERRORS, SCORE = range(5)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._state: CityState | None = None
        self._scores: dict[str, UnitScore] = {}
        self.shown = ""  # the unit on screen, in bold
        self._bold = QFont()
        self._bold.setBold(True)
        self._headers = [
            self.tr("Unit"),
            self.tr("Status"),
            self.tr("Gaps"),
            self.tr("Errors"),
            self.tr("Score"),
        ]

    def status_word(self, status: str) -> str:
        return {
            UnitStatus.CHECKED: self.tr("Checked"),
            UnitStatus.NOT_SUBMITTED: self.tr("Not submitted"),
            UnitStatus.AMBIGUOUS: self.tr("Ambiguous"),
            UnitStatus.UNREADABLE: self.tr("Unreadable"),
            UNMATCHED: self.tr("No unit"),
        }.get(status, status)

    # ── feeding ──────────────────────────────────────────────────────────────────────────
    def set_city(self, state: CityState | None, scores: dict[str, UnitScore] | None = None) -> None:
        self.beginResetModel()
        self._state = state
        self._scores = dict(scores or {})
        rows = [_Row(u, u.unit) for u in state.report.units] if state else []
        rows += [_Row(None, path) for path in state.report.unmatched] if state else []
        self._rows = rows
        self.endResetModel()

    def update_unit(self, unit: str, score: UnitScore | None) -> None:
        """The unit's gaps or score changed (a correction, a confirmed score)."""
        if score is None:
            self._scores.pop(unit, None)
        else:
            self._scores[unit] = score
        row = self.row_of(unit)
        if row >= 0:
            self.dataChanged.emit(self.index(row, self.GAPS), self.index(row, self.SCORE))

    def set_shown(self, unit: str) -> None:
        rows = [self.row_of(self.shown), self.row_of(unit)]
        self.shown = unit
        for row in rows:
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.SCORE))

    def row_of(self, unit: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.unit is not None and r.unit.unit == unit), -1)

    def unit_at(self, row: int) -> CityUnit | None:
        return self._rows[row].unit if 0 <= row < len(self._rows) else None

    def unit_rows(self) -> int:
        """Rows that are units (the unmatched material follows them)."""
        return sum(1 for r in self._rows if r.unit is not None)

    # ── the model ────────────────────────────────────────────────────────────────────────
    def rowCount(self, parent: Index = roles.ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = roles.ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers)
        if horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        unit = row.unit
        if role == UNIT:
            return unit.unit if unit is not None else ""
        if role == roles.STATUS:
            return str(unit.status) if unit is not None else UNMATCHED
        if role == roles.PATH:
            return (unit.source if unit is not None else row.label) or ""
        if unit is None:
            return self._unmatched(row, col, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(unit, col)
        if role == Qt.ItemDataRole.DecorationRole and col == self.STATUS:
            return icon(_ICON[unit.status])
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if unit.unit == self.shown else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(unit, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.GAPS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == roles.SORT:
            return row.label
        return None

    def _display(self, unit: CityUnit, col: int) -> str:
        if col == self.NAME:
            return unit.unit
        if col == self.STATUS:
            return self.status_word(unit.status)
        report = self._state.shown(unit.unit) if self._state is not None else None
        if col == self.GAPS:
            return str(len(report.gaps)) if report is not None else ""
        if col == self.ERRORS:
            return str(report.error_count) if report is not None else ""
        score = self._scores.get(unit.unit)
        if score is None:
            return ""
        return fmt(score.final) if score.final is not None else fmt(score.total)

    def _tooltip(self, unit: CityUnit, col: int) -> str:
        if col == self.SCORE:
            score = self._scores.get(unit.unit)
            if score is None:
                return self.tr("Not in the review file yet: it joins when you open the unit.")
            return "\n".join(score.reasons)
        if unit.status == UnitStatus.CHECKED:
            return unit.source or ""
        return self.explain(unit)

    def explain(self, unit: CityUnit) -> str:
        """Why a unit has no report, in the reviewer's words."""
        if unit.status == UnitStatus.NOT_SUBMITTED:
            return self.tr(
                "No folder or archive under this root is named after “%1”: the unit has not submitted. If its material is here under another name, rename it to include the unit's name and press F5."
            ).replace("%1", unit.unit)
        if unit.status == UnitStatus.AMBIGUOUS:
            return (
                self.tr(
                    "Several pieces of material may belong to “%1”: %2. The checker does not guess. Right-click the unit and choose “Use This Material” for the right one."
                )
                .replace("%1", unit.unit)
                .replace("%2", "、".join(f"“{c}”" for c in unit.candidates))
            )
        if unit.status == UnitStatus.UNREADABLE:
            return (
                self.tr("The material “%1” could not be read: %2")
                .replace("%1", unit.source or "")
                .replace("%2", unit.message or "")
            )
        return ""

    def _unmatched(self, row: _Row, col: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NAME:
                return row.label
            return self.status_word(UNMATCHED) if col == self.STATUS else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr(
                "“%1” names no unit on the roster, so it was not checked. Rename it to include its unit's name, or open it on its own."
            ).replace("%1", row.label)
        if role == Qt.ItemDataRole.DecorationRole and col == self.STATUS:
            return icon("optional")
        if role == roles.SORT:
            return row.label
        return None
