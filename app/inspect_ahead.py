"""Inspecting ahead of need, for a city: the next units' files are inspected while this unit's are
classified, hashed and evaluated, so the worker processes never wait between units.

``run_city`` opens one :class:`InspectAhead` for the whole run (:func:`inspecting_ahead`) and hands
it every unit's files as they are listed. A background thread looks them up in the inspection cache
and inspects the rest in plan order on the shared worker pool, storing fresh results in the cache as
``inspect_many`` does. ``inspect_many`` (app/inspect_batch.py), called by each unit's check in the
same thread, then takes its results from here; files it asks for that were not handed over go to
the front of the line. The verdicts are those of ``inspect_many`` without it: the same functions
inspect the same files, only earlier.

Only files on disk get the light pass in the thread; archive members all go to the workers (their
verdict is the same either way). The main process's open archives belong to the check's own
thread, which closes them after hashing: the thread never reads an archive, so it cannot have one
closed under it.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager

from app import inspect as one_file
from app.discover import Entry
from app.model import Finding, Inspection, Severity

log = logging.getLogger(__name__)

STORE_EVERY = 500  # fresh results per cache transaction
CHUNK = 64  # files taken at a time: files asked for jump the line within a few dozen files

_local = threading.local()


def active() -> InspectAhead | None:
    """The look-ahead of a city run in this thread, if any."""
    ahead: InspectAhead | None = getattr(_local, "ahead", None)
    return ahead


@contextmanager
def inspecting_ahead(*, timeout: float, workers: int | None, use_cache: bool) -> Iterator[InspectAhead]:
    """An :class:`InspectAhead` that ``inspect_many`` uses in this thread until the block ends."""
    ahead = InspectAhead(timeout=timeout, workers=workers, use_cache=use_cache)
    previous = active()
    _local.ahead = ahead
    try:
        yield ahead
    finally:
        _local.ahead = previous
        ahead.close()


class InspectAhead:
    """Files handed over with :meth:`add` are inspected in a background thread; :meth:`take` yields
    the results of the files asked for as they are known. :meth:`close` stops it."""

    def __init__(self, *, timeout: float, workers: int | None, use_cache: bool) -> None:
        self.timeout = timeout
        self.workers = workers
        self.use_cache = use_cache
        self._cond = threading.Condition()
        self._unlooked: deque[list[Entry]] = deque()  # handed over, not yet looked up in the cache
        self._todo: deque[Entry] = deque()  # not in the cache, in plan order
        self._urgent: deque[Entry] = deque()  # asked for before their turn
        self._known: set[Entry] = set()
        self._done: dict[Entry, Inspection] = {}
        self._arrived: list[Entry] = []  # every result in the order it came, for take()'s waiting
        self._started: set[Entry] = set()  # handed to the pool
        self._in_process: set[Entry] = set()  # inspected here because workers could not start
        self._crash_streak = 0
        self._closing = False
        self._finished = False
        self._thread = threading.Thread(target=self._run, name="evcheck-inspect-ahead", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------ the check's side

    def add(self, entries: Iterable[Entry]) -> None:
        """Hand over files to inspect after those handed over before."""
        with self._cond:
            self._add(entries)

    def _add(self, entries: Iterable[Entry]) -> None:
        batch = [e for e in dict.fromkeys(entries) if e not in self._known]
        if batch:
            self._known.update(batch)
            self._unlooked.append(batch)
            self._cond.notify_all()

    def take(
        self, entries: Sequence[Entry], notices: list[Finding] | None = None
    ) -> Generator[tuple[Entry, Inspection], None, list[Entry]]:
        """Each of ``entries`` once with its inspection, as soon as it is known (in no set order).

        Returns the files it could not deliver because the thread stopped (it failed): the caller
        inspects those itself."""
        remaining = set(entries)
        with self._cond:
            self._add(entries)  # files never handed over are looked up and inspected first
            self._urgent.extend(e for e in remaining if e not in self._done)
            self._cond.notify_all()
            ready = [e for e in remaining if e in self._done]
            seen = len(self._arrived)
        while True:
            for entry in ready:
                if entry in remaining:
                    remaining.discard(entry)
                    yield entry, self._done[entry]
            if not remaining:
                break
            with self._cond:
                while seen == len(self._arrived) and not self._finished:
                    self._cond.wait()
                ready = self._arrived[seen:]
                seen = len(self._arrived)
                if not ready and self._finished:
                    break
        if not remaining and notices is not None:
            in_process = sum(1 for e in entries if e in self._in_process)
            notices.extend(pool_notices(in_process, self._crash_streak))
        return [e for e in entries if e in remaining]

    def close(self) -> None:
        """Stop inspecting (files in progress are abandoned) and wait for the thread."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join()

    # ------------------------------------------------------------ the thread

    def _next_job(self, block: bool = True) -> tuple[str, list[Entry]] | None:
        """("lookup", files handed over) first, then ("inspect", files asked for, then the plan);
        None once closing, or when there is nothing to do and ``block`` is false."""
        with self._cond:
            while block and not (self._closing or self._unlooked or self._urgent or self._todo):
                self._cond.wait()
            if self._closing:
                return None
            if self._unlooked:
                return "lookup", self._unlooked.popleft()
            chunk: dict[Entry, None] = {}
            for line in (self._urgent, self._todo):
                while line and len(chunk) < CHUNK:
                    entry = line.popleft()
                    if entry not in self._done and entry not in self._started:
                        chunk[entry] = None
            if not chunk and not block:
                return None
            self._started.update(chunk)
            return "inspect", list(chunk)

    def _publish(self, entry: Entry, result: Inspection) -> None:
        self._publish_many([(entry, result)])

    def _publish_many(self, results: Iterable[tuple[Entry, Inspection]]) -> None:
        with self._cond:
            for entry, result in results:
                if entry not in self._done:
                    self._done[entry] = result
                    self._arrived.append(entry)
            self._cond.notify_all()

    def _run(self) -> None:
        from app.cache import InspectionCache
        from app.workers import InspectorPool, shared_pool

        cache = InspectionCache.open() if self.use_cache else None
        fresh: list[tuple[Entry, Inspection]] = []
        pool: InspectorPool | None = None
        private = False

        def deep_of(entries: list[Entry]) -> list[Entry]:
            """The files that need a worker; the others are judged here at once."""
            deep: list[Entry] = []
            for entry in entries:
                # Archive members all go to the workers: this thread never opens an archive, so the
                # check's thread closing its archives cannot pull one from under it.
                light = one_file.inspect_light(entry) if entry.member is None else None
                if light is None:
                    deep.append(entry)
                else:
                    fresh.append((entry, light))
                    self._publish(entry, light)
            return deep

        def look_up(entries: list[Entry]) -> None:
            hits = cache.lookup(entries) if cache is not None else {}
            with self._cond:
                self._todo.extend(e for e in entries if e not in hits)
            self._publish_many(hits.items())

        def refill() -> list[Entry]:
            """More for the running pool, without waiting: the workers never idle between lots."""
            if cache is not None and len(fresh) >= STORE_EVERY:
                cache.store(fresh)
                fresh.clear()
            while (job := self._next_job(block=False)) is not None:
                what, entries = job
                if what == "lookup":
                    look_up(entries)
                elif deep := deep_of(entries):
                    sent.extend(deep)
                    return deep
            return []

        try:
            while (job := self._next_job()) is not None:
                what, entries = job
                if what == "lookup":
                    look_up(entries)
                    continue
                if pool is None:  # only once something is not cached: a re-check starts no workers
                    pool = shared_pool(self.workers)
                    private = not pool.lock.acquire(blocking=False)
                    if private:  # another check is using the shared pool (two GUI tabs): use our own
                        pool = InspectorPool(self.workers)
                    pool.warm(len(self._todo) + len(entries))
                sent = deep_of(entries)
                run = pool.run(list(sent), self.timeout, refill=refill)
                try:
                    for entry, result in run:
                        fresh.append((entry, result))
                        self._publish(entry, result)
                        if self._closing:
                            break
                finally:
                    run.close()
                if pool.in_process:
                    self._in_process.update(sent)
                self._crash_streak = max(self._crash_streak, pool.crash_streak)
        except Exception:  # never lose a file: take() inspects what is left itself
            log.exception("inspecting ahead failed; the check inspects the rest itself")
        finally:
            with self._cond:
                self._finished = True
                self._cond.notify_all()
            if pool is not None:
                if private:
                    pool.close()
                else:
                    pool.lock.release()
            if cache is not None:
                cache.store(fresh)
                cache.close()


def pool_notices(in_process: int, crash_streak: int) -> list[Finding]:
    """The run-level notice when the workers could not do their job (see ``inspect_many``)."""
    if in_process:
        message = (
            f"检查进程无法启动，{in_process} 个文件改在主程序中检查（结论相同，但较慢且没有超时保护）。"
            '若是从自己的 Python 脚本调用，请把调用写在 if __name__ == "__main__": 之下。'
        )
    elif crash_streak:
        message = (
            f"检查进程连续 {crash_streak} 次意外退出：这些文件被判为损坏，可能是本机环境问题"
            "（内存不足、安全软件拦截），请重新检查一次。"
        )
    else:
        return []
    return [Finding("run.workers_fallback", Severity.WARNING, message)]
