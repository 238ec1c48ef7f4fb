"""Opening material from the window: folder, zip, recent list, demo; choosing the roster and unit.

The choices are remembered in the settings (unless ``window.remember_choices`` is off, as for the
demo and screenshots).  Kept apart from main_window.py so the window stays composition.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from app.formats import ARCHIVE_SUFFIXES
from ui import settings as S

if TYPE_CHECKING:
    from ui.ports import OpenerWindow


class Opener(QObject):
    """A QObject so that its tr() strings have their own translation context."""

    def __init__(self, window: OpenerWindow) -> None:
        super().__init__(window)
        self.w = window
        window.acts.connect(window.acts.choose_unit, self.choose_unit)

    def choose_unit(self) -> None:
        """File → Choose Unit… (Ctrl+U): the toolbar's unit list, opened from the keyboard."""
        self.w.unit_combo.setFocus()
        self.w.unit_combo.showPopup()

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self.w, self.tr("Open Submission Folder"), self.w.settings.get(S.LAST_FOLDER)
        )
        if path:
            self.open_path(Path(path))

    def choose_zip(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.w,
            self.tr("Open Submission Archive"),
            self.w.settings.get(S.LAST_FOLDER),
            self.tr("Archives (*.zip *.rar *.7z);;All files (*)"),
        )
        if path:
            self.open_path(Path(path))

    def choose_roster(self) -> None:
        start = self.w.settings.get(S.LAST_ROSTER) or self.w.settings.get(S.LAST_FOLDER)
        path, _ = QFileDialog.getOpenFileName(
            self.w,
            self.tr("Choose Roster"),
            start,
            self.tr("Roster (*.xlsx *.xls *.et *.csv *.txt);;All files (*)"),
        )
        if path:
            self.set_roster(Path(path))

    def set_roster(self, path: Path | None) -> bool:
        ok = self.w.workspace.set_roster(path)
        if ok and self.w.remember_choices:
            self.w.settings.set(S.LAST_ROSTER, str(path) if path else "")
        if ok and self.w.workspace.source is not None:
            self.w.workspace.rescan()
        return ok

    def open_path(self, path: Path, *, trial: bool = False) -> None:
        if not path.exists():
            self.w.banner.show_message(
                self.tr(
                    "“%1” no longer exists. It may have been moved, renamed or the USB stick removed."
                ).replace("%1", str(path))
            )
            return
        if path.is_file() and path.suffix.lower() not in ARCHIVE_SUFFIXES:
            self.w.banner.show_message(
                self.tr("Open a folder or an archive (.zip, .rar, .7z) of a unit's submission.")
            )
            return
        self.w.banner.hide()
        if self.w.remember_choices:
            self.w.settings.add_recent(path)
            self.refresh_recent()
        self.w.preview.clear()
        self.w.workspace.open_source(path, trial=trial)

    def load_demo(self, trial: bool | None = None) -> None:
        """The bundled demo.  In the reviewer's own window it is a trial (never written to the
        review file); in a throw-away window (``--demo``, ``--screenshot``) it is scored like a unit."""
        from app.demo import demo_paths  # the demo generator (Pillow, pypdf) is not needed at start-up

        if trial is None:
            trial = not self.w.throwaway
        folder, roster, unit = demo_paths()
        remember = self.w.remember_choices
        self.w.remember_choices = False  # the demo's roster and unit are not the reviewer's choice
        try:
            self.w.workspace.set_roster(roster)
            self.w.workspace.set_unit(unit)
            self.open_path(folder, trial=trial)
        finally:
            self.w.remember_choices = remember

    def refresh_recent(self) -> None:
        self.w.recent_menu.clear()
        recent = self.w.settings.recent()
        for n, item in enumerate(recent, 1):
            action = self.w.recent_menu.addAction(f"&{n % 10} {item}")
            action.triggered.connect(lambda _=False, p=item: self.open_path(Path(p)))
        self.w.recent_menu.setEnabled(bool(recent))

    def refresh_units(self) -> None:
        self.w.unit_combo.clear()
        self.w.unit_combo.addItem(self.tr("(from the folder name)"), None)
        for unit in self.w.workspace.units():
            self.w.unit_combo.addItem(unit, unit)
        self.unit_changed(self.w.workspace.unit or "")
        roster = self.w.workspace.roster_path
        self.w.roster_label.setText(
            self.tr("Roster: %1").replace("%1", roster.name) if roster else self.tr("No roster")
        )

    def unit_changed(self, unit: str) -> None:
        self.w.unit_combo.setCurrentIndex(max(0, self.w.unit_combo.findData(unit or None)))
        self.w.unit_label.setText(self.tr("Unit: %1").replace("%1", unit) if unit else self.tr("Unit: —"))
        if unit and self.w.remember_choices:
            self.w.settings.set(S.LAST_UNIT, unit)

    def unit_chosen(self, row: int) -> None:
        unit = self.w.unit_combo.itemData(row)
        if unit == self.w.workspace.unit:
            return
        if unit and self.w.workspace.show_unit(unit):  # a city's unit: shown without a new check
            return
        self.w.workspace.set_unit(unit)
        if self.w.remember_choices:
            self.w.settings.set(S.LAST_UNIT, unit or "")
        self.w.workspace.rescan()
