"""The "To verify" list: one row per signal, with the reviewer's verdict and note."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from app.findings import CODES
from app.model import Signal
from app.signals.review import CHECKED, PROBLEM, Verdict
from ui.models import roles
from ui.models.presentation import icon

Index = QModelIndex | QPersistentModelIndex
SIGNAL_KEY = roles.FINDING  # the signal's key (its code, then its paths)


def _t(text: str) -> str:
    return QCoreApplication.translate("SignalsModel", text)


def verdict_label(verdict: Verdict | None) -> str:
    if verdict is None:
        return _t("Not checked")
    return _t("Checked") if verdict.status == CHECKED else _t("Problem")


class SignalsModel(QAbstractTableModel):
    VERDICT, SIGNAL, FILES, SIMILARITY, DETAILS, NOTE = range(6)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._signals: list[Signal] = []
        self._verdicts: dict[str, Verdict] = {}

    def set_signals(self, signals: list[Signal], verdicts: dict[str, Verdict]) -> None:
        self.beginResetModel()
        self._signals = list(signals)
        self._verdicts = dict(verdicts)
        self.endResetModel()

    def set_verdict(self, key: str, verdict: Verdict | None) -> None:
        if verdict is None:
            self._verdicts.pop(key, None)
        else:
            self._verdicts[key] = verdict
        for row, s in enumerate(self._signals):
            if s.key == key:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def signal_at(self, row: int) -> Signal | None:
        return self._signals[row] if 0 <= row < len(self._signals) else None

    def verdict_of(self, key: str) -> Verdict | None:
        return self._verdicts.get(key)

    def unchecked(self) -> int:
        return sum(1 for s in self._signals if s.key not in self._verdicts)

    def rowCount(self, parent: Index = roles.ROOT) -> int:
        return 0 if parent.isValid() else len(self._signals)

    def columnCount(self, parent: Index = roles.ROOT) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_t("Verdict"), _t("Signal"), _t("Files"), _t("Similarity"), _t("Details"), _t("Note"))[
            section
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self._signals[index.row()]
        verdict = self._verdicts.get(s.key)
        col = index.column()
        if role == SIGNAL_KEY:
            return s.key
        if role == roles.PATH:
            return s.paths[0]
        if role == Qt.ItemDataRole.DecorationRole and col == self.VERDICT:
            if verdict is None:
                return icon(str(s.severity))
            return icon("met") if verdict.status == CHECKED else icon("error")
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([s.message, *s.paths])
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == self.VERDICT:
            return verdict_label(verdict)
        if col == self.SIGNAL:
            return CODES[s.code].title if s.code in CODES else s.code
        if col == self.FILES:
            return "  ↔  ".join(p.rsplit("/", 1)[-1] for p in s.paths)
        if col == self.SIMILARITY:
            return f"{s.similarity:.0%}" if s.similarity is not None else ""
        if col == self.DETAILS:
            extra = s.detail.get("doc_number")
            return f"{s.message}（{extra}）" if extra else s.message
        if col == self.NOTE:
            return verdict.note if verdict else ""
        return None


__all__ = ["PROBLEM", "SIGNAL_KEY", "SignalsModel", "verdict_label"]
