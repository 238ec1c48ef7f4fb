"""The check pipeline: discover → inspect → classify → evaluate, as a generator yielding Progress.

Usage::

    gen = run_check(Path("x.zip"), rubric=load_rubric(), roster=roster, unit=None)
    report = drain(gen)              # or iterate it to show progress; the return value is the Report

Cancelling: stop iterating (``gen.close()``); nothing is written anywhere but the inspection cache.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.classify import Classification, Classifier, learn_schools, match_key
from app.discover import Discovery, Entry, SourceError, discover
from app.evaluate import evaluate, finalize
from app.findings import finding, fix_for
from app.formats import kind_of_name
from app.inspect import file_hashes
from app.inspect_batch import inspect_many
from app.model import Corrections, FileRecord, Finding, Progress, Report, Severity
from app.names import display_path, folder_name
from app.report_cache import ReportCache, unit_key
from app.roster import Roster, School
from app.rubric import Rubric

__all__ = ["CheckError", "CheckOptions", "SourceError", "apply_corrections", "drain", "run_check"]


class CheckError(ValueError):
    """The check cannot start (unknown unit, …); the message says what to do, in Chinese.

    ``units`` are the roster units the user may choose from (found in the material, or close to
    the name given), so the GUI can offer them and word its own message.
    """

    def __init__(self, message: str, units: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.units: tuple[str, ...] = tuple(units)


@dataclass(frozen=True)
class CheckOptions:
    timeout: float = 10.0  # seconds per file inspection
    use_cache: bool = True
    workers: int | None = None  # None: one per core


class _Owners:
    """Which roster unit a folder (or inner archive) belongs to: the longest unit name, school name
    or alias of 3+ characters inside it ("3.青云街道（2020惠民考核）" → 青云街道)."""

    def __init__(self, roster: Roster) -> None:
        # A city check builds this once per unit from the same roster: its names are worked out once.
        self.names = _owner_names(tuple((u, tuple(schools)) for u, schools in roster.units.items()))
        self._seen: dict[str, str | None] = {}

    def of(self, segment: str) -> str | None:
        if segment not in self._seen:
            text = match_key(folder_name(segment))
            self._seen[segment] = next((unit for name, unit in self.names if name in text), None)
        return self._seen[segment]

    def of_path(self, rel: str) -> str | None:
        """The unit of the outermost folder of ``rel`` that names one."""
        return next((u for u in map(self.of, rel.split("/")[:-1]) if u), None)


@lru_cache(maxsize=4)
def _owner_names(units: tuple[tuple[str, tuple[School, ...]], ...]) -> list[tuple[str, str]]:
    names = [(match_key(u), u) for u, _schools in units]
    names += [
        (match_key(n), s.unit) for _u, schools in units for s in schools for n in s.names if len(n) >= 3
    ]
    return sorted((n for n in names if n[0]), key=lambda n: -len(n[0]))


def _path_of(item: Entry | str) -> str:
    return item if isinstance(item, str) else item.rel


def _resolve_unit(
    source: Path, discovery: Discovery, roster: Roster | None, unit: str | None
) -> tuple[str | None, Discovery, list[Finding]]:
    """The unit checked and the part of ``discovery`` that is its material, plus notices.

    A root may hold several units' folders or archives (a city's collection): one unit's files never
    count for another.  Without ``unit`` such a root is refused with the units found.
    """
    if roster is None:
        return unit, discovery, []
    if unit is not None and unit not in roster.units:
        close = [u for u in roster.units if unit in u or u in unit]
        hint = f"是否指“{close[0]}”？" if close else f"花名册中的单位有：{'、'.join(list(roster.units)[:8])}"
        raise CheckError(f"花名册中没有单位“{unit}”。{hint}", close or list(roster.units))
    owners = _Owners(roster)
    paths = [e.rel for e in discovery.entries] + [_path_of(i) for i, _f in discovery.refused] + discovery.junk
    found = sorted({u for u in map(owners.of_path, paths) if u})
    if unit is None:
        root = owners.of(source.stem if source.is_file() else source.name)
        candidates = sorted({*found, root} if root else found)
        if len(candidates) > 1:
            raise CheckError(
                f"“{source.name}”中有 {len(candidates)} 个单位的材料：{'、'.join(candidates)}。"
                "一次只检查一个单位，请用 --unit 指定单位，或分别打开各单位的文件夹或压缩包。",
                candidates,
            )
        if candidates:
            unit = candidates[0]
        elif len(roster.units) == 1:
            unit = next(iter(roster.units))
        else:
            raise CheckError(
                f"无法从“{source.name}”推断是哪个单位的材料。请用 --unit 指定单位，"
                f"可选：{'、'.join(list(roster.units)[:8])}{'等' if len(roster.units) > 8 else ''}。",
                list(roster.units),
            )
    elif unit not in found and len(found) > 1:
        raise CheckError(
            f"“{source.name}”中没有单位“{unit}”的文件夹或压缩包，其中的单位有：{'、'.join(found)}。",
            found,
        )
    # Files outside every unit's folder belong to the unit only when no other unit is here.
    loose_ok = not [u for u in found if u != unit]

    def mine(rel: str) -> bool:
        owner = owners.of_path(rel)
        return owner == unit or (owner is None and loose_ok)

    scoped = Discovery(
        entries=[e for e in discovery.entries if mine(e.rel)],
        junk=[j for j in discovery.junk if mine(j)],
        refused=[(i, f) for i, f in discovery.refused if mine(_path_of(i))],
    )
    return unit, scoped, _left_out_notice(unit, discovery, scoped, owners)


def _left_out_notice(unit: str | None, full: Discovery, scoped: Discovery, owners: _Owners) -> list[Finding]:
    """One notice for the files of other units left out (they are checked as their own unit)."""
    kept = {e.rel for e in scoped.entries} | {_path_of(i) for i, _f in scoped.refused}
    left = [
        p for p in [e.rel for e in full.entries] + [_path_of(i) for i, _f in full.refused] if p not in kept
    ]
    if not left:
        return []
    counts: dict[str, int] = defaultdict(int)
    for path in left:
        counts[owners.of_path(path) or "不在任何单位文件夹中的"] += 1
    parts = "；".join(f"{u} {n} 个" for u, n in sorted(counts.items()))
    return [
        Finding(
            "run.other_units",
            Severity.INFO,
            f"只检查“{unit}”的材料：另有 {len(left)} 个文件属于其他单位或不在“{unit}”的文件夹中，未计入（{parts}）。",
        )
    ]


def _hash_duplicates(
    records: dict[str, FileRecord], entries: dict[str, Entry], use_cache: bool
) -> Generator[Progress, None, bool]:
    """sha256 only for files that share their size with another: most files are never read again,
    and a re-check takes unchanged files' digests from the cache. False when a file could not be read."""
    by_size: dict[int, list[str]] = defaultdict(list)
    for path, r in records.items():
        if r.size > 0 and path in entries:
            by_size[r.size].append(path)
    todo = [entries[p] for group in by_size.values() if len(group) > 1 for p in group]
    settled = True
    for n, (entry, digest) in enumerate(file_hashes(todo, use_cache=use_cache), 1):
        records[entry.rel].sha256 = digest  # None when the file vanished: it takes no part
        settled = settled and digest is not None
        yield Progress(n, len(todo), entry.rel, "hash")
    return settled


