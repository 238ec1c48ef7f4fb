"""Work modes: one window arranged three ways, so each task gets the room it needs on a small screen.

A 1366×768 laptop cannot show the indicator tree, the whole coverage matrix, a readable A4 page
and the scoring form at once.  The reviewer's day has three tasks, and each mode gives one of them
the width:

* 核查 (Check, Alt+1): indicators, the coverage matrix and the files, with a smaller preview;
* 预览 (Preview, Alt+2): the file list beside a wide preview, for reading the evidence;
* 评分 (Score, Alt+3): the file list, the preview and the scoring panel.

Panes are collapsed (splitter size 0), not removed, so selection and shortcuts keep working; a
shortcut that goes to a collapsed pane switches to the mode that shows it.  The reviewer's own
splitter sizes are remembered per mode; View → Reset Layout forgets them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QSplitter, QWidget

from ui import settings as S

if TYPE_CHECKING:
    from ui.ports import ModesWindow

CHECK, PREVIEW, SCORE = "check", "preview", "score"
MODES = (CHECK, PREVIEW, SCORE)


@dataclass(frozen=True)
class Arrangement:
    main: tuple[int, int, int]  # indicator tree, middle column (matrix over files), preview
    middle: tuple[int, int]  # coverage matrix, file/findings tabs
    dock: int  # scoring dock width; 0 hides it


def _between(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, value)))


def arrangement(mode: str, width: int, height: int) -> Arrangement:
    """The default sizes of ``mode`` for a window ``width`` × ``height`` pixels wide.

    Check: the tree wide enough for indicator names, the matrix for its eleven columns as icons.
    Preview and Score: a page at fit-width needs ~650 px to be read (A4 at about 80 %)."""
    matrix = _between(height * 0.3, 150, 260)  # the unit row and a handful of schools
    if mode == PREVIEW:
        files = _between(width * 0.27, 300, 480)
        return Arrangement((0, files, width - files), (0, height), 0)
    if mode == SCORE:
        dock = _between(width * 0.29, 360, 520)
        files = _between(width * 0.2, 240, 400)
        return Arrangement((0, files, width - dock - files), (0, height), dock)
    tree = _between(width * 0.26, 300, 440)
    preview = _between(width * 0.3, 360, 720)
    return Arrangement((tree, width - tree - preview, preview), (matrix, height - matrix), 0)


class WorkModes(QObject):
    changed = Signal(str)

    def __init__(self, window: ModesWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        texts = {
            CHECK: (self.tr("Check"), self.tr("Indicators, coverage matrix and files, with the preview")),
            PREVIEW: (
                self.tr("Preview"),
                self.tr("The file list beside a wide preview, to read the evidence"),
            ),
            SCORE: (self.tr("Score"), self.tr("Files, preview and the scoring panel")),
        }
        self.actions: dict[str, QAction] = {}
        for n, mode in enumerate(MODES, start=1):
            text, tip = texts[mode]
            action = QAction(text, window)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Alt+{n}"))
            action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
            action.setStatusTip(tip)
            action.triggered.connect(lambda _checked=False, m=mode: self.set_mode(m))
            self.group.addAction(action)
            self.actions[mode] = action
        self.reset_action = QAction(self.tr("Reset Layout"), window)
        self.reset_action.setToolTip(self.tr("Forget the pane sizes you set and use each mode's own"))
        self.reset_action.triggered.connect(self.reset)
        self.mode = window.settings.get(S.WORK_MODE)
        self._sizes = self._load_sizes()
        self.actions[self.mode].setChecked(True)

    # ── what the window shows ────────────────────────────────────────────────────────────
    def _dock(self) -> QDockWidget | None:
        scoring = getattr(self.window_, "scoring", None)
        return scoring if isinstance(scoring, QDockWidget) else None

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            return
        if mode != self.mode:
            self.remember()
        self.mode = mode
        self.actions[mode].setChecked(True)
        self.apply()
        if self.window_.remember_choices:
            self.window_.settings.set(S.WORK_MODE, mode)
        self.changed.emit(mode)

    def _city_width(self) -> int:
        """The unit list of a city root (ui/city_view.py): shown in Check mode, its width taken
        from the panes; the reading modes give it back."""
        w = self.window_
        city = getattr(w, "city_dock", None)
        if not isinstance(city, QDockWidget):
            return 0
        show = self.mode == CHECK and bool(getattr(city, "active", False))
        city.setVisible(show)
        if not show:
            return 0
        width = _between(w.width() * 0.22, 280, 380)
        w.resizeDocks([city], [width], Qt.Orientation.Horizontal)
        return width

    def apply(self) -> None:
        """Arrange the window for the current mode: the reviewer's sizes, else the defaults."""
        w = self.window_
        city = self._city_width()
        default = arrangement(self.mode, max(w.width() - city, 640), max(w.main_split.height(), 300))
        saved = self._sizes.get(self.mode)
        if city and self.mode == CHECK:  # the unit list's width comes from the tree and the preview,
            tree, middle_w, preview = default.main  # so the matrix keeps its columns in view
            give = min(20, max(0, tree - 270)), min(50, max(0, preview - 300))
            default = Arrangement(
                (tree - give[0], middle_w + sum(give), preview - give[1]), default.middle, 0
            )
        main = tuple(saved["main"]) if saved else default.main
        middle = tuple(saved["middle"]) if saved else default.middle
        dock_width = int(saved["dock"]) if saved else default.dock
        dock = self._dock()
        if dock is not None:
            dock.setVisible(dock_width > 0)
            if dock_width > 0:
                dock_width = min(dock_width, int(w.width() * 0.45))
                w.resizeDocks([dock], [dock_width], Qt.Orientation.Horizontal)
        room = max(w.width() - city - (dock_width if dock is not None else 0), 1)
        total = sum(main) or 1
        w.main_split.setSizes([round(part * room / total) for part in main])
        w.middle.setSizes(list(middle))
        self._share_preview(0.62 if self.mode == CHECK else 0.8)

    def _share_preview(self, page: float) -> None:
        """The page over the file's findings: reading modes give the page most of the height."""
        split = self.window_.preview.findChild(QSplitter)
        if split is not None and split.count() == 2:
            height = max(split.height(), 400)
            split.setSizes([round(height * page), round(height * (1 - page))])

    def remember(self) -> None:
        """Keep the sizes the reviewer gave the current mode (called on leaving it and on closing)."""
        w = self.window_
        dock = self._dock()
        self._sizes[self.mode] = {
            "main": w.main_split.sizes(),
            "middle": w.middle.sizes(),
            "dock": dock.width() if dock is not None and dock.isVisible() else 0,
        }
        if w.remember_choices:
            w.settings.set(S.MODE_SIZES, json.dumps(self._sizes))

    def reset(self) -> None:
        self._sizes = {}
        if self.window_.remember_choices:
            self.window_.settings.set(S.MODE_SIZES, "")
        self.apply()

    def shows(self, widget: QWidget) -> bool:
        """Whether ``widget`` has room on screen in this mode (a collapsed pane has none)."""
        return widget.isVisibleTo(self.window_) and widget.width() > 0 and widget.height() > 0

    def reveal(self, widget: QWidget) -> None:
        """Before focusing ``widget``: switch to Check mode if this mode collapsed it."""
        if not self.shows(widget):
            self.set_mode(CHECK)

    def _load_sizes(self) -> dict[str, dict]:
        try:
            data = json.loads(self.window_.settings.get(S.MODE_SIZES) or "{}")
        except ValueError:
            return {}
        ok = {}
        for mode, value in data.items() if isinstance(data, dict) else ():
            try:  # a hand-edited or stale value is dropped, never trusted
                main = [int(x) for x in value["main"]][:3]
                middle = [int(x) for x in value["middle"]][:2]
                dock = int(value["dock"])
            except (KeyError, TypeError, ValueError):
                continue
            if mode in MODES and len(main) == 3 and len(middle) == 2 and sum(main) > 0:
                ok[mode] = {"main": main, "middle": middle, "dock": dock}
        return ok

    # ── menus and toolbar ────────────────────────────────────────────────────────────────
    def install(self) -> None:
        w = self.window_
        bar = w.main_toolbar
        bar.addSeparator()
        for mode in MODES:
            bar.addAction(self.actions[mode])
        view_menu = next(
            (a.menu() for a in w.menuBar().actions() if a.menu() and w.acts.focus_tree in a.menu().actions()),
            None,
        )
        if view_menu is not None:
            first = view_menu.actions()[0] if view_menu.actions() else None
            for mode in MODES:
                view_menu.insertAction(first, self.actions[mode])
            view_menu.insertAction(first, self.reset_action)
            view_menu.insertSeparator(first)
        w.acts.all.extend(self.actions.values())  # listed in Help → Keyboard Shortcuts
