"""The worker pool: a hung, crashed or killed worker costs one file its verdict, never the scan."""

from __future__ import annotations

import os
import signal
import time

import pytest

from app.discover import Entry, discover
from app.inspect import inspect_entry
from app.inspect_batch import inspect_many
from app.workers import InspectorPool
from tests.hostile import jpeg_bytes, pdf_bytes, write

# A worker unpickles its task function by importing this module; with this variable set (only
# ever in a worker, see the start-up failure test) that import fails, as in a broken frozen build.
if os.environ.get("EVCHECK_TEST_WORKERS_CANNOT_START") == "1":
    raise ImportError("simulated worker start-up failure")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


# Module-level so spawned workers can import them by name.
def misbehaving_inspect(entry: Entry):
    if entry.rel.startswith("hang"):
        time.sleep(600)
    if entry.rel.startswith("crash"):
        os._exit(3)  # what a segfault in a C extension looks like from outside
    if entry.rel.startswith("kill"):
        os.kill(os.getpid(), signal.SIGKILL)  # killed mid-file (the OOM killer, a user in Task Manager)
    if entry.rel.startswith("hog"):
        bytearray(64 * 1024**3)  # far beyond the memory limit
    return inspect_entry(entry)


def make_folder(tmp_path, names):
    for name in names:
        write(tmp_path / "src" / name, pdf_bytes(1) if name.endswith(".pdf") else jpeg_bytes())
    return discover(tmp_path / "src").entries


def run_pool(entries, timeout=10.0, size=2):
    pool = InspectorPool(size, inspect=misbehaving_inspect)
    try:
        return {e.rel: r for e, r in pool.run(entries, timeout)}, pool.started
    finally:
        pool.close()


def codes(result):
    return [f.code for f in result.findings]


def test_hung_file_times_out_and_the_rest_completes(tmp_path):
    names = [f"a{i}.pdf" for i in range(10)] + ["hang.pdf"] + [f"z{i}.jpg" for i in range(10)]
    results, started = run_pool(make_folder(tmp_path, names), timeout=1.5)
    assert set(results) == set(names)
    assert codes(results["hang.pdf"]) == ["file.timeout"] and not results["hang.pdf"].usable
    others = [r for name, r in results.items() if name != "hang.pdf"]
    assert all(r.findings == [] and r.usable for r in others)
    assert started == 3  # two workers, plus one replacing the killed one


@pytest.mark.parametrize("bad", ["crash.pdf", "kill.jpg", "hog.pdf"])
def test_worker_dying_mid_file_is_replaced_and_the_scan_completes(tmp_path, bad):
    names = [f"a{i}.pdf" for i in range(4)] + [bad] + [f"z{i}.jpg" for i in range(4)]
    results, started = run_pool(make_folder(tmp_path, names))
    assert set(results) == set(names)
    assert codes(results[bad]) == ["file.unreadable"] and not results[bad].usable
    assert all(r.findings == [] for name, r in results.items() if name != bad)
    if bad != "hog.pdf":  # the memory hog gets MemoryError inside a still-healthy worker
        assert started == 3


def test_several_bad_files_in_a_row(tmp_path):
    names = ["crash1.pdf", "crash2.pdf", "kill3.jpg", "ok.pdf"]
    results, _ = run_pool(make_folder(tmp_path, names), size=1)
    assert [codes(results[n]) for n in names[:3]] == [["file.unreadable"]] * 3
    assert results["ok.pdf"].findings == [] and results["ok.pdf"].pages == 1


def test_worker_killed_from_outside_mid_scan(tmp_path):
    entries = make_folder(tmp_path, [f"p{i:03}.pdf" for i in range(30)])
    pool = InspectorPool(2)
    try:
        results = {}
        for entry, result in pool.run(entries, 10.0):
            if len(results) == 3:
                os.kill(pool.pids()[0], signal.SIGKILL)
            results[entry.rel] = result
        assert len(results) == 30
        broken = [r for r in results.values() if r.findings]
        assert len(broken) <= 1 and all(codes(r) == ["file.unreadable"] for r in broken)
        assert pool.started >= 3
    finally:
        pool.close()


