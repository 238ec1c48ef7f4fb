"""Turn classified files into findings, gaps and per-indicator results.

``finalize`` derives every finding that depends on where a file is filed (format accepted, naming,
duplicates) from the file's inspection and classification plus the reviewer's corrections, so a
reassignment re-evaluates instantly without re-inspecting anything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from app.classify import Classification
from app.findings import finding, makes_unusable
from app.formats import NOT_ACCEPTED, pdf_export_hint
from app.model import (
    Corrections,
    FileKind,
    FileRecord,
    Finding,
    Gap,
    IndicatorResult,
    Severity,
    Status,
)
from app.rubric import EvidencePart, Indicator, Rubric

NEED_WORDS = {"pdf": "PDF", "image": "图片", "pdf|image": "PDF 或图片"}


def _derived_findings(
    record: FileRecord, auto: Classification, rubric: Rubric, from_content: frozenset[str] = frozenset()
) -> list[Finding]:
    out: list[Finding] = []
    indicator = rubric.get(record.indicator)
    broken = any(f.severity == Severity.ERROR for f in record.inspected)
    if record.indicator is None:
        if not broken:
            out.append(finding("file.unassigned", "请放入对应指标文件夹或在文件名中写明指标编号"))
        return out
    if indicator is None or indicator.evidence is None:
        return out
    evidence = indicator.evidence
    if record.detected in NOT_ACCEPTED:
        out.append(finding("file.format_not_accepted", NOT_ACCEPTED[record.detected]))
    elif record.kind not in evidence.accepted_kinds and record.kind != FileKind.ARCHIVE and not broken:
        wanted = "、".join(NEED_WORDS[k] for k in sorted(evidence.accepted_kinds))
        hint = pdf_export_hint(record.detected) if record.kind == FileKind.DOCUMENT else ""
        out.append(finding("file.format_not_accepted", f"{indicator.code} 需要 {wanted}{hint}"))
    # A file reassigned by the reviewer is placed on purpose: naming hints no longer apply.
    if evidence.naming in ("school_or_unit", "time_unit") and "manual" not in record.how:
        if auto.fuzzy is not None and record.school == auto.fuzzy.school:
            out.append(
                finding("name.fuzzy_match", f"“{auto.fuzzy.seen}”与花名册中的“{auto.fuzzy.school}”相近")
            )
        elif not auto.named and not auto.folder_named and "school" not in from_content:
            out.append(finding("name.missing_unit", "请以学校或单位名称命名"))
    if evidence.naming == "time_unit" and record.date is None and "manual" not in record.how:
        out.append(finding("name.missing_date", "请按“时间+单位”命名"))
    return out


def _duplicates(records: list[FileRecord]) -> None:
    """``dup.exact`` on byte-identical files filed for different schools."""
    by_hash: dict[str, list[FileRecord]] = defaultdict(list)
    for r in records:
        if r.sha256 and r.size > 0:
            by_hash[r.sha256].append(r)
    for group in by_hash.values():
        schools = {r.school for r in group if r.school}
        if len(schools) < 2:
            continue
        for r in group:
            others = "、".join(o.path for o in group if o is not r)
            r.findings.append(finding("dup.exact", f"与 {others} 内容完全相同"))


def finalize(records: list[FileRecord], rubric: Rubric, corrections: Corrections | None = None) -> None:
    """Set indicator, school, findings and usability of every record from its inputs."""
    # Here, not at the top: the content rules pull in app.signals and Pillow, which a re-check
    # answered from the report cache (app/report_cache.py) never needs.
    from app.content.attribute import apply_content, seal_findings

    corrections = corrections or Corrections()
    for r in records:
        auto: Classification = r.auto or Classification()
        r.indicator, r.school, r.date = auto.indicator, auto.school, auto.date
        r.how = dict(auto.how)
        # Content (app/content/) fills in what the path does not name; the reviewer overrides both.
        taken, said = apply_content(r, auto, rubric)
        if r.path in corrections.reassign:
            r.indicator, r.school = corrections.reassign[r.path]
            r.how["manual"] = "审核人手动归属"
            said = [
                f for f in said if f.code not in ("name.school_from_content", "name.indicator_from_content")
            ]
        r.findings = (
            list(r.inspected)
            + _derived_findings(r, auto, rubric, frozenset(taken))
            + said
            + seal_findings(r, rubric)
        )
    _duplicates(records)
    for r in records:
        r.accepted = {code: note for (path, code), note in corrections.accepted.items() if path == r.path}
        r.findings = [_accept(f, r.accepted[f.code]) if f.code in r.accepted else f for f in r.findings]
        r.usable = not any(makes_unusable(f.code) for f in r.findings if f.code not in r.accepted)


def _accept(f: Finding, note: str) -> Finding:
    return Finding(f.code, Severity.INFO, f"已由审核人接受：{f.message}" + (f"（{note}）" if note else ""))


# ── gaps and results ─────────────────────────────────────────────────────────────────────


def _counts(files: Iterable[FileRecord], part: EvidencePart) -> tuple[bool, list[FileRecord]]:
    """(met, the unusable files that would have counted)."""
    candidates = [f for f in files if f.kind in part.kinds]
    return any(f.usable for f in candidates), [f for f in candidates if not f.usable]


def _gap(ind: Indicator, school: str | None, part: EvidencePart, unusable: list[FileRecord]) -> Gap:
    who = school or "本单位"
    need = NEED_WORDS.get(part.need, part.need)
    message = f"{who}缺少 {ind.code}“{part.label}”（需 {need}）"
    if unusable:
        names = "、".join(f.name for f in unusable[:3])
        message += f"；已提交的 {names} 无法使用"
    return Gap(ind.code, school, part.need, message)


def _has_problem(files: Iterable[FileRecord]) -> bool:
    return any(x.severity in (Severity.ERROR, Severity.WARNING) for f in files for x in f.findings)


def evaluate(
    records: list[FileRecord], rubric: Rubric, schools: list[str]
) -> tuple[list[Gap], list[IndicatorResult]]:
    """Gaps (every school × every required part) and one result per indicator, in rubric order.

    Status and counts only: the suggested scores are the engine's (app/scoring/suggest.py).
    """
    by_indicator: dict[str | None, list[FileRecord]] = defaultdict(list)
    for r in records:
        by_indicator[r.indicator].append(r)
    all_gaps: list[Gap] = []
    results: list[IndicatorResult] = []
    for ind in rubric.indicators:
        files = by_indicator.get(ind.code, [])
        result = IndicatorResult(
            ind.code,
            Status.NOT_REQUIRED,
            files=len(files),
            usable_files=sum(1 for f in files if f.usable),
            problems=sum(1 for f in files if _has_problem([f])),
        )
        results.append(result)
        evidence = ind.evidence
        if evidence is None:
            continue
        gaps: list[Gap] = []
        if evidence.scope == "every_school":
            for school in schools:
                mine = [f for f in files if f.school == school]
                school_gaps = []
                for part in evidence.parts:
                    met, unusable = _counts(mine, part)
                    if not met:
                        school_gaps.append(_gap(ind, school, part, unusable))
                gaps += school_gaps
                result.cells[school] = (
                    "missing" if school_gaps else ("problem" if _has_problem(mine) else "met")
                )
        else:
            for part in evidence.parts:
                met, unusable = _counts(files, part)
                if not met:
                    gaps.append(_gap(ind, None, part, unusable))
        if gaps and not evidence.required:
            result.status = Status.OPTIONAL_MISSING
            continue
        result.gaps = len(gaps)
        all_gaps += gaps
        result.status = Status.GAP if gaps else (Status.PROBLEM if result.problems else Status.MET)
    return all_gaps, results
