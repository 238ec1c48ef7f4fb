"""A small pool of killable worker processes for inspecting untrusted files.

Each worker is a spawned process (safe from a Qt GUI, and under PyInstaller once ``freeze_support``
runs first) holding one pipe. The parent hands out small batches and gets one result per file,
so it always knows which file a worker is on: when a worker stays on one file longer than the time
limit it is killed (that file: ``file.timeout``); when it dies (memory limit, a crash in a C
extension) that file gets ``file.unreadable``. Either way a fresh worker takes over the rest.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import select
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.archive import close_archives
from app.discover import Entry
from app.findings import finding
from app.model import FileKind, Inspection

log = logging.getLogger(__name__)

InspectFn = Callable[[Entry], Inspection]
_READY = -1

BATCH_SIZE = 8  # files per message: fewer round trips, still a fine-grained time limit per file
MAX_OUTSTANDING = 8 * BATCH_SIZE  # queued per worker, so it never waits for the parent
# While every busy worker has this many files queued, the parent waits a moment before collecting:
# results then come several to a wake-up instead of one (the parent's share of a 2-core machine).
# Even 0.1 ms files keep a worker busy longer than the pause.
PAUSE_WHEN_QUEUED = 6 * BATCH_SIZE
COLLECT_PAUSE = 0.005
MEMORY_HEADROOM = 1024 * 1024 * 1024  # address space a worker may add beyond its start-up size
MAX_SPAWN_FAILURES = 3  # workers that die before they are ready, in a row
MAX_CRASHES_IN_A_ROW = 5  # files in a row whose worker died: more likely the machine than the files
IDLE_GRACE = 0.2  # seconds without work before a worker closes the archives it holds open
STARTUP_TIMEOUT = 120.0  # a cold start on a slow laptop with a virus scanner can take long


def freeze_support() -> None:
    """Call first thing in every entry point (CLI, GUI): needed when frozen by PyInstaller."""
    multiprocessing.freeze_support()


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


# ---------------------------------------------------------------- the worker process


def _limit_memory(headroom: int) -> None:
    """Best effort: an address-space cap on Linux (pypdf/Pillow then raise MemoryError, not swap)."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = current + headroom
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError, AttributeError):
        pass  # Windows and macOS: the time limit and pypdf's own limits still apply


def _worker_main(
    conn: multiprocessing.connection.Connection,
    inspect: InspectFn | None,
    headroom: int,
    prepare: Callable[[], None] | None = None,
    yield_to_window: bool = True,
) -> None:
    # The parsers are imported before saying "ready", so their start-up never counts against the
    # first file's time limit.
    import app.inspect_image
    import app.inspect_pdf  # noqa: F401

    if inspect is None:
        from app.inspect import inspect_entry

        inspect = inspect_entry
    if prepare is not None:  # e.g. loading OCR models: start-up time, not the first file's
        prepare()
    _limit_memory(headroom)
    if yield_to_window:
        # Below the window's priority: on a 2-core laptop the scan must not take the GUI's core.
        # Without a window (the command line) the workers run at the priority evcheck was given.
        _lower_own_priority()
    conn.send((_READY, None))
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for index, entry in batch:
            try:
                result = inspect(entry)
            except MemoryError:
                result = _verdict("file.unreadable", "文件结构异常，占用内存过多")
            except Exception as exc:  # inspect_entry never raises; an injected function might
                result = _verdict("file.unreadable", f"检查时出错（{type(exc).__name__}）")
            conn.send((index, result))
        if not conn.poll(IDLE_GRACE):
            # Idle: let go of open zips, so the user can move or delete them while evcheck stays open.
            # Not at the end of every batch: the next one is usually on its way, and reopening a zip
            # parses its whole directory again.
            close_archives()


