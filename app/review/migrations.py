"""The review file's SQLite schema as ordered migrations (docs/review-format.md).

``MIGRATIONS[n]`` brings a file from version n to n + 1.  Each step runs in its own transaction
together with its ``schema_version`` row, so a crash leaves the file at the old or the new
version, never in between.  Add new steps at the end; never edit a released one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database


def _v1(db: Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key", not_null={"value"})
    db.table("units").create(
        {
            "unit": str,
            "weight": float,
            "submission": str,
            "veto": int,
            "veto_reason": str,
            "notes": str,
            "created_at": str,
            "updated_at": str,
            "updated_by": str,
        },
        pk="unit",
        not_null={"submission", "veto", "veto_reason", "notes"},
        defaults={"submission": "", "veto": 0, "veto_reason": "", "notes": ""},
    )
    db.table("items").create(
        {
            "unit": str,
            "code": str,
            "inputs": str,  # JSON object: the reviewer's entries
            "suggested_inputs": str,  # JSON object or NULL
            "suggested_score": float,
            "suggested_reason": str,
            "suggested_gaps": str,  # JSON list of gap messages
            "confirmed": int,
            "confirmed_score": float,
            "override_reason": str,
            "notes": str,
            "updated_at": str,
            "updated_by": str,
        },
        pk=("unit", "code"),
        foreign_keys=[("unit", "units", "unit")],
        not_null={"inputs", "suggested_reason", "suggested_gaps", "confirmed", "override_reason", "notes"},
        defaults={
            "inputs": "{}",
            "suggested_reason": "",
            "suggested_gaps": "[]",
            "confirmed": 0,
            "override_reason": "",
            "notes": "",
        },
    )
    db.table("evidence").create(
        {
            "id": int,
            "unit": str,
            "code": str,
            "path": str,
            "page": int,
            "note": str,
            "added_at": str,
            "added_by": str,
        },
        pk="id",
        foreign_keys=[("unit", "units", "unit")],
        not_null={"unit", "code", "path", "note"},
        defaults={"note": ""},
    )
    for name, pk in (("reassignments", ("unit", "path")), ("accepted_findings", ("unit", "path", "code"))):
        columns: dict[str, type] = {"unit": str, "path": str}
        if name == "reassignments":
            columns |= {"indicator": str, "school": str}
        else:
            columns |= {"code": str}
        columns |= {"note": str, "updated_at": str, "updated_by": str}
        db.table(name).create(
            columns, pk=pk, foreign_keys=[("unit", "units", "unit")], not_null={"note"}, defaults={"note": ""}
        )
    db.table("audit").create(
        {
            "id": int,
            "at": str,
            "who": str,
            "unit": str,
            "action": str,
            "target": str,
            "old": str,  # JSON
            "new": str,  # JSON
            "origin": str,  # "" for edits made here; the other reviewer for imported history
        },
        pk="id",
        not_null={"at", "who", "action", "origin"},
        defaults={"origin": ""},
    )
    # Append-only: the log of who changed what cannot be edited or trimmed afterwards.
    db.execute(
        "CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
    )
    db.table("conflicts").create(
        {
            "id": int,
            "unit": str,
            "target": str,  # an item code, "unit.weight", "unit.veto", "reassign:<path>", …
            "ours": str,  # JSON
            "theirs": str,  # JSON
            "theirs_reviewer": str,
            "source": str,
            "created_at": str,
            "resolved_at": str,
            "resolution": str,  # "ours" or "theirs" once chosen
        },
        pk="id",
        not_null={"unit", "target", "ours", "theirs"},
    )
    db.table("items").create_index(["unit"])
    db.table("evidence").create_index(["unit", "code"])
    db.table("audit").create_index(["unit"])


def audit_signal_verdicts(db: Database) -> dict[tuple[str, str], dict[str, Any]]:
    """Signal verdicts as version 1 kept them: ``signal_review`` audit rows, the latest per key wins.

    Rows of the ``signal_reviews`` table, keyed by (unit, key).  Used by :func:`_v2` and to read a
    version-1 file opened read-only (not migrated).  Frozen with ``_v2``: do not change its meaning.
    """
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    found = db.execute(
        "SELECT unit, target, new, at, who FROM audit WHERE action = 'signal_review' AND unit IS NOT NULL"
        " AND target IS NOT NULL ORDER BY id"
    )
    for unit, key, new, at, who in found.fetchall():
        try:
            value = json.loads(new) if new else None
        except ValueError:
            continue  # an unreadable row is history, not a verdict
        if not isinstance(value, dict) or value.get("status") not in ("checked", "problem"):
            latest.pop((unit, key), None)  # taken back ("cleared")
            continue
        raw_paths = value.get("paths")
        paths = raw_paths if isinstance(raw_paths, list) else []
        latest[(unit, key)] = {
            "unit": unit,
            "key": key,
            "code": str(value.get("code") or ""),
            "paths": json.dumps([str(p) for p in paths], ensure_ascii=False),
            "verdict": value["status"],
            "note": str(value.get("note") or ""),
            "updated_at": at,
            "updated_by": who,
        }
    return latest


def _v2(db: Database) -> None:
    """The reviewer's verdicts on authenticity signals get their own table (issue 8).

    Version 1 kept them only as audit rows; those rows stay (the log is append-only) and the
    current verdict of each signal is carried into the table."""
    db.execute(
        """CREATE TABLE signal_reviews (
            unit TEXT NOT NULL REFERENCES units(unit),
            key TEXT NOT NULL,
            code TEXT NOT NULL DEFAULT '',
            paths TEXT NOT NULL DEFAULT '[]',
            verdict TEXT NOT NULL CHECK (verdict IN ('checked', 'problem')),
            note TEXT NOT NULL DEFAULT '',
            updated_at TEXT,
            updated_by TEXT,
            PRIMARY KEY (unit, key))"""
    )
    units = {r[0] for r in db.execute("SELECT unit FROM units").fetchall()}
    carried = [r for (unit, _), r in audit_signal_verdicts(db).items() if unit in units]
    if carried:
        db.table("signal_reviews").insert_all(carried)


MIGRATIONS: tuple[Callable[[Database], None], ...] = (_v1, _v2)


def current_version() -> int:
    """The version this program writes: one per migration step."""
    return len(MIGRATIONS)


def file_version(db: Database) -> int:
    """The schema version a file is at; 0 for a new empty file."""
    if not db.table("schema_version").exists():
        return 0
    row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(db: Database, now: str) -> int:
    """Apply the missing steps in order, one transaction each; returns the new version."""
    if not db.table("schema_version").exists():
        with db.atomic():
            db.table("schema_version").create({"version": int, "applied_at": str}, pk="version")
    version = file_version(db)
    for step in range(version, current_version()):
        with db.atomic():
            MIGRATIONS[step](db)
            db.table("schema_version").insert({"version": step + 1, "applied_at": now})
    return current_version()
