"""Schools × indicators that need evidence: each cell met, missing or problem.

The first row is the unit as a whole, for the indicators whose evidence is asked of the unit
(1.3, 1.6, 3.x); per-school indicators show their cells in the school rows.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.model import Gap, IndicatorResult, Report, Status
from app.rubric import Indicator, Rubric
from ui.models import roles
from ui.models.presentation import cell_label, icon, school_prefix, short_school, tint

Index = QModelIndex | QPersistentModelIndex
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # built once: enum "|" is slow
UNIT_ROW_SCHOOL = ""  # the SCHOOL role of the unit row
_UNIT_CELL = {
    Status.MET: "met",
    Status.GAP: "missing",
    Status.PROBLEM: "problem",
    Status.OPTIONAL_MISSING: "optional",
}


class CoverageMatrixModel(QAbstractTableModel):
    _ROLES = frozenset(
        {
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
            *roles.ALL,
        }
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._indicators: tuple[Indicator, ...] = ()
        self._schools: list[str] = []
        self._unit = ""
        self._prefix = ""
        self._results: dict[str, IndicatorResult] = {}
        self._states: list[list[str]] = []
        self._gaps: dict[tuple[str, str], list[Gap]] = {}
        # icons only, the words in the tooltip: all columns fit a narrow pane (1366-pixel laptops)
        self.compact = False

    def set_compact(self, on: bool) -> None:
        if on == self.compact:
            return
        self.compact = on
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def set_report(self, rubric: Rubric | None, report: Report | None) -> None:
        indicators = rubric.evidence_indicators if rubric else ()
        schools = list(report.schools) if report else []
        unit = (report.unit or "") if report else ""
        same_shape = (indicators, schools, unit) == (self._indicators, self._schools, self._unit)
        if not same_shape:
            self.beginResetModel()
            self._indicators, self._schools, self._unit = indicators, schools, unit
            self._prefix = school_prefix(schools)
        self._results = {r.indicator: r for r in report.indicators} if report else {}
        self._gaps = {}
        for gap in report.gaps if report else []:
            self._gaps.setdefault((gap.indicator, gap.school or UNIT_ROW_SCHOOL), []).append(gap)
        # worked out once: painting asks every cell for many roles, and must stay cheap
        self._states = [
            [self._cell(r, c) for c in range(len(self._indicators))] for r in range(self.rowCount())
        ]
        if not same_shape:
            self.endResetModel()
        elif self.rowCount() and self.columnCount():
            # same schools and indicators (a re-scan or a correction): repaint, no relayout
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def rowCount(self, parent: Index = roles.ROOT) -> int:
        return 0 if parent.isValid() or not self._indicators else 1 + len(self._schools)

    def columnCount(self, parent: Index = roles.ROOT) -> int:
        return 0 if parent.isValid() else len(self._indicators)

    def school_at(self, row: int) -> str:
        return UNIT_ROW_SCHOOL if row == 0 else self._schools[row - 1]

    def cell_index(self, indicator: str, school: str) -> QModelIndex:
        col = next((n for n, i in enumerate(self._indicators) if i.code == indicator), -1)
        row = (
            0
            if school == UNIT_ROW_SCHOOL
            else (self._schools.index(school) + 1 if school in self._schools else -1)
        )
        return self.index(row, col) if row >= 0 and col >= 0 else QModelIndex()

    def cell(self, row: int, column: int) -> str:
        """``met`` / ``missing`` / ``problem`` / ``optional``, or ``""`` where nothing is asked."""
        return self._states[row][column]

    def _cell(self, row: int, column: int) -> str:
        ind = self._indicators[column]
        result = self._results.get(ind.code)
        if result is None or ind.evidence is None:
            return ""
        per_school = ind.evidence.scope == "every_school"
        if row == 0:
            return "" if per_school else _UNIT_CELL.get(result.status, "")
        return result.cells.get(self._schools[row - 1], "") if per_school else ""

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._indicators):
                return None
            ind = self._indicators[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return ind.code
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{ind.code} {ind.title}"
            return None
        if not 0 <= section < self.rowCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return self._unit or self.tr("Whole unit")
            return short_school(self._schools[section - 1], self._prefix)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                self.tr("Evidence asked of the unit as a whole")
                if section == 0
                else self._schools[section - 1]
            )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in self._ROLES or not index.isValid():
            return None  # painting asks for many roles we never set: answer those at once
        state = self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if self.compact:
                return "" if state else "—"
            if state == "optional":
                return self.tr("None (optional)")
            return cell_label(state) if state else "—"
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("accepted" if state == "optional" else state) if state else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return tint(state) if state in ("met", "missing", "problem") else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), index.column(), state)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == roles.INDICATOR:
            return self._indicators[index.column()].code
        if role == roles.SCHOOL:
            return self.school_at(index.row())
        if role == roles.STATUS:
            return state
        return None

    def _tooltip(self, row: int, column: int, state: str) -> str:
        ind = self._indicators[column]
        if ind.evidence is None:
            return ""
        school = self.school_at(row)
        per_school = ind.evidence.scope == "every_school"
        lines = [f"{ind.code} {ind.title}"]
        if not state:
            lines.append(
                self.tr("Asked of every school, not of the unit as a whole.")
                if per_school
                else self.tr("Asked of the unit as a whole, not of each school.")
            )
            return "\n".join(lines)
        # the cell's word first: in the compact matrix the tooltip is where it is read
        lines[0] += "：" + (self.tr("None (optional)") if state == "optional" else cell_label(state))
        who = school or self._unit or self.tr("the unit")
        lines.append(self.tr("Needed from %1:").replace("%1", who))
        lines += [f"  • {part.label}（{part.need}）" for part in ind.evidence.parts]
        lines += [f"！{gap.message}" for gap in self._gaps.get((ind.code, school), [])]
        if not ind.evidence.required:
            lines.append(self.tr("Optional: without it the item scores 0, it is not an error."))
        lines.append(self.tr("Click to see the files."))
        return "\n".join(lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS
