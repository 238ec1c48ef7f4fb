"""Puts the Clerk menu into the main window, fed by the window's workspace and task helper."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.clerk.menu import ClerkContext, ClerkMenu

if TYPE_CHECKING:
    from ui.ports import ClerkWindow


def attach_clerk(window: ClerkWindow) -> ClerkMenu:
    """Add the Clerk menu before Help; a change it makes to the folder re-checks it at once."""
    ws = window.workspace

    def context() -> ClerkContext:
        # Rename, convert and pack work on a folder; for a zip submission the menu says so.
        folder = ws.source if ws.source is not None and ws.source.is_dir() else None
        return ClerkContext(folder, ws.rubric, ws.roster, ws.unit)

    menu = ClerkMenu(window, context, window.tasks)
    bar = window.menuBar()
    actions = bar.actions()
    if actions:
        bar.insertMenu(actions[-1], menu)  # Help stays last
    else:
        bar.addMenu(menu)
    menu.folder_changed.connect(ws.rescan)
    return menu
