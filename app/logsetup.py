"""The program's log file: a few hundred KB × 3 in the platform log folder, set up by the entry points.

The windowed build has no console, so this file (and the crash dialog that names it, ui/crash.py)
is where a reviewer or a developer finds out what went wrong.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

MAX_BYTES = 300_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
_installed: list[logging.Handler] = []


def log_dir() -> Path:
    """Where the log lives: ``%LOCALAPPDATA%\\evcheck\\Logs`` on Windows, ``~/.local/state/evcheck/log`` on Linux."""
    return Path(platformdirs.user_log_dir("evcheck", appauthor=False))


def setup_logging(folder: Path | None = None, level: int = logging.INFO) -> Path:
    """Send the root logger to ``folder/evcheck.log`` (rotating); returns the file's path.

    Calling it again replaces the previous file handler (tests, a throw-away demo folder)."""
    folder = folder or log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "evcheck.log"
    close_logging()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    _installed.append(handler)
    return path


def close_logging() -> None:
    """Close the file handler (before its folder is removed: Windows keeps open files locked)."""
    root = logging.getLogger()
    while _installed:
        handler = _installed.pop()
        root.removeHandler(handler)
        handler.close()


def current_log() -> Path | None:
    """The log file in use, if any."""
    for handler in _installed:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None
