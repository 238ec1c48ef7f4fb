"""The review file: one SQLite file per review (docs/review-format.md), written by one writer.

A :class:`ReviewStore` is *the* writer of its file.  It must be used from the thread that opened
it (the GUI thread, or one dedicated thread); sqlite3 refuses calls from other threads.  Every
public edit is one ``BEGIN IMMEDIATE … COMMIT`` transaction that also appends its audit row, so
a crash or a flat battery loses at most the edit being made, and the file stays valid (WAL,
``synchronous=FULL``).  Failures come back as :class:`ReviewError` subclasses with a Chinese
message; a failed edit is rolled back and everything saved before it stays as it was.

Undo/redo: read :meth:`item` before an edit and hand the snapshot to :meth:`restore_item`.
"""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app.review import rows
from app.review.corrections import CorrectionWriter
from app.review.model import (
    SIGNAL_PROBLEM,
    SIGNAL_VERDICT_LABELS,
    ItemReview,
    ReviewDoc,
    ReviewError,
    ReviewInputError,
    ReviewReadOnlyError,
    SignalVerdict,
    UnitReview,
    check_rubric,
    score_unit_review,
)
from app.review.opening import create_connection, now_iso, open_connection, translate
from app.rubric import Rubric, load_rubric
from app.scoring.engine import UnitScore, check_weight, fmt, score_item
from app.scoring.inputs import ScoredItem, ScoreInputError, item_map, normalise_inputs
from app.scoring.suggest import Suggestion


