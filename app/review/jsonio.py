"""The review as JSON, schema ``evcheck.review/1`` (docs/review-format.md), and reading any review.

Every item lists its input ``fields`` with Chinese labels, so an empty template is enough to fill
in a review by hand; reading ignores the descriptive keys and takes only the entries.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.review.model import (
    REVIEW_SCHEMA,
    SIGNAL_VERDICT_LABELS,
    AcceptedFinding,
    EvidenceLink,
    ItemReview,
    Reassignment,
    ReviewDoc,
    ReviewError,
    ReviewVersionError,
    SignalVerdict,
    UnitReview,
    check_rubric,
)
from app.rubric import Rubric
from app.scoring.inputs import default_inputs, scored_items


def _item_json(rubric: Rubric, unit: UnitReview) -> list[dict[str, Any]]:
    out = []
    for s in scored_items(rubric):
        it = unit.item(s.code)
        out.append(
            {
                "code": s.code,
                "label": s.label,
                "rule": s.rule.type,
                "points": s.points,
                "method": s.method,
                "fields": [f.to_json() for f in s.fields],
                # a template shows every input at its default, so it can be filled in by hand
                "inputs": it.inputs if (it.inputs or it.suggested_inputs) else default_inputs(s),
                "suggested": None
                if it.suggested_score is None
                else {
                    "inputs": it.suggested_inputs,
                    "score": it.suggested_score,
                    "reason": it.suggested_reason,
                    "gaps": it.suggested_gaps,
                },
                "confirmed": it.confirmed,
                "confirmed_score": it.confirmed_score,
                "override_reason": it.override_reason,
                "notes": it.notes,
                "evidence": [{"path": e.path, "page": e.page, "note": e.note} for e in it.evidence],
            }
        )
    return out


def unit_json(rubric: Rubric, unit: UnitReview) -> dict[str, Any]:
    return {
        "unit": unit.unit,
        "weight": unit.weight,
        "submission": unit.submission,
        "veto": unit.veto,
        "veto_reason": unit.veto_reason,
        "notes": unit.notes,
        "items": _item_json(rubric, unit),
        "reassignments": [
            {"path": r.path, "indicator": r.indicator, "school": r.school, "note": r.note}
            for r in unit.reassignments
        ],
        "accepted_findings": [{"path": a.path, "code": a.code, "note": a.note} for a in unit.accepted],
        "signal_reviews": [v.to_json() for v in unit.signal_verdicts],
    }


def doc_json(rubric: Rubric, doc: ReviewDoc) -> dict[str, Any]:
    return {
        "schema": REVIEW_SCHEMA,
        "rubric": {"id": rubric.id, "version": rubric.version, "name": rubric.name},
        "reviewer": doc.reviewer,
        "units": [unit_json(rubric, u) for u in doc.units],
    }


def template(rubric: Rubric, unit: str = "") -> dict[str, Any]:
    """An empty review for one unit: every input at its default, weight still to enter."""
    return doc_json(rubric, ReviewDoc(rubric.id, rubric.version, "", [UnitReview(unit)]))


# ── reading ──────────────────────────────────────────────────────────────────────────────


class _Bad(ReviewError):
    pass


def _get(obj: Any, key: str, types: type | tuple[type, ...], where: str, default: Any = None) -> Any:
    if not isinstance(obj, dict):
        raise _Bad(f"{where}应为对象（{{…}}）。")
    value = obj.get(key, default)
    if value is None and default is None:
        return None
    if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        raise _Bad(f"{where}的“{key}”类型不对。")
    if not isinstance(value, types):
        raise _Bad(f"{where}的“{key}”类型不对，当前为 {json.dumps(value, ensure_ascii=False)}。")
    return value


def _item(data: Any, where: str, defaults: dict[str, dict[str, Any]]) -> ItemReview:
    code = _get(data, "code", str, where)
    if not code:
        raise _Bad(f"{where}缺少指标编号“code”。")
    where = f"{where}（{code}）"
    sug = _get(data, "suggested", dict, where)
    inputs = _get(data, "inputs", dict, where, {}) or {}
    if sug is None and code in defaults and inputs == defaults[code]:
        inputs = {}  # an untouched template entry is not a reviewer's decision
    evidence = []
    for n, e in enumerate(_get(data, "evidence", list, where, []) or [], 1):
        page = _get(e, "page", int, f"{where}的第 {n} 条佐证")
        evidence.append(
            EvidenceLink(_get(e, "path", str, f"{where}的第 {n} 条佐证", ""), page, e.get("note", ""))
        )
    return ItemReview(
        code=code,
        inputs=inputs,
        suggested_inputs=sug.get("inputs") if sug else None,
        suggested_score=sug.get("score") if sug else None,
        suggested_reason=str(sug.get("reason", "")) if sug else "",
        suggested_gaps=list(sug.get("gaps", [])) if sug else [],
        confirmed=bool(_get(data, "confirmed", bool, where, False)),
        confirmed_score=_get(data, "confirmed_score", (int, float), where),
        override_reason=_get(data, "override_reason", str, where, ""),
        notes=_get(data, "notes", str, where, ""),
        evidence=evidence,
    )


def _signal_verdict(data: Any, where: str) -> SignalVerdict:
    key = _get(data, "key", str, where, "")
    verdict = _get(data, "verdict", str, where, "")
    if not key:
        raise _Bad(f"{where}缺少信号“key”。")
    if verdict not in SIGNAL_VERDICT_LABELS:
        raise _Bad(f"{where}的“verdict”应为 checked 或 problem，当前为“{verdict}”。")
    paths = _get(data, "paths", list, where, []) or []
    return SignalVerdict(
        key=key,
        code=_get(data, "code", str, where, ""),
        paths=tuple(str(p) for p in paths),
        verdict=verdict,
        note=_get(data, "note", str, where, ""),
        at=_get(data, "at", str, where, ""),
        who=_get(data, "who", str, where, ""),
    )


def _unit(data: Any, n: int, defaults: dict[str, dict[str, Any]]) -> UnitReview:
    where = f"第 {n} 个单位"
    name = _get(data, "unit", str, where, "")
    weight = _get(data, "weight", (int, float), where)
    items = [
        _item(it, f"{where}的第 {k} 个指标", defaults)
        for k, it in enumerate(_get(data, "items", list, where, []), 1)
    ]
    return UnitReview(
        unit=name.strip(),
        weight=None if weight is None else float(weight),
        submission=_get(data, "submission", str, where, ""),
        veto=_get(data, "veto", bool, where, False),
        veto_reason=_get(data, "veto_reason", str, where, ""),
        notes=_get(data, "notes", str, where, ""),
        items={i.code: i for i in items},
        reassignments=[
            Reassignment(r.get("path", ""), r.get("indicator"), r.get("school"), r.get("note", ""))
            for r in _get(data, "reassignments", list, where, [])
        ],
        accepted=[
            AcceptedFinding(a.get("path", ""), a.get("code", ""), a.get("note", ""))
            for a in _get(data, "accepted_findings", list, where, [])
        ],
        signal_verdicts=[
            _signal_verdict(v, f"{where}的第 {k} 条信号核实结论")
            for k, v in enumerate(_get(data, "signal_reviews", list, where, []) or [], 1)
        ],
    )


def doc_from_json(data: Any, rubric: Rubric, source: str = "JSON") -> ReviewDoc:
    """Validate the structure (values are checked later by the engine); raises ReviewError."""
    try:
        schema = _get(data, "schema", str, "文件顶层", "")
        if schema != REVIEW_SCHEMA:
            if schema.startswith("evcheck.review/"):
                raise ReviewVersionError(
                    f"{source} 的格式为 {schema}，本程序只认识 {REVIEW_SCHEMA}。请升级 evcheck 后再试。"
                )
            raise _Bad(f'缺少 "schema": "{REVIEW_SCHEMA}"，不是 evcheck 评审文件。')
        head = _get(data, "rubric", dict, "文件顶层", {})
        check_rubric(rubric, str(head.get("id", "")), str(head.get("version", "")), f"{source} ")
        defaults = {s.code: default_inputs(s) for s in scored_items(rubric)}
        units = [_unit(u, n, defaults) for n, u in enumerate(_get(data, "units", list, "文件顶层", []), 1)]
    except _Bad as exc:
        raise ReviewError(f"{source} 内容有误：{exc}请对照 docs/review-format.md 修改。") from exc
    return ReviewDoc(rubric.id, rubric.version, _get(data, "reviewer", str, "文件顶层", ""), units)


def read_json_file(path: Path, rubric: Rubric) -> ReviewDoc:
    try:
        data = json.loads(path.read_text("utf-8-sig"))
    except OSError as exc:
        raise ReviewError(f"无法读取 {path}：{exc.strerror or exc}。") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewError(f"{path} 不是有效的 JSON（UTF-8）：{exc}。") from exc
    return doc_from_json(data, rubric, str(path))


def is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def read_review(path: str | Path, rubric: Rubric) -> ReviewDoc:
    """A review given as ``evcheck.review/1`` JSON or as a review file (opened read-only)."""
    from app.review.store import ReviewStore

    path = Path(path)
    if not path.is_file():
        raise ReviewError(f"找不到文件 {path}。请确认路径正确。")
    if not is_sqlite(path):
        return read_json_file(path, rubric)
    with ReviewStore.open(path, rubric, readonly=True) as store:
        return store.document()
