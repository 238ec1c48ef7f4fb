"""Cached per-file features, keyed by (where, size, mtime, feature version), in the cache folder.

A re-run over an unchanged folder reads every hash and text digest from here instead of opening
the files again. The cache is a convenience: any problem with it (read-only disk, a corrupt or
locked file) silently turns it off for the run.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import platformdirs

from app.discover import Entry

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS features ("
    " location TEXT NOT NULL, size INTEGER NOT NULL, mtime REAL NOT NULL, version INTEGER NOT NULL,"
    " data TEXT NOT NULL, PRIMARY KEY (location, size, mtime, version))"
)


def default_dir() -> Path:
    return Path(platformdirs.user_cache_dir("evcheck", appauthor=False))


def _location(entry: Entry) -> str:
    if entry.member is None:
        return entry.container + "/" + entry.rel
    # A zip member is known by the zip's path, size and mtime plus the member's name: a member's
    # own date is only minute-precise, so a re-packed zip must not reuse the old member's features.
    try:
        st = os.stat(entry.container)
        stamp = f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        stamp = "?"
    return f"{entry.container}@{stamp}!{entry.member}"


class FeatureCache:
    def __init__(self, folder: Path | None, version: int) -> None:
        self.version = version
        self._db: sqlite3.Connection | None = None
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(folder / "signals.sqlite", timeout=5)
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (sqlite3.Error, OSError):
            self._db = None

    def get(self, entry: Entry) -> dict[str, Any] | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT data FROM features WHERE location=? AND size=? AND mtime=? AND version=?",
                (_location(entry), entry.size, entry.mtime, self.version),
            ).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError):
            return None

    def put(self, entry: Entry, data: dict[str, Any]) -> None:
        if self._db is None:
            return
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO features VALUES (?, ?, ?, ?, ?)",
                (
                    _location(entry),
                    entry.size,
                    entry.mtime,
                    self.version,
                    json.dumps(data, ensure_ascii=False),
                ),
            )
        except sqlite3.Error:
            self._db = None

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.commit()
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None
