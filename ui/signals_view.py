"""The "To verify" view: every authenticity signal, the pair side by side, the reviewer's verdict.

Signals point at something for a person to check; this view never changes whether a file counts.
The slow part (reading images and PDF text) runs through the task helper; the features go to the
review session, which derives the report with its signals (and again, without reopening files,
after every correction).  Verdicts and their rules are the session's too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.model import Report
from app.review import ReviewError
from app.signals import SignalOptions, collect_features
from app.signals.review import CHECKED, CLEARED, PROBLEM, Verdict, export_rows, write_xlsx
from ui.models.signals_model import SignalsModel
from ui.preview.pane import PreviewPane
from ui.tasks import Task, TaskRunner
from ui.workspace import Workspace


class SignalsView(QWidget):
    signals_ready = Signal(int)  # number of signals, after each (re)computation
    failed = Signal(str)

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks = workspace, tasks
        self.options = SignalOptions()
        self.model = SignalsModel(self)
        self._task: Task | None = None
        self.last_error = ""
        self._build()
        workspace.report_changed.connect(self._report_changed)
        self._set_running(False)
        self._show_status()

    # ── building ─────────────────────────────────────────────────────────────────────────
    def _build(self) -> None:
        self.find_button = QPushButton(self.tr("Find Signals"))
        self.find_button.setToolTip(
            self.tr("Look for reused photos, copied documents, other schools' documents and odd dates")
        )
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.status = QLabel()
        self.mark_checked = QPushButton(self.tr("Mark Checked…"))
        self.mark_problem = QPushButton(self.tr("Mark as Problem…"))
        self.clear_mark = QPushButton(self.tr("Clear Mark"))
        self.export_button = QPushButton(self.tr("Export List…"))
        top = QHBoxLayout()
        for w in (self.find_button, self.cancel_button, self.progress, self.status):
            top.addWidget(w)
        top.addStretch(1)
        for w in (self.mark_checked, self.mark_problem, self.clear_mark, self.export_button):
            top.addWidget(w)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        for col, width in ((0, 90), (1, 220), (2, 300), (3, 60), (4, 320)):
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.left, self.right = PreviewPane(self.tasks), PreviewPane(self.tasks)
        pair = QSplitter(Qt.Orientation.Horizontal)
        pair.addWidget(self.left)
        pair.addWidget(self.right)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(pair)
        split.setSizes([200, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.find_button.clicked.connect(self.find_signals)
        self.cancel_button.clicked.connect(self.cancel)
        self.mark_checked.clicked.connect(lambda: self._ask_mark(CHECKED))
        self.mark_problem.clicked.connect(lambda: self._ask_mark(PROBLEM))
        self.clear_mark.clicked.connect(lambda: self._mark_current(CLEARED, ""))
        self.export_button.clicked.connect(self._ask_export)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_pair(cur.row()))

    def _set_running(self, on: bool) -> None:
        self.progress.setVisible(on)
        self.cancel_button.setVisible(on)
        self.find_button.setEnabled(not on)

    def _show_status(self) -> None:
        if self.workspace.session.signal_features is None:
            self.status.setText(self.tr("Not searched yet."))
            return
        total, open_ = self.model.rowCount(), self.model.unchecked()
        self.status.setText(
            self.tr("%1 signals, %2 not checked").replace("%1", str(total)).replace("%2", str(open_))
        )

    # ── the pass ─────────────────────────────────────────────────────────────────────────
    def find_signals(self) -> None:
        report, source = self.workspace.report, self.workspace.source
        base = self.workspace.session.base  # the check the features will belong to
        if report is None or source is None or self.workspace.scanning:
            self.status.setText(self.tr("Check a submission first."))
            return
        self._set_running(True)
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Reading photos and documents…"))
        options = self.options
        self._task = self.tasks.start(
            "signals",
            lambda: collect_features(source, report, options),
            on_progress=self._progress,
            on_done=lambda features: self._collected(base, features),
            on_error=self._failed,
            on_cancel=self._cancelled,
        )

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _progress(self, p) -> None:
        if p.total:
            self.progress.setRange(0, p.total)
            self.progress.setValue(p.done)

    def _collected(self, base: Report | None, features: dict[str, dict[str, Any]]) -> None:
        self._task = None
        self._set_running(False)
        if not self.workspace.set_signal_features(base, features, self.options):
            self._show_status()  # a new scan replaced the report meanwhile: these features are stale

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self._set_running(False)
        message = self.tr("The search failed: %1").replace("%1", str(exc))
        self.status.setText(message)
        self.failed.emit(message)

    def _cancelled(self) -> None:
        self._task = None
        self._set_running(False)
        self.status.setText(self.tr("Search cancelled."))

    def _report_changed(self, report: Report | None) -> None:
        """The session derived a new report: show its signals (none until the pass has run)."""
        searched = report is not None and self.workspace.session.signal_features is not None
        found = list(report.signals) if report is not None and searched else []
        self.model.set_signals(found, self._verdicts() if searched else {})
        self._show_status()
        if found:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self._show_pair(-1)
        if searched:
            self.signals_ready.emit(len(found))

    # ── the pair ─────────────────────────────────────────────────────────────────────────
    def _show_pair(self, row: int) -> None:
        signal = self.model.signal_at(row)
        source = self.workspace.source
        if signal is None or source is None:
            self.left.clear(self.tr("Select a signal to compare its files."))
            self.right.clear("")
            return
        for pane, path in zip((self.left, self.right), (*signal.paths, None), strict=False):
            record = self.workspace.file_record(path) if path else None
            if record is None:
                pane.clear(self.tr("This signal concerns one file."))
            else:
                pane.show_file(source, record, self.workspace.entries)
        if len(signal.paths) == 1:
            self.right.clear(self.tr("This signal concerns one file."))

    # ── verdicts ─────────────────────────────────────────────────────────────────────────
    def _verdicts(self) -> dict[str, Verdict]:
        try:
            return self.workspace.session.verdicts()
        except ReviewError as exc:
            self.failed.emit(str(exc))
            return {}

    def mark(self, row: int, status: str, note: str = "") -> bool:
        """Record the verdict on the signal in ``row``; a refused edit is explained, not raised."""
        signal = self.model.signal_at(row)
        if signal is None:
            return False
        try:
            verdict = self.workspace.session.set_verdict(signal, status, note)
        except ReviewError as exc:  # refused (a problem without a note…) or the file cannot be written
            self.last_error = str(exc)
            self.status.setText(self.last_error)
            self.failed.emit(self.last_error)
            return False
        self.model.set_verdict(signal.key, verdict)
        self._show_status()
        return True

    def _current_row(self) -> int:
        return self.table.currentIndex().row()

    def _ask_mark(self, status: str) -> None:
        row = self._current_row()
        signal = self.model.signal_at(row)
        if signal is None:
            return
        label = self.tr("What did you find? (required)") if status == PROBLEM else self.tr("Note (optional):")
        old = self.model.verdict_of(signal.key)
        note, ok = QInputDialog.getText(self, self.tr("Verdict"), label, text=old.note if old else "")
        if ok and not self.mark(row, status, note):
            QMessageBox.warning(self, self.tr("Not saved"), self.last_error)

    def _mark_current(self, status: str, note: str) -> None:
        self.mark(self._current_row(), status, note)

    def export(self, path: str) -> None:
        report = self.workspace.report
        signals = report.signals if report else []
        write_xlsx(path, self.workspace.review_unit, export_rows(signals, self._verdicts()))

    def _ask_export(self) -> None:
        name = f"{self.workspace.review_unit or 'evcheck'}-需核实.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export List"), name, self.tr("Excel (*.xlsx)"))
        if not path:
            return
        try:
            self.export(path)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Not saved"),
                f"无法写入 {path}：{exc.strerror or exc}。请换一个位置或关闭已打开的同名文件。",
            )

    def cleanup(self) -> None:
        task = self._task
        self.cancel()
        if task is not None:
            task.wait(5.0)  # its finally block stops the worker processes
        self.left.cleanup()
        self.right.cleanup()


class _CloseWatcher(QObject):
    """Stops the view's work when the window closes (the window's own closeEvent stays as is)."""

    def __init__(self, view: SignalsView, parent: QObject) -> None:
        super().__init__(parent)
        self.view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.view.cleanup()
        return False


def install_signals_view(window: QMainWindow) -> SignalsView:
    """Add the view to the main window as a dock, with menu actions (View → To Verify,
    Scan → Find Signals). The window only needs to call this once."""
    view = SignalsView(window.workspace, window.tasks, window)  # type: ignore[attr-defined]
    # an explicit context: lupdate filed ``window.tr(...)`` under "window" while it ran under
    # "MainWindow", so these stayed English
    dock = QDockWidget(QCoreApplication.translate("SignalsView", "To Verify"), window)
    dock.setObjectName("signals_dock")
    dock.setWidget(view)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.hide()
    toggle = dock.toggleViewAction()
    toggle.setText(QCoreApplication.translate("SignalsView", "To &Verify"))
    toggle.setShortcut("Ctrl+Shift+V")
    find = window.addAction(QCoreApplication.translate("SignalsView", "Find Signals"))
    find.setShortcut("Ctrl+Shift+F")

    def find_now() -> None:
        dock.show()
        dock.raise_()
        view.find_signals()

    find.triggered.connect(lambda _checked=False: find_now())
    acts = getattr(window, "acts", None)
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is None or acts is None:
            continue
        if getattr(acts, "focus_tree", None) in menu.actions():
            menu.addSeparator()
            menu.addAction(toggle)
        if getattr(acts, "rescan", None) in menu.actions():
            menu.addSeparator()
            menu.addAction(find)
    window.installEventFilter(_CloseWatcher(view, window))
    window.signals_view = view  # type: ignore[attr-defined]
    window.signals_dock = dock  # type: ignore[attr-defined]
    return view


__all__ = ["SignalsView", "install_signals_view"]
