"""The unit-report cache: re-checking an unchanged unit returns its stored report at once.

A city re-check spends most of its time inspecting nothing new: every file's answer is in the
inspection cache, yet each is looked up, classified, hashed and evaluated again. Here a unit's whole
report is kept under one key made of everything it depends on — the submission's listing (every
file's path, size, mtime and archive stamp, the same identity the inspection cache trusts; refused
items and junk), the unit asked for, the roster's content, the rubric's data, the inspection
timeout, the report's source name and a stamp of evcheck's own code — so a hit cannot differ from a
fresh run. One small SQLite file beside the inspection cache, one row
per (source, unit): a re-check replaces the row, so the file does not grow with every edit.

Like the inspection cache it is a pure optimisation: any error is a miss, never a failed check.
"""

from __future__ import annotations

import gc
import hashlib
import importlib.util
import logging
import os
import pickle
import sqlite3
import sys
import time
from functools import lru_cache
from pathlib import Path

from app import __version__
from app.cache import (
    CHECKER_VERSION,
    TRANSIENT_CODES,
    SQLiteCache,
    cache_dir,
    connect_versioned,
    open_or_recreate,
    stamp_of,
)
from app.discover import Discovery, Entry
from app.model import Finding, Report
from app.roster import Roster
from app.rubric import Rubric

CACHE_FILE = "reports.sqlite"
# Notices about the moment (the workers could not run) rather than the material.
TRANSIENT_NOTICES = frozenset({"run.workers_fallback"})
# A worker that died on a file gives ``file.unreadable`` with this in its message (app/workers.py):
# a crash may be the machine's (memory, security software), so the next run asks again.
_CRASH_MARK = "意外退出"

