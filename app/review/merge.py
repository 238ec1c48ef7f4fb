"""Moving units between reviewers' files: export, import, and conflicts kept until someone chooses.

Import never overwrites a decision silently.  Per unit, per item (and per unit setting,
reassignment, accepted finding and verdict on an authenticity signal):

* theirs empty → nothing to do;  ours empty → theirs is adopted (listed, and in the audit log);
* the same on both sides → nothing to do;
* both decided and different → a *conflict* row: ours stays in force, theirs is kept beside it,
  until :func:`resolve` is called with ``"ours"`` or ``"theirs"``.

Evidence links are united.  The other file's audit history comes along, marked with its origin.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from app.review import rows
from app.review.jsonio import doc_json, is_sqlite, read_json_file, unit_json
from app.review.model import (
    SIGNAL_VERDICT_LABELS,
    ItemReview,
    ReviewDoc,
    ReviewError,
    ReviewInputError,
    SignalVerdict,
    UnitReview,
)
from app.review.store import ReviewStore
from app.scoring.engine import check_weight, fmt, score_item
from app.scoring.inputs import ScoreInputError, item_map, normalise_inputs


@dataclass(frozen=True)
class Conflict:
    id: int
    unit: str
    target: str  # item code, "unit.weight", "unit.veto", "unit.submission", "unit.notes", "reassign:…", "signal:…"
    ours: Any
    theirs: Any
    theirs_reviewer: str
    source: str
    resolution: str | None = None

    def describe(self) -> str:
        """One line, both sides: "寒亭区教管办 1.1：本文件 8 分 ↔ 李四 6 分（理由…）"."""
        return f"[{self.id}] {self.unit} {self.target}：本文件 {_side(self.ours)}  ↔  {self.theirs_reviewer or '对方'} {_side(self.theirs)}"


def _side(value: Any) -> str:
    if isinstance(value, dict) and "confirmed_score" in value:
        score = value.get("confirmed_score")
        text = f"{fmt(score)} 分" if score is not None else "未确认"
        text += f"（输入 {rows.dumps(value.get('inputs', {}))}"
        if value.get("override_reason"):
            text += f"，理由：{value['override_reason']}"
        return text + "）"
    if isinstance(value, dict) and "verdict" in value:  # a verdict on a signal
        note = f"（{value['note']}）" if value.get("note") else ""
        return f"信号核实：{SIGNAL_VERDICT_LABELS.get(value['verdict'], value['verdict'])}{note}"
    return rows.dumps(value)


@dataclass
class ImportResult:
    added_units: list[str] = field(default_factory=list)
    adopted: list[str] = field(default_factory=list)  # "unit target" taken from the other file
    conflicts: list[Conflict] = field(default_factory=list)
    unchanged: int = 0


# ── export ───────────────────────────────────────────────────────────────────────────────


def export_units(store: ReviewStore, units: list[str], out: str | Path) -> Path:
    """Write the given units to a new file: ``.json`` as evcheck.review/1, else a review file."""
    out = Path(out)
    chosen = [store.unit(u) for u in units]  # raises for an unknown unit
    if out.suffix.lower() == ".json":
        import json

        doc = ReviewDoc(store.rubric_id, store.rubric_version, store.reviewer, chosen)
        data = doc_json(store.rubric, doc)
        try:
            out.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
        except OSError as exc:
            raise ReviewError(f"无法写入 {out}：{exc.strerror or exc}。") from exc
        return out
    with ReviewStore.create(out, store.rubric, store.reviewer) as target, target.edit() as at:
        for unit in chosen:
            _insert_unit(target, unit, at)
            for row in store.audit(unit.unit):
                row.pop("id")
                target.db.table("audit").insert(row)
    return out


def _insert_unit(store: ReviewStore, unit: UnitReview, at: str) -> None:
    store.db.table("units").insert(
        {
            "unit": unit.unit,
            "weight": unit.weight,
            "submission": unit.submission,
            "veto": int(unit.veto),
            "veto_reason": unit.veto_reason,
            "notes": unit.notes,
            "created_at": at,
            "updated_at": unit.updated_at or at,
            "updated_by": store.who,
        }
    )
    for item in unit.items.values():
        store.db.table("items").insert(
            rows.item_to_row(unit.unit, item, item.updated_at or at, item.updated_by or store.who)
        )
        for e in item.evidence:
            _add_evidence(store, unit.unit, item.code, e.path, e.page, e.note, at)
    for r in unit.reassignments:
        _put_reassignment(store, unit.unit, r.path, r.indicator, r.school, r.note, at)
    for a in unit.accepted:
        _put_accepted(store, unit.unit, a.path, a.code, a.note, at)
    for v in unit.signal_verdicts:
        _put_signal_verdict(store, unit.unit, v, at)


def _add_evidence(
    store: ReviewStore, unit: str, code: str, path: str, page: int | None, note: str, at: str
) -> None:
    row = {"unit": unit, "code": code, "path": path, "page": page, "note": note}
    store.db.table("evidence").insert(row | {"added_at": at, "added_by": store.who})


def _put_reassignment(
    store: ReviewStore, unit: str, path: str, ind: Any, school: Any, note: str, at: str
) -> None:
    row = {"unit": unit, "path": path, "indicator": ind, "school": school, "note": note}
    store.db.table("reassignments").upsert(
        row | {"updated_at": at, "updated_by": store.who}, pk=("unit", "path")
    )


def _put_accepted(store: ReviewStore, unit: str, path: str, code: str, note: str, at: str) -> None:
    row = {"unit": unit, "path": path, "code": code, "note": note}
    store.db.table("accepted_findings").upsert(
        row | {"updated_at": at, "updated_by": store.who}, pk=("unit", "path", "code")
    )


def _put_signal_verdict(store: ReviewStore, unit: str, v: SignalVerdict, at: str) -> None:
    """Who decided and when stay those of the reviewer who looked at the files."""
    v = replace(v, at=v.at or at, who=v.who or store.who)
    store.db.table("signal_reviews").upsert(rows.signal_verdict_to_row(unit, v), pk=("unit", "key"))


def _signal_verdict_from_json(value: dict[str, Any]) -> SignalVerdict:
    return SignalVerdict(
        value["key"],
        value.get("code", ""),
        tuple(value.get("paths", ())),
        value["verdict"],
        value.get("note", ""),
        value.get("at", ""),
        value.get("who", ""),
    )


# ── import ───────────────────────────────────────────────────────────────────────────────


def _read_other(store: ReviewStore, source: Path) -> tuple[ReviewDoc, list[dict[str, Any]]]:
    if not source.is_file():
        raise ReviewError(f"找不到要导入的文件 {source}。")
    if not is_sqlite(source):
        return read_json_file(source, store.rubric), []
    if source.resolve() == store.path.resolve():
        raise ReviewError("不能把评审文件导入它自己。")
    with ReviewStore.open(source, store.rubric, readonly=True) as other:
        return other.document(), other.audit()


class _Importer:
    def __init__(self, store: ReviewStore, doc: ReviewDoc, source: Path, at: str) -> None:
        self.store, self.doc, self.source, self.at = store, doc, source, at
        self.result = ImportResult()
        self.items = item_map(store.rubric)
        self.open_conflicts = {
            (r["unit"], r["target"], r["theirs"])
            for r in store.db.table("conflicts").rows_where("resolved_at IS NULL")
        }

    def conflict(self, unit: str, target: str, ours: Any, theirs: Any) -> None:
        key = (unit, target, rows.dumps(theirs))
        if key in self.open_conflicts:
            return  # the same disagreement is already waiting for a decision
        self.open_conflicts.add(key)
        row = {
            "unit": unit,
            "target": target,
            "ours": rows.dumps(ours),
            "theirs": key[2],
            "theirs_reviewer": self.doc.reviewer,
            "source": str(self.source),
            "created_at": self.at,
        }
        cid = rows.inserted_id(self.store.db.table("conflicts").insert(row))
        self.store.log(self.at, unit, "conflict", target, ours, theirs)
        self.result.conflicts.append(
            Conflict(cid, unit, target, ours, theirs, self.doc.reviewer, str(self.source))
        )

    def same(self, code: str, ours: ItemReview, theirs: ItemReview) -> bool:
        """The same decision, even if one side spelt out default inputs and the other left them out."""

        def key(item: ItemReview) -> tuple[Any, ...]:
            inputs = normalise_inputs(self.items[code], item.effective_inputs)
            return inputs, item.confirmed, item.confirmed_score, item.override_reason, item.notes

        return key(ours) == key(theirs)

    def adopt(self, unit: str, target: str, old: Any, new: Any) -> None:
        self.store.log(self.at, unit, "import", target, old, {"from": self.doc.reviewer, "value": new})
        self.result.adopted.append(f"{unit} {target}")

    def unit_fields(self, ours: UnitReview, theirs: UnitReview) -> None:
        groups = {
            "unit.weight": ("weight",),
            "unit.veto": ("veto", "veto_reason"),
            "unit.submission": ("submission",),
            "unit.notes": ("notes",),
        }
        for target, keys in groups.items():
            o = {k: getattr(ours, k) for k in keys}
            t = {k: getattr(theirs, k) for k in keys}
            if not any(t.values()) or o == t:
                self.result.unchanged += 1
            elif not any(o.values()):
                self.store.db.table("units").update(
                    ours.unit, t | {"updated_at": self.at, "updated_by": self.store.who}
                )
                self.adopt(ours.unit, target, o, t)
            else:
                self.conflict(ours.unit, target, o, t)

    def item(self, unit: str, ours: ItemReview, theirs: ItemReview) -> None:
        if theirs.code not in self.items:
            raise ReviewInputError(f"导入的单位“{unit}”含有评分细则中没有的指标“{theirs.code}”。")
        merged = ours
        if ours.suggested_score is None and theirs.suggested_score is not None:
            merged = replace(
                merged,
                suggested_inputs=theirs.suggested_inputs,
                suggested_score=theirs.suggested_score,
                suggested_reason=theirs.suggested_reason,
                suggested_gaps=theirs.suggested_gaps,
            )
        if not theirs.has_reviewer_data or self.same(theirs.code, ours, theirs):
            self.result.unchanged += 1
        elif not ours.has_reviewer_data:
            merged = replace(
                merged,
                inputs=theirs.inputs,
                confirmed=theirs.confirmed,
                confirmed_score=theirs.confirmed_score,
                override_reason=theirs.override_reason,
                notes=theirs.notes,
            )
            self.adopt(unit, theirs.code, ours.decision(), theirs.decision())
        else:
            self.conflict(unit, theirs.code, ours.decision(), theirs.decision())
        if merged != ours:
            self.store.db.table("items").upsert(
                rows.item_to_row(unit, merged, self.at, self.store.who), pk=("unit", "code")
            )
        have = {(e.path, e.page) for e in ours.evidence}
        for e in theirs.evidence:
            if (e.path, e.page) not in have:
                _add_evidence(self.store, unit, theirs.code, e.path, e.page, e.note, self.at)
                self.adopt(unit, f"{theirs.code} 佐证", None, {"path": e.path, "page": e.page})

    def corrections(self, ours: UnitReview, theirs: UnitReview) -> None:
        mine = {r.path: r for r in ours.reassignments}
        for r in theirs.reassignments:
            target = f"reassign:{r.path}"
            value = {"indicator": r.indicator, "school": r.school, "note": r.note}
            if r.path not in mine:
                _put_reassignment(self.store, ours.unit, r.path, r.indicator, r.school, r.note, self.at)
                self.adopt(ours.unit, target, None, value)
            elif (mine[r.path].indicator, mine[r.path].school) != (r.indicator, r.school):
                o = mine[r.path]
                self.conflict(
                    ours.unit, target, {"indicator": o.indicator, "school": o.school, "note": o.note}, value
                )
        accepted = {(a.path, a.code): a.note for a in ours.accepted}
        for a in theirs.accepted:
            if (a.path, a.code) not in accepted:
                _put_accepted(self.store, ours.unit, a.path, a.code, a.note, self.at)
                self.adopt(ours.unit, f"accept:{a.path}#{a.code}", None, a.note)

    def signal_verdicts(self, ours: UnitReview, theirs: UnitReview) -> None:
        """Like confirmed scores: a verdict only they gave is adopted; one that differs is a conflict."""
        mine = {v.key: v for v in ours.signal_verdicts}
        for v in theirs.signal_verdicts:
            target, have = f"signal:{v.key}", mine.get(v.key)
            if have is None:
                _put_signal_verdict(self.store, ours.unit, v, self.at)
                self.adopt(ours.unit, target, None, v.to_json())
            elif (have.verdict, have.note) == (v.verdict, v.note):
                self.result.unchanged += 1
            else:
                self.conflict(ours.unit, target, have.to_json(), v.to_json())

    def run(self, audit: list[dict[str, Any]]) -> ImportResult:
        mine = set(self.store.units())
        for theirs in self.doc.units:
            if not theirs.unit:
                raise ReviewInputError(f"{self.source} 中有单位没有名称，未导入任何内容。")
            if theirs.unit not in mine:
                _insert_unit(self.store, theirs, self.at)
                self.store.log(self.at, theirs.unit, "import_unit", "unit", None, {"from": self.doc.reviewer})
                self.result.added_units.append(theirs.unit)
            else:
                ours = self.store.unit(theirs.unit)
                self.unit_fields(ours, theirs)
                for item in theirs.items.values():
                    self.item(theirs.unit, ours.item(item.code), item)
                self.corrections(ours, theirs)
                self.signal_verdicts(ours, theirs)
        self._copy_history(audit, {u.unit for u in self.doc.units})
        return self.result

    def _copy_history(self, audit: list[dict[str, Any]], units: set[str]) -> None:
        origin = self.doc.reviewer or str(self.source)
        seen = {
            (r["at"], r["who"], r["action"], r["target"], r["new"])
            for r in self.store.db.table("audit").rows  # ours and earlier imports: no row twice
        }
        for row in audit:
            if (
                row["unit"] not in units
                or (row["at"], row["who"], row["action"], row["target"], row["new"]) in seen
            ):
                continue
            row = {k: v for k, v in row.items() if k != "id"} | {"origin": row["origin"] or origin}
            self.store.db.table("audit").insert(row)


def import_file(store: ReviewStore, source: str | Path) -> ImportResult:
    """Merge another reviewer's file (review file or JSON) into ``store``, in one transaction."""
    source = Path(source)
    doc, audit = _read_other(store, source)
    for unit in doc.units:  # check every value before writing anything
        try:
            check_weight(unit.weight)
        except ScoreInputError as exc:
            raise ReviewInputError(f"导入的单位“{unit.unit}”：{exc}未导入任何内容。") from exc
        for item in unit.items.values():
            if item.code in store.rubric_items and item.has_reviewer_data:
                _check_inputs(store, unit.unit, item)
    with store.edit() as at:
        return _Importer(store, doc, source, at).run(audit)


