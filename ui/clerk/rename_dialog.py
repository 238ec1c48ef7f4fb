"""Preview the proposed renames, untick any, apply with a journal; shows how to undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.journal import Journal, apply, default_journal_path
from app.rename import RenamePlan
from ui.clerk.rename_model import RenameTableModel


class RenamePreviewDialog(QDialog):
    def __init__(self, plan: RenamePlan, parent=None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.journal: Journal | None = None
        self.journal_path: Path | None = None
        self.setWindowTitle(self.tr("Rename Files"))
        self.resize(900, 520)
        self.model = RenameTableModel(self)
        self.model.set_renames(plan.renames)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setColumnWidth(0, 260)
        self.view.setColumnWidth(1, 300)
        self.view.setColumnWidth(2, 180)
        intro = QLabel(
            self.tr(
                "Nothing has been changed yet. Untick any file you want to keep as it is. "
                "Before renaming, a journal is saved so that everything can be undone."
            )
        )
        intro.setWordWrap(True)
        all_on, all_off = QPushButton(self.tr("Select All")), QPushButton(self.tr("Select None"))
        all_on.clicked.connect(lambda: self.model.set_all(True))
        all_off.clicked.connect(lambda: self.model.set_all(False))
        picks = QHBoxLayout()
        picks.addWidget(all_on)
        picks.addWidget(all_off)
        picks.addStretch(1)
        manual = QLabel("\n".join(f"{path}：{why}" for path, why in plan.kept))
        manual.setWordWrap(True)
        manual.setVisible(bool(plan.kept))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton(self.tr("Rename"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(bool(plan.renames))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(picks)
        layout.addWidget(self.view, 1)
        if plan.kept:
            layout.addWidget(QLabel(self.tr("Needs your attention:")))
            layout.addWidget(manual)
        layout.addWidget(self.buttons)

    def apply_selected(self, journal_path: Path | None = None) -> Journal:
        """Rename the ticked files (journal first); the result says what happened to each."""
        chosen = self.plan.subset(self.model.selected())
        self.journal_path = journal_path or default_journal_path("rename", self.plan.root)
        self.journal = apply(chosen.journal(), self.journal_path)
        return self.journal