class ReviewStore(CorrectionWriter):
    """The single writer of one review file.  Open with :meth:`create` or :meth:`open`."""

    def __init__(
        self, path: str | Path, rubric: Rubric | None = None, who: str = "", *, readonly: bool = False
    ) -> None:
        """Open ``path``, or create it when it does not exist yet (``who`` becomes its reviewer)."""
        path = Path(path)
        rubric = rubric or load_rubric()
        conn = (
            open_connection(path, readonly)
            if path.exists() or readonly
            else create_connection(path, rubric, who)
        )
        self._conn = conn
        try:
            self.db = Database(conn, execute_plugins=False)
            meta = {r["key"]: r["value"] for r in self.db.table("meta").rows}
            check_rubric(
                rubric, meta.get("rubric_id", ""), meta.get("rubric_version", ""), f"评审文件 {path} "
            )
        except BaseException:
            conn.close()
            raise
        self.path = path
        self.rubric = rubric
        self.readonly = readonly
        self._items = item_map(rubric)
        self.reviewer: str = meta.get("reviewer", "")
        self.rubric_id, self.rubric_version = meta["rubric_id"], meta["rubric_version"]
        self.who = who or self.reviewer or getpass.getuser()

    @property
    def rubric_items(self) -> dict[str, ScoredItem]:
        """Every scored item of the rubric by code (indicators and sections 4, 5)."""
        return self._items

    @classmethod
    def create(cls, path: str | Path, rubric: Rubric, reviewer: str) -> ReviewStore:
        """A new review file; an existing file is never overwritten."""
        if Path(path).exists():
            raise ReviewError(f"文件 {path} 已存在，未覆盖。请换一个文件名，或直接打开它。")
        return cls(path, rubric, reviewer)

    @classmethod
    def open(
        cls, path: str | Path, rubric: Rubric | None = None, who: str = "", readonly: bool = False
    ) -> ReviewStore:
        """An existing review file; a newer, corrupt or foreign file is refused untouched."""
        if not Path(path).is_file():
            raise ReviewError(f"找不到评审文件 {path}。请确认路径正确。")
        return cls(path, rubric, who, readonly=readonly)

    def close(self) -> None:
        if not self.readonly:
            # on failure the WAL stays and is replayed on the next open; nothing is lost
            with suppress(sqlite3.Error):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._conn.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ── the transaction every edit runs in ───────────────────────────────────────────────

    @contextmanager
    def edit(self) -> Iterator[str]:
        """One edit = one transaction; yields its timestamp.  Package-internal (merge uses it)."""
        if self.readonly:
            raise ReviewReadOnlyError(f"评审文件 {self.path} 以只读方式打开，不能修改。")
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        try:
            yield now_iso()
            self._conn.execute("COMMIT")
        except BaseException as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise translate(exc, self.path) from exc
            raise
        # fold the WAL back in, so copying the .sqlite file alone carries every edit
        with suppress(sqlite3.Error):
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def log(self, at: str, unit: str | None, action: str, target: str, old: Any, new: Any) -> None:
        self.db.table("audit").insert(
            {
                "at": at,
                "who": self.who,
                "unit": unit,
                "action": action,
                "target": target,
                "old": rows.dumps(old),
                "new": rows.dumps(new),
                "origin": "",
            }
        )

    # ── reading ──────────────────────────────────────────────────────────────────────────

    def _read(self, fn: Any, *args: Any) -> Any:
        try:
            return fn(self.db, *args)
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc

    def units(self) -> list[str]:
        return self._read(lambda db: [r["unit"] for r in db.table("units").rows_where(order_by="unit")])

    def has_unit(self, unit: str) -> bool:
        return unit in self.units()

    def unit(self, unit: str) -> UnitReview:
        found = self._read(rows.read_unit, unit)
        if found is None:
            raise ReviewInputError(f"评审文件中没有单位“{unit}”。")
        return found

    def document(self) -> ReviewDoc:
        return ReviewDoc(
            self.rubric_id, self.rubric_version, self.reviewer, [self.unit(u) for u in self.units()]
        )

    def item(self, unit: str, code: str) -> ItemReview:
        self._check_code(code)
        return self.unit(unit).item(code)

    def score(self, unit: str) -> UnitScore:
        """The unit's live score from its current inputs (confirmed or not)."""
        try:
            return score_unit_review(self.rubric, self.unit(unit))
        except ScoreInputError as exc:
            raise ReviewInputError(str(exc)) from exc

    def audit(self, unit: str | None = None) -> list[dict[str, Any]]:
        where, args = ("unit = ?", [unit]) if unit is not None else (None, None)
        return self._read(lambda db: list(db.table("audit").rows_where(where, args, order_by="id")))

    # ── unit edits ───────────────────────────────────────────────────────────────────────

    def add_unit(self, unit: str, weight: float | None = None, submission: str = "") -> None:
        unit = unit.strip()
        if not unit:
            raise ReviewInputError("单位名称不能为空。")
        if self.has_unit(unit):
            raise ReviewInputError(f"评审文件中已有单位“{unit}”。")
        weight = self._weight(weight)
        with self.edit() as at:
            self.db.table("units").insert(
                {"unit": unit, "weight": weight, "submission": submission, "created_at": at, "updated_at": at}
                | {"updated_by": self.who}
            )
            self.log(at, unit, "add_unit", "unit", None, {"weight": weight, "submission": submission})

    def remove_unit(self, unit: str) -> None:
        """Take ``unit`` out of the review: its scores, evidence, corrections, verdicts and waiting
        conflicts go; the audit log keeps the history and records the removal."""
        if not self.has_unit(unit):
            raise ReviewInputError(f"评审文件中没有单位“{unit}”。")
        with self.edit() as at:
            old = {"items": self.db.table("items").count_where("unit = ?", [unit])}
            for table in (
                "evidence",
                "items",
                "reassignments",
                "accepted_findings",
                "signal_reviews",
                "conflicts",
            ):
                if self.db.table(table).exists():
                    self.db.execute(f"DELETE FROM [{table}] WHERE unit = ?", [unit])
            self.db.table("units").delete(unit)
            self.log(at, unit, "remove_unit", "unit", old, None)

    def _weight(self, weight: float | None) -> float | None:
        try:
            return check_weight(weight)
        except ScoreInputError as exc:
            raise ReviewInputError(str(exc)) from exc

    def _set_unit(self, unit: str, action: str, changes: dict[str, Any]) -> None:
        current = self.unit(unit)
        old = {k: getattr(current, k) for k in changes}
        if old == changes:
            return
        with self.edit() as at:
            self.db.table("units").update(unit, changes | {"updated_at": at, "updated_by": self.who})
            self.log(at, unit, action, "unit", old, changes)

    def set_weight(self, unit: str, weight: float | None) -> None:
        self._set_unit(unit, "weight", {"weight": self._weight(weight)})

    def set_veto(self, unit: str, veto: bool, reason: str = "") -> None:
        if veto and not reason.strip():
            raise ReviewInputError("否决（计0分）必须写明理由：哪份材料弄虚作假。")
        self._set_unit(unit, "veto", {"veto": veto, "veto_reason": reason.strip() if veto else ""})

    def set_submission(self, unit: str, path: str) -> None:
        self._set_unit(unit, "submission", {"submission": path})

    def set_unit_notes(self, unit: str, notes: str) -> None:
        self._set_unit(unit, "notes", {"notes": notes})

    # ── item edits ───────────────────────────────────────────────────────────────────────

    def _check_code(self, code: str) -> None:
        if code not in self._items:
            raise ReviewInputError(f"评分细则中没有指标“{code}”。")

    def _write_item(self, unit: str, item: ItemReview, at: str) -> None:
        self.db.table("items").upsert(rows.item_to_row(unit, item, at, self.who), pk=("unit", "code"))

    def set_inputs(self, unit: str, code: str, changes: Mapping[str, Any]) -> ItemReview:
        """Change some of an item's inputs; a confirmed item whose score changes needs confirming again."""
        old = self.item(unit, code)
        try:
            new_inputs = normalise_inputs(self._items[code], {**old.effective_inputs, **changes})
        except ScoreInputError as exc:
            raise ReviewInputError(str(exc)) from exc
        if new_inputs == old.effective_inputs and old.inputs:
            return old
        new = replace(old, inputs=new_inputs)
        if old.confirmed and score_item(self._items[code], new_inputs).score != old.confirmed_score:
            new = replace(new, confirmed=False, confirmed_score=None)
        with self.edit() as at:
            self._write_item(unit, new, at)
            self.log(at, unit, "inputs", code, old.effective_inputs, new_inputs)
        return self.item(unit, code)

    def override_needed(self, unit: str, code: str) -> bool:
        """True when confirming now needs a reason: the inputs give another score than suggested."""
        item = self.item(unit, code)
        if item.suggested_score is None:
            return False
        return score_item(self._items[code], item.effective_inputs).score != item.suggested_score

    def confirm(self, unit: str, code: str, reason: str = "") -> ItemReview:
        """Fix the item's score as computed from its inputs.  Differing from the suggestion needs a reason."""
        old = self.item(unit, code)
        score = score_item(self._items[code], old.effective_inputs).score
        reason = reason.strip() or old.override_reason
        differs = old.suggested_score is not None and score != old.suggested_score
        if differs and not reason:
            raise ReviewInputError(
                f"{code} 的得分 {fmt(score)} 与核查建议的 {fmt(old.suggested_score or 0)} 分不同，请填写调整理由。"
            )
        new = replace(
            old,
            inputs=old.effective_inputs,
            confirmed=True,
            confirmed_score=score,
            override_reason=reason if differs else "",
        )
        with self.edit() as at:
            self._write_item(unit, new, at)
            self.log(at, unit, "confirm", code, old.decision(), new.decision())
        return self.item(unit, code)

    def unconfirm(self, unit: str, code: str) -> ItemReview:
        old = self.item(unit, code)
        if not old.confirmed:
            return old
        return self.restore_item(unit, replace(old, confirmed=False, confirmed_score=None))

    def set_notes(self, unit: str, code: str, notes: str) -> ItemReview:
        old = self.item(unit, code)
        if old.notes == notes:
            return old
        with self.edit() as at:
            self._write_item(unit, replace(old, notes=notes), at)
            self.log(at, unit, "notes", code, old.notes, notes)
        return self.item(unit, code)

    def restore_item(self, unit: str, snapshot: ItemReview) -> ItemReview:
        """Put back an item's reviewer fields (inputs, confirmation, reason, notes): undo/redo."""
        old = self.item(unit, snapshot.code)
        if snapshot.inputs:
            try:
                normalise_inputs(self._items[snapshot.code], snapshot.inputs)
            except ScoreInputError as exc:
                raise ReviewInputError(str(exc)) from exc
        new = replace(
            old,
            inputs=dict(snapshot.inputs),
            confirmed=snapshot.confirmed,
            confirmed_score=snapshot.confirmed_score,
            override_reason=snapshot.override_reason,
            notes=snapshot.notes,
        )
        with self.edit() as at:
            self._write_item(unit, new, at)
            self.log(at, unit, "restore", snapshot.code, old.decision(), new.decision())
        return self.item(unit, snapshot.code)

    def apply_suggestions(self, unit: str, suggestions: Mapping[str, Suggestion]) -> None:
        """Store the check's suggestions (one transaction); the reviewer's own entries stay."""
        current = self.unit(unit)
        with self.edit() as at:
            for code in sorted(
                set(suggestions) | {c for c, i in current.items.items() if i.suggested_score is not None}
            ):
                self._check_code(code)
                old = current.item(code)
                s = suggestions.get(code)
                new = replace(
                    old,
                    suggested_inputs=s.inputs if s else None,
                    suggested_score=s.score if s else None,
                    suggested_reason=s.reason if s else "",
                    suggested_gaps=list(s.gaps) if s else [],
                )
                if new != old:
                    self._write_item(unit, new, at)
                    self.log(at, unit, "suggest", code, old.suggested_score, new.suggested_score)

    def link_evidence(self, unit: str, code: str, path: str, page: int | None = None, note: str = "") -> int:
        self.item(unit, code)
        if page is not None and page < 1:
            raise ReviewInputError(f"页码应从 1 开始，当前为 {page}。")
        with self.edit() as at:
            row = {"unit": unit, "code": code, "path": path, "page": page, "note": note}
            table = self.db.table("evidence").insert(row | {"added_at": at, "added_by": self.who})
            self.log(at, unit, "link_evidence", code, None, row)
            return rows.inserted_id(table)

    def unlink_evidence(self, unit: str, evidence_id: int) -> None:
        found = list(self.db.table("evidence").rows_where("id = ? AND unit = ?", [evidence_id, unit]))
        if not found:
            return
        with self.edit() as at:
            self.db.table("evidence").delete(evidence_id)
            self.log(at, unit, "unlink_evidence", found[0]["code"], found[0], None)

    # ── verdicts on authenticity signals (docs/signals.md) ───────────────────────────────

    def signal_verdicts(self, unit: str) -> list[SignalVerdict]:
        """The reviewer's verdicts on the unit's signals, by key (empty for a unit not in the file)."""
        return self._read(rows.signal_verdicts_of, unit)

    def _signal_verdict(self, unit: str, key: str) -> SignalVerdict | None:
        return next((v for v in self.signal_verdicts(unit) if v.key == key), None)

    def set_signal_verdict(
        self, unit: str, key: str, code: str, paths: Sequence[str], verdict: str, note: str = ""
    ) -> SignalVerdict:
        """Signal ``key`` was checked (note optional) or is a problem (note required)."""
        check_verdict(verdict, note)
        if not key:
            raise ReviewInputError("缺少要核实的信号。")
        note = note.strip()
        old = self._signal_verdict(unit, key)
        if old and (old.verdict, old.note, old.code, old.paths) == (verdict, note, code, tuple(paths)):
            return old
        with self.edit() as at:
            self._ensure_unit(unit, at)  # like a correction, a verdict may come before scoring
            new = SignalVerdict(key, code, tuple(paths), verdict, note, at, self.who)
            self.db.table("signal_reviews").upsert(rows.signal_verdict_to_row(unit, new), pk=("unit", "key"))
            self.log(at, unit, "signal_review", key, _audit_value(old), _audit_value(new))
        return new

    def clear_signal_verdict(self, unit: str, key: str) -> None:
        """Take a verdict back: the signal is unverified again (the audit log keeps the history)."""
        old = self._signal_verdict(unit, key)
        if old is None:
            return
        with self.edit() as at:
            self.db.table("signal_reviews").delete((unit, key))
            self.log(at, unit, "signal_review", key, _audit_value(old), None)


def check_verdict(verdict: str, note: str) -> None:
    """The rules of a verdict, for the review file and for a session without one alike."""
    if verdict not in SIGNAL_VERDICT_LABELS:
        raise ReviewInputError(f"未知的核实结论“{verdict}”：应为 checked（已核实无误）或 problem（有问题）。")
    if verdict == SIGNAL_PROBLEM and not note.strip():
        raise ReviewInputError("标记为“有问题”时请写明情况（例如“与某校照片为同一张”）。")


def _audit_value(v: SignalVerdict | None) -> dict[str, Any] | None:
    """The audit row's form, unchanged since version 1 kept verdicts only there."""
    return (
        None if v is None else {"status": v.verdict, "note": v.note, "code": v.code, "paths": list(v.paths)}
    )