def test_pool_is_reused_and_abandoned_runs_do_not_leak_answers(tmp_path):
    entries = make_folder(tmp_path, [f"p{i:02}.pdf" for i in range(30)] + ["x.jpg"])
    pool = InspectorPool(2)
    try:
        run = pool.run(entries, 10.0)
        next(run)
        run.close()  # cancelled with work queued in the workers
        again = dict(pool.run(entries[:5], 10.0))
        assert sorted(e.rel for e in again) == [e.rel for e in entries[:5]]
        assert all(r.pages == 1 for r in again.values())
    finally:
        pool.close()


def test_inspect_many_mixes_light_and_isolated_work(tmp_path):
    write(tmp_path / "src" / "工作说明.txt", "文字".encode())
    write(tmp_path / "src" / "空.pdf", b"")
    write(tmp_path / "src" / "a.pdf", pdf_bytes(2))
    write(tmp_path / "src" / "b.jpg", jpeg_bytes())
    entries = discover(tmp_path / "src").entries
    results = {e.rel: r for e, r in inspect_many(entries, use_cache=False, workers=1)}
    assert {k: r.detected for k, r in results.items()} == {
        "工作说明.txt": "text",
        "空.pdf": "empty",
        "a.pdf": "pdf",
        "b.jpg": "jpeg",
    }
    assert results["a.pdf"].pages == 2


def test_prestart_starts_the_shared_pool_once(tmp_path):
    from app import workers

    workers.shutdown()
    workers.prestart(2)
    pool = workers.shared_pool(2)
    assert len(pool.pids()) == 2 and pool.started == 2
    workers.prestart(2)  # already running: nothing new
    entries = make_folder(tmp_path, ["a.pdf", "b.jpg"])
    assert {e.rel for e, _ in inspect_many(entries, workers=2, use_cache=False)} == {"a.pdf", "b.jpg"}
    assert pool.started == 2  # the check used the started workers
    workers.shutdown()


def test_workers_that_cannot_start_fall_back_to_in_process(tmp_path, monkeypatch):
    entries = make_folder(tmp_path, ["a.pdf", "b.jpg", "c.pdf"])
    monkeypatch.setenv("EVCHECK_TEST_WORKERS_CANNOT_START", "1")  # inherited by the workers only
    pool = InspectorPool(1, inspect=misbehaving_inspect)
    try:
        results = {e.rel: r for e, r in pool.run(entries, 10.0)}
    finally:
        pool.close()
    assert sorted(results) == ["a.pdf", "b.jpg", "c.pdf"]
    assert all(r.findings == [] for r in results.values())
    assert pool.started == 3  # MAX_SPAWN_FAILURES attempts, then in-process


def test_parsing_happens_in_the_workers_not_here(tmp_path, monkeypatch):
    import app.inspect_pdf

    def exploding(fp):
        raise AssertionError("pypdf ran in the main process")

    monkeypatch.setattr(app.inspect_pdf, "inspect_pdf", exploding)  # only this process is patched
    entries = make_folder(tmp_path, ["a.pdf", "b.pdf"])
    results = dict(inspect_many(entries, workers=1, use_cache=False))
    assert all(r.pages == 1 and r.findings == [] for r in results.values())


def test_workers_dying_at_start_up_still_give_every_file_one_verdict(tmp_path, monkeypatch):
    # More files than two workers hold queued: files sent to a worker that never started must come back.
    names = [f"p{i:02}.pdf" for i in range(25)] + [f"j{i:02}.jpg" for i in range(25)]
    entries = make_folder(tmp_path, names)
    monkeypatch.setenv("EVCHECK_TEST_WORKERS_CANNOT_START", "1")
    pool = InspectorPool(2, inspect=misbehaving_inspect)
    try:
        seen = [e.rel for e, _ in pool.run(entries, 10.0)]
    finally:
        pool.close()
    assert sorted(seen) == sorted(names)  # each exactly once
    assert pool.in_process == len(names)


_NO_MAIN_GUARD = """
import json, sys
sys.path.insert(0, {root!r})
from app.discover import discover
from app.inspect_batch import inspect_many

notices = []
results = list(inspect_many(discover({src!r}).entries, use_cache=False, workers=2, notices=notices))
print("RESULT " + json.dumps({{"files": sorted(e.rel for e, _ in results),
                               "usable": sum(r.usable for _, r in results),
                               "notices": [n.code for n in notices]}}))
"""


