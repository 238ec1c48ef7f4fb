"""A real main window for GUI tests, with its own settings file, review file and thread pool."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool

from app.review.store import ReviewStore
from app.rubric import Rubric
from ui import settings as S
from ui.corrections import ReviewFileCorrections
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.tasks import TaskRunner
from ui.workspace import Workspace

SCAN_TIMEOUT = 120_000


class Session:
    """A window whose settings, review file and thread pool all live under ``tmp_path``."""

    def __init__(self, qtbot, rubric: Rubric, tmp_path: Path, *, content: bool = False) -> None:
        self.qtbot, self.rubric, self.tmp = qtbot, rubric, tmp_path
        self.review_path = tmp_path / "review.evreview"
        self.settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        # the content pass (OCR in the background after every check) only where a test is about it:
        # elsewhere it would compete with the test for the CPU and change the report under it
        self.settings.set(S.CONTENT_PASS, content)
        self.opened: list = []
        self.window: MainWindow | None = None

    def open(self, show: bool = True) -> MainWindow:
        if self.review_path.exists():
            review = ReviewStore.open(self.review_path, self.rubric)
        else:
            review = ReviewStore.create(self.review_path, self.rubric, "测试")
        self.pool = QThreadPool()
        tasks = TaskRunner(self.pool)
        workspace = Workspace(self.rubric, tasks, ReviewFileCorrections(review))
        self.window = MainWindow(workspace, self.settings, tasks)
        self.window.preview.open_url = self.opened.append  # never start a real system viewer
        self.qtbot.addWidget(self.window)
        if show:
            self.window.show()
        return self.window

    def scan_demo(self) -> str:
        with self.qtbot.waitSignal(self.window.scan_finished, timeout=SCAN_TIMEOUT) as blocker:
            self.window.load_demo(trial=False)  # scored like any unit: the review file is the test's
        return blocker.args[0]

    def close(self) -> None:
        if self.window is not None and self.window.isVisible():
            self.window.close()
        self.pool.waitForDone(10_000)
