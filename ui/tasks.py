"""The one task helper: runs core work on QThreadPool and hands results back on the GUI thread.

Long core work is a generator yielding :class:`app.model.Progress` and returning its result (the
check's ``run_check``).  :meth:`TaskRunner.start` runs such a generator in a pool thread; progress,
the result, an error or the cancellation arrive as callbacks on the GUI thread (queued signals).
Plain functions go through :meth:`TaskRunner.call`, which wraps them in a one-step generator.

Cancelling sets a flag the worker checks between steps and then closes the generator, so the core's
``finally`` blocks run (worker processes are stopped, nothing half-written).  Progress is coalesced
to at most one delivery per ``PROGRESS_INTERVAL`` so a fast scan cannot flood the GUI thread.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

PROGRESS_INTERVAL = 0.05  # seconds between progress deliveries

GeneratorFactory = Callable[[], Generator[Any, None, Any]]


class Task(QObject):
    """Handle for one running job.  Signals are emitted from the pool thread, received queued."""

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()
    ended = Signal()  # after any of finished/failed/cancelled

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._cancel = threading.Event()
        self._done = threading.Event()
        self.traceback = ""

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float) -> bool:
        """Block until the worker has stopped (used when the window closes mid-scan)."""
        return self._done.wait(timeout)


class _Runner(QRunnable):
    def __init__(self, task: Task, factory: GeneratorFactory) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.task, self.factory = task, factory

    def run(self) -> None:
        task = self.task
        gen: Generator[Any, None, Any] | None = None
        try:
            gen = self.factory()
            last = 0.0
            while True:
                if task.cancel_requested:
                    gen.close()
                    task.cancelled.emit()
                    return
                try:
                    item = next(gen)
                except StopIteration as stop:
                    task.finished.emit(stop.value)
                    return
                now = time.monotonic()
                if item is not None and now - last >= PROGRESS_INTERVAL:
                    last = now
                    task.progress.emit(item)
        except Exception as exc:  # every error reaches the GUI as a message, never a crash
            task.traceback = traceback.format_exc()
            if gen is not None:
                gen.close()
            task.failed.emit(exc)
        finally:
            task._done.set()
            task.ended.emit()


def _once(func: Callable[[], Any]) -> Generator[None, None, Any]:
    return func()
    yield  # pragma: no cover - makes this a generator


class TaskRunner(QObject):
    """Starts tasks on a thread pool and keeps them alive until they end."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool if pool is not None else QThreadPool.globalInstance()
        self._running: set[Task] = set()

    def start(
        self,
        name: str,
        factory: GeneratorFactory,
        *,
        on_progress: Callable[[Any], None] | None = None,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
    ) -> Task:
        # No Qt parent: the pool thread emits on the task until it ends, so the task must outlive a
        # runner (or its window) destroyed meanwhile. The runnable and ``_running`` keep it alive.
        task = Task(name)
        if on_progress:
            task.progress.connect(on_progress)
        if on_done:
            task.finished.connect(on_done)
        if on_error:
            task.failed.connect(on_error)
        if on_cancel:
            task.cancelled.connect(on_cancel)
        task.ended.connect(lambda t=task: self._forget(t))
        self._running.add(task)
        self.pool.start(_Runner(task, factory))
        return task

    def call(
        self,
        name: str,
        func: Callable[[], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task:
        return self.start(name, lambda: _once(func), on_done=on_done, on_error=on_error)

    def _forget(self, task: Task) -> None:
        self._running.discard(task)
        task.deleteLater()

    @property
    def busy(self) -> bool:
        return any(not t.done for t in self._running)

    def cancel_all(self, wait: float = 0.0) -> bool:
        """Cancel every running task; with ``wait``, block up to that many seconds for them to stop."""
        tasks = list(self._running)
        for t in tasks:
            t.cancel()
        deadline = time.monotonic() + wait
        return all(t.wait(max(0.0, deadline - time.monotonic())) for t in tasks) if wait else True
