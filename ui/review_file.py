"""File → New / Open / Save Review File As…: which review file is in use, and changing it.

The review file is only ever changed by the reviewer's own edits.  Opening or creating another one
closes the current file cleanly first (each edit is its own committed transaction, so nothing is
half written); Save As copies the file with SQLite's backup API from a separate read-only
connection — a consistent snapshot even with a WAL — into a temporary file beside the target,
renamed into place only when complete, and then continues in the copy (as Save As does
elsewhere).  The file in use is named in the status bar and the window title.
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from app.review.model import ReviewError
from app.review.store import ReviewStore
from ui import settings as S
from ui.corrections import ReviewFileCorrections

if TYPE_CHECKING:
    from ui.ports import ReviewFileWindow

log = logging.getLogger(__name__)
SUFFIX = ".evreview"


def copy_review_file(source: Path, target: Path) -> None:
    """Copy the review file ``source`` to ``target`` as one consistent snapshot.

    Raises ``ReviewError`` (plain Chinese) when it cannot; ``target`` is then left as it was."""
    source, target = Path(source), Path(target)
    if source.resolve() == target.resolve():
        raise ReviewError(f"“{target.name}”就是正在使用的评审文件，请另选一个文件名。")
    fd, temp_name = tempfile.mkstemp(prefix=".evcheck-copy-", suffix=SUFFIX, dir=target.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(temp)
            try:
                src.backup(dst)  # page by page, under SQLite's own read lock
                dst.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(temp, target)
    except (sqlite3.Error, OSError) as exc:
        log.exception("copy review file %s -> %s", source, target)
        raise ReviewError(f"无法把评审文件另存为 {target}：{exc}。原文件未作改动。") from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


class ReviewFileActions(QObject):
    """The three File menu actions and the switch they share."""

    def __init__(self, window: ReviewFileWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.new_action = QAction(self.tr("New Review File…"), window)
        self.open_action = QAction(self.tr("Open Review File…"), window)
        self.save_as_action = QAction(self.tr("Save Review File As…"), window)
        self.save_as_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.new_action.triggered.connect(lambda: self.ask_new())
        self.open_action.triggered.connect(lambda: self.ask_open())
        self.save_as_action.triggered.connect(lambda: self.ask_save_as())

    def install(self) -> None:
        """Into the File menu, after Open Recent, with a separator on each side."""
        w = self.window_
        file_menu = w.menuBar().actions()[0].menu() if w.menuBar().actions() else None
        if not isinstance(file_menu, QMenu):
            return
        anchor = w.acts.choose_roster
        file_menu.insertSeparator(anchor)
        for a in (self.new_action, self.open_action, self.save_as_action):
            file_menu.insertAction(anchor, a)
        file_menu.insertSeparator(anchor)
        w.acts.all.append(self.save_as_action)
        self.refresh()

    # ── what is in use ───────────────────────────────────────────────────────────────────
    def current(self) -> ReviewStore | None:
        store = getattr(self.window_.workspace.store, "store", None)
        return store if isinstance(store, ReviewStore) else None

    def refresh(self) -> None:
        self.save_as_action.setEnabled(self.current() is not None)

    def _folder(self) -> str:
        store = self.current()
        return str(store.path.parent) if store is not None else str(S.default_review_file().parent)

    def _filter(self) -> str:
        return self.tr("Review files (*.evreview);;All files (*)")

    # ── the dialogs ──────────────────────────────────────────────────────────────────────
    def ask_new(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self.window_, self.tr("New Review File"), self._folder(), self._filter()
        )
        if not path:
            return False
        target = _with_suffix(Path(path))
        if target.exists():
            # the save dialog asked about replacing, but a review is never overwritten by "new"
            self._say(
                self.tr("%1 already exists and was not replaced. Open it, or choose another name.").replace(
                    "%1", str(target)
                )
            )
            return False
        return self.switch_to(target, create=True)

    def ask_open(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(
            self.window_, self.tr("Open Review File"), self._folder(), self._filter()
        )
        return bool(path) and self.switch_to(Path(path), create=False)

    def ask_save_as(self) -> bool:
        store = self.current()
        if store is None:
            return False
        path, _ = QFileDialog.getSaveFileName(
            self.window_, self.tr("Save Review File As"), str(store.path.parent), self._filter()
        )
        return bool(path) and self.save_as(_with_suffix(Path(path)))

    # ── the work ─────────────────────────────────────────────────────────────────────────
    def save_as(self, target: Path) -> bool:
        """Copy the review file in use to ``target`` and continue in the copy."""
        store = self.current()
        if store is None:
            return False
        panel = getattr(getattr(self.window_, "scoring", None), "panel", None)
        if panel is not None:
            panel.save_notes()  # notes being typed belong in the copy
        try:
            copy_review_file(store.path, target)
        except ReviewError as exc:
            self._say(str(exc))
            return False
        return self.switch_to(target, create=False)

    def switch_to(self, path: Path, *, create: bool) -> bool:
        """Use the review file ``path`` (a new one when ``create``).  On failure nothing changes:
        the current file stays in use and the other file is not touched."""
        w = self.window_
        ws = w.workspace
        who = w.settings.get(S.REVIEWER_NAME).strip()
        try:
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
                new = ReviewStore.create(path, ws.rubric, who or getpass.getuser())
            else:
                new = ReviewStore.open(path, ws.rubric, who)
        except ReviewError as exc:
            self._say(str(exc))
            return False
        except Exception as exc:  # a foreign or damaged file: refused untouched, say why
            log.exception("open review file %s", path)
            self._say(
                self.tr("Cannot open the review file %1: %2. It was not changed.")
                .replace("%1", str(path))
                .replace("%2", str(exc))
            )
            return False
        panel = getattr(getattr(w, "scoring", None), "panel", None)
        if panel is not None:
            panel.save_notes()
        ws.store.close()  # every edit is committed on its own: closing loses nothing
        ws.store = ReviewFileCorrections(new)
        ws.session.store = new
        if panel is not None:
            panel.set_store(new)
        if w.remember_choices:
            w.settings.set(S.REVIEW_FILE, str(path))
            w.settings.sync()
        w.show_review_file()
        self.refresh()
        if ws.source is not None and not ws.scanning:
            # the open material is looked at again against this file's corrections and scores,
            # exactly as re-opening it would do
            ws.rescan()
        w.statusBar().showMessage(self.tr("Now using the review file %1.").replace("%1", str(path)), 8000)
        return True

    def _say(self, text: str) -> None:
        self.window_.banner.show_message(text)


def _with_suffix(path: Path) -> Path:
    return path if path.suffix else path.with_suffix(SUFFIX)
