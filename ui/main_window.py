"""The main window: composition and wiring only.  State lives in Workspace, logic in app/."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.formats import ARCHIVE_SUFFIXES
from app.model import Progress, Report
from ui import settings as S
from ui.actions import WindowActions
from ui.city_state import CityProgress
from ui.city_view import attach_city, progress_text
from ui.clerk.hook import attach_clerk
from ui.content_pass import attach_content_pass
from ui.correcting import Corrector
from ui.layout import install_dialog_fitter, restore_window
from ui.models import roles
from ui.models.coverage_matrix import CoverageMatrixModel
from ui.models.findings_list import FindingsListModel
from ui.models.indicator_tree import IndicatorTreeModel
from ui.modes import WorkModes
from ui.navigation import Navigator
from ui.opening import Opener
from ui.panels import Banner, CoverageView, FilePanel, IndicatorView
from ui.preview.pane import PreviewPane
from ui.review_file import ReviewFileActions
from ui.scoring.hook import attach_scoring
from ui.search_bar import attach_search
from ui.settings import Settings
from ui.signals_view import install_signals_view
from ui.tasks import TaskRunner
from ui.workspace import Workspace


class MainWindow(QMainWindow):
    scan_finished = Signal(str)  # "done" | "cancelled" | "failed", after the window has updated

    def __init__(self, workspace: Workspace, settings: Settings, tasks: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.workspace, self.settings, self.tasks = workspace, settings, tasks
        self.setWindowTitle(self.tr("evcheck — Evidence Check"))
        self.setAcceptDrops(True)
        self.remember_choices = True  # off for screenshots, so they never touch the reviewer's settings
        # the whole window runs on throw-away data (``--demo``, ``--screenshot``): the demo may be scored
        self.throwaway = False
        self.acts = WindowActions(self)

        self.tree_model = IndicatorTreeModel(self)
        self.matrix_model = CoverageMatrixModel(self)
        self.findings_model = FindingsListModel(self)
        self.tree = IndicatorView()
        self.matrix = CoverageView()
        self.file_panel = FilePanel()
        self.findings = QTableView()
        self.preview = PreviewPane(tasks)
        self.banner = Banner()
        self._build_views()
        self._build_layout()
        self._build_toolbar()
        self._build_status_bar()
        self.recent_menu = self.acts.build_menus(self.menuBar(), self.preview.actions_for_menu())
        self.nav = Navigator(self)
        self.corrector = Corrector(self)
        self.opener = Opener(self)
        self._wire()
        self.opener.refresh_recent()
        self.opener.refresh_units()
        self._show_report(None)
        install_dialog_fitter()  # every dialog, the other panels' too, fits the screen
        self._restore_layout()
        install_signals_view(self)  # the "To verify" dock (issue 8), View and Scan menu entries
        self.scoring = attach_scoring(self)  # dock, Edit menu (undo/redo) and wiring: ui/scoring/hook.py
        self.city_dock = attach_city(self)  # the unit list of a city root: ui/city_view.py
        self.clerk = attach_clerk(self)  # template, rename, convert, undo, pack: ui/clerk/hook.py
        self.review_files = ReviewFileActions(self)  # File → New / Open / Save Review File As…
        self.review_files.install()
        self.modes = WorkModes(self)  # Check / Preview / Score: ui/modes.py
        self.modes.install()
        self.content = attach_content_pass(self)  # reads the documents after a check: ui/content_pass.py
        self.search = attach_search(self, self.content)  # Ctrl+F over their text: ui/search_bar.py
        self._arranged = False

    # ── building ─────────────────────────────────────────────────────────────────────────
    def _build_views(self) -> None:
        self.tree.setModel(self.tree_model)
        self.tree_model.modelReset.connect(self.tree.expandAll)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        # the names take the tree's width (ui/panels.py: IndicatorView); the full name is the tooltip
        self.matrix.setModel(self.matrix_model)
        self.matrix.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matrix.verticalHeader().setDefaultSectionSize(26)
        self.matrix.setWordWrap(False)
        self.findings.setModel(self.findings_model)
        self.findings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.findings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings.verticalHeader().hide()
        self.findings.verticalHeader().setDefaultSectionSize(22)
        self.findings.setWordWrap(False)
        self.findings.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        for col, width in ((0, 72), (1, 300), (2, 260)):
            self.findings.setColumnWidth(col, width)
        self.findings.horizontalHeader().setStretchLastSection(True)
        self.tree.drag_source = self.matrix.drag_source = self.file_panel.view

    def _build_layout(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(self.file_panel, self.tr("Files"))
        self.tabs.addTab(self.findings, self.tr("All Findings"))
        self.middle = QSplitter(Qt.Orientation.Vertical)
        self.middle.addWidget(self._titled(self.tr("Coverage: schools × indicators"), self.matrix))
        self.middle.addWidget(self.tabs)
        self.middle.setSizes([250, 450])
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(self._titled(self.tr("Indicators"), self.tree))
        self.main_split.addWidget(self.middle)
        self.main_split.addWidget(self.preview)
        self.main_split.setSizes([250, 480, 300])  # proportions: the scoring dock takes its share first
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.main_split, 1)
        self.setCentralWidget(central)

    @staticmethod
    def _titled(title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(title)
        label.setStyleSheet("font-weight: bold; padding: 2px;")
        layout.addWidget(label)
        layout.addWidget(widget, 1)
        return box

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main"))
        bar.setObjectName("main_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.main_toolbar = bar
        for a in (self.acts.open_folder, self.acts.open_zip, self.acts.choose_roster):
            bar.addAction(a)
        bar.addWidget(QLabel(" " + self.tr("Unit:") + " "))
        self.unit_combo = QComboBox()
        self.unit_combo.setMinimumWidth(180)
        self.unit_combo.setToolTip(self.tr("The unit (考核单位) whose schools the coverage lists"))
        bar.addWidget(self.unit_combo)
        bar.addSeparator()
        for a in (self.acts.rescan, self.acts.cancel_scan, self.acts.load_demo):
            bar.addAction(a)
        self.addToolBar(bar)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("%v / %m")
        self.progress_label = QLabel()
        self.progress_label.setMaximumWidth(260)
        self.cancel_button = QToolButton()
        self.cancel_button.setDefaultAction(self.acts.cancel_scan)
        self.unit_label, self.roster_label, self.rubric_label, self.totals_label = (
            QLabel() for _ in range(4)
        )
        self.review_label = QLabel()
        self.show_review_file()
        for w in (self.progress_label, self.progress, self.cancel_button):
            # showing the progress must not re-lay out the window: a full repaint while the scan
            # thread holds the GIL was the longest GUI stall measured (bench/bench_gui_stall.py)
            policy = w.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            w.setSizePolicy(policy)
            bar.addWidget(w)
        for w in (
            self.unit_label,
            self.roster_label,
            self.rubric_label,
            self.review_label,
            self.totals_label,
        ):
            bar.addPermanentWidget(w)
        self._set_scanning(False)

    def review_path(self) -> Path | None:
        """The review file in use, or None when corrections are kept for this session only."""
        store = self.workspace.store
        path = getattr(getattr(store, "store", None), "path", None)
        return Path(path) if store.persistent and path is not None else None

    def show_review_file(self) -> None:
        """Name the review file in use in the status bar and the title (issue 13: it is visible)."""
        path = self.review_path()
        if path is not None:
            self.review_label.setText(self.tr("Review: %1").replace("%1", path.name))
            self.review_label.setToolTip(
                self.tr(
                    "Review file in use: %1\nFile → New, Open or Save Review File As… changes it."
                ).replace("%1", str(path))
            )
        else:
            self.review_label.setText(self.tr("Corrections: this session only"))
            self.review_label.setToolTip(
                self.tr("The review file could not be opened; corrections are not saved.")
            )
        self.update_title()

    def update_title(self) -> None:
        source = self.workspace.source
        path = self.review_path()
        parts = [source.name] if source is not None else []
        parts.append(path.name if path is not None else self.tr("corrections not saved"))
        self.setWindowTitle(self.tr("%1 — evcheck").replace("%1", " · ".join(parts)))

    def _wire(self) -> None:
        ws, a, nav = self.workspace, self.acts, self.nav
        ws.report_changed.connect(self._show_report)
        ws.scan_started.connect(self._scan_started)
        ws.scan_progress.connect(self._scan_progress)
        ws.scan_ended.connect(self._scan_ended)
        ws.problem.connect(self.banner.show_message)
        ws.roster_changed.connect(self.opener.refresh_units)
        ws.unit_changed.connect(self.opener.unit_changed)
        self.unit_combo.activated.connect(self.opener.unit_chosen)
        self.tree.selectionModel().currentChanged.connect(nav.indicator_selected)
        self.matrix.selectionModel().currentChanged.connect(nav.cell_selected)
        self.matrix.clicked.connect(nav.cell_selected)
        self.matrix.verticalHeader().sectionClicked.connect(nav.school_header_clicked)
        self.matrix.horizontalHeader().sectionClicked.connect(nav.indicator_header_clicked)
        self.file_panel.view.selectionModel().currentChanged.connect(nav.file_selected)
        self.file_panel.show_all.connect(nav.show_all_files)
        self.file_panel.view.customContextMenuRequested.connect(self.corrector.file_menu)
        self.findings.activated.connect(nav.finding_activated)
        self.findings.doubleClicked.connect(nav.finding_activated)
        self.findings.customContextMenuRequested.connect(self.corrector.findings_menu)
        self.tree.files_dropped.connect(lambda idx: self.corrector.dropped(idx.data(roles.INDICATOR), None))
        self.matrix.files_dropped.connect(
            lambda idx: self.corrector.dropped(idx.data(roles.INDICATOR), idx.data(roles.SCHOOL))
        )
        for action, slot in (
            (a.open_folder, self.opener.choose_folder),
            (a.open_zip, self.opener.choose_zip),
            (a.choose_roster, self.opener.choose_roster),
            (a.clear_roster, lambda: self.set_roster(None)),
            (a.load_demo, self.load_demo),
            (a.quit, self.close),
            (a.rescan, ws.rescan),
            (a.cancel_scan, ws.cancel_scan),
            (a.next_indicator, lambda: nav.step_indicator(1)),
            (a.prev_indicator, lambda: nav.step_indicator(-1)),
            (a.next_file, lambda: nav.step_file(1)),
            (a.prev_file, lambda: nav.step_file(-1)),
            (a.next_problem, lambda: nav.step_problem(1)),
            (a.prev_problem, lambda: nav.step_problem(-1)),
            (a.show_all_files, nav.show_all_files),
            (a.reassign, self.ask_reassign),
            (a.accept_finding, self.ask_accept),
            (a.focus_tree, lambda: (self.modes.reveal(self.tree), self.tree.setFocus())),
            (a.focus_matrix, lambda: (self.modes.reveal(self.matrix), self.matrix.setFocus())),
            (a.focus_files, lambda: (self.tabs.setCurrentIndex(0), self.file_panel.view.setFocus())),
            (a.focus_findings, lambda: (self.tabs.setCurrentIndex(1), self.findings.setFocus())),
            (a.focus_filter, lambda: (self.tabs.setCurrentIndex(0), self.file_panel.filter.setFocus())),
            (a.shortcuts, self.show_shortcuts),
            (a.about, self.show_about),
            (a.preferences, self.show_settings),
        ):
            a.connect(action, slot)

    # ── opening material (ui/opening.py) ─────────────────────────────────────────────────
    def set_roster(self, path: Path | None) -> bool:
        return self.opener.set_roster(path)

    def open_path(self, path: Path) -> None:
        self.opener.open_path(path)

    def load_demo(self, trial: bool | None = None) -> None:
        self.opener.load_demo(trial)

    def _refresh_recent(self) -> None:
        self.opener.refresh_recent()

    # drag a folder or an archive from the file manager onto the window
    def _dropped_path(self, event) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        local = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        if len(local) == 1 and (local[0].is_dir() or local[0].suffix.lower() in ARCHIVE_SUFFIXES):
            return local[0]
        return None

    def dragEnterEvent(self, event) -> None:
        if self._dropped_path(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = self._dropped_path(event)
        if path is not None:
            event.acceptProposedAction()
            self.opener.open_path(path)

    # ── scanning ─────────────────────────────────────────────────────────────────────────
    def _set_scanning(self, on: bool) -> None:
        for w in (self.progress, self.progress_label, self.cancel_button):
            w.setVisible(on)
        self.acts.cancel_scan.setEnabled(on)

    def _scan_started(self, source: str) -> None:
        self.progress.setRange(0, 0)
        self.progress_label.setText(self.tr("Reading %1…").replace("%1", Path(source).name))
        self._set_scanning(True)
        self.update_title()

    def _scan_progress(self, p: Progress) -> None:
        if p.total > 0:
            self.progress.setRange(0, p.total)
            self.progress.setValue(p.done)
        if isinstance(p, CityProgress):  # a whole city: the unit first, the file elided after it
            self.progress_label.setText(
                self.progress_label.fontMetrics().elidedText(
                    progress_text(p), Qt.TextElideMode.ElideRight, 250
                )
            )
            return
        name = p.current.rsplit("/", 1)[-1]
        text = self.tr("Checking %1").replace("%1", name) if p.phase == "inspect" else self.tr("Finishing…")
        self.progress_label.setText(
            self.progress_label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, 250)
        )

    def _scan_ended(self, outcome: str) -> None:
        self._set_scanning(False)
        messages = {
            "done": self.tr("Scan finished."),
            "cancelled": self.tr("Scan cancelled; the previous results are still shown."),
            "failed": self.tr("Scan failed; see the message above."),
        }
        self.statusBar().showMessage(messages.get(outcome, ""), 8000)
        self.scan_finished.emit(outcome)

    # ── showing a report ─────────────────────────────────────────────────────────────────
    def _show_report(self, report: Report | None) -> None:
        keep_file = self.preview.record.path if self.preview.record else None
        keep_indicator = self.tree.currentIndex().data(roles.INDICATOR)
        rubric = self.workspace.rubric
        self.tree_model.set_report(rubric, report)
        self.matrix_model.set_report(rubric, report)
        self.file_panel.model.set_files(report.files if report else [], report.schools if report else [])
        self.findings_model.set_report(report)
        self.rubric_label.setText(rubric.name)
        if report is None:
            self.totals_label.setText("")
            self.tabs.setTabText(1, self.tr("All Findings"))
            return
        s = report.summary()
        self.totals_label.setText(
            self.tr("%1 files · %2 gaps · %3 errors · %4 warnings")
            .replace("%1", str(s["files"]))
            .replace("%2", str(s["gaps"]))
            .replace("%3", str(s["errors"]))
            .replace("%4", str(s["warnings"]))
        )
        self.tabs.setTabText(
            1, self.tr("All Findings (%1)").replace("%1", str(self.findings_model.rowCount()))
        )
        if keep_indicator:
            self.tree.setCurrentIndex(self.tree_model.indicator_index(keep_indicator))
        record = self.workspace.file_record(keep_file) if keep_file else None
        if record is not None and self.workspace.source is not None:
            self.nav.go_to_file(keep_file)
            # the row may not move, so refresh the preview itself: its findings after a
            # correction, or the file's content after a re-scan
            self.preview.show_file(self.workspace.source, record, self.workspace.entries)
        elif keep_file:
            self.preview.clear()

    # ── corrections (ui/correcting.py) ───────────────────────────────────────────────────
    def selected_paths(self) -> list[str]:
        return self.corrector.selected_paths()

    def reassign_files(self, paths: list[str], indicator: str | None, school: str | None) -> None:
        self.corrector.reassign_files(paths, indicator, school)

    def ask_reassign(self) -> None:
        self.corrector.ask_reassign()

    def ask_accept(self, path: str | None = None, code: str | None = None) -> None:
        self.corrector.ask_accept(path, code)

    # ── help ─────────────────────────────────────────────────────────────────────────────
    def shortcut_rows(self) -> list[tuple[str, str]]:
        native = QKeySequence.SequenceFormat.NativeText
        rows, seen = [], set()
        # every menu's actions too: docks and features attach theirs there (export, modes, review file)
        in_menus = [a for menu in self.menuBar().findChildren(QMenu) for a in menu.actions()]
        preview = [x for x in self.preview.actions_for_menu() if x is not None]
        for a in self.acts.all + preview + in_menus:
            if a.shortcut().isEmpty() or id(a) in seen:
                continue
            seen.add(id(a))
            keys = " / ".join(k.toString(native) for k in a.shortcuts())
            rows.append((a.text().replace("&", ""), keys))
        return rows

    def show_shortcuts(self) -> None:
        from ui.about import ShortcutsDialog

        ShortcutsDialog(self.shortcut_rows(), self).exec()

    def show_about(self) -> None:
        from ui.about import AboutDialog  # built on demand, not at start-up

        AboutDialog(self.workspace.rubric, self).exec()

    def show_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        if not dialog.exec():
            return
        self.workspace.file_time_limit = self.settings.get(S.FILE_TIME_LIMIT)  # from the next check on
        if S.CONTENT_PASS in dialog.saved:
            self.content.setting_changed()
        if S.LANGUAGE in dialog.saved or S.REVIEWER_NAME in dialog.saved:
            self.banner.show_message(
                self.tr("Language and reviewer name apply from the next start of evcheck.")
            )

    # ── closing ──────────────────────────────────────────────────────────────────────────
    def _restore_layout(self) -> None:
        # the first start fills the available screen area; later starts come back where they
        # were, kept on the current screen (ui/layout.py).  The panes are the work mode's.
        restore_window(self, self.settings.get(S.GEOMETRY))
        state = self.settings.get(S.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)  # toolbars and docks added by other panels

    def arrange(self) -> None:
        """Lay the panes out for the work mode at the window's present size."""
        self._arranged = True
        self.modes.apply()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._arranged:
            self.arrange()  # the first time the window has its real size

    def closeEvent(self, event) -> None:
        # stop the scan first: its worker must not outlive the window; the review file is
        # written only by corrections, each in its own transaction, so nothing is half-saved
        self.workspace.shutdown(wait=5.0)
        self.preview.cleanup()
        if self.remember_choices:
            self.modes.remember()
            self.settings.set(S.GEOMETRY, self.saveGeometry())
            self.settings.set(S.WINDOW_STATE, self.saveState())
            self.settings.sync()
        super().closeEvent(event)

    def select_file_row(self, proxy_row: int) -> None:
        index = self.file_panel.proxy.index(proxy_row, 0)
        if index.isValid():
            self.file_panel.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.file_panel.view.scrollTo(index)

    def current_file_index(self) -> QModelIndex:
        return self.file_panel.view.currentIndex()
