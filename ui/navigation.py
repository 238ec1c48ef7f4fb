"""Moving around the window: selection follow-through and the Go menu's next/previous steps.

Two lists drive the preview: the file table and the All Findings list.  While the All Findings tab
is shown, its selected finding is what the Corrections actions (accept, reassign) act on, and the
file table follows it quietly (same file selected, no tab switch), so every part of the window
agrees on which file is in front of the reviewer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QTimer
from PySide6.QtWidgets import QApplication

from ui.dialogs import ReassignDialog
from ui.models import roles

if TYPE_CHECKING:
    from ui.ports import NavigatorWindow

PROBLEM_RANK = 2  # warnings and errors count as problems for "Next Problem"


STATUS_MS = 6000


class Navigator(QObject):
    """A QObject so that its tr() strings have their own context and its connections end with the
    window."""

    def __init__(self, window: NavigatorWindow) -> None:
        super().__init__(window)
        self.w = window
        self._refreshing = False  # a new report is being shown: keep the reviewer's tab
        self._kept: tuple[str, str] | None = None  # (path, code) of the finding selected before a reset
        window.findings.selectionModel().currentChanged.connect(self.finding_selected)
        window.findings_model.modelAboutToBeReset.connect(self._remember_finding)
        window.findings_model.modelReset.connect(self._restore_finding)
        # connected before the window's own slot, so it runs first (Qt calls slots in order)
        window.workspace.report_changed.connect(self._report_changing)
        window.acts.route(window.acts.accept_finding, self.accept_from_findings)
        window.acts.route(window.acts.reassign, self.reassign_from_findings)

    # ── the All Findings list ────────────────────────────────────────────────────────────
    def findings_active(self) -> bool:
        """The All Findings tab is in front and one of its findings (not a run notice) is selected."""
        index = self.w.findings.currentIndex()
        return self.w.tabs.currentWidget() is self.w.findings and bool(
            index.isValid() and index.data(roles.PATH)
        )

    def finding_selected(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        """A finding chosen in the list: preview its file, with that finding marked."""
        path = current.data(roles.PATH) if current.isValid() else None
        if not path:
            return
        self.go_to_file(path, reveal=False)
        if self.w.preview.record is not None and self.w.preview.record.path == path:
            self.w.preview.highlight_finding(current.data(roles.FINDING))

    def accept_from_findings(self) -> bool:
        """Corrections → Accept Finding while the All Findings list is in front: its own finding."""
        if not self.findings_active():
            return False
        index = self.w.findings.currentIndex()
        self.w.ask_accept(index.data(roles.PATH), index.data(roles.FINDING))
        return True

    def reassign_from_findings(self) -> bool:
        """Corrections → Reassign File while the All Findings list is in front: that finding's file."""
        if not self.findings_active():
            return False
        ws = self.w.workspace
        path = self.w.findings.currentIndex().data(roles.PATH)
        record = ws.file_record(path)
        if record is None or ws.report is None:
            return True
        dialog = ReassignDialog(ws.rubric, ws.report.schools, [record], self.w)
        if dialog.exec():
            self.w.reassign_files([path], *dialog.choice())
        return True

    def _report_changing(self, _report: object) -> None:
        self._refreshing = True
        QTimer.singleShot(0, self._report_shown)

    def _report_shown(self) -> None:
        self._refreshing = False

    def _remember_finding(self) -> None:
        index = self.w.findings.currentIndex()
        self._kept = (index.data(roles.PATH), index.data(roles.FINDING)) if index.isValid() else None

    def _restore_finding(self) -> None:
        """After a correction the list is rebuilt: the same finding stays selected, or its file's
        next one (an accepted finding moves down the list)."""
        if self._kept is None:
            return
        path, code = self._kept
        self._kept = None
        row = self.w.findings_model.row_of(path, code)
        if row < 0:
            row = self.w.findings_model.row_of(path)
        if row >= 0:
            self._select_finding_row(row)

    def _select_finding_row(self, row: int) -> None:
        index = self.w.findings_model.index(row, 0)
        self.w.findings.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.w.findings.scrollTo(index)

    # ── selections flowing into the file table and the preview ───────────────────────────
    def indicator_selected(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        code = current.data(roles.INDICATOR) if current.isValid() else None
        self.w.file_panel.set_scope(code, None)
        self.w.tabs.setCurrentIndex(0)

    def cell_selected(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if not current.isValid():
            return
        self.w.file_panel.set_scope(current.data(roles.INDICATOR), current.data(roles.SCHOOL) or None)
        self.w.tabs.setCurrentIndex(0)

    def school_header_clicked(self, row: int) -> None:
        """A school's name in the matrix: all of that school's files (the unit row: all files)."""
        school = self.w.matrix_model.school_at(row) if 0 <= row < self.w.matrix_model.rowCount() else ""
        self.w.file_panel.set_scope(None, school or None)
        self.w.tabs.setCurrentIndex(0)

    def indicator_header_clicked(self, column: int) -> None:
        """An indicator code above the matrix: that indicator's files, as in the tree."""
        code = self.w.matrix_model.index(0, column).data(roles.INDICATOR)
        if code:
            self.w.tree.setCurrentIndex(self.w.tree_model.indicator_index(code))

    def file_selected(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        ws = self.w.workspace
        path = current.data(roles.PATH) if current.isValid() else None
        record = ws.file_record(path) if path else None
        if record is None or ws.source is None:
            return
        self.w.preview.show_file(ws.source, record, ws.entries)

    def finding_activated(self, index: QModelIndex) -> None:
        """Enter or a double click on a finding: show its file in the file table."""
        path = index.data(roles.PATH)
        if path:
            self.go_to_file(path, reveal=True)
            self.w.file_panel.view.setFocus()

    def show_all_files(self) -> None:
        self.w.file_panel.clear_filters()
        self.w.tree.selectionModel().clearCurrentIndex()
        self.w.matrix.selectionModel().clearCurrentIndex()

    def go_to_file(self, path: str, reveal: bool | None = None) -> None:
        """Select ``path`` in the file table (widening the filters if it is hidden) and preview it.

        ``reveal`` brings the Files tab to the front; by default it does, except while a new report
        is shown (a correction made from the All Findings list keeps that list in front)."""
        if reveal is None:
            reveal = not self._refreshing
        panel = self.w.file_panel
        row = panel.model.row_of(path)
        if row < 0:
            return
        proxy_index = panel.proxy.mapFromSource(panel.model.index(row, 0))
        if not proxy_index.isValid():
            panel.clear_filters()
            proxy_index = panel.proxy.mapFromSource(panel.model.index(row, 0))
        if reveal:
            self.w.tabs.setCurrentIndex(0)
        self.w.select_file_row(proxy_index.row())

    # ── Go menu ──────────────────────────────────────────────────────────────────────────
    def step_indicator(self, delta: int) -> None:
        model = self.w.tree_model
        codes = model.indicator_codes()
        if not codes:
            return
        current = self.w.tree.currentIndex().data(roles.INDICATOR)
        at = codes.index(current) if current in codes else (-1 if delta > 0 else len(codes))
        target = codes[max(0, min(len(codes) - 1, at + delta))]
        index = model.indicator_index(target)
        self.w.tree.setCurrentIndex(index)
        self.w.tree.scrollTo(index)

    def step_file(self, delta: int) -> None:
        count = self.w.file_panel.proxy.rowCount()
        if not count:
            return
        current = self.w.current_file_index()
        row = current.row() + delta if current.isValid() else (0 if delta > 0 else count - 1)
        self.w.select_file_row(max(0, min(count - 1, row)))

    def step_problem(self, delta: int) -> None:
        """F8 / Shift+F8: the next (previous) file with an open warning or error, in the file table's
        order over the whole unit, wrapping around with a word in the status bar.  The reviewer's
        list keeps the focus; in the All Findings list the file's first problem is selected."""
        model = self.w.file_panel.model
        problems = [r for r in range(model.rowCount()) if model.worst_rank(model.file(r)) >= PROBLEM_RANK]
        bar = self.w.statusBar()
        if not problems:
            bar.showMessage(self.tr("No open problems in this unit."), STATUS_MS)
            return
        record = self.w.preview.record
        here = model.row_of(record.path) if record is not None else -1
        if here < 0:
            here = model.row_of(self.w.current_file_index().data(roles.PATH) or "")
        ahead = [r for r in problems if (r > here if delta > 0 else r < here)] if here >= 0 else []
        wrapped = not ahead and here >= 0
        pool = ahead or problems  # nothing ahead: wrap around
        target = pool[0] if delta > 0 else pool[-1]
        path = model.file(target).path
        self.go_to_file(path, reveal=False)
        if self.w.tabs.currentWidget() is self.w.findings:
            row = self.w.findings_model.row_of(path, problem_rank=PROBLEM_RANK)
            if row >= 0:
                self._select_finding_row(row)
        n = problems.index(target) + 1
        text = self.tr("Problem %1 of %2: %3").replace("%1", str(n)).replace("%2", str(len(problems)))
        text = text.replace("%3", model.file(target).name)
        if wrapped:
            again = (
                self.tr("Back to the first problem.") if delta > 0 else self.tr("Back to the last problem.")
            )
            text = again + " " + text
        bar.showMessage(text, STATUS_MS)
        self._keep_focus_usable()

    def _keep_focus_usable(self) -> None:
        """After a jump the keyboard must still work: if nothing visible has the focus, the list in
        front gets it."""
        focus = QApplication.focusWidget()
        if focus is None or not focus.isVisible() or focus.window() is not self.w:
            front = (
                self.w.findings if self.w.tabs.currentWidget() is self.w.findings else self.w.file_panel.view
            )
            front.setFocus()