# Libraries that decide what a report says: name matching, and reading PDFs, images and archives.
_LIBRARIES = ("rapidfuzz", "opencc_purepy", "pypdf", "PIL", "pypdfium2", "py7zr", "inflate64")

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    source TEXT NOT NULL,
    unit TEXT NOT NULL,
    key TEXT NOT NULL,
    stored REAL NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (source, unit)
);
"""


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """evcheck's version plus the names, sizes and mtimes of app/'s sources: a developer's edit to a
    dataclass (or to any rule) makes every stored report stale, without bumping a version by hand.
    The libraries whose answers reach a report are stamped too (an upgraded matcher may classify a
    name differently, which no inspection-cache version would notice)."""
    return sources_stamp(Path(__file__).resolve().parent, _LIBRARIES)


def sources_stamp(root: Path, libraries: tuple[str, ...] = ()) -> str:
    """The digest of the .py files under ``root`` (name, size, mtime) and of ``libraries``' files;
    about a hundred stats, no file read."""
    digest = hashlib.sha256(f"{__version__}|{CHECKER_VERSION}".encode())
    found = False
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                st = os.stat(path)
                digest.update(f"{os.path.relpath(path, root)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
                found = True
    for name in libraries:  # located, not imported: an upgrade rewrites the package's files
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin is not None and os.path.exists(spec.origin):
            st = os.stat(spec.origin)
            digest.update(f"{name}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    if not found:  # a frozen build keeps its sources inside the executable
        try:
            st = os.stat(sys.executable)
            digest.update(f"{sys.executable}|{st.st_size}|{st.st_mtime_ns}".encode())
        except OSError:
            return f"{__version__}|unstamped"
    return digest.hexdigest()


_rubric_digests: dict[int, tuple[Rubric, str]] = {}


def _rubric_digest(rubric: Rubric) -> str:
    # A city check passes the same rubric object for every unit: digested once. The object is kept
    # with its digest so its id cannot be reused by another rubric.
    held = _rubric_digests.get(id(rubric))
    if held is None or held[0] is not rubric:
        if len(_rubric_digests) > 8:
            _rubric_digests.clear()
        held = (rubric, hashlib.sha256(repr(rubric).encode()).hexdigest())
        _rubric_digests[id(rubric)] = held
    return held[1]


def _entry_line(entry: Entry, stamps: dict[str, str]) -> str:
    return "\t".join(
        (
            entry.rel,
            str(entry.size),
            repr(entry.mtime),
            entry.container,
            entry.member if entry.member is not None else "\x00",
            entry.disk if entry.disk is not None else "\x00",
            stamp_of(entry, stamps),
        )
    )


def _finding_line(f: Finding) -> str:
    return f"{f.code}\t{f.severity}\t{f.message}"


def unit_key(
    *,
    source: str,
    unit: str | None,
    listing: Discovery,
    roster: Roster | None,
    rubric: Rubric,
    timeout: float,
) -> str:
    """The digest of everything a unit's report (before corrections) is made from: ``listing`` is
    the submission's whole listing, before the unit's part is picked out of it."""
    stamps: dict[str, str] = {}
    parts: list[str] = [
        code_stamp(),
        f"source\t{source}",
        f"unit\t{unit}",
        f"timeout\t{timeout!r}",
        f"rubric\t{rubric.id}\t{_rubric_digest(rubric)}",
        "roster\t" + ("\x00" if roster is None else repr((roster.source, roster.units, roster.notes))),
        "entries",
        *(_entry_line(e, stamps) for e in listing.entries),
        "refused",
    ]
    for item, problem in listing.refused:
        where = item if isinstance(item, str) else _entry_line(item, stamps)
        parts.append(f"{where}\t{_finding_line(problem)}")
    # Later volumes of a split set: its members are read through them, yet listed under the first.
    parts += ["junk", *listing.junk, "volumes", *(_entry_line(e, stamps) for e in listing.volumes)]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def cacheable(report: Report) -> bool:
    """False when a second run might answer differently: a file timed out, was skipped for the
    moment or its worker crashed, or the workers could not run at all."""
    if any(n.code in TRANSIENT_NOTICES for n in report.notices):
        return False
    for record in report.files:
        for f in record.inspected:
            if f.code in TRANSIENT_CODES or (f.code == "file.unreadable" and _CRASH_MARK in f.message):
                return False
    return True


class ReportCache(SQLiteCache):
    """Open with ``ReportCache.open()``; every method is safe to call after a failure."""

    label = "report cache"

    def __init__(self, conn: sqlite3.Connection | None) -> None:
        self._conn = conn

    @classmethod
    def open(cls, directory: Path | None = None) -> ReportCache:
        path = (directory or cache_dir()) / CACHE_FILE
        return cls(open_or_recreate(path, _connect, "report cache"))

    @property
    def enabled(self) -> bool:
        return self._conn is not None

    def lookup(self, source: str, unit: str | None, key: str) -> Report | None:
        """The stored report when its key is ``key``; a fresh object on every call."""
        if self._conn is None:
            return None
        try:
            row = self._conn.execute(
                "SELECT key, data FROM reports WHERE source = ? AND unit = ?", (source, unit or "")
            ).fetchone()
        except sqlite3.Error as exc:
            self._disable(exc)
            return None
        if row is None or row[0] != key:
            return None
        collecting = gc.isenabled()
        gc.disable()  # tens of thousands of new objects, none cyclic garbage: collecting is wasted time
        try:
            report = pickle.loads(row[1])
        except Exception as exc:  # a damaged or foreign row is a miss, whatever unpickling raised
            log.warning("report cache row for %s unreadable: %s", source, exc)
            return None
        finally:
            if collecting:
                gc.enable()
        return report if isinstance(report, Report) else None

    def store(self, source: str, unit: str | None, key: str, report: Report) -> None:
        """Keep ``report`` (pickled now: later changes to the object are not stored) as the one row
        of (source, unit), unless it carries a transient result."""
        if self._conn is None or not cacheable(report):
            return
        collecting = gc.isenabled()
        gc.disable()  # pickling allocates as it walks a big heap; a full collection mid-way is wasted
        try:
            data = pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            self._disable(exc)
            return
        finally:
            if collecting:
                gc.enable()
        try:
            with self._conn:
                self._conn.execute(
                    "INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?)",
                    (source, unit or "", key, time.time(), data),
                )
        except sqlite3.Error as exc:
            self._disable(exc)


def _connect(path: Path) -> sqlite3.Connection:
    return connect_versioned(path, _SCHEMA, code_stamp(), ("reports",))