def _check_inputs(store: ReviewStore, unit: str, item: ItemReview) -> None:
    try:
        score_item(store.rubric_items[item.code], item.effective_inputs)
    except ScoreInputError as exc:
        raise ReviewInputError(f"导入的单位“{unit}”：{exc}未导入任何内容。") from exc


# ── conflicts ────────────────────────────────────────────────────────────────────────────


def conflicts(store: ReviewStore, unresolved_only: bool = True) -> list[Conflict]:
    where = "resolved_at IS NULL" if unresolved_only else None
    return [
        Conflict(
            r["id"],
            r["unit"],
            r["target"],
            rows.loads(r["ours"]),
            rows.loads(r["theirs"]),
            r["theirs_reviewer"] or "",
            r["source"] or "",
            r["resolution"],
        )
        for r in store.db.table("conflicts").rows_where(where, order_by="id")
    ]


def resolve(store: ReviewStore, conflict_id: int, take: Literal["ours", "theirs"]) -> None:
    """Settle a conflict: keep ours, or put theirs in force (both logged)."""
    if take not in ("ours", "theirs"):
        raise ReviewInputError("请选择 ours（保留本文件）或 theirs（采用对方）。")
    found = [c for c in conflicts(store, unresolved_only=False) if c.id == conflict_id]
    if not found:
        raise ReviewInputError(f"没有编号为 {conflict_id} 的冲突。")
    c = found[0]
    if c.resolution:
        raise ReviewInputError(f"冲突 {conflict_id} 已处理（{c.resolution}）。")
    with store.edit() as at:
        if take == "theirs":
            _apply(store, c, at)
        store.db.table("conflicts").update(conflict_id, {"resolved_at": at, "resolution": take})
        store.log(at, c.unit, f"resolve_{take}", c.target, c.ours, c.theirs)


def _apply(store: ReviewStore, c: Conflict, at: str) -> None:
    if c.target.startswith("unit."):
        store.db.table("units").update(c.unit, c.theirs | {"updated_at": at, "updated_by": store.who})
    elif c.target.startswith("signal:"):
        _put_signal_verdict(store, c.unit, _signal_verdict_from_json(c.theirs), at)
    elif c.target.startswith("reassign:"):
        t = c.theirs
        _put_reassignment(
            store, c.unit, c.target.removeprefix("reassign:"), t["indicator"], t["school"], t["note"], at
        )
    else:
        ours = store.unit(c.unit).item(c.target)
        t = c.theirs
        new = replace(
            ours,
            inputs=t["inputs"],
            confirmed=t["confirmed"],
            confirmed_score=t["confirmed_score"],
            override_reason=t["override_reason"],
            notes=t["notes"],
        )
        store.db.table("items").upsert(rows.item_to_row(c.unit, new, at, store.who), pk=("unit", "code"))


__all__ = ["Conflict", "ImportResult", "conflicts", "export_units", "import_file", "resolve", "unit_json"]
