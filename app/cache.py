"""The inspection cache: re-checking an unchanged folder re-inspects nothing.

One SQLite file in the platform cache folder (platformdirs; XDG_CACHE_HOME on Linux). A result is
reused only when the file's container, name, size and modification time all match — and, for a
zip member, the zip's own size and modification time too. ``CHECKER_VERSION`` is stored with the
rows; a checker with a different version drops them all. The cache is a pure optimisation: any
error (locked, corrupt, read-only disk) disables it for the run, never fails the check.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import os
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import platformdirs

from app import __version__
from app.discover import Entry
from app.model import FileKind, Finding, Inspection, Severity

# Bump INSPECTION_REVISION whenever inspection can give a different answer for the same bytes.
INSPECTION_REVISION = 5
CHECKER_VERSION = f"{__version__}+inspect.{INSPECTION_REVISION}"
CACHE_FILE = "inspections.sqlite"
FORGET_AFTER_DAYS = 180
# Verdicts about the moment rather than the bytes are checked again next time.
TRANSIENT_CODES = frozenset({"file.timeout", "file.skipped"})

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inspections (
    container TEXT NOT NULL,
    item TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime REAL NOT NULL,
    stamp TEXT NOT NULL,
    stored REAL NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (container, item)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hashes (
    container TEXT NOT NULL,
    item TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime REAL NOT NULL,
    stamp TEXT NOT NULL,
    stored REAL NOT NULL,
    data TEXT NOT NULL,  -- sha256, hex
    PRIMARY KEY (container, item)
) WITHOUT ROWID;
"""


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("evcheck", appauthor=False))


def stamp_of(entry: Entry, stamps: dict[str, str]) -> str:
    """The archive's own size and mtime for a member (shared by every cache keyed by file identity) (the member's date is only minute-precise)."""
    if entry.member is None:
        return ""
    if entry.container not in stamps:
        try:
            st = os.stat(entry.container)
            stamps[entry.container] = f"{st.st_size}:{st.st_mtime_ns}"
        except OSError:
            stamps[entry.container] = "?"
    return stamps[entry.container]


def item_of(entry: Entry) -> str:
    return entry.member if entry.member is not None else entry.rel


def to_json(result: Inspection) -> str:
    return json.dumps(
        {
            "kind": str(result.kind),
            "detected": result.detected,
            "findings": [[f.code, str(f.severity), f.message] for f in result.findings],
            "pages": result.pages,
            "width": result.width,
            "height": result.height,
            "exif_date": result.exif_date,
            "usable": result.usable,
            "extra": result.extra,
        },
        ensure_ascii=False,
    )


def from_json(text: str) -> Inspection:
    d = _parsed(text)
    return Inspection(
        kind=FileKind(d["kind"]),
        detected=d["detected"],
        findings=[Finding(code, Severity(sev), msg) for code, sev, msg in d["findings"]],
        pages=d["pages"],
        width=d["width"],
        height=d["height"],
        exif_date=d["exif_date"],
        usable=d["usable"],
        # Fresh objects per file: a parsed row is shared by every file with the same row.
        extra={k: copy.deepcopy(v) if isinstance(v, (list, dict)) else v for k, v in d["extra"].items()},
    )


@lru_cache(maxsize=4096)
def _parsed(text: str) -> dict[str, Any]:
    # Many files inspect alike (photos of one camera: same size, date, no findings); each distinct
    # row is parsed once. Callers only read the dict; from_json copies what it hands out.
    parsed: dict[str, Any] = json.loads(text)
    return parsed


class SQLiteCache:
    """What every cache file shares: a connection that may be missing, and that on any sqlite error
    is closed for the rest of the run — a cache that fails only costs speed, never the check."""

    label = "cache"  # for the log line
    _conn: sqlite3.Connection | None

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    def _disable(self, exc: Exception) -> None:
        log.warning("%s disabled for this run: %s", self.label, exc)
        self.close()


