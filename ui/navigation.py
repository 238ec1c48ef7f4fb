"""Moving around the window: selection follow-through and the Go menu's next/previous steps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex

from ui.models import roles

if TYPE_CHECKING:
    from ui.main_window import MainWindow

PROBLEM_RANK = 2  # warnings and errors count as problems for "Next Problem"


class Navigator:
    def __init__(self, window: MainWindow) -> None:
        self.w = window

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
        path = index.data(roles.PATH)
        if path:
            self.go_to_file(path)

    def show_all_files(self) -> None:
        self.w.file_panel.clear_filters()
        self.w.tree.selectionModel().clearCurrentIndex()
        self.w.matrix.selectionModel().clearCurrentIndex()

    def go_to_file(self, path: str) -> None:
        """Select ``path`` in the file table (widening the filters if it is hidden) and preview it."""
        panel = self.w.file_panel
        row = panel.model.row_of(path)
        if row < 0:
            return
        proxy_index = panel.proxy.mapFromSource(panel.model.index(row, 0))
        if not proxy_index.isValid():
            panel.clear_filters()
            proxy_index = panel.proxy.mapFromSource(panel.model.index(row, 0))
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
        """The next (or previous) warning or error in the findings list, wrapping around."""
        model = self.w.findings_model
        count = model.rowCount()
        if not count:
            return
        start = self.w.findings.currentIndex().row()
        if start < 0:
            start = -1 if delta > 0 else count
        for step in range(1, count + 1):
            row = (start + delta * step) % count
            index = model.index(row, 0)
            if (index.data(roles.SEVERITY) or 0) >= PROBLEM_RANK and index.data(roles.PATH):
                self.w.findings.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.go_to_file(index.data(roles.PATH))
                return
