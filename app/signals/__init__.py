"""Authenticity signals: an optional, deeper pass after the check (issue 8, docs/signals.md).

Usage::

    signals = drain(run_signals(source, report, rubric, roster))   # after run_check
    merge_signals(report, signals)

Signals are for a person to verify, never a verdict: their findings are warnings or infos and
never make a file unusable. Files are read through the same Entry API as the check (zip members
too), in killable worker processes, and their features are cached by (path, size, mtime).
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

from app.discover import discover
from app.findings import finding
from app.model import FileKind, Progress, Report, Signal
from app.roster import Roster
from app.rubric import Rubric
from app.signals import features as feats
from app.signals.cache import FeatureCache, default_dir
from app.signals.detect import SignalOptions, all_signals
from app.workers import InspectorPool

__all__ = [
    "SIGNAL_CODES",
    "SignalOptions",
    "collect_features",
    "compute_signals",
    "merge_signals",
    "run_signals",
]

SIGNAL_CODES = frozenset(
    {"dup.similar", "dup.template", "content.other_school", "content.no_school_name", "content.scanned"}
    | {"date.outside_year", "date.mismatch", "content.doc_number"}
)


def run_signals(
    source: Path,
    report: Report,
    rubric: Rubric,
    roster: Roster | None = None,
    options: SignalOptions | None = None,
) -> Generator[Progress, None, list[Signal]]:
    """Compute the signals for a checked submission; yields Progress (phase "signals")."""
    options = options or SignalOptions()
    features = yield from collect_features(source, report, options)
    return compute_signals(report, features, rubric, roster, options)


def collect_features(
    source: Path, report: Report, options: SignalOptions
) -> Generator[Progress, None, dict[str, dict[str, Any]]]:
    """Each usable image's hash and PDF's text digest: from the cache, else from a worker."""
    yield Progress(0, 0, str(source), "signals")
    entries = {e.rel: e for e in discover(Path(source)).entries}
    wanted = [
        r for r in report.files if r.usable and r.path in entries and r.kind in (FileKind.IMAGE, FileKind.PDF)
    ]
    folder = Path(options.cache_dir) if options.cache_dir else default_dir()
    cache = FeatureCache(folder if options.use_cache else None, feats.VERSION)
    features: dict[str, dict[str, Any]] = {}
    todo = []
    for r in wanted:
        cached = cache.get(entries[r.path])
        if cached is None:
            todo.append(r)
        else:
            features[r.path] = cached
    done = len(features)
    yield Progress(done, len(wanted), "", "signals")
    by_rel = {r.path: r for r in todo}
    # The inspection's own worker pool, running the feature extractor instead: killable
    # processes, a time limit per file, a memory cap.
    pool = InspectorPool(options.workers, inspect=feats.inspect_features)
    results = pool.run([entries[r.path] for r in todo], timeout=options.timeout)
    try:
        for entry, inspection in results:
            r = by_rel[entry.rel]
            if inspection.extra:
                result = inspection.extra
                cache.put(entry, result)
            else:  # timed out or crashed the worker: not cached, the machine may just have been busy
                result = {"error": inspection.findings[0].code if inspection.findings else "unknown"}
            features[r.path] = result
            done += 1
            yield Progress(done, len(wanted), r.path, "signals")
    finally:
        results.close()
        pool.close()
        cache.close()
    if options.use_cache:
        _feed_content(features, [(r.path, entries[r.path]) for r in wanted], report)
    return features


def _feed_content(features: dict[str, dict[str, Any]], wanted: list[tuple[str, Any]], report: Report) -> None:
    """The text OCR read (the content pass, app/content/, cached) stands in for a scan's missing
    text layer and gives photos a text: 文号, dates and the school named then work on them too."""
    from app.cache import cache_dir
    from app.content.attribute import FileContent
    from app.content.cache import ContentCache

    read = {r.path for r in report.files if r.content and r.content.get("source") == "ocr"}
    entries = [e for path, e in wanted if path in read]
    if not entries:
        return
    cache = ContentCache(cache_dir())
    try:
        for entry, data in cache.lookup(entries).items():
            f = features.setdefault(entry.rel, {})
            if not f.get("text") or "phash" in f:
                f.update(feats.text_features(FileContent.from_json(data).text))
    finally:
        cache.close()


def compute_signals(
    report: Report,
    features: dict[str, dict[str, Any]],
    rubric: Rubric,
    roster: Roster | None,
    options: SignalOptions | None = None,
) -> list[Signal]:
    """The signals from features already collected: cheap, re-run after a file is reassigned.
    Also sets ``detail["doc_number"]`` on PDFs whose 文号 was read."""
    options = options or SignalOptions()
    for r in report.files:  # the 文号 read out, for the preview and the exports
        number = features.get(r.path, {}).get("doc_number")
        if number:
            r.detail["doc_number"] = number
    return all_signals(report.files, features, rubric, roster, report.unit, report.schools, options)


def merge_signals(report: Report, signals: list[Signal]) -> None:
    """Put the signals on the report and a finding on each file concerned, plus the 文号 of
    formal documents as an info finding (idempotent).

    The findings are added after evaluation, so they change no gap, status or usability.
    """
    report.signals = list(signals)
    codes = SIGNAL_CODES | {s.code for s in signals}
    by_path = {r.path: r for r in report.files}
    for r in report.files:
        r.findings = [f for f in r.findings if f.code not in codes]
    for s in signals:
        for path in s.paths:
            record = by_path.get(path)
            if record is None:
                continue
            others = [p for p in s.paths if p != path]
            detail = s.message + (f"，另一文件：{others[0]}" if others else "")
            record.findings.append(finding(s.code, detail))
    for r in report.files:  # the 文号 read out by compute_signals, shown wherever findings are
        if r.detail.get("doc_number"):
            r.findings.append(finding("content.doc_number", r.detail["doc_number"]))
