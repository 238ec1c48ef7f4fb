"""Inspecting many files at once: cached answers first, the files our own code can judge here, the
rest (PDFs, images, zips) in the isolated worker pool. One file's inspection is app/inspect.py; this
module drives it over a batch, so app/workers.py and app/inspect.py do not need each other's batch code.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from app import inspect as one_file  # looked up per call: tests count the light pass by patching it
from app import inspect_ahead
from app.archive import close_archives
from app.discover import Entry
from app.model import Finding, Inspection

_STORE_EVERY = inspect_ahead.STORE_EVERY


def inspect_many(
    entries: Sequence[Entry],
    *,
    timeout: float = 10.0,
    workers: int | None = None,
    use_cache: bool = True,
    notices: list[Finding] | None = None,
) -> Iterator[tuple[Entry, Inspection]]:
    """Inspect ``entries``, yielding each with its result as soon as it is known (in no set order).

    Cached results come first; files our own code can judge (text, empty, Office by signature…) are
    done here; PDFs, images and zips go to the isolated worker pool with ``timeout`` seconds per file.
    Closing the generator early cancels the run; results so far are still cached. Every entry is
    yielded exactly once. When the workers could not do their job (they cannot start, or die file after
    file), one ``run.workers_fallback`` notice is appended to ``notices`` once the run is complete.

    Within a city run (app/inspect_ahead.py) the results come from its look-ahead, which inspected
    them the same way, earlier.
    """
    ahead = inspect_ahead.active()
    if ahead is not None:
        left = yield from ahead.take(entries, notices)
        if not left:
            return
        entries = left
    yield from inspect_now(entries, timeout=timeout, workers=workers, use_cache=use_cache, notices=notices)


def inspect_now(
    entries: Sequence[Entry],
    *,
    timeout: float = 10.0,
    workers: int | None = None,
    use_cache: bool = True,
    notices: list[Finding] | None = None,
) -> Iterator[tuple[Entry, Inspection]]:
    """``inspect_many`` without a look-ahead: cache, light pass here, the rest in the pool."""
    from app.cache import InspectionCache
    from app.workers import InspectorPool, shared_pool

    cache = InspectionCache.open() if use_cache else None
    fresh: list[tuple[Entry, Inspection]] = []

    def remember(entry: Entry, result: Inspection) -> None:
        fresh.append((entry, result))
        if cache is not None and len(fresh) >= _STORE_EVERY:
            cache.store(fresh)
            fresh.clear()

    try:
        todo = list(entries)
        if cache is not None and todo:
            hits = cache.lookup(todo)
            yield from hits.items()
            todo = [e for e in todo if e not in hits]
        if not todo:
            return
        pool = shared_pool(workers)
        private = not pool.lock.acquire(blocking=False)
        if private:  # another check is using the shared pool (two GUI tabs): use our own
            pool = InspectorPool(workers)
        try:
            pool.warm(len(todo))  # workers start while the cheap files are judged here
            deep = []
            for entry in todo:
                result = one_file.inspect_light(entry)
                if result is None:
                    deep.append(entry)
                    continue
                remember(entry, result)
                yield entry, result
            for entry, result in pool.run(deep, timeout):
                remember(entry, result)
                yield entry, result
            if notices is not None:
                notices.extend(inspect_ahead.pool_notices(pool.in_process, pool.crash_streak))
        finally:
            if private:
                pool.close()
            else:
                pool.lock.release()
    finally:
        close_archives()  # the main process's handles too: the zip stays free to move or delete
        if cache is not None:
            cache.store(fresh)
            cache.close()
