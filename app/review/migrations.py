"""The review file's SQLite schema as ordered migrations (docs/review-format.md).

``MIGRATIONS[n]`` brings a file from version n to n + 1.  Each step runs in its own transaction
together with its ``schema_version`` row, so a crash leaves the file at the old or the new
version, never in between.  Add new steps at the end; never edit a released one.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database


def _v1(db: Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key", not_null={"value"})
    db["units"].create(
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
    db["items"].create(
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
    db["evidence"].create(
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
        db[name].create(
            columns, pk=pk, foreign_keys=[("unit", "units", "unit")], not_null={"note"}, defaults={"note": ""}
        )
    db["audit"].create(
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
    db["conflicts"].create(
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
    db["items"].create_index(["unit"])
    db["evidence"].create_index(["unit", "code"])
    db["audit"].create_index(["unit"])


MIGRATIONS: tuple[Callable[[Database], None], ...] = (_v1,)


def current_version() -> int:
    """The version this program writes: one per migration step."""
    return len(MIGRATIONS)


def file_version(db: Database) -> int:
    """The schema version a file is at; 0 for a new empty file."""
    if not db["schema_version"].exists():
        return 0
    row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(db: Database, now: str) -> int:
    """Apply the missing steps in order, one transaction each; returns the new version."""
    if not db["schema_version"].exists():
        with db.atomic():
            db["schema_version"].create({"version": int, "applied_at": str}, pk="version")
    version = file_version(db)
    for step in range(version, current_version()):
        with db.atomic():
            MIGRATIONS[step](db)
            db["schema_version"].insert({"version": step + 1, "applied_at": now})
    return current_version()
