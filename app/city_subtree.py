"""Checking one unit's folder inside an archive that holds the whole city ("全市.zip/青云街道/").

``run_check`` takes a path on disk, and a folder inside a zip is none, so this narrows the archive's
:class:`Discovery` to the folder — paths made relative to it, the members still read in place (so
the inspection cache, keyed by archive and member, is shared with a check of the whole archive) —
and runs the same steps 2–4 as ``run_check``.

Keep in step with app/check.py: this goes away once ``run_check`` accepts a ready Discovery.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import replace
from pathlib import Path

from app.check import CheckOptions, _hash_duplicates, _kind_from_extension, apply_corrections
from app.classify import Classifier
from app.discover import Discovery, Entry, discover
from app.inspect import inspect_many
from app.model import FileRecord, Progress, Report
from app.roster import Roster
from app.rubric import Rubric


def narrow(discovery: Discovery, prefix: str) -> Discovery:
    """The part of ``discovery`` under ``prefix`` ("材料/青云街道/"), paths relative to it."""
    cut = len(prefix)
    part = Discovery()
    part.entries = [replace(e, rel=e.rel[cut:]) for e in discovery.entries if e.rel.startswith(prefix)]
    part.junk = [j[cut:] for j in discovery.junk if j.startswith(prefix)]
    for item, problem in discovery.refused:
        rel = item if isinstance(item, str) else item.rel
        if rel.startswith(prefix):
            part.refused.append(
                (rel[cut:] if isinstance(item, str) else replace(item, rel=rel[cut:]), problem)
            )
    return part


def check_subtree(
    archive: Path,
    prefix: str,
    *,
    rubric: Rubric,
    roster: Roster,
    unit: str,
    options: CheckOptions | None = None,
    discovery: Discovery | None = None,
) -> Generator[Progress, None, Report]:
    """Like ``run_check(unit=unit)`` on the folder ``prefix`` of ``archive``; the report's source is
    "archive/prefix". ``discovery`` is the archive's, when the caller has it already."""
    options = options or CheckOptions()
    source = f"{archive}/{prefix.rstrip('/')}"
    yield Progress(0, 0, source, "discover")
    part = narrow(discovery or discover(archive), prefix)
    schools = roster.schools_of(unit)
    classifier = Classifier(rubric, schools, unit)
    entries: dict[str, Entry] = {e.rel: e for e in part.entries}
    records: dict[str, FileRecord] = {}
    total = len(part.entries)
    yield Progress(0, total, "", "inspect")
    found = inspect_many(
        part.entries, timeout=options.timeout, workers=options.workers, use_cache=options.use_cache
    )
    for done, (entry, inspection) in enumerate(found, 1):
        detail = {"width": inspection.width, "height": inspection.height, "exif_date": inspection.exif_date}
        records[entry.rel] = FileRecord(
            path=entry.rel,
            size=entry.size,
            kind=inspection.kind,
            detected=inspection.detected,
            pages=inspection.pages,
            inspected=list(inspection.findings),
            detail={k: v for k, v in (*detail.items(), *inspection.extra.items()) if v is not None},
            auto=classifier.classify(entry.rel),
        )
        yield Progress(done, total, entry.rel, "inspect")
    for item, problem in part.refused:
        path = item if isinstance(item, str) else item.rel
        records[path] = FileRecord(
            path=path,
            size=0 if isinstance(item, str) else item.size,
            kind=_kind_from_extension(path),
            detected="refused",
            inspected=[problem],
            auto=classifier.classify(path),
        )
    yield from _hash_duplicates(records, entries, options.use_cache)
    report = Report(
        source=source,
        unit=unit,
        schools=[s.name for s in schools],
        rubric_id=rubric.id,
        rubric_name=rubric.name,
        roster=roster.source,
        files=sorted(records.values(), key=lambda r: r.path),
        skipped=list(part.junk),
    )
    return apply_corrections(report, None, rubric)