def _raise_if_unreadable_whole(source: Path, discovery: Discovery) -> None:
    """Nothing could be read (a split set missing a volume, a password on the whole archive): say
    that, rather than asking which unit an unreadable archive belongs to."""
    if discovery.entries or not discovery.refused:
        return
    _, problem = discovery.refused[0]
    fix = "" if "请" in problem.message else fix_for(problem.code)  # the detail may give the advice itself
    raise SourceError(f"无法检查“{source.name}”：{problem.message}。{fix}")


def run_check(
    source: Path,
    *,
    rubric: Rubric,
    roster: Roster | None = None,
    unit: str | None = None,
    corrections: Corrections | None = None,
    options: CheckOptions | None = None,
    discovery: Discovery | None = None,
) -> Generator[Progress, None, Report]:
    """Check one unit's submission (a folder or an archive). Raises SourceError/CheckError on unusable input.

    ``discovery``: the submission's files when the caller has listed them already (a unit's folder
    inside a city archive, app/city_subtree.py); ``source`` then only names it in the report."""
    options = options or CheckOptions()
    source = Path(source)
    yield Progress(0, 0, str(source), "discover")
    if discovery is None:
        discovery = discover(source)
    shown = display_path(str(source))  # the report is UTF-8 even when the folder's name is GBK
    reports = ReportCache.open() if options.use_cache else None
    try:
        # Keyed by the listing before the unit's part is picked out of it: what is picked, the unit
        # inferred and the notice about other units' files all follow from it, and a hit skips that too.
        key = unit_key(
            source=shown, unit=unit, listing=discovery, roster=roster, rubric=rubric, timeout=options.timeout
        )
        if reports is not None and (stored := reports.lookup(shown, unit, key)) is not None:
            yield Progress(len(stored.files), len(stored.files), "", "inspect")
            # Stored evaluated without corrections: only a reviewer's corrections need evaluating again.
            return apply_corrections(stored, corrections, rubric) if _any(corrections) else stored
        report, settled = yield from _build(source, shown, rubric, roster, unit, discovery, options)
        if reports is None or not settled:
            return apply_corrections(report, corrections, rubric)
        apply_corrections(report, None, rubric)
        reports.store(shown, unit, key, report)
    finally:
        if reports is not None:
            reports.close()
    return apply_corrections(report, corrections, rubric) if _any(corrections) else report


