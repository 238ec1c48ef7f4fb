"""The log file (rotating, in the platform log folder) and the windowed build's crash dialog."""

import logging
import sys
import threading

from PySide6.QtWidgets import QApplication, QMessageBox

from app.logsetup import BACKUPS, MAX_BYTES, close_logging, current_log, log_dir, setup_logging
from ui.crash import crash_dialog, install_crash_handler


def test_log_goes_to_the_platform_log_folder_and_rotates(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert log_dir() == tmp_path / "state" / "evcheck" / "log"
    path = setup_logging()
    try:
        assert path == log_dir() / "evcheck.log" and current_log() == path
        big = "审核" * 2000
        for n in range(200):  # ≈ 2.4 MB: more than MAX_BYTES × (BACKUPS + 1)
            logging.getLogger("evcheck.test").warning("%d %s", n, big)
        files = sorted(p.name for p in path.parent.iterdir())
        assert files == ["evcheck.log", *(f"evcheck.log.{i}" for i in range(1, BACKUPS + 1))]
        assert all(p.stat().st_size <= MAX_BYTES + 13_000 for p in path.parent.iterdir())
        assert "199" in path.read_text(encoding="utf-8")
    finally:
        close_logging()
    assert current_log() is None


def test_crash_dialog_says_what_happened_and_where_the_log_is(qtbot, tmp_path):
    box = crash_dialog("ValueError: 坏了", tmp_path / "evcheck.log", "Traceback …")
    qtbot.addWidget(box)
    assert box.isVisible()  # shown without blocking
    assert "坏了" in box.text() and str(tmp_path / "evcheck.log") in box.text()
    assert box.icon() == QMessageBox.Icon.Critical


def test_uncaught_errors_in_any_thread_are_logged_and_shown(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = setup_logging(tmp_path)
    try:
        handler = install_crash_handler(path)
        assert sys.excepthook is handler
        try:
            raise RuntimeError("界面出错")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)

        def boom():
            raise OSError("后台出错")

        worker = threading.Thread(target=boom)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(handler.shown) == 2, timeout=5000)
        for box in handler.shown:
            qtbot.addWidget(box)
        assert "界面出错" in handler.shown[0].text() and "后台出错" in handler.shown[1].text()
        assert "后台出错" in path.read_text(encoding="utf-8")
    finally:
        close_logging()
    assert QApplication.instance() is not None
