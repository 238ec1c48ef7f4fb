"""QApplication setup and the GUI entry point used by ``evcheck gui``."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from app.logsetup import current_log
from app.resources import resource_path
from app.rubric import Rubric, RubricError, load_rubric
from ui import settings as S
from ui.corrections import open_correction_store
from ui.crash import crash_dialog, install_crash_handler
from ui.i18n import install_translations
from ui.main_window import MainWindow
from ui.qt_compat import keep_singletons_alive
from ui.settings import Settings
from ui.tasks import TaskRunner
from ui.workspace import Workspace

log = logging.getLogger(__name__)
# Chinese text must render on any machine: prefer the platform's CJK UI font, then common ones
CJK_FAMILIES = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
]


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("evcheck.svg", "evcheck.png"):
        file = resource_path(f"icons/{name}")
        if file.is_file():
            icon.addFile(str(file))
    return icon


def setup_application(argv: list[str] | None = None) -> QApplication:
    keep_singletons_alive()
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("evcheck")
    app.setOrganizationName("evcheck")
    app.setApplicationDisplayName("evcheck")
    app.setWindowIcon(app_icon())
    font = QFont(app.font())
    font.setFamilies([font.family(), *CJK_FAMILIES])
    app.setFont(font)
    return app  # type: ignore[return-value]


def prepare_runtime() -> None:
    """Keep the GUI thread responsive while the scan thread runs Python code (the GIL is shared).

    * Everything allocated at start-up (Qt bindings, rubric, window) is frozen out of the garbage
      collector: a full collection holds the GIL, and one over the start-up heap stalled the GUI
      thread for ~50 ms.
    * The GIL is handed over every 1 ms instead of 5 ms: each Python slot or model ``data()`` call
      made while painting must re-acquire the GIL from the scan thread, and waits up to that long.
    * The check's lazily imported modules are imported now, not by the first scan's thread (with
      PySide's import hook active, those imports cost the GUI ~100 ms of the first scan).
    """
    import app.cache
    import app.workers  # noqa: F401

    gc.collect()
    gc.freeze()
    sys.setswitchinterval(0.001)


def run_gui(args: argparse.Namespace) -> int:
    """Open the window (``evcheck gui``); with ``--screenshot`` render it to a PNG and exit."""
    screenshot = getattr(args, "screenshot", None)
    if screenshot:
        from ui.screenshot import parse_size

        try:
            args.size_pixels = parse_size(getattr(args, "size", None) or "1280x800")
        except ValueError as exc:  # before any window: a typo gets one clear line, no crash dialog
            print(f"evcheck: {exc}", file=sys.stderr)
            return 2
        # a screenshot needs no screen: render off-screen unless a platform was chosen explicitly
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = setup_application()
    install_crash_handler(current_log())
    try:
        rubric = load_rubric()
    except RubricError as exc:  # at start-up: no window yet, and the windowed build has no console
        log.error("rubric: %s", exc)
        print(f"evcheck: {exc}", file=sys.stderr)
        if not screenshot:
            crash_dialog(str(exc), current_log()).exec()
        return 2
    throwaway = bool(screenshot or getattr(args, "demo", False))
    scratch: Path | None = None
    if throwaway:
        # the demo and screenshots run on throw-away settings, review file and no cache: they
        # never read or change the reviewer's data folders (removed again at exit)
        scratch = Path(tempfile.mkdtemp(prefix="evcheck-demo-"))
        settings = Settings(QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat))
        settings.set(S.REVIEW_FILE, str(scratch / "review.evreview"))
    else:
        settings = Settings()
    try:
        return _run_window(app, rubric, settings, args, throwaway)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _run_window(
    app: QApplication, rubric: Rubric, settings: Settings, args: argparse.Namespace, throwaway: bool
) -> int:
    screenshot = getattr(args, "screenshot", None)
    if screenshot:  # its own throw-away settings: a still picture of the check, no reading behind it
        settings.set(S.CONTENT_PASS, False)
    install_translations(app, settings.get(S.LANGUAGE))  # before any widget is built
    tasks = TaskRunner()
    store, problem = open_correction_store(settings.review_file(), rubric, settings.get(S.REVIEWER_NAME))
    workspace = Workspace(rubric, tasks, store)
    workspace.file_time_limit = settings.get(S.FILE_TIME_LIMIT)
    workspace.use_cache = not throwaway
    window = MainWindow(workspace, settings, tasks)
    window.remember_choices = not throwaway
    window.throwaway = throwaway
    if problem:
        window.banner.show_message(
            QCoreApplication.translate(
                "App",
                "Cannot open the review file %1: %2. Corrections made now are kept in memory only; the file itself was not changed.",
            )
            .replace("%1", str(settings.review_file()))
            .replace("%2", problem)
        )
    prepare_runtime()
    loading = _open_initial(window, workspace, settings, args)
    if screenshot:
        from ui.screenshot import take_screenshot  # only needed for this mode

        size = getattr(args, "size_pixels", None) or (1280, 800)
        code = take_screenshot(app, window, Path(screenshot), loading, size, getattr(args, "mode", None))
    else:
        window.show()
        code = app.exec()
    return code


def _open_initial(
    window: MainWindow, workspace: Workspace, settings: Settings, args: argparse.Namespace
) -> bool:
    """Roster, unit and source from the command line, else the remembered roster and unit.

    The last folder is *not* re-scanned on start: if it made the app misbehave, starting again must
    still work.  It is first in File → Open Recent.
    """
    if getattr(args, "demo", False):
        window.load_demo()
        return True
    roster = getattr(args, "roster", None)
    if roster:
        window.set_roster(Path(roster))
    else:
        remembered = settings.get(S.LAST_ROSTER)
        if remembered and Path(remembered).is_file():
            workspace.set_roster(Path(remembered))
    unit = getattr(args, "unit", None) or settings.get(S.LAST_UNIT)
    if unit and (workspace.roster is None or unit in workspace.roster.units or getattr(args, "unit", None)):
        workspace.set_unit(unit)
    path = getattr(args, "path", None)
    if path:
        window.open_path(Path(path))
        return True
    return False
