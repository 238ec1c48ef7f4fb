"""Rows of the review file ↔ the dataclasses of app/review/model.py (reading; and the id of a row just written)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import Table

from app.model import Corrections
from app.review.migrations import audit_signal_verdicts
from app.review.model import (
    AcceptedFinding,
    EvidenceLink,
    ItemReview,
    Reassignment,
    SignalVerdict,
    UnitReview,
)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def loads(text: str | None, default: Any = None) -> Any:
    return default if text is None else json.loads(text)


def item_from_row(row: dict[str, Any], evidence: list[EvidenceLink]) -> ItemReview:
    return ItemReview(
        code=row["code"],
        inputs=loads(row["inputs"], {}),
        suggested_inputs=loads(row["suggested_inputs"]),
        suggested_score=row["suggested_score"],
        suggested_reason=row["suggested_reason"],
        suggested_gaps=loads(row["suggested_gaps"], []),
        confirmed=bool(row["confirmed"]),
        confirmed_score=row["confirmed_score"],
        override_reason=row["override_reason"],
        notes=row["notes"],
        evidence=evidence,
        updated_at=row["updated_at"] or "",
        updated_by=row["updated_by"] or "",
    )


def item_to_row(unit: str, item: ItemReview, now: str, who: str) -> dict[str, Any]:
    return {
        "unit": unit,
        "code": item.code,
        "inputs": dumps(item.inputs),
        "suggested_inputs": None if item.suggested_inputs is None else dumps(item.suggested_inputs),
        "suggested_score": item.suggested_score,
        "suggested_reason": item.suggested_reason,
        "suggested_gaps": dumps(item.suggested_gaps),
        "confirmed": int(item.confirmed),
        "confirmed_score": item.confirmed_score,
        "override_reason": item.override_reason,
        "notes": item.notes,
        "updated_at": now,
        "updated_by": who,
    }


def evidence_of(db: Database, unit: str) -> dict[str, list[EvidenceLink]]:
    out: dict[str, list[EvidenceLink]] = {}
    for r in db.table("evidence").rows_where("unit = ?", [unit], order_by="id"):
        out.setdefault(r["code"], []).append(EvidenceLink(r["path"], r["page"], r["note"], r["id"]))
    return out


def signal_verdict_from_row(row: dict[str, Any]) -> SignalVerdict:
    return SignalVerdict(
        key=row["key"],
        code=row["code"],
        paths=tuple(loads(row["paths"], [])),
        verdict=row["verdict"],
        note=row["note"],
        at=row["updated_at"] or "",
        who=row["updated_by"] or "",
    )


def signal_verdict_to_row(unit: str, v: SignalVerdict) -> dict[str, Any]:
    return {
        "unit": unit,
        "key": v.key,
        "code": v.code,
        "paths": dumps(list(v.paths)),
        "verdict": v.verdict,
        "note": v.note,
        "updated_at": v.at,
        "updated_by": v.who,
    }


def signal_verdicts_of(db: Database, unit: str) -> list[SignalVerdict]:
    """The unit's verdicts by key; a version-1 file opened read-only still has them in its audit log."""
    found: Iterable[dict[str, Any]]
    if db.table("signal_reviews").exists():
        found = db.table("signal_reviews").rows_where("unit = ?", [unit], order_by="key")
    else:
        found = sorted(
            (r for (u, _), r in audit_signal_verdicts(db).items() if u == unit), key=lambda r: r["key"]
        )
    return [signal_verdict_from_row(r) for r in found]


def read_unit(db: Database, unit: str) -> UnitReview | None:
    rows = list(db.table("units").rows_where("unit = ?", [unit]))
    if not rows:
        return None
    u = rows[0]
    evidence = evidence_of(db, unit)
    items = {
        r["code"]: item_from_row(r, evidence.get(r["code"], []))
        for r in db.table("items").rows_where("unit = ?", [unit])
    }
    for code, links in evidence.items():  # evidence linked to an item not otherwise touched
        items.setdefault(code, ItemReview(code, evidence=links))
    return UnitReview(
        unit=unit,
        weight=u["weight"],
        submission=u["submission"],
        veto=bool(u["veto"]),
        veto_reason=u["veto_reason"],
        notes=u["notes"],
        items=items,
        reassignments=[
            Reassignment(r["path"], r["indicator"], r["school"], r["note"])
            for r in db.table("reassignments").rows_where("unit = ?", [unit], order_by="path")
        ],
        accepted=[
            AcceptedFinding(r["path"], r["code"], r["note"])
            for r in db.table("accepted_findings").rows_where("unit = ?", [unit], order_by="path, code")
        ],
        updated_at=u["updated_at"] or "",
        signal_verdicts=signal_verdicts_of(db, unit),
    )


def corrections_of(db: Database, unit: str) -> Corrections:
    c = Corrections()
    for r in db.table("reassignments").rows_where("unit = ?", [unit]):
        c.reassign[r["path"]] = (r["indicator"], r["school"])
    for r in db.table("accepted_findings").rows_where("unit = ?", [unit]):
        c.accepted[(r["path"], r["code"])] = r["note"]
    return c


def inserted_id(table: Table) -> int:
    """The rowid of the row ``table.insert`` just wrote (sqlite-utils types it optional)."""
    if table.last_pk is None:
        raise RuntimeError(f"insert into {table.name} returned no row id")
    return int(table.last_pk)