def _lower_own_priority() -> None:
    """Nice 5 on POSIX; on Windows (no os.nice) the below-normal priority class, the same step."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(5)
        return
    if sys.platform == "win32":
        import ctypes

        below_normal = 0x4000  # BELOW_NORMAL_PRIORITY_CLASS
        kernel32 = ctypes.windll.kernel32
        kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), below_normal)


def _verdict(code: str, detail: str) -> Inspection:
    return Inspection(kind=FileKind.OTHER, detected="unknown", findings=[finding(code, detail)], usable=False)


# ---------------------------------------------------------------- the pool, in the parent


_background = False  # set once by the window's start-up (evcheck/main.py), never by the core


def run_in_background(on: bool = True) -> None:
    """Workers started from now on lower their priority. The window calls this: a check running
    behind it must not make the interface stutter. From the command line the user is waiting for
    the result itself, and lowered workers lost half their share to any other busy process."""
    global _background
    _background = on


def _window_open() -> bool:
    return _background


@dataclass
class _Worker:
    process: Any
    conn: multiprocessing.connection.Connection
    outstanding: deque[tuple[int, Entry]] = field(default_factory=deque)
    since: float = 0.0  # when the current file started (ready, last result, or first batch)
    ready: bool = False

    poller: Any = None  # select.poll on the pipe, where the OS has it

    def deadline(self, timeout: float) -> float:
        return self.since + (timeout if self.ready else STARTUP_TIMEOUT)

    def has_message(self) -> bool:
        """A message is waiting. Connection.poll builds a selector per call on Unix, which cost the
        parent more than the result it then reads; one poll object per worker is a single syscall."""
        if self.poller is None:
            return bool(self.conn.poll())
        return bool(self.poller.poll(0))


class InspectorPool:
    """Worker processes, started lazily and reused across runs; one run at a time."""

    def __init__(
        self,
        size: int | None = None,
        inspect: InspectFn | None = None,
        headroom: int = MEMORY_HEADROOM,
        prepare: Callable[[], None] | None = None,
    ) -> None:
        self.size = size or default_workers()
        self._inspect = inspect
        self._prepare = prepare
        self._headroom = headroom
        self._ctx = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self.lock = threading.Lock()
        self.started = 0  # processes started over the pool's life (tests and the benchmark read it)
        self._spawn_failures = 0
        self._crashes_in_a_row = 0
        # What the last run had to do differently (read by inspect_many for its run-level notice):
        self.in_process = 0  # files inspected in this process because workers could not start
        self.crash_streak = 0  # the longest run of files whose worker died, when it looks systemic

    def pids(self) -> list[int]:
        return [w.process.pid for w in self._workers]

    def _spawn(self) -> bool:
        """Start one worker; False (counted as a start-up failure) when the OS refuses."""
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=_worker_main,
            args=(child, self._inspect, self._headroom, self._prepare, _window_open()),
            daemon=True,
            name="evcheck-inspect",
        )
        try:
            process.start()
        except OSError:  # out of processes or handles, an executable the OS will not run…
            log.warning("cannot start an inspection worker", exc_info=True)
            self._spawn_failures += 1
            parent.close()
            return False
        finally:
            child.close()
        self.started += 1
        worker = _Worker(process, parent, since=time.monotonic())
        if hasattr(select, "poll"):  # not on Windows, whose pipes Connection.poll peeks cheaply
            worker.poller = select.poll()
            worker.poller.register(parent.fileno(), select.POLLIN)
        self._workers.append(worker)
        return True

    def warm(self, expected: int) -> None:
        """Start workers ahead of need (start-up takes a fraction of a second each)."""
        while len(self._workers) < min(self.size, expected) and self._spawn_failures < MAX_SPAWN_FAILURES:
            if not self._spawn():
                return

    def _retire(self, worker: _Worker, kill: bool) -> None:
        if kill:
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        if worker in self._workers:
            self._workers.remove(worker)

    def run(
        self,
        items: Sequence[Entry],
        timeout: float,
        refill: Callable[[], Sequence[Entry]] | None = None,
    ) -> Generator[tuple[Entry, Inspection], None, None]:
        """Inspect ``items`` in the workers, yielding each result as it arrives.

        ``refill`` (never blocking) gives more files whenever the line runs short, [] when it has
        none: the workers then never wait at the end of one lot for the next (a city's look-ahead).
        """
        pending: deque[tuple[int, Entry]] = deque(enumerate(items))
        numbered = remaining = len(pending)
        self.in_process = self.crash_streak = 0
        self._crashes_in_a_row = 0

        def more() -> int:
            nonlocal numbered
            if refill is None or len(pending) >= self.size * MAX_OUTSTANDING:
                return 0
            extra = refill()
            pending.extend(enumerate(extra, numbered))
            numbered += len(extra)
            return len(extra)

        try:
            while True:
                remaining += more()
                if not remaining:
                    return
                if self._spawn_failures >= MAX_SPAWN_FAILURES:
                    # Workers cannot start here (a broken frozen build, a script without a main guard…):
                    # inspect in-process rather than fail. Files still queued in workers that are alive but
                    # not ready come back first: every file found must get its verdict.
                    for worker in list(self._workers):
                        self._replace(worker, pending, kill=True)
                    log.warning(
                        "inspection workers cannot start; inspecting %d files in-process", len(pending)
                    )
                    while pending:
                        self.in_process += len(pending)
                        yield from self._in_process(pending)
                        more()
                    return
                self._feed(pending)
                for entry, result in self._collect(pending, timeout):
                    remaining -= 1
                    yield entry, result
        finally:
            for worker in list(self._workers):
                if worker.outstanding:  # abandoned mid-run: its late answers must not reach the next run
                    self._retire(worker, kill=True)

    def _in_process(self, pending: deque[tuple[int, Entry]]) -> Iterator[tuple[Entry, Inspection]]:
        from app.inspect import inspect_entry

        inspect = self._inspect or inspect_entry
        while pending:
            _, entry = pending.popleft()
            yield entry, inspect(entry)

    def _feed(self, pending: deque[tuple[int, Entry]]) -> None:
        while len(self._workers) < min(self.size, len(pending) + self._busy()):
            if self._spawn_failures >= MAX_SPAWN_FAILURES or not self._spawn():
                break
        for worker in list(self._workers):
            while pending and len(worker.outstanding) < MAX_OUTSTANDING:
                batch = [pending.popleft() for _ in range(min(BATCH_SIZE, len(pending)))]
                if not worker.outstanding and worker.ready:
                    worker.since = time.monotonic()
                worker.outstanding.extend(batch)
                try:
                    worker.conn.send(batch)
                except (OSError, ValueError):
                    break  # dead: found and handled by _collect

    def _busy(self) -> int:
        return sum(1 for w in self._workers if w.outstanding)

    def _collect(
        self, pending: deque[tuple[int, Entry]], timeout: float
    ) -> Iterator[tuple[Entry, Inspection]]:
        busy = [w for w in self._workers if w.outstanding]
        if not busy:
            return
        if all(w.ready and len(w.outstanding) >= PAUSE_WHEN_QUEUED for w in busy):
            time.sleep(COLLECT_PAUSE)
        now = time.monotonic()
        wait_for = max(0.0, min(w.deadline(timeout) for w in busy) - now)
        ready = multiprocessing.connection.wait(
            [w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for
        )
        for worker in busy:
            if worker.conn in ready:
                yield from self._drain(worker, pending)
            elif worker.process.sentinel in ready:
                yield from self._drain(worker, pending)  # results sent just before dying still count
        now = time.monotonic()
        for worker in [w for w in self._workers if w.outstanding and now > w.deadline(timeout)]:
            if not worker.ready:  # never started: no file is to blame
                self._spawn_failures += 1
                self._replace(worker, pending, kill=True)
                continue
            _, entry = worker.outstanding.popleft()
            self._replace(worker, pending, kill=True)
            yield entry, _verdict("file.timeout", f"超过 {timeout:g} 秒仍未完成")

    def _drain(
        self, worker: _Worker, pending: deque[tuple[int, Entry]]
    ) -> Iterator[tuple[Entry, Inspection]]:
        while worker.outstanding:
            try:
                if not worker.has_message():
                    if worker.process.is_alive():
                        return
                    raise EOFError
                index, result = worker.conn.recv()
            except (EOFError, OSError):
                if not worker.ready:  # died while starting: no file is to blame
                    self._spawn_failures += 1
                    self._replace(worker, pending, kill=False)
                    return
                _, entry = worker.outstanding.popleft()
                self._replace(worker, pending, kill=False)
                self._crashes_in_a_row += 1
                if self._crashes_in_a_row >= MAX_CRASHES_IN_A_ROW:
                    self.crash_streak = max(self.crash_streak, self._crashes_in_a_row)
                yield entry, _verdict("file.unreadable", "检查该文件时检查进程意外退出，文件结构可能异常")
                return
            worker.since = time.monotonic()
            if index == _READY:
                worker.ready = True
                self._spawn_failures = 0
                continue
            expected, entry = worker.outstanding.popleft()
            assert index == expected, "worker answered out of order"
            self._crashes_in_a_row = 0
            yield entry, result

    def _replace(self, worker: _Worker, pending: deque[tuple[int, Entry]], kill: bool) -> None:
        """Retire a worker; the files queued behind the bad one go back to the front of the line."""
        pending.extendleft(reversed(worker.outstanding))
        worker.outstanding.clear()
        self._retire(worker, kill=kill)

    def close(self) -> None:
        for worker in list(self._workers):
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
            self._retire(worker, kill=bool(worker.outstanding))
        for worker in list(self._workers):
            self._retire(worker, kill=True)


_shared: InspectorPool | None = None
_shared_lock = threading.Lock()


def shared_pool(size: int | None = None) -> InspectorPool:
    """The process-wide pool (kept between checks, so a GUI re-check starts no new processes)."""
    global _shared
    with _shared_lock:
        if _shared is None or (size is not None and _shared.size != size):
            if _shared is not None:
                _shared.close()
            _shared = InspectorPool(size)
        return _shared


def prestart(workers: int | None = None) -> None:
    """Start the shared pool's workers now, in the background (a worker takes ~0.5 s to start).

    Call it as soon as a check is likely (the GUI at launch, the CLI before loading the rubric) so the
    first check does not wait for start-up. Does nothing while a check is using the pool.
    """
    pool = shared_pool(workers)
    if pool.lock.acquire(blocking=False):
        try:
            pool.warm(pool.size)
        finally:
            pool.lock.release()


def shutdown() -> None:
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.close()
            _shared = None


atexit.register(shutdown)
