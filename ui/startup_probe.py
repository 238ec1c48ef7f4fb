"""Start-up timing probe: with EVCHECK_STARTUP_PROBE=1 the program reports when its main window was
first shown and painted, then quits. Used by bench/bench_startup.py, from source and from the bundle.

Times are measured from EVCHECK_PROBE_T0 (the launcher's ``time.time()`` just before it started the
process, so interpreter and bundle unpacking count) or, without it, from when this module loaded.
Prints one line to stdout: ``EVCHECK_STARTUP show=<s> paint=<s>``.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

_T0 = float(os.environ.get("EVCHECK_PROBE_T0") or time.time())


def _elapsed() -> float:
    return time.time() - _T0


class _FirstPaint(QObject):
    """Watches the main window until its first paint (or expose), then reports and quits."""

    def __init__(self, window: QObject, shown: float) -> None:
        super().__init__(window)
        self.shown = shown
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and event.type() in (QEvent.Type.Paint, QEvent.Type.Expose):
            self.done = True
            print(f"EVCHECK_STARTUP show={self.shown:.3f} paint={_elapsed():.3f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def install() -> None:
    """Wrap MainWindow.showEvent before the window is built (call before ``app.cli.main``)."""
    from ui.main_window import MainWindow

    original = MainWindow.showEvent

    def show_event(self, event) -> None:
        original(self, event)
        if getattr(self, "_startup_probe", None) is None:
            self.remember_choices = False  # a timing run must not move the reviewer's saved window
            self._startup_probe = _FirstPaint(self, _elapsed())
            self.installEventFilter(self._startup_probe)
            handle = self.windowHandle()
            if handle is not None:
                handle.installEventFilter(self._startup_probe)

    MainWindow.showEvent = show_event  # type: ignore[method-assign]
    if sys.stdout is None:  # a windowed Windows program has no console to report to
        raise SystemExit("EVCHECK_STARTUP_PROBE needs a console: run evcheck.exe, not evcheck-gui.exe")
