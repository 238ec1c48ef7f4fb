"""Every persistent UI setting, declared once with its type and default, stored through QSettings.

Tests and ``--screenshot`` runs pass their own QSettings (an INI file in a temp folder) so they never
touch the reviewer's real settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import platformdirs
from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QSettings

T = TypeVar("T")

RECENT_LIMIT = 10


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type
    default: T
    # For settings the reviewer edits (USER_SETTINGS): the settings dialog is built from these.
    label: str = ""  # English source text, translated in the "Settings" context
    hint: str = ""  # one line shown under the field
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, shown name) for a fixed list
    minimum: float | None = None
    maximum: float | None = None
    suffix: str = ""

    def accepts(self, value: object) -> bool:
        """A hand-edited or stale stored value outside the declared range or choices reads as the default."""
        if self.choices and value not in {v for v, _ in self.choices}:
            return False
        if isinstance(value, int | float) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                return False
            if self.maximum is not None and value > self.maximum:
                return False
        return True


LAST_FOLDER: Setting[str] = Setting("paths/last_folder", str, "")
LAST_ROSTER: Setting[str] = Setting("paths/last_roster", str, "")
LAST_UNIT: Setting[str] = Setting("paths/last_unit", str, "")
RECENT: Setting[list] = Setting("paths/recent", list, [])
REVIEW_FILE: Setting[str] = Setting("paths/review_file", str, "")
GEOMETRY: Setting[QByteArray] = Setting("window/geometry", QByteArray, QByteArray())
WINDOW_STATE: Setting[QByteArray] = Setting("window/state", QByteArray, QByteArray())
SPLITTERS: Setting[QByteArray] = Setting("window/splitters", QByteArray, QByteArray())
# the work mode (ui/modes.py) and the pane sizes the reviewer gave each mode (JSON)
WORK_MODE: Setting[str] = Setting(
    "window/mode", str, "check", choices=(("check", ""), ("preview", ""), ("score", ""))
)
MODE_SIZES: Setting[str] = Setting("window/mode_sizes", str, "")

REVIEWER_NAME: Setting[str] = Setting(
    "review/reviewer_name",
    str,
    "",
    label=QT_TRANSLATE_NOOP("Settings", "Reviewer name"),
    hint=QT_TRANSLATE_NOOP(
        "Settings", "Recorded in the review file with every score and correction you make."
    ),
)
DEFAULT_WEIGHT: Setting[float] = Setting(
    "review/default_weight",
    float,
    100.0,
    label=QT_TRANSLATE_NOOP("Settings", "Default weight"),
    hint=QT_TRANSLATE_NOOP(
        "Settings", "The supervision weight a new unit starts with; sections 1-4 are scaled to it."
    ),
    minimum=0.5,
    maximum=100.0,
)
LANGUAGE: Setting[str] = Setting(
    "ui/language",
    str,
    "zh_CN",
    label=QT_TRANSLATE_NOOP("Settings", "Language"),
    hint=QT_TRANSLATE_NOOP("Settings", "Takes effect the next time evcheck starts."),
    choices=(("zh_CN", "简体中文"), ("en", "English")),  # each language named in itself
)
FILE_TIME_LIMIT: Setting[float] = Setting(
    "check/file_time_limit",
    float,
    10.0,
    label=QT_TRANSLATE_NOOP("Settings", "Time limit per file"),
    hint=QT_TRANSLATE_NOOP(
        "Settings", "A file that takes longer to open is reported as timed out and skipped."
    ),
    minimum=1.0,
    maximum=300.0,
    suffix=QT_TRANSLATE_NOOP("Settings", " s"),
)
CONTENT_PASS: Setting[bool] = Setting(
    "check/read_content",
    bool,
    True,
    label=QT_TRANSLATE_NOOP("Settings", "Read file contents after a check (text recognition)"),
    hint=QT_TRANSLATE_NOOP(
        "Settings",
        "Runs in the background: finds the school and indicator of files whose names say nothing, "
        "red seals and document numbers, and makes the text searchable (Ctrl+F).",
    ),
)
# What the settings dialog shows, in this order.
USER_SETTINGS: tuple[Setting, ...] = (
    REVIEWER_NAME,
    DEFAULT_WEIGHT,
    LANGUAGE,
    FILE_TIME_LIMIT,
    CONTENT_PASS,
)

ALL_SETTINGS: tuple[Setting, ...] = (
    *USER_SETTINGS,
    LAST_FOLDER,
    LAST_ROSTER,
    LAST_UNIT,
    RECENT,
    REVIEW_FILE,
    GEOMETRY,
    WINDOW_STATE,
    SPLITTERS,
    WORK_MODE,
    MODE_SIZES,
)


def default_review_file() -> Path:
    """Where the review lives unless the reviewer picks another file: the user data folder."""
    return Path(platformdirs.user_data_dir("evcheck", appauthor=False)) / "review.evreview"


class Settings:
    """Typed access to QSettings; a value of the wrong type (hand-edited file) reads as the default."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings("evcheck", "evcheck")

    def get(self, setting: Setting[T]) -> T:
        value = self.store.value(setting.key, setting.default)
        if setting.type is list:
            # QSettings returns a bare string for a one-item list on some backends
            if isinstance(value, str):
                value = [value] if value else []
            return list(value) if isinstance(value, list | tuple) else list(setting.default)  # type: ignore[return-value]
        if setting.type is QByteArray:
            return value if isinstance(value, QByteArray) else QByteArray()  # type: ignore[return-value]
        if setting.type is bool and isinstance(value, str):  # INI files and some backends keep text
            value = {"true": True, "false": False}.get(value.lower(), value)
        if setting.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        ok = isinstance(value, setting.type) and setting.accepts(value)
        return value if ok else setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        self.store.setValue(setting.key, value)

    def sync(self) -> None:
        self.store.sync()

    def review_file(self) -> Path:
        chosen = self.get(REVIEW_FILE)
        return Path(chosen) if chosen else default_review_file()

    def recent(self) -> list[str]:
        return [str(p) for p in self.get(RECENT) if p]

    def add_recent(self, path: Path) -> list[str]:
        """Put ``path`` first in the recent list (no duplicates, at most RECENT_LIMIT entries)."""
        text = str(path)
        items = [text] + [p for p in self.recent() if p != text]
        items = items[:RECENT_LIMIT]
        self.set(RECENT, items)
        self.set(LAST_FOLDER, str(path.parent if path.is_file() else path))
        return items

    def remove_recent(self, path: str) -> list[str]:
        items = [p for p in self.recent() if p != path]
        self.set(RECENT, items)
        return items
