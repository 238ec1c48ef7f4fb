"""A task keeps running safely when its runner (or the window owning it) is destroyed meanwhile."""

import threading

import shiboken6

from ui.tasks import TaskRunner


def test_task_outlives_a_destroyed_runner(qtbot):
    started, release = threading.Event(), threading.Event()

    def work():
        started.set()
        release.wait(5)
        return 42

    results = []
    runner = TaskRunner()
    runner.call("slow", work, on_done=results.append)  # like the clerk menu, nobody keeps the task
    assert started.wait(5)
    shiboken6.delete(runner)  # the window closed: its runner goes while the pool thread still works
    release.set()
    qtbot.waitUntil(lambda: results == [42], timeout=5000)  # the result still arrives
