"""Table of proposed renames (old → new, why) with a checkbox per row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from app.rename import Rename

Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("RenameTableModel", text)


def _name(rel: str) -> str:
    return rel.rsplit("/", 1)[-1]


def _folder(rel: str) -> str:
    return rel.rsplit("/", 1)[0] if "/" in rel else ""


class RenameTableModel(QAbstractTableModel):
    CURRENT, NEW, FOLDER, WHY = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Rename] = []
        self._checked: list[bool] = []
        self._headers = (_tr("Current Name"), _tr("New Name"), _tr("Folder"), _tr("Why"))

    def set_renames(self, renames: list[Rename]) -> None:
        self.beginResetModel()
        self._rows = list(renames)
        self._checked = [True] * len(self._rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == self.CURRENT:
            return Qt.CheckState.Checked if self._checked[index.row()] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{r.src}\n→ {r.dst}"
        if role == Qt.ItemDataRole.DisplayRole:
            return (_name(r.src), _name(r.dst), _folder(r.dst) or "／", "；".join(r.reasons))[col]
        if role == Qt.ItemDataRole.UserRole:  # the full relative paths
            return (r.src, r.dst, _folder(r.dst), "")[col]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.CURRENT:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != self.CURRENT:
            return False
        self._checked[index.row()] = Qt.CheckState(value) == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def set_all(self, checked: bool) -> None:
        self._checked = [checked] * len(self._rows)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, 0), [Qt.ItemDataRole.CheckStateRole]
            )

    def selected(self) -> set[str]:
        return {r.src for r, on in zip(self._rows, self._checked, strict=True) if on}
