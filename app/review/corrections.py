"""The reviewer's manual corrections (file reassignments, accepted findings), for the check pipeline.

A mixin of :class:`app.review.store.ReviewStore`: same writer, same transaction-per-edit, same
audit log.  A correction may come before the unit was scored, so it adds the unit when needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from app.model import Corrections
from app.review import rows
from app.review.model import ReviewInputError

if TYPE_CHECKING:
    from sqlite_utils import Database


def check_accept_note(note: str) -> None:
    """An accepted finding needs the reviewer's reason (the review file and a session alike)."""
    if not note.strip():
        raise ReviewInputError("接受核查问题时请写明理由（例如“已核对原件，内容无误”）。")


class CorrectionWriter:
    if TYPE_CHECKING:
        db: Database
        who: str

        def edit(self) -> AbstractContextManager[str]: ...
        def log(self, at: str, unit: str | None, action: str, target: str, old: Any, new: Any) -> None: ...
        def _check_code(self, code: str) -> None: ...

    def corrections(self, unit: str) -> Corrections:
        """Reassignments and accepted findings of ``unit`` (empty for a unit not in the file)."""
        return rows.corrections_of(self.db, unit)

    def _ensure_unit(self, unit: str, at: str) -> None:
        if not unit.strip():
            raise ReviewInputError("单位名称不能为空。")
        if not list(self.db.table("units").rows_where("unit = ?", [unit])):
            self.db.table("units").insert(
                {"unit": unit, "created_at": at, "updated_at": at, "updated_by": self.who}
            )
            self.log(at, unit, "add_unit", "unit", None, {"weight": None, "submission": ""})

    def _rows(self, table: str, where: str, args: list[Any]) -> Iterator[dict[str, Any]]:
        return self.db.table(table).rows_where(where, args)

    def reassign(
        self, unit: str, path: str, indicator: str | None, school: str | None, note: str = ""
    ) -> None:
        """File ``path`` counts for ``indicator`` and ``school`` (None clears that part)."""
        if indicator is not None:
            self._check_code(indicator)
        old = list(self._rows("reassignments", "unit = ? AND path = ?", [unit, path]))
        new = {"indicator": indicator, "school": school, "note": note}
        with self.edit() as at:
            self._ensure_unit(unit, at)
            row = {"unit": unit, "path": path, **new, "updated_at": at, "updated_by": self.who}
            self.db.table("reassignments").upsert(row, pk=("unit", "path"))
            self.log(at, unit, "reassign", path, old[0] if old else None, new)

    def clear_reassignment(self, unit: str, path: str) -> None:
        old = list(self._rows("reassignments", "unit = ? AND path = ?", [unit, path]))
        if old:
            with self.edit() as at:
                self.db.table("reassignments").delete((unit, path))
                self.log(at, unit, "unreassign", path, old[0], None)

    def accept_finding(self, unit: str, path: str, code: str, note: str) -> None:
        """Finding ``code`` of ``path`` stops counting as a problem; the note says why (required)."""
        check_accept_note(note)
        with self.edit() as at:
            self._ensure_unit(unit, at)
            row = {"unit": unit, "path": path, "code": code, "note": note.strip()}
            row |= {"updated_at": at, "updated_by": self.who}
            self.db.table("accepted_findings").upsert(row, pk=("unit", "path", "code"))
            self.log(at, unit, "accept_finding", f"{path}#{code}", None, note.strip())

    def unaccept_finding(self, unit: str, path: str, code: str) -> None:
        old = list(self._rows("accepted_findings", "unit = ? AND path = ? AND code = ?", [unit, path, code]))
        if old:
            with self.edit() as at:
                self.db.table("accepted_findings").delete((unit, path, code))
                self.log(at, unit, "unaccept_finding", f"{path}#{code}", old[0]["note"], None)