class InspectionCache(SQLiteCache):
    """Open with ``InspectionCache.open()``; every method is safe to call after a failure."""

    label = "inspection cache"

    def __init__(self, conn: sqlite3.Connection | None, path: Path | None = None) -> None:
        self._conn = conn
        self.path = path
        self._stamps: dict[str, str] = {}

    @classmethod
    def open(cls, directory: Path | None = None) -> InspectionCache:
        path = (directory or cache_dir()) / CACHE_FILE
        conn = open_or_recreate(path, _connect, "inspection cache")
        return cls(conn, path) if conn is not None else cls(None)

    @property
    def enabled(self) -> bool:
        return self._conn is not None

    def lookup(self, entries: Iterable[Entry]) -> dict[Entry, Inspection]:
        """Cached inspections of the entries that have not changed."""
        try:
            return {e: from_json(data) for e, data in self._lookup("inspections", entries).items()}
        except (ValueError, KeyError, TypeError) as exc:
            self._disable(exc)
            return {}

    def lookup_hashes(self, entries: Iterable[Entry]) -> dict[Entry, str]:
        """Cached sha256 hex digests of the entries that have not changed."""
        return self._lookup("hashes", entries)

    def store(self, results: Iterable[tuple[Entry, Inspection]]) -> None:
        self._store(
            "inspections",
            [(e, to_json(r)) for e, r in results if not any(f.code in TRANSIENT_CODES for f in r.findings)],
        )

    def store_hashes(self, digests: Iterable[tuple[Entry, str]]) -> None:
        self._store("hashes", list(digests))

    def _lookup(self, table: str, entries: Iterable[Entry]) -> dict[Entry, str]:
        if self._conn is None:
            return {}
        by_container: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_container[entry.container].append(entry)
        found: dict[Entry, str] = {}
        try:
            # One query per container: a re-check of 10,000 files costs one indexed range scan.
            for container, group in by_container.items():
                rows = {
                    item: (size, mtime, stamp, data)
                    for item, size, mtime, stamp, data in self._conn.execute(
                        f"SELECT item, size, mtime, stamp, data FROM {table} WHERE container = ?",
                        (container,),
                    )
                }
                for entry in group:
                    row = rows.get(item_of(entry))
                    if row and row[:3] == (entry.size, entry.mtime, stamp_of(entry, self._stamps)):
                        found[entry] = row[3]
        except sqlite3.Error as exc:
            self._disable(exc)
            return {}
        return found

    def _store(self, table: str, pairs: list[tuple[Entry, str]]) -> None:
        if self._conn is None or not pairs:
            return
        now = time.time()
        rows = [
            (e.container, item_of(e), e.size, e.mtime, stamp_of(e, self._stamps), now, data)
            for e, data in pairs
        ]
        try:
            with self._conn:
                self._conn.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            self._disable(exc)


_swept: set[Path] = set()  # cache files whose old rows this process has deleted


def connect_versioned(path: Path, schema: str, version: str, tables: tuple[str, ...]) -> sqlite3.Connection:
    """One of evcheck's cache files (this one, app/content/cache.py): WAL, its tables emptied when
    ``version`` changed, rows older than FORGET_AFTER_DAYS deleted once per process."""
    conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        # WAL lets a second evcheck read while this one writes; each store is one short transaction.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.executescript(schema)
        conn.isolation_level = "DEFERRED"  # back to implicit transactions, committed by `with conn`
        with conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if row is None or row[0] != version:
                for table in tables:
                    conn.execute(f"DELETE FROM {table}")
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (version,))
            if path not in _swept:  # a full scan of the tables: once per process, not per unit
                forget = time.time() - FORGET_AFTER_DAYS * 86400
                for table in tables:
                    conn.execute(f"DELETE FROM {table} WHERE stored < ?", (forget,))
                _swept.add(path)
    except BaseException:
        conn.close()
        raise
    return conn


def open_or_recreate(
    path: Path, connect: Callable[[Path], sqlite3.Connection], what: str
) -> sqlite3.Connection | None:
    """``connect(path)``; a damaged file is discarded and made anew once; None when the folder cannot
    be used (the run goes on without a cache)."""
    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return connect(path)
        except sqlite3.DatabaseError as exc:
            if attempt == 0:
                log.warning("%s %s is damaged (%s); starting a new one", what, path, exc)
                _discard(path)
        except OSError as exc:
            log.warning("%s unavailable: %s", what, exc)
            break
    return None


def _connect(path: Path) -> sqlite3.Connection:
    return connect_versioned(path, _SCHEMA, CHECKER_VERSION, ("inspections", "hashes"))


def _discard(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.remove(f"{path}{suffix}")
