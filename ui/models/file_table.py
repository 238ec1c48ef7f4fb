"""The submission's files (name, kind, indicator, school, date, findings) and a sort/filter proxy."""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.model import FileRecord
from ui.models import roles
from ui.models.presentation import SEVERITY_RANK, icon, kind_label, school_prefix, short_school

Index = QModelIndex | QPersistentModelIndex
# built once: enum "|" is slow and flags() is asked for every painted cell
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled


def indicator_sort_key(code: str | None) -> str:
    """``1.10`` after ``1.9``; unassigned files last."""
    if not code:
        return "~"
    return ".".join(f"{int(p):04d}" if p.isdigit() else p for p in re.split(r"[.]", code))


class FileTableModel(QAbstractTableModel):
    _ROLES = frozenset(
        {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole, *roles.ALL}
    )
    # what the reviewer reads first comes first: on a narrow pane kind and date scroll away
    NAME, INDICATOR, SCHOOL, FINDINGS, KIND, DATE = range(6)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._files: list[FileRecord] = []
        self._rows: dict[str, int] = {}
        self._prefix = ""
        self._sort_column, self._sort_order = self.INDICATOR, Qt.SortOrder.AscendingOrder

    def set_files(self, files: list[FileRecord], schools: list[str] | None = None) -> None:
        prefix = school_prefix(schools or [])
        if self._files and prefix == self._prefix and {f.path for f in files} == set(self._rows):
            # the same files, re-evaluated (a correction or an unchanged re-scan): keep the rows
            # and the selection, re-sort and repaint instead of resetting the view
            self._relayout(list(files))
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._files) - 1, self.columnCount() - 1))
            return
        self.beginResetModel()
        self._prefix = prefix
        self._files = self._sorted(list(files))
        self._rows = {f.path: n for n, f in enumerate(self._files)}
        self.endResetModel()

    # Sorting happens here, in Python, in one pass: a proxy sorting through data() would call back
    # into Python n·log n times and stall the GUI thread on a large submission.
    def _sorted(self, files: list[FileRecord]) -> list[FileRecord]:
        col, order = self._sort_column, self._sort_order
        files.sort(key=lambda f: f.path)  # ties keep path order
        files.sort(key=lambda f: self._sort_key(f, col), reverse=order == Qt.SortOrder.DescendingOrder)
        return files

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self.columnCount():
            return
        self._sort_column, self._sort_order = column, order
        self._relayout(self._files)

    def _relayout(self, files: list[FileRecord]) -> None:
        """Re-sort ``files`` (the same paths as now) keeping persistent indexes on their files."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        paths = [self._files[i.row()].path for i in persistent]
        self._files = self._sorted(files)
        self._rows = {f.path: n for n, f in enumerate(self._files)}
        self.changePersistentIndexList(
            persistent,
            [self.index(self._rows[p], i.column()) for p, i in zip(paths, persistent, strict=True)],
        )
        self.layoutChanged.emit()

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
            self.tr("Indicator"),
            self.tr("School"),
            self.tr("Findings"),
            self.tr("Kind"),
            self.tr("Date"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in self._ROLES or not index.isValid():
            return None  # painting asks for many roles we never set: answer those at once
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
        return _FLAGS


class FileFilterProxy(QSortFilterProxyModel):
    """Narrows the file table to an indicator and/or school, a minimum severity, a finding code, a text.

    Sorting is handed to the FileTableModel (one Python sort), and the filter reads its records
    directly: both keep the GUI thread responsive on thousands of files.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(roles.SORT)
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

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model: FileTableModel = self.sourceModel()  # type: ignore[assignment]
        f = model.file(source_row)
        if self._indicator is not None and (f.indicator or "") != self._indicator:
            return False
        if self._school is not None and (f.school or "") != self._school:
            return False
        if self._min_severity and model.worst_rank(f) < self._min_severity:
            return False
        if self._code is not None and self._code not in {x.code for x in model.open_findings(f)}:
            return False
        return not self._text or self._text in f.path.casefold()