def test_a_script_without_a_main_guard_still_reports_every_file(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    names = [f"会议{i:02}.pdf" for i in range(30)] + [f"照片{i:02}.jpg" for i in range(27)]
    make_folder(tmp_path, names)
    script = tmp_path / "my_check.py"  # spawn re-imports it in every worker, which then cannot start
    root = str(Path(__file__).resolve().parent.parent)
    script.write_text(_NO_MAIN_GUARD.format(root=root, src=str(tmp_path / "src")), encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    report = json.loads(line[len("RESULT ") :])
    assert report["files"] == sorted(names)
    assert report["usable"] == len(names)  # same verdicts as the workers would give
    assert report["notices"] == ["run.workers_fallback"]


def steady_inspect(entry: Entry):
    time.sleep(0.001)  # a file that takes a millisecond, like a photo in a zip
    return inspect_entry(entry)


def test_results_come_several_to_a_wake_up(tmp_path, monkeypatch):
    import multiprocessing.connection

    entries = make_folder(tmp_path, [f"p{i}.jpg" for i in range(6)])
    many = [
        Entry(rel=f"{i}/{e.rel}", size=e.size, mtime=e.mtime, container=e.container, disk=e.rel)
        for i in range(120)
        for e in entries
    ]  # 720 files read from six on disk
    wakes = []
    real_wait = multiprocessing.connection.wait

    def counted(*args, **kwargs):
        wakes.append(1)
        return real_wait(*args, **kwargs)

    pool = InspectorPool(2, inspect=steady_inspect)
    try:
        pool.warm(2)
        monkeypatch.setattr(multiprocessing.connection, "wait", counted)
        results = dict(pool.run(many, 10.0))
    finally:
        pool.close()
    assert len(results) == len(many) and all(r.detected == "jpeg" for r in results.values())
    # one wake-up per result without the pause; with it, several results per wake-up
    assert len(wakes) < len(many) / 2, len(wakes)


def priority_inspect(entry: Entry):
    result = inspect_entry(entry)
    result.extra["nice"] = os.nice(0)
    return result


@pytest.mark.skipif(not hasattr(os, "nice"), reason="POSIX priorities")
@pytest.mark.parametrize("window", [False, True])
def test_workers_yield_to_the_window_only_when_there_is_one(tmp_path, monkeypatch, window):
    import app.workers

    monkeypatch.setattr(app.workers, "_background", False)
    if window:
        app.workers.run_in_background()  # what the window's start-up calls
    entries = make_folder(tmp_path, ["a.jpg"])
    pool = InspectorPool(1, inspect=priority_inspect)
    try:
        ((_, result),) = pool.run(entries, 10.0)
    finally:
        pool.close()
    assert result.extra["nice"] == os.nice(0) + (5 if window else 0)


@pytest.mark.parametrize("workers_start", [True, False])
def test_a_run_takes_more_files_from_its_refill_until_it_has_none(tmp_path, monkeypatch, workers_start):
    entries = make_folder(tmp_path, [f"{i}.{'pdf' if i % 2 else 'jpg'}" for i in range(12)])
    if not workers_start:
        monkeypatch.setenv("EVCHECK_TEST_WORKERS_CANNOT_START", "1")
    lots = [entries[2:5], [], entries[5:12]]  # an empty lot ends the run only when nothing is left
    asked = []

    def refill():
        asked.append(1)
        return lots.pop(0) if lots and len(asked) > 1 else []

    pool = InspectorPool(2, inspect=misbehaving_inspect)
    try:
        results = [(e.rel, r) for e, r in pool.run(entries[:2], 10.0, refill=refill)]
    finally:
        pool.close()
    assert sorted(rel for rel, _ in results) == sorted(e.rel for e in entries)  # each exactly once
    assert all(r.findings == [] and r.detected in ("pdf", "jpeg") for _, r in results)
    assert pool.in_process == (0 if workers_start else len(entries))


def test_the_window_start_up_asks_for_background_workers(monkeypatch):
    import app.workers
    import evcheck.main
    import ui.app

    monkeypatch.setattr(app.workers, "_background", False)
    seen = []
    monkeypatch.setattr(ui.app, "run_gui", lambda args: seen.append(app.workers._background) or 0)
    assert evcheck.main._run_gui(None) == 0  # type: ignore[arg-type]
    assert seen == [True]
