"""A small pool of killable worker processes with a time limit per task.

Hostile files can make a parser spin or eat memory; a stuck worker is killed and replaced, and
its task reports a timeout. Workers are started with "spawn" (safe in a Qt process with threads)
and, where the platform allows, get an address-space limit.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

MEMORY_LIMIT = 2 * 1024**3
TIMEOUT = object()  # the result of a task that ran out of time (or whose worker died)


def _limit_memory() -> None:
    if sys.platform.startswith("linux"):
        import resource

        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _serve(func: Callable[..., Any], conn: Connection) -> None:
    _limit_memory()
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, args = task
        try:
            result = func(*args)
        except BaseException as exc:  # report, do not die: the pool would have to respawn us
            result = {"error": type(exc).__name__}
        conn.send((index, result))


class _Worker:
    def __init__(self, ctx: Any, func: Callable[..., Any]) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(func, child), daemon=True)
        self.process.start()
        child.close()
        self.task: int | None = None
        self.deadline = 0.0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.process.kill()
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def run_tasks(
    func: Callable[..., Any],
    tasks: Sequence[tuple[Any, ...]],
    *,
    workers: int | None = None,
    timeout: float = 20.0,
) -> Iterator[tuple[int, Any]]:
    """Run ``func(*task)`` for every task; yield (task index, result or TIMEOUT) as they finish.

    Closing the iterator early stops the workers.
    """
    if not tasks:
        return
    count = max(1, min(workers or os.cpu_count() or 1, len(tasks)))
    ctx = mp.get_context("spawn")
    pool = [_Worker(ctx, func) for _ in range(count)]
    pending = list(range(len(tasks)))[::-1]
    remaining = len(tasks)
    try:
        while remaining:
            for i, w in enumerate(pool):
                if w.task is None and pending:
                    w.task = pending.pop()
                    w.deadline = time.monotonic() + timeout
                    try:
                        w.conn.send((w.task, tasks[w.task]))
                    except OSError:  # died between tasks: replace it and retry the task
                        pending.append(w.task)
                        w.stop(kill=True)
                        pool[i] = _Worker(ctx, func)
            busy = [w for w in pool if w.task is not None]
            wait_for = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], timeout=wait_for)
            for i, w in enumerate(pool):
                if w.task is None:
                    continue
                if w.conn in ready:
                    try:
                        index, result = w.conn.recv()
                    except (EOFError, OSError):  # crashed (memory limit, segfault in a decoder)
                        index, result = w.task, TIMEOUT
                        w.stop(kill=True)
                        pool[i] = _Worker(ctx, func)
                    else:
                        w.task = None
                    remaining -= 1
                    yield index, result
                elif time.monotonic() >= w.deadline:
                    index = w.task
                    w.stop(kill=True)
                    pool[i] = _Worker(ctx, func)
                    remaining -= 1
                    yield index, TIMEOUT
    finally:
        for w in pool:
            w.stop(kill=w.task is not None)
