"""The submission's files (name, kind, indicator, school, date, findings) and a sort/filter proxy."""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.model import FileRecord
from ui.models import roles
from ui.models.presentation import SEVERITY_RANK, icon, kind_label, school_prefix, short_school

Index = QModelIndex | QPersistentModelIndex


def indicator_sort_key(code: str | None) -> str:
    """``1.10`` after ``1.9``; unassigned files last."""
    if not code:
        return "~"
    return ".".join(f"{int(p):04d}" if p.isdigit() else p for p in re.split(r"[.]", code))


class FileTableModel(QAbstractTableModel):
    NAME, KIND, INDICATOR, SCHOOL, FINDINGS, DATE = range(6)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._files: list[FileRecord] = []
        self._rows: dict[str, int] = {}
        self._prefix = ""

    def set_files(self, files: list[FileRecord], schools: list[str] | None = None) -> None:
        self.beginResetModel()
        self._files = list(files)
        self._prefix = school_prefix(schools or [])
        self._rows = {f.path: n for n, f in enumerate(self._files)}
        self.endResetModel()

    def file(self, row: int) -> FileRecord:
        return self._files[row]

    def row_of(self, path: str) -> int:
        return self._rows.get(path, -1)

    def open_findings(self, record: FileRecord) -> list:
        """Findings the reviewer has not accepted."""
        return [f for f in record.findings if f.code not in record.accepted]

    def worst_rank(self, record: FileRecord) -> int:
        return max((SEVERITY_RANK.get(f.severity, 0) for f in self.open_findings(record)), default=0)

    def rowCount(self, parent: Index = roles.ROOT) -> int:
        return 0 if parent.isValid() else len(self._files)

    def columnCount(self, parent: Index = roles.ROOT) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Name"),
            self.tr("Kind"),
            self.tr("Indicator"),
            self.tr("School"),
            self.tr("Findings"),
            self.tr("Date"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        f = self._files[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(f, col)
        if role == roles.SORT:
            return self._sort_key(f, col)
        if role == Qt.ItemDataRole.DecorationRole and col == self.FINDINGS:
            open_ = self.open_findings(f)
            if open_:
                worst = max(open_, key=lambda x: SEVERITY_RANK.get(x.severity, 0))
                return icon(worst.severity)
            return icon("accepted") if f.findings else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.FINDINGS and f.findings:
                return "\n".join(self._finding_line(f, x) for x in f.findings)
            if col == self.NAME:
                return f.path
            if col == self.INDICATOR:
                return f.how.get("indicator") or None
            if col == self.SCHOOL:
                return "\n".join(x for x in (f.school, f.how.get("school")) if x) or None
            return None
        if role == roles.PATH:
            return f.path
        if role == roles.INDICATOR:
            return f.indicator or ""
        if role == roles.SCHOOL:
            return f.school or ""
        if role == roles.CODES:
            return frozenset(x.code for x in self.open_findings(f))
        if role == roles.SEVERITY:
            return self.worst_rank(f)
        return None

    def _finding_line(self, f: FileRecord, finding) -> str:
        return f"{finding.message}（{finding.code}）"

    def _text(self, f: FileRecord, col: int) -> str:
        if col == self.NAME:
            return f.name
        if col == self.KIND:
            return kind_label(f.kind)
        if col == self.INDICATOR:
            return f.indicator or self.tr("(unassigned)")
        if col == self.SCHOOL:
            return short_school(f.school, self._prefix) if f.school else ""
        if col == self.DATE:
            return f.date or ""
        open_ = self.open_findings(f)
        if not open_:
            return self.tr("%n accepted", "", len(f.findings)) if f.findings else ""
        worst = max(open_, key=lambda x: SEVERITY_RANK.get(x.severity, 0))
        more = len(open_) - 1
        return f"{worst.message} (+{more})" if more else worst.message

    def _sort_key(self, f: FileRecord, col: int):
        if col == self.NAME:
            return f.name.casefold()
        if col == self.INDICATOR:
            return indicator_sort_key(f.indicator)
        if col == self.FINDINGS:
            return self.worst_rank(f) * 1000 + len(self.open_findings(f))
        return self._text(f, col)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled


class FileFilterProxy(QSortFilterProxyModel):
    """Narrows the file table to an indicator and/or school, a minimum severity, a finding code, a text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(roles.SORT)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._indicator: str | None = None
        self._school: str | None = None
        self._min_severity = 0
        self._code: str | None = None
        self._text = ""

    def _refilter(self, **changes) -> None:
        # beginFilterChange() is Qt >= 6.10; older Qt only has invalidateRowsFilter()
        modern = hasattr(self, "beginFilterChange")
        if modern:
            self.beginFilterChange()
        for name, value in changes.items():
            setattr(self, f"_{name}", value)
        if modern:
            self.endFilterChange()
        else:
            self.invalidateRowsFilter()

    def set_scope(self, indicator: str | None, school: str | None) -> None:
        """``None`` means any; ``school=""`` also means any (the unit as a whole)."""
        self._refilter(indicator=indicator, school=school or None)

    def scope(self) -> tuple[str | None, str | None]:
        return self._indicator, self._school

    def set_min_severity(self, rank: int) -> None:
        self._refilter(min_severity=rank)

    def set_code(self, code: str | None) -> None:
        self._refilter(code=code or None)

    def set_text(self, text: str) -> None:
        self._refilter(text=text.strip().casefold())

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._indicator is not None and model.data(index, roles.INDICATOR) != self._indicator:
            return False
        if self._school is not None and model.data(index, roles.SCHOOL) != self._school:
            return False
        if self._min_severity and (model.data(index, roles.SEVERITY) or 0) < self._min_severity:
            return False
        if self._code is not None and self._code not in (model.data(index, roles.CODES) or ()):
            return False
        return not self._text or self._text in (model.data(index, roles.PATH) or "").casefold()
