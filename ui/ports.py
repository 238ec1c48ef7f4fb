"""What each helper of the main window may use of it: one small Protocol per helper.

The helpers (opening, navigation, correcting, modes, review_file, city_view, export_dialog,
clerk/scoring hooks) used to be typed with the whole ``MainWindow``, which made them and the window
import each other. Each now names only the attributes it reads, so none imports ui.main_window;
the window satisfies all of them (tests/test_ui_layering.py checks that on a real window).

The window is still the Qt parent of what the helpers make (docks, actions, dialogs): these ports
say what they *read*, not what owns them. ui/ is not under mypy yet, so the ports are checked by
that test, not by a type checker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QObject, Qt
    from PySide6.QtWidgets import (
        QComboBox,
        QDockWidget,
        QLabel,
        QMenu,
        QMenuBar,
        QSplitter,
        QStatusBar,
        QTableView,
        QTabWidget,
        QToolBar,
        QWidget,
    )

    from app.review import ReviewStore
    from ui.actions import WindowActions
    from ui.models.coverage_matrix import CoverageMatrixModel
    from ui.models.findings_list import FindingsListModel
    from ui.models.indicator_tree import IndicatorTreeModel
    from ui.panels import Banner, CoverageView, FilePanel, IndicatorView
    from ui.preview.pane import PreviewPane
    from ui.scoring.panel import ScoringPanel
    from ui.settings import Settings
    from ui.tasks import TaskRunner
    from ui.workspace import Workspace


@runtime_checkable
class QtWindow(Protocol):
    """The QMainWindow calls the helpers make."""

    def menuBar(self) -> QMenuBar: ...

    def statusBar(self) -> QStatusBar: ...


@runtime_checkable
class DockWindow(QtWindow, Protocol):
    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget) -> None: ...

    def resizeDocks(
        self, docks: list[QDockWidget], sizes: list[int], orientation: Qt.Orientation
    ) -> None: ...


class GoesToFiles(Protocol):
    """The window's navigator, as the helpers that jump to a file see it."""

    def go_to_file(self, path: str) -> None: ...


class Reveals(Protocol):
    """The work modes, as the city list sees them: show a widget, switching mode if needed."""

    def reveal(self, widget: QWidget) -> None: ...


class HasScoringPanel(Protocol):
    panel: ScoringPanel


@runtime_checkable
class HasWorkspace(Protocol):
    workspace: Workspace


@runtime_checkable
class ClerkWindow(QtWindow, Protocol):
    tasks: TaskRunner
    workspace: Workspace


@runtime_checkable
class CityWindow(DockWindow, Protocol):
    acts: WindowActions
    workspace: Workspace
    modes: Reveals


@runtime_checkable
class CorrectorWindow(QtWindow, Protocol):
    acts: WindowActions
    workspace: Workspace
    file_panel: FilePanel
    findings: QTableView
    preview: PreviewPane
    nav: GoesToFiles


@runtime_checkable
class ExportWindow(QtWindow, Protocol):
    acts: WindowActions
    workspace: Workspace
    settings: Settings
    remember_choices: bool
    scoring: HasScoringPanel


@runtime_checkable
class ModesWindow(DockWindow, Protocol):
    acts: WindowActions
    settings: Settings
    remember_choices: bool
    preview: PreviewPane
    main_split: QSplitter
    middle: QSplitter
    main_toolbar: QToolBar

    def width(self) -> int: ...


@runtime_checkable
class NavigatorWindow(QtWindow, Protocol):
    acts: WindowActions
    workspace: Workspace
    preview: PreviewPane
    tabs: QTabWidget
    tree: IndicatorView
    tree_model: IndicatorTreeModel
    matrix: CoverageView
    matrix_model: CoverageMatrixModel
    findings: QTableView
    findings_model: FindingsListModel
    file_panel: FilePanel

    def ask_accept(self, path: str | None = None, code: str | None = None) -> None: ...

    def reassign_files(self, paths: list[str], indicator: str | None, school: str | None) -> None: ...

    def select_file_row(self, proxy_row: int) -> None: ...

    def current_file_index(self) -> QModelIndex: ...


@runtime_checkable
class OpenerWindow(QtWindow, Protocol):
    acts: WindowActions
    workspace: Workspace
    settings: Settings
    remember_choices: bool
    throwaway: bool
    preview: PreviewPane
    banner: Banner
    recent_menu: QMenu
    roster_label: QLabel
    unit_label: QLabel
    unit_combo: QComboBox


@runtime_checkable
class ReviewFileWindow(QtWindow, Protocol):
    acts: WindowActions
    workspace: Workspace
    settings: Settings
    remember_choices: bool
    banner: Banner

    def show_review_file(self) -> None: ...


@runtime_checkable
class ScoringWindow(DockWindow, Protocol):
    acts: WindowActions
    workspace: Workspace
    settings: Settings
    preview: PreviewPane
    tree: IndicatorView
    tree_model: IndicatorTreeModel
    nav: GoesToFiles

    def installEventFilter(self, watcher: QObject) -> None: ...


def window_store(window: HasWorkspace) -> ReviewStore | None:
    """The window's one review store, if its corrections go to a review file."""
    # imported here: ports stays free of everything but type names at import time
    from app.review import ReviewStore

    store = getattr(window.workspace.store, "store", None)
    return store if isinstance(store, ReviewStore) else None
