"""The check pipeline: discover → inspect → classify → evaluate, as a generator yielding Progress.

Usage::

    gen = run_check(Path("x.zip"), rubric=load_rubric(), roster=roster, unit=None)
    report = drain(gen)              # or iterate it to show progress; the return value is the Report

Cancelling: stop iterating (``gen.close()``); nothing is written anywhere but the inspection cache.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

from app.classify import Classifier, learn_schools
from app.discover import Discovery, Entry, SourceError, discover
from app.evaluate import evaluate, finalize
from app.inspect import file_hashes, inspect_many
from app.model import Corrections, FileKind, FileRecord, Finding, Progress, Report, Severity
from app.roster import Roster, School
from app.rubric import Rubric
from app.scoring.suggest import annotate

__all__ = ["CheckError", "CheckOptions", "SourceError", "apply_corrections", "drain", "run_check"]


class CheckError(ValueError):
    """The check cannot start (unknown unit, …); the message says what to do, in Chinese."""


@dataclass(frozen=True)
class CheckOptions:
    timeout: float = 10.0  # seconds per file inspection
    use_cache: bool = True
    workers: int | None = None  # None: one per core


def _resolve_unit(source: Path, discovery: Discovery, roster: Roster | None, unit: str | None) -> str | None:
    if roster is None:
        return unit
    if unit is not None:
        if unit not in roster.units:
            close = [u for u in roster.units if unit in u or u in unit]
            hint = (
                f"是否指“{close[0]}”？" if close else f"花名册中的单位有：{'、'.join(list(roster.units)[:8])}"
            )
            raise CheckError(f"花名册中没有单位“{unit}”。{hint}")
        return unit
    tops = {e.rel.split("/", 1)[0] for e in discovery.entries if "/" in e.rel}
    for text in (source.stem if source.is_file() else source.name, *sorted(tops)):
        found = roster.find_unit(text)
        if found:
            return found
    if len(roster.units) == 1:
        return next(iter(roster.units))
    raise CheckError(
        f"无法从“{source.name}”推断是哪个单位的材料。请用 --unit 指定单位，"
        f"可选：{'、'.join(list(roster.units)[:8])}{'等' if len(roster.units) > 8 else ''}。"
    )


def _kind_from_extension(name: str) -> FileKind:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext == "pdf":
        return FileKind.PDF
    if ext in ("jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp", "heic", "heif"):
        return FileKind.IMAGE
    if ext in ("doc", "docx", "wps", "xls", "xlsx", "et", "ppt", "pptx", "txt", "rtf"):
        return FileKind.DOCUMENT
    if ext in ("zip", "rar", "7z", "tar", "gz"):
        return FileKind.ARCHIVE
    return FileKind.OTHER


def _hash_duplicates(
    records: dict[str, FileRecord], entries: dict[str, Entry], use_cache: bool
) -> Generator[Progress, None, None]:
    """sha256 only for files that share their size with another: most files are never read again,
    and a re-check takes unchanged files' digests from the cache."""
    by_size: dict[int, list[str]] = defaultdict(list)
    for path, r in records.items():
        if r.size > 0 and path in entries:
            by_size[r.size].append(path)
    todo = [entries[p] for group in by_size.values() if len(group) > 1 for p in group]
    for n, (entry, digest) in enumerate(file_hashes(todo, use_cache=use_cache), 1):
        records[entry.rel].sha256 = digest  # None when the file vanished: it takes no part
        yield Progress(n, len(todo), entry.rel, "hash")


def run_check(
    source: Path,
    *,
    rubric: Rubric,
    roster: Roster | None = None,
    unit: str | None = None,
    corrections: Corrections | None = None,
    options: CheckOptions | None = None,
) -> Generator[Progress, None, Report]:
    """Check one unit's submission (a folder or a zip). Raises SourceError/CheckError on unusable input."""
    options = options or CheckOptions()
    source = Path(source)
    yield Progress(0, 0, str(source), "discover")
    discovery = discover(source)
    unit = _resolve_unit(source, discovery, roster, unit)
    notices: list[Finding] = []
    if roster is not None and unit is not None:
        schools = roster.schools_of(unit)
    else:
        paths = [e.rel for e in discovery.entries]
        schools = [School(name, unit or "") for name in learn_schools(paths)]
        notices.append(
            Finding(
                "run.no_roster",
                Severity.WARNING,
                f"未提供花名册：从文件名中识别出 {len(schools)} 所学校，覆盖情况可能不完整。请用 --roster 指定花名册。",
            )
        )
    classifier = Classifier(rubric, schools, unit)

    records: dict[str, FileRecord] = {}
    entries = {e.rel: e for e in discovery.entries}
    total = len(discovery.entries)
    yield Progress(0, total, "", "inspect")
    inspections = inspect_many(
        discovery.entries,
        timeout=options.timeout,
        workers=options.workers,
        use_cache=options.use_cache,
        notices=notices,
    )
    for done, (entry, inspection) in enumerate(inspections, 1):
        records[entry.rel] = FileRecord(
            path=entry.rel,
            size=entry.size,
            kind=inspection.kind,
            detected=inspection.detected,
            pages=inspection.pages,
            inspected=list(inspection.findings),
            detail={
                k: v
                for k, v in (
                    ("width", inspection.width),
                    ("height", inspection.height),
                    ("exif_date", inspection.exif_date),
                    *inspection.extra.items(),
                )
                if v is not None
            },
            auto=classifier.classify(entry.rel),
        )
        yield Progress(done, total, entry.rel, "inspect")
    for item, problem in discovery.refused:
        path = item if isinstance(item, str) else item.rel
        size = 0 if isinstance(item, str) else item.size
        kind = _kind_from_extension(path)
        records[path] = FileRecord(
            path=path,
            size=size,
            kind=kind,
            detected="refused",
            inspected=[problem],
            auto=classifier.classify(path),
        )
    yield from _hash_duplicates(records, entries, options.use_cache)
    ordered = sorted(records.values(), key=lambda r: r.path)
    report = Report(
        source=str(source),
        unit=unit,
        schools=[s.name for s in schools],
        rubric_id=rubric.id,
        rubric_name=rubric.name,
        roster=roster.source if roster else None,
        files=ordered,
        notices=notices,
        skipped=list(discovery.junk),
    )
    return apply_corrections(report, corrections, rubric)


def apply_corrections(report: Report, corrections: Corrections | None, rubric: Rubric) -> Report:
    """Re-apply the reviewer's corrections and re-evaluate gaps, without re-inspecting (fast)."""
    finalize(report.files, rubric, corrections)
    report.gaps, report.indicators = evaluate(report.files, rubric, report.schools)
    annotate(rubric, report)  # the suggested scores come from the scoring engine, not evaluate
    return report


def drain(gen: Generator[Progress, None, Report]) -> Report:
    """Run a check generator to the end and return its Report."""
    while True:
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value
