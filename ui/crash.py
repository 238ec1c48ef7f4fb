"""The windowed build's crash handler: an unexpected error shows a Chinese dialog saying what
happened and where the log is, instead of the program vanishing without a word.

:func:`install_crash_handler` sets ``sys.excepthook`` and ``threading.excepthook``; an error in
another thread is carried to the GUI thread by a queued signal.  Errors are always logged first.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Crash", text)


def crash_dialog(what: str, log_path: Path | None, details: str = "", parent=None) -> QMessageBox:
    """The dialog, built and shown without blocking (``exec()`` it to wait for the reviewer)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_tr("evcheck stopped with an error"))
    where = str(log_path) if log_path else _tr("(no log file)")
    box.setText(
        _tr("Something unexpected happened: %1").replace("%1", what)
        + "\n\n"
        + _tr(
            "Your saved review is not affected: every edit was saved when it was made. "
            "The details are in the log file %1; please send it along when you report the problem."
        ).replace("%1", where)
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if details:
        box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.open()
    return box


class _Bridge(QObject):
    """Carries an error from any thread to the GUI thread (a queued connection)."""

    failed = Signal(str, str)


class CrashHandler:
    def __init__(self, log_path: Path | None) -> None:
        self.log_path = log_path
        self.shown: list[QMessageBox] = []
        self._bridge = _Bridge()
        self._bridge.failed.connect(self._show)

    def __call__(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.critical("unhandled error", exc_info=(kind, exc, tb))
        details = "".join(traceback.format_exception(kind, exc, tb))
        self._bridge.failed.emit(f"{kind.__name__}: {exc}", details)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, what: str, details: str) -> None:
        if QApplication.instance() is None:
            print(f"evcheck: {what}（日志：{self.log_path}）", file=sys.stderr)
            return
        self.shown.append(crash_dialog(what, self.log_path, details))


def install_crash_handler(log_path: Path | None) -> CrashHandler:
    handler = CrashHandler(log_path)
    sys.excepthook = handler
    threading.excepthook = handler.thread_hook
    return handler
