"""Every window action, with its shortcut, declared in one place and placed in the menus.

Each action sits in a menu with its shortcut shown; Help → Keyboard Shortcuts lists them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

Keys = QKeySequence.StandardKey | str | None


def _plain(text: str) -> str:
    """A menu text as it reads on screen: translated, without its mnemonic (“文件(&F)” → “文件”)."""
    return re.sub(r"\(&\w\)|&", "", QCoreApplication.translate("WindowActions", text))


def menu_path(menu: str, action: str) -> str:
    """“File → Choose Unit…” in the interface's language, for a message that sends the reviewer to a
    menu (never to a command-line option).  ``menu`` and ``action`` are the English source texts."""
    return f"{_plain(menu)} → {_plain(action)}"


class WindowActions(QObject):
    """The window's QActions; the window connects ``triggered`` to its slots."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.all: list[QAction] = []
        self._routes: dict[QAction, list[Callable[[], bool]]] = {}
        std = QKeySequence.StandardKey
        # File
        self.open_folder = self._make(self.tr("Open Folder…"), std.Open)
        self.open_zip = self._make(self.tr("Open Archive…"), "Ctrl+Shift+O")
        self.choose_roster = self._make(self.tr("Choose Roster…"), "Ctrl+R")
        self.choose_unit = self._make(self.tr("Choose Unit…"), "Ctrl+U")
        self.clear_roster = self._make(self.tr("Check Without Roster"), None)
        self.load_demo = self._make(self.tr("Load Demo"), "Ctrl+D")
        self.preferences = self._make(self.tr("Settings…"), std.Preferences)
        self.quit = self._make(self.tr("Quit"), std.Quit)
        # Scan
        self.rescan = self._make(self.tr("Re-scan"), "F5")  # not StandardKey.Refresh: Ctrl+R on some desktops
        self.cancel_scan = self._make(self.tr("Cancel Scan"), "Esc")
        # Go
        self.next_indicator = self._make(self.tr("Next Indicator"), "Alt+Down")
        self.prev_indicator = self._make(self.tr("Previous Indicator"), "Alt+Up")
        self.next_file = self._make(self.tr("Next File"), "Ctrl+Down")
        self.prev_file = self._make(self.tr("Previous File"), "Ctrl+Up")
        self.next_problem = self._make(self.tr("Next Problem"), "F8")
        self.prev_problem = self._make(self.tr("Previous Problem"), "Shift+F8")
        self.show_all_files = self._make(self.tr("Show All Files"), "Ctrl+Shift+L")
        # Corrections
        self.reassign = self._make(self.tr("Reassign File…"), "Ctrl+M")
        self.accept_finding = self._make(self.tr("Accept Finding…"), "Ctrl+Shift+A")
        # View
        self.focus_tree = self._make(self.tr("Go to Indicators"), "Ctrl+1")
        self.focus_matrix = self._make(self.tr("Go to Coverage Matrix"), "Ctrl+2")
        self.focus_files = self._make(self.tr("Go to Files"), "Ctrl+3")
        self.focus_findings = self._make(self.tr("Go to Findings"), "Ctrl+4")
        # Ctrl+F is the full-text search (ui/search_bar.py), as in every reader; N as in name
        self.focus_filter = self._make(self.tr("Filter Files"), "Ctrl+Shift+N")
        # Help
        self.shortcuts = self._make(self.tr("Keyboard Shortcuts"), std.HelpContents)
        self.about = self._make(self.tr("About evcheck"), None)

    def _make(self, text: str, keys: Keys) -> QAction:
        action = QAction(text, self.parent())
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        self.all.append(action)
        return action

    def build_menus(self, bar: QMenuBar, preview_actions: list[QAction | None]) -> QMenu:
        """Fill the menu bar; returns the (empty) Open Recent menu for the window to fill."""

        def menu(title: str, items: list[QAction | QMenu | None]) -> QMenu:
            m = bar.addMenu(title)
            for item in items:
                if item is None:
                    m.addSeparator()
                elif isinstance(item, QMenu):
                    m.addMenu(item)
                else:
                    m.addAction(item)
            return m

        recent = QMenu(self.tr("Open Recent"), bar)
        menu(
            self.tr("&File"),
            [
                *(self.open_folder, self.open_zip, recent, None),
                *(self.choose_roster, self.choose_unit, self.clear_roster, None),
                *(self.load_demo, None, self.preferences, None, self.quit),
            ],
        )
        menu(self.tr("&Scan"), [self.rescan, self.cancel_scan])
        menu(
            self.tr("&Go"),
            [
                *(self.next_indicator, self.prev_indicator, None),
                *(self.next_file, self.prev_file, None),
                *(self.next_problem, self.prev_problem, None, self.show_all_files),
            ],
        )
        menu(self.tr("&Preview"), list(preview_actions))
        menu(self.tr("&Corrections"), [self.reassign, self.accept_finding])
        menu(
            self.tr("&View"),
            [self.focus_tree, self.focus_matrix, self.focus_files, self.focus_findings, self.focus_filter],
        )
        menu(self.tr("&Help"), [self.shortcuts, None, self.about])
        return recent

    def connect(self, action: QAction, slot: Callable[[], object]) -> None:
        action.triggered.connect(lambda _checked=False: self._run(action, slot))

    def route(self, action: QAction, handler: Callable[[], bool]) -> None:
        """Let ``handler`` take ``action`` first: it returns True when it acted (the slot connected
        with :meth:`connect` then does not run).  How one action acts on whichever list is in front,
        from its shortcut and its menu alike."""
        self._routes.setdefault(action, []).append(handler)

    def _run(self, action: QAction, slot: Callable[[], object]) -> None:
        if not any(handler() for handler in self._routes.get(action, ())):
            slot()
