"""The one task helper: results, progress and errors arrive on the GUI thread; cancel closes the generator."""

import threading

import pytest
from PySide6.QtCore import QThread, QThreadPool
from PySide6.QtWidgets import QApplication

from app.model import Progress
from ui.tasks import TaskRunner


@pytest.fixture
def runner(qapp):
    pool = QThreadPool()
    yield TaskRunner(pool)
    pool.waitForDone(5000)


def counting(n, seen_threads, gate=None, closed=None):
    try:
        for i in range(n):
            seen_threads.append(threading.get_ident())
            if gate is not None:
                gate.wait(5)
            yield Progress(i + 1, n, f"file{i}")
        return "result"
    finally:
        if closed is not None:
            closed.set()


def test_result_and_progress_arrive_on_the_gui_thread(qtbot, runner):
    gui = QApplication.instance().thread()
    worker_threads, delivered = [], []
    task = runner.start(
        "count",
        lambda: counting(3, worker_threads),
        on_progress=lambda p: delivered.append(("progress", QThread.currentThread() is gui, p.done)),
        on_done=lambda r: delivered.append(("done", QThread.currentThread() is gui, r)),
    )
    # (waiting on task.ended could miss it: the pool thread may finish before we listen)
    qtbot.waitUntil(lambda: any(d[0] == "done" for d in delivered), timeout=5000)
    assert task.wait(5)
    assert ("done", True, "result") in delivered
    assert all(on_gui for _, on_gui, _ in delivered)
    assert threading.get_ident() not in worker_threads  # the work itself ran in the pool
    assert delivered[0][0] == "progress"


def test_cancel_closes_the_generator_and_reports_cancelled(qtbot, runner):
    gate, closed, outcome, started = threading.Event(), threading.Event(), [], []
    task = runner.start(
        "slow",
        lambda: counting(1000, started, gate, closed),
        on_done=lambda r: outcome.append("done"),
        on_cancel=lambda: outcome.append("cancelled"),
    )
    qtbot.waitUntil(lambda: bool(started), timeout=5000)  # the generator is mid-way through a step
    task.cancel()
    gate.set()
    assert task.wait(5)
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=5000)
    assert closed.is_set()  # the core's finally blocks ran
    assert not runner.busy


def test_an_error_is_delivered_not_raised(qtbot, runner):
    def failing():
        yield Progress(0, 1)
        raise ValueError("坏文件")

    errors = []
    task = runner.start("fail", failing, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError) and "坏文件" in str(errors[0])
    assert "ValueError" in task.traceback


def test_call_runs_a_plain_function(qtbot, runner):
    results = []
    runner.call("sum", lambda: sum(range(10)), on_done=results.append)
    qtbot.waitUntil(lambda: results == [45], timeout=5000)