def _any(corrections: Corrections | None) -> bool:
    return corrections is not None and bool(corrections.reassign or corrections.accepted)


def _build(
    source: Path,
    shown: str,
    rubric: Rubric,
    roster: Roster | None,
    unit: str | None,
    discovery: Discovery,
    options: CheckOptions,
) -> Generator[Progress, None, tuple[Report, bool]]:
    """Steps 0, 2 and 3 and the report before evaluation: pick out the unit's material, inspect,
    classify and hash its files; with whether every file's digest was read (False: one vanished
    meanwhile, so the report is not kept)."""
    try:
        unit, discovery, notices = _resolve_unit(source, discovery, roster, unit)
    except CheckError:
        _raise_if_unreadable_whole(source, discovery)
        raise
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
    classifier = _classifier(rubric, schools, unit, roster)
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
            auto=(auto := classifier.classify(entry.rel)),
        )
        records[entry.rel].inspected += _not_this_unit(auto)
        yield Progress(done, total, entry.rel, "inspect")
    for item, problem in discovery.refused:
        path = item if isinstance(item, str) else item.rel
        size = 0 if isinstance(item, str) else item.size
        kind = kind_of_name(path)  # never read: the kind its name claims
        records[path] = FileRecord(
            path=path,
            size=size,
            kind=kind,
            detected="refused",
            inspected=[problem, *_not_this_unit(auto := classifier.classify(path))],
            auto=auto,
        )
    settled = yield from _hash_duplicates(records, entries, options.use_cache)
    ordered = sorted(records.values(), key=lambda r: r.path)
    report = Report(
        source=shown,
        unit=unit,
        schools=[s.name for s in schools],
        rubric_id=rubric.id,
        rubric_name=rubric.name,
        roster=display_path(roster.source) if roster else None,
        files=ordered,
        notices=notices,
        skipped=list(discovery.junk),
    )
    return report, settled


def _classifier(rubric: Rubric, schools: list[School], unit: str | None, roster: Roster | None) -> Classifier:
    if roster is None:  # schools were learned from the names: every school-like name is one of them
        return Classifier(rubric, schools, unit)
    return Classifier(
        rubric,
        schools,
        unit,
        others=[s for s in roster.all_schools if s.unit != unit],
        other_units=[u for u in roster.units if u != unit],
        find_unknown=True,
    )


def _not_this_unit(auto: Classification) -> list[Finding]:
    """``name.unknown_school`` for a file that names a school not of this unit: it counts for none."""
    hit = auto.foreign
    if hit is None:
        return []
    if hit.unit:
        return [finding("name.unknown_school", f"“{hit.matched}”属于 {hit.unit} 单位，不应计入本单位")]
    return [finding("name.unknown_school", f"“{hit.matched}”不在花名册中")]


def apply_corrections(report: Report, corrections: Corrections | None, rubric: Rubric) -> Report:
    """Re-apply the reviewer's corrections and re-evaluate gaps, without re-inspecting (fast)."""
    from app.scoring.suggest import annotate  # the scoring engine: not needed by a cached re-check

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
