"""``evcheck gui --screenshot FILE``: render the window at 1280×800 once loading is done, save a PNG."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from ui.main_window import MainWindow

SIZE = (1280, 800)
LOAD_TIMEOUT_MS = 180_000
PREVIEW_TIMEOUT_MS = 5_000
RENDER_SETTLE_MS = 600  # QtPdf renders pages in the background; let the first page appear


def take_screenshot(app: QApplication, window: MainWindow, out: Path, loading: bool) -> int:
    window.resize(*SIZE)
    window.show()
    if loading and window.workspace.scanning and not _wait(window.scan_finished, LOAD_TIMEOUT_MS):
        print(f"evcheck: 等待检查完成超时，已保存当前画面到 {out}", file=sys.stderr)
    _show_something(window)
    _pause(RENDER_SETTLE_MS)
    window.resize(*SIZE)
    out.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(out), "PNG")
    window.remember_choices = False
    window.close()
    if not ok:
        print(f"evcheck: 无法保存截图 {out}：请确认目录存在且可写。", file=sys.stderr)
        return 2
    print(str(out))
    return 0


def _show_something(window: MainWindow) -> None:
    """Select the first problem so the screenshot shows a file, its preview and its findings."""
    if window.workspace.report is None:
        return
    window.nav.step_indicator(1)
    window.nav.step_problem(1)
    if window.preview.record is not None and not window.preview.shown:
        _wait(window.preview.loaded, PREVIEW_TIMEOUT_MS)


def _wait(signal, timeout_ms: int) -> bool:
    loop = QEventLoop()
    fired = []
    signal.connect(lambda *a: (fired.append(a), loop.quit()))
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    return bool(fired)


def _pause(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
