"""Puts the scoring panel into the main window: a dock, an Edit menu (undo/redo) and the wiring.

The window calls :func:`attach_scoring` once; everything else lives here so the window stays
composition.  The panel reuses the window's review store (the correction store's) — never a second
writer on the same file.  Without a review file, scoring is shown as off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QMessageBox

from ui import settings as S
from ui.models import roles
from ui.ports import window_store
from ui.scoring.panel import ScoringPanel

if TYPE_CHECKING:
    from ui.ports import ScoringWindow
    from ui.preview.pane import PreviewPane

DOCK_WIDTH = 400


def previewed(preview: PreviewPane) -> tuple[str, int | None] | None:
    """The previewed file's path and, for a PDF, the page on screen (from 1)."""
    record = preview.record
    if record is None:
        return None
    page = preview.pdf.page() + 1 if preview.shown == "pdf" else None
    return record.path, page


def file_indicator(window: ScoringWindow, path: str) -> str | None:
    """The indicator ``path`` is filed under in the report on screen (corrections included)."""
    record = window.workspace.file_record(path) or window.preview.record
    return getattr(record, "indicator", None) if record is not None and record.path == path else None


class _SaveBeforeClose(QObject):
    """Notes typed just before closing are saved before the window closes the review file."""

    def __init__(self, panel: ScoringPanel, parent: QObject) -> None:
        super().__init__(parent)
        self.panel = panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.panel.save_notes()
        return False


class ScoringDock(QDockWidget):
    def __init__(self, window: ScoringWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(self.tr("Scoring"))
        self.setObjectName("scoring_dock")
        ws = window.workspace
        self.window_ = window
        self.panel = ScoringPanel(ws.rubric)
        self.panel.default_weight = window.settings.get(S.DEFAULT_WEIGHT)
        self.panel.evidence_source = lambda: previewed(window.preview)
        self.panel.file_indicator = lambda path: file_indicator(window, path)
        self.panel.set_store(window_store(window))
        self.setWidget(self.panel)
        self.setMinimumWidth(320)

        ws.session.default_weight = self.panel.default_weight
        # the session decides whether the opened material is scored; the panel shows its answer
        ws.admission_changed.connect(
            lambda a: self.panel.set_admission(a.unit if a.joined else "", a.warning, str(ws.source or ""))
        )
        ws.report_changed.connect(lambda _report: self.panel.refresh())  # suggestions follow corrections
        window.tree.selectionModel().currentChanged.connect(
            lambda current, _previous: self.panel.show_indicator(current.data(roles.INDICATOR))
        )
        self.panel.indicator_chosen.connect(
            lambda code: window.tree.setCurrentIndex(window.tree_model.indicator_index(code))
        )
        self.panel.evidence_activated.connect(self._show_evidence)
        self.panel.confirmed_changed.connect(window.tree_model.set_confirmed)  # the tree's ✓
        self.panel.notice.connect(lambda text: window.statusBar().showMessage(text, 5000))
        self._closing = _SaveBeforeClose(self.panel, window)
        window.installEventFilter(self._closing)
        self.actions_ = self._make_actions()

    def _make_actions(self) -> list[QAction]:
        w, stack = self.window_, self.panel.undo_stack
        undo = stack.createUndoAction(w, self.tr("Undo"))
        undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        redo = stack.createRedoAction(w, self.tr("Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        show = QAction(self.tr("Go to Scoring"), w)
        show.setShortcut(QKeySequence("Ctrl+5"))
        show.triggered.connect(self.focus_panel)
        link = QAction(self.tr("Link Previewed File and Page"), w)
        link.setShortcut(QKeySequence("Ctrl+L"))
        link.triggered.connect(lambda: self.panel.link_previewed())
        confirm = QAction(self.tr("Confirm Score"), w)
        # Return on the main keys, Enter on the number pad: both confirm
        confirm.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        confirm.triggered.connect(lambda: self.panel.confirm())
        remove = QAction(self.tr("Remove Unit from Review…"), w)
        remove.triggered.connect(lambda: self.ask_remove_unit())
        self.remove_unit_action = remove
        toggle = self.toggleViewAction()
        toggle.setText(self.tr("Show Scoring Panel"))

        menu = QMenu(self.tr("&Edit"), w.menuBar())
        for a in (undo, redo):
            menu.addAction(a)
        menu.addSeparator()
        for a in (confirm, link, show, toggle):
            menu.addAction(a)
        menu.addSeparator()
        menu.addAction(remove)
        bar_actions = w.menuBar().actions()
        # right after File, where an Edit menu is expected
        w.menuBar().insertMenu(bar_actions[1] if len(bar_actions) > 1 else None, menu)
        actions = [undo, redo, confirm, link, show]
        w.acts.all.extend(actions)  # listed in Help → Keyboard Shortcuts
        return actions

    def ask_remove_unit(self) -> bool:
        """Remove the scored unit from the review file, after the reviewer confirms."""
        ws, unit = self.window_.workspace, self.panel.unit
        store = self.panel.store
        if not unit or store is None or not store.has_unit(unit):
            self.window_.statusBar().showMessage(self.tr("No unit of the review is open."), 5000)
            return False
        answer = QMessageBox.question(
            self.window_,
            self.tr("Remove Unit"),
            self.tr(
                "Remove “%1” from the review? Its scores, evidence links, corrections and verdicts "
                "are deleted from the review file (the audit log keeps the history)."
            ).replace("%1", unit),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.panel.save_notes()
        self.panel.undo_stack.clear()  # the undo steps refer to rows that no longer exist
        return ws.remove_unit(unit)

    def focus_panel(self) -> None:
        self.show()
        self.raise_()
        self.panel.picker.setFocus()

    def _show_evidence(self, path: str, page: int | None) -> None:
        preview = self.window_.preview
        already = preview.record is not None and preview.record.path == path

        def go_to_page(loaded_path: str = path, kind: str = "pdf") -> None:
            if loaded_path == path and kind == "pdf" and page:
                preview.pdf.go_to(page - 1)

        if not already and page:

            def once(loaded_path: str, kind: str) -> None:
                preview.loaded.disconnect(once)
                go_to_page(loaded_path, kind)

            preview.loaded.connect(once)
        self.window_.nav.go_to_file(path)
        if already and preview.shown == "pdf":
            go_to_page()


def attach_scoring(window: ScoringWindow) -> ScoringDock:
    """Add the scoring dock to ``window`` (right side) with its Edit menu and shortcuts."""
    dock = ScoringDock(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    # narrow enough that the preview keeps room beside it on a 1280-pixel laptop screen
    window.resizeDocks([dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
    from ui.export_dialog import attach_export

    dock.export_action = attach_export(window)  # 文件 → 导出评分表…
    return dock
