"""The content pass over a checked submission: text layers, OCR and seals, page by page.

Usage::

    contents = drain(run_content(source, report))        # after run_check; yields Progress("content")
    attach_content(report, contents, rubric, roster)
    apply_corrections(report, corrections, rubric)        # content is an input of the evaluation

Files are read through the same Entry API as the check (archive members too, never extracted),
in the inspection pool's killable workers (app.workers.InspectorPool running
``app.content.pages.run_job``): each job is one page, with its own time limit. Results are cached
by file identity (app.content.cache); a re-run reads them back without starting a worker.
Cancelling is closing the generator: files finished so far are cached, the rest are not.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from app.cache import cache_dir
from app.classify import IndicatorMatcher
from app.content import ocr
from app.content.attribute import FileContent, clean, summarize
from app.content.cache import ContentCache
from app.content.pages import MAX_PAGES, PROBE, PageJob, prepare, run_job
from app.discover import Entry, discover
from app.model import FileKind, Finding, Progress, Report, Severity
from app.roster import Roster, School
from app.rubric import Rubric
from app.workers import InspectorPool

PHASE = "content"
OCR_HEADROOM = 3 * 1024 * 1024 * 1024  # onnxruntime's arenas on a 4000×3000 photo, with room to spare
TEXT_LAYER_MIN = 10  # characters: fewer on a page means a scan (a page number, a scanner's stamp)


@dataclass(frozen=True)
class ContentOptions:
    page_timeout: float = 30.0  # seconds per page (a photo is one page)
    workers: int | None = None  # None: one per core, at most 4
    use_cache: bool = True
    cache_dir: str | None = None  # None: the platform cache folder
    ocr: bool | None = None  # None: OCR when the extra is installed


@dataclass
class _File:
    entry: Entry
    kind: str
    texts: list[str] = field(default_factory=list)
    ocr_pages: dict[int, str] = field(default_factory=dict)
    seals: set[int] = field(default_factory=set)
    waiting: int = 0
    looked: int = 0
    ocr_missing: bool = False
    timed_out: list[int] = field(default_factory=list)

    def result(self) -> FileContent:
        pages = [clean(self.ocr_pages.get(n, t)) for n, t in enumerate(self.texts)]
        source = None
        if any(clean(t) for n, t in self.ocr_pages.items()):
            source = "ocr"
        elif any(pages):
            source = "text"
        return FileContent(
            pages=pages,
            source=source,
            seal_pages=sorted(n + 1 for n in self.seals),
            looked=self.looked,
            ocr_missing=self.ocr_missing,
            timed_out=sorted(self.timed_out),
        )


def wanted(report: Report) -> list[str]:
    """The files the pass reads: usable PDFs and photos."""
    return [r.path for r in report.files if r.usable and r.kind in (FileKind.PDF, FileKind.IMAGE)]


def run_content(
    source: Path,
    report: Report,
    options: ContentOptions | None = None,
    entries: Sequence[Entry] | None = None,
) -> Generator[Progress, None, dict[str, FileContent]]:
    """Every wanted file's content, by path. ``entries``: the submission's files when the caller
    has listed them already (otherwise ``source`` is listed again, as the signals pass does)."""
    options = options or ContentOptions()
    use_ocr = ocr.available() if options.ocr is None else options.ocr and ocr.available()
    yield Progress(0, 0, str(source), PHASE)
    listed = {e.rel: e for e in (entries if entries is not None else discover(Path(source)).entries)}
    kinds = {r.path: r.kind for r in report.files}
    targets = [listed[p] for p in wanted(report) if p in listed]
    folder = Path(options.cache_dir) if options.cache_dir else cache_dir()
    cache = ContentCache(folder if options.use_cache else None)
    results: dict[str, FileContent] = {}
    try:
        for entry, data in cache.lookup(targets).items():
            found = FileContent.from_json(data)
            if not (found.ocr_missing and use_ocr):  # OCR installed since: read the scans now
                results[entry.rel] = found
        todo = [e for e in targets if e.rel not in results]
        done, total = len(results), len(targets)
        yield Progress(done, total, "", PHASE)
        if todo:
            for path, content in (yield from _read(todo, kinds, use_ocr, options, cache, done, total)):
                results[path] = content
    finally:
        cache.close()
    return results


def _read(
    todo: list[Entry],
    kinds: dict[str, FileKind],
    use_ocr: bool,
    options: ContentOptions,
    cache: ContentCache,
    done: int,
    total: int,
) -> Generator[Progress, None, list[tuple[str, FileContent]]]:
    files = {e.rel: _File(e, "pdf" if kinds[e.rel] == FileKind.PDF else "image") for e in todo}
    pool = InspectorPool(
        options.workers,
        inspect=cast(Any, run_job),
        headroom=OCR_HEADROOM,
        prepare=prepare if use_ocr else None,
    )
    out: list[tuple[str, FileContent]] = []

    def finish(f: _File) -> None:
        content = f.result()
        if not f.timed_out:  # a page that ran out of time may just have met a busy machine
            cache.store(f.entry, content.to_json())
        out.append((f.entry.rel, content))

    try:
        probes = [PageJob(f.entry, PROBE, "pdf") for f in files.values() if f.kind == "pdf"]
        jobs: list[PageJob] = []
        for job, answer in _run(pool, probes, options.page_timeout):
            f = files[job.rel]
            f.texts = list(answer.get("texts", []))
            jobs += _page_jobs(f, int(answer.get("pages", 0)), use_ocr)
        for f in files.values():
            if f.kind == "image":
                f.texts = [""]
                jobs += _page_jobs(f, 1, use_ocr)
        for f in list(files.values()):
            if f.waiting == 0:  # unreadable, or no page to look at
                finish(f)
                done += 1
                yield Progress(done, total, f.entry.rel, PHASE)
        for job, answer in _run(pool, jobs, options.page_timeout):
            f = files[job.rel]
            f.waiting -= 1
            if answer.get("timeout"):
                f.timed_out.append(job.page + 1)
            else:
                f.looked += "seal" in answer
                if answer.get("seal"):
                    f.seals.add(job.page)
                if "text" in answer:
                    f.ocr_pages[job.page] = str(answer["text"])
            if f.waiting == 0:
                finish(f)
                done += 1
                yield Progress(done, total, f.entry.rel, PHASE)
    finally:
        pool.close()
    return out


def _page_jobs(f: _File, pages: int, use_ocr: bool) -> list[PageJob]:
    jobs = []
    for n in range(min(pages, MAX_PAGES)):
        scan = n >= len(f.texts) or len(clean(f.texts[n])) < TEXT_LAYER_MIN
        if scan and not use_ocr:
            f.ocr_missing = True
        jobs.append(PageJob(f.entry, n, f.kind, ocr=scan and use_ocr))
    while len(f.texts) < min(pages, MAX_PAGES):
        f.texts.append("")
    f.waiting = len(jobs)
    return jobs


def _run(
    pool: InspectorPool, jobs: list[PageJob], timeout: float
) -> Iterator[tuple[PageJob, dict[str, Any]]]:
    """The pool's answers as (job, extra); a page killed for its time gets ``{"timeout": True}``."""
    if not jobs:
        return
    results = pool.run(cast(Any, jobs), timeout=timeout)
    try:
        for job, inspection in results:
            if any(f.code == "file.timeout" for f in inspection.findings):
                yield cast(PageJob, job), {"timeout": True}
            else:
                yield cast(PageJob, job), dict(inspection.extra)
    finally:
        if isinstance(results, Generator):  # the pool's run is a generator: close it to retire workers
            results.close()


def attach_content(
    report: Report, contents: dict[str, FileContent], rubric: Rubric, roster: Roster | None = None
) -> None:
    """Put each file's ``content`` on the report (re-evaluate afterwards: ``apply_corrections``),
    plus a ``run.ocr_missing`` notice when scans went unread for want of the OCR extra."""
    unit = report.unit
    if roster is not None and unit is not None:
        own = roster.schools_of(unit)
        others = [s for s in roster.all_schools if s.unit != unit]
    else:
        own, others = [School(n, unit or "") for n in report.schools], []
    matcher = IndicatorMatcher(rubric)
    for r in report.files:
        c = contents.get(r.path)
        r.content = summarize(c, own, others, matcher) if c is not None else None
    report.notices = [n for n in report.notices if n.code != "run.ocr_missing"]
    if any(c.ocr_missing for c in contents.values()):
        report.notices.append(Finding("run.ocr_missing", Severity.INFO, ocr.NOT_INSTALLED))
