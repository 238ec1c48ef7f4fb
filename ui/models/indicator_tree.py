"""Sections → indicators, each with its status and counts, from the rubric and a Report."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from app.model import IndicatorResult, Report, Status
from app.rubric import Indicator, Rubric, Section
from ui.models import roles
from ui.models.presentation import icon, status_label

Index = QModelIndex | QPersistentModelIndex
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # built once: enum "|" is slow
_TOP = 0  # internalId of a section row; an indicator row stores its section's row + 1


class IndicatorTreeModel(QAbstractItemModel):
    _ROLES = frozenset(
        {
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
            *roles.ALL,
        }
    )
    # the status text is last: on a narrow tree it is the column scrolled away, while the icon
    # beside the name (a distinct shape per status) and the counts stay in view
    NAME, FILES, GAPS, PROBLEMS, STATUS = range(5)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._sections: tuple[Section, ...] = ()
        self._results: dict[str, IndicatorResult] = {}
        self.confirmed: frozenset[str] = frozenset()  # scored and confirmed: "✓" (ui/scoring/hook.py)

    def set_confirmed(self, codes: frozenset[str]) -> None:
        self.confirmed = codes
        for row, section in enumerate(self._sections):  # the name column of sections and indicators
            parent, last = self.index(row, 0), len(section.indicators) - 1
            self.dataChanged.emit(parent, parent)
            if last >= 0:
                self.dataChanged.emit(self.index(0, 0, parent), self.index(last, 0, parent))

    def set_report(self, rubric: Rubric | None, report: Report | None) -> None:
        sections = rubric.sections if rubric else ()
        results = {r.indicator: r for r in report.indicators} if report else {}
        if sections == self._sections and sections:
            # same rubric: only statuses and counts change, so no relayout of the view is needed
            self._results = results
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(0, 0), self.index(len(sections) - 1, last))
            for row, section in enumerate(sections):
                if section.indicators:
                    parent = self.index(row, 0)
                    self.dataChanged.emit(
                        self.index(0, 0, parent), self.index(len(section.indicators) - 1, last, parent)
                    )
            return
        self.beginResetModel()
        self._sections = sections
        self._results = results
        self.endResetModel()

    # ── lookups used by the window ───────────────────────────────────────────────────────
    def indicator_index(self, code: str) -> QModelIndex:
        for s_row, section in enumerate(self._sections):
            for i_row, ind in enumerate(section.indicators):
                if ind.code == code:
                    return self.index(i_row, 0, self.index(s_row, 0))
        return QModelIndex()

    def indicator_codes(self) -> list[str]:
        return [i.code for s in self._sections for i in s.indicators]

    def result(self, code: str) -> IndicatorResult | None:
        return self._results.get(code)

    # ── structure ────────────────────────────────────────────────────────────────────────
    def index(self, row: int, column: int, parent: Index = roles.ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: Index = roles.ROOT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = roles.ROOT) -> int:
        if not parent.isValid():
            return len(self._sections)
        if parent.column() != 0 or parent.internalId() != _TOP:
            return 0
        return len(self._sections[parent.row()].indicators)

    def columnCount(self, parent: Index = roles.ROOT) -> int:
        return 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            # the count columns are narrow: short headers, the full words in the tooltip
            headers = (
                self.tr("Indicator"),
                self.tr("Files"),
                self.tr("Gaps"),
                self.tr("Probl."),
                self.tr("Status"),
            )
            return headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = (
                self.tr("Section and indicator"),
                self.tr("Files assigned to it"),
                self.tr("Evidence missing"),
                self.tr("Files with errors or warnings"),
                self.tr("Met, gap, problems, optional or no evidence required"),
            )
            return tips[section]
        return None

    def _item(self, index: Index) -> Section | Indicator:
        if index.internalId() == _TOP:
            return self._sections[index.row()]
        return self._sections[index.internalId() - 1].indicators[index.row()]

    def _status(self, item: Section | Indicator) -> str:
        if isinstance(item, Indicator):
            r = self._results.get(item.code)
            if r is not None:
                return r.status
            return Status.NOT_REQUIRED if item.evidence is None else ""
        states = [self._status(i) for i in item.indicators]
        for worst in (Status.GAP, Status.PROBLEM, Status.MET):
            if worst in states:
                return worst
        return Status.NOT_REQUIRED if not states or all(states) else ""

    def _counts(self, item: Section | Indicator) -> tuple[int, int, int]:
        results = (
            [self._results.get(item.code)]
            if isinstance(item, Indicator)
            else [self._results.get(i.code) for i in item.indicators]
        )
        found = [r for r in results if r is not None]
        return (sum(r.files for r in found), sum(r.gaps for r in found), sum(r.problems for r in found))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in self._ROLES or not index.isValid():
            return None  # painting asks for many roles we never set: answer those at once
        item = self._item(index)
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NAME:
                return f"{'✓ ' if item.code in self.confirmed else ''}{item.code} {item.title}"
            if col == self.STATUS:
                status = self._status(item)
                return status_label(status) if status else ""
            count = self._counts(item)[col - self.FILES]
            return str(count) if count else ""
        if role == Qt.ItemDataRole.DecorationRole and col == self.NAME:
            status = self._status(item)
            return icon(status) if status else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        if role == Qt.ItemDataRole.TextAlignmentRole and self.FILES <= col <= self.PROBLEMS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == roles.INDICATOR:
            return item.code if isinstance(item, Indicator) else None
        if role == roles.STATUS:
            return self._status(item)
        return None

    def _tooltip(self, item: Section | Indicator) -> str:
        if not isinstance(item, Indicator):
            return f"{item.code} {item.title}（{item.points:g}）"
        lines = [f"{item.code} {item.title}（{item.points:g}）"]
        if item.evidence_text:
            lines.append(item.evidence_text)
        r = self._results.get(item.code)
        if r is not None and r.reason:
            lines.append(r.reason)
        return "\n".join(lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS
