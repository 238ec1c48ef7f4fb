"""``evcheck gui --screenshot FILE [--size WxH] [--mode M]``: render the window once loading is done,
save a PNG.  The window is laid out as on a screen of that size (ui/layout.py's screen override),
so the screenshot shows what a reviewer with that screen sees."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QRect, QTimer
from PySide6.QtWidgets import QApplication

from ui.layout import set_screen_override
from ui.main_window import MainWindow

SIZE = (1280, 800)
MIN_SIZE, MAX_SIZE = (640, 480), (7680, 4320)
LOAD_TIMEOUT_MS = 180_000
PREVIEW_TIMEOUT_MS = 5_000
RENDER_SETTLE_MS = 600  # QtPdf renders pages in the background; let the first page appear


def parse_size(text: str) -> tuple[int, int]:
    """``"1366x768"`` (or ``×``, ``X``, ``*``) → (1366, 768); ValueError with a plain-Chinese message."""
    match = re.fullmatch(r"\s*(\d{3,5})\s*[xX×*]\s*(\d{3,5})\s*", text or "")
    if not match:
        raise ValueError(f"尺寸“{text}”看不懂：请写成 宽x高，例如 1366x768。")
    w, h = int(match.group(1)), int(match.group(2))
    if not (MIN_SIZE[0] <= w <= MAX_SIZE[0] and MIN_SIZE[1] <= h <= MAX_SIZE[1]):
        raise ValueError(
            f"尺寸 {w}x{h} 超出范围：宽 {MIN_SIZE[0]}–{MAX_SIZE[0]}，高 {MIN_SIZE[1]}–{MAX_SIZE[1]}。"
        )
    return w, h


def take_screenshot(
    app: QApplication,
    window: MainWindow,
    out: Path,
    loading: bool,
    size: tuple[int, int] = SIZE,
    mode: str | None = None,
) -> int:
    set_screen_override(QRect(0, 0, *size))  # dialogs and panes sized as on that screen
    window.resize(*size)
    if mode:
        window.modes.mode = mode
        window.modes.actions[mode].setChecked(True)
    window.show()
    if loading and window.workspace.scanning and not _wait(window.scan_finished, LOAD_TIMEOUT_MS):
        print(f"evcheck: 等待检查完成超时，已保存当前画面到 {out}", file=sys.stderr)
    _show_something(window)
    window.resize(*size)
    window.arrange()  # the panes as the mode lays them out at exactly this size
    _pause(RENDER_SETTLE_MS)
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
    """Check mode: select the first problem, so the screenshot shows a file, its preview and its
    findings.  Preview and Score modes: the first multi-page PDF, to show a page being read."""
    report = window.workspace.report
    if report is None:
        return
    window.nav.step_indicator(1)
    pdfs = [f for f in report.files if f.kind == "pdf" and (f.pages or 0) > 0]
    if window.modes.mode != "check" and pdfs:
        window.nav.go_to_file(max(pdfs, key=lambda f: f.pages or 0).path)
    else:
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
