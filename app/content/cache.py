"""The content cache: each file's page texts and seal pages, keyed by file identity.

Like the inspection cache (app/cache.py), a result is reused only when the file's container,
name, size and mtime match — and for an archive member, the archive's own size and mtime too.
A separate SQLite file (content.sqlite), versioned: a different :data:`CONTENT_VERSION` drops
every row. A result that lacked OCR because the extra was missing is not reused once OCR is
installed. Each file's row is written in its own transaction as soon as all its pages are done,
so an interrupted pass (Ctrl+C, closing the window) leaves only complete rows.
Any cache error turns the cache off for the run; it never fails the pass.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from app.cache import SQLiteCache, connect_versioned, item_of, open_or_recreate, stamp_of
from app.discover import Entry

CONTENT_REVISION = 2  # 2: OCR lines joined across a seal, detector on 736 px. Bump when the pass can give a different answer for the same bytes
CONTENT_VERSION = f"content.{CONTENT_REVISION}"
CACHE_FILE = "content.sqlite"
FORGET_AFTER_DAYS = 180

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS content (
    container TEXT NOT NULL,
    item TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime REAL NOT NULL,
    stamp TEXT NOT NULL,
    stored REAL NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (container, item)
) WITHOUT ROWID;
"""


class ContentCache(SQLiteCache):
    label = "content cache"

    def __init__(self, directory: Path | None) -> None:
        """``directory`` None: no cache (every lookup misses, every store is dropped)."""
        self._conn: sqlite3.Connection | None = None
        self._stamps: dict[str, str] = {}
        if directory is None:
            return
        self._conn = open_or_recreate(directory / CACHE_FILE, _connect, "content cache")

    def _key(self, entry: Entry) -> tuple[str, str, int, float, str]:
        """Keyed like the inspection cache (app/cache.py), so both agree on what "the same file" is."""
        return entry.container, item_of(entry), entry.size, entry.mtime, stamp_of(entry, self._stamps)

    def lookup(self, entries: Iterable[Entry]) -> dict[Entry, dict[str, Any]]:
        if self._conn is None:
            return {}
        found: dict[Entry, dict[str, Any]] = {}
        try:
            for entry in entries:
                container, item, size, mtime, stamp = self._key(entry)
                row = self._conn.execute(
                    "SELECT size, mtime, stamp, data FROM content WHERE container = ? AND item = ?",
                    (container, item),
                ).fetchone()
                if row and tuple(row[:3]) == (size, mtime, stamp):
                    found[entry] = json.loads(row[3])
        except (sqlite3.Error, ValueError) as exc:
            self._disable(exc)
            return {}
        return found

    def store(self, entry: Entry, data: dict[str, Any]) -> None:
        if self._conn is None:
            return
        try:
            with self._conn:
                self._conn.execute(
                    "INSERT OR REPLACE INTO content VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        *self._key(entry)[:4],
                        self._key(entry)[4],
                        time.time(),
                        json.dumps(data, ensure_ascii=False),
                    ),
                )
        except sqlite3.Error as exc:
            self._disable(exc)


def _connect(path: Path) -> sqlite3.Connection:
    return connect_versioned(path, _SCHEMA, CONTENT_VERSION, ("content",))
