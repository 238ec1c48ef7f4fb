"""Manual corrections from the window: reassigning files and accepting findings, with their menus.

Each correction goes through Workspace, which stores it in the review file and re-evaluates the
gaps at once.  Kept apart from main_window.py so the window stays composition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from ui.dialogs import AcceptDialog, ReassignDialog
from ui.models import roles

if TYPE_CHECKING:
    from ui.ports import CorrectorWindow


class Corrector(QObject):
    """A QObject so that its tr() strings have their own translation context."""

    def __init__(self, window: CorrectorWindow) -> None:
        super().__init__(window)
        self.w = window

    def selected_paths(self) -> list[str]:
        rows = self.w.file_panel.view.selectionModel().selectedRows()
        paths = [r.data(roles.PATH) for r in rows]
        if not paths and self.w.preview.record is not None:
            paths = [self.w.preview.record.path]
        return paths

    def reassign_files(self, paths: list[str], indicator: str | None, school: str | None) -> None:
        if paths:
            self.w.workspace.reassign(paths, indicator, school)
            self.w.statusBar().showMessage(self.tr("Reassigned %n file(s).", "", len(paths)), 5000)

    def dropped(self, indicator: str | None, school: str | None) -> None:
        if indicator:
            self.reassign_files(self.selected_paths(), indicator, school or None)

    def ask_reassign(self) -> None:
        paths = self.selected_paths()
        records = [r for r in (self.w.workspace.file_record(p) for p in paths) if r is not None]
        if not records or self.w.workspace.report is None:
            return
        dialog = ReassignDialog(self.w.workspace.rubric, self.w.workspace.report.schools, records, self.w)
        if dialog.exec():
            self.reassign_files(paths, *dialog.choice())

    def ask_accept(self, path: str | None = None, code: str | None = None) -> None:
        record = self.w.workspace.file_record(path) if path else self.w.preview.record
        if record is None or not [f for f in record.findings if f.code not in record.accepted]:
            self.w.statusBar().showMessage(self.tr("The selected file has no finding to accept."), 5000)
            return
        dialog = AcceptDialog(record, code, self.w)
        if dialog.exec():
            chosen, note = dialog.choice()
            if chosen:
                self.w.workspace.accept_finding(record.path, chosen, note)

    def file_menu(self, pos) -> None:
        if not self.w.file_panel.view.indexAt(pos).isValid():
            return
        menu = QMenu(self.w)
        menu.addAction(self.w.acts.reassign)
        move = menu.addMenu(self.tr("Move to Indicator"))
        for ind in self.w.workspace.rubric.evidence_indicators:
            move.addAction(ind.label).triggered.connect(
                lambda _=False, code=ind.code: self.reassign_files(
                    self.selected_paths(), code, self.school_of_selection()
                )
            )
        menu.addAction(self.w.acts.accept_finding)
        self._add_withdrawals(menu, self.selected_paths())
        menu.addSeparator()
        menu.addAction(self.w.preview.act_open_external)
        menu.addAction(self.w.preview.act_show_folder)
        menu.popup(self.w.file_panel.view.viewport().mapToGlobal(pos))

    def _add_withdrawals(self, menu: QMenu, paths: list[str]) -> None:
        """Undoing a correction: clear a reassignment, withdraw an accepted finding."""
        records = [r for r in (self.w.workspace.file_record(p) for p in paths) if r is not None]
        manual = [r.path for r in records if "manual" in r.how]
        if manual:
            menu.addAction(self.tr("Clear Reassignment")).triggered.connect(
                lambda: self.w.workspace.clear_reassignment(manual)
            )
        if len(records) == 1:
            for code in records[0].accepted:
                menu.addAction(self.tr("Withdraw Acceptance of %1").replace("%1", code)).triggered.connect(
                    lambda _=False, p=records[0].path, c=code: self.w.workspace.withdraw_finding(p, c)
                )

    def school_of_selection(self) -> str | None:
        record = self.w.workspace.file_record(self.selected_paths()[0]) if self.selected_paths() else None
        return record.school if record else None

    def findings_menu(self, pos) -> None:
        index = self.w.findings.indexAt(pos)
        if not index.isValid() or not index.data(roles.PATH):
            return
        menu = QMenu(self.w)
        path, code = index.data(roles.PATH), index.data(roles.FINDING)
        menu.addAction(self.tr("Go to File")).triggered.connect(lambda: self.w.nav.go_to_file(path))
        record = self.w.workspace.file_record(path)
        if record is not None and code in record.accepted:
            menu.addAction(self.tr("Withdraw Acceptance")).triggered.connect(
                lambda: self.w.workspace.withdraw_finding(path, code)
            )
        else:
            menu.addAction(self.tr("Accept This Finding…")).triggered.connect(
                lambda: self.ask_accept(path, code)
            )
        menu.popup(self.w.findings.viewport().mapToGlobal(pos))
