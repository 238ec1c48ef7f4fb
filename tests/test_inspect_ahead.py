"""A city run inspects ahead (app/inspect_ahead.py): the next units' files are inspected while a
unit is evaluated. The report must be the one a run without it gives; cancelling stops the thread
and frees the pool; a re-check on a warm cache starts no workers; a failed thread loses no file."""

from __future__ import annotations

import contextlib
import shutil
import threading
import time
from pathlib import Path

import pytest

import app.check
import app.city
import app.workers
from app import inspect_ahead
from app.check import CheckOptions, drain
from app.city import find_city, run_city
from app.roster import load_roster
from app.rubric import load_rubric
from tests.city_corpus import place, roster_file, unit_spec

pytestmark = pytest.mark.skipif(shutil.which("7z") is None, reason="needs the 7z tool")

# a folder, an archive written by the real 7z tool, a zip with Chinese-Windows names
FORMS = [("青云街道教管办", "folder"), ("白沙镇材料", "7z"), ("3.东湖街道（2020惠民考核）", "winzip")]


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("ahead")
    root, work = base / "U盘", base / "work"
    root.mkdir()
    work.mkdir()
    specs = [unit_spec(i, 301 + i) for i in range(len(FORMS))]
    for spec, (name, form) in zip(specs, FORMS, strict=True):
        place(root, spec, name, form, work)
    return root, roster_file(base / "花名册.csv", specs)


def _city_gen(root: Path, roster_path: Path, **options: object):
    roster = load_roster(roster_path)
    layout = find_city(root, roster)
    assert layout is not None
    return run_city(layout, rubric=load_rubric(), roster=roster, options=CheckOptions(**options))  # type: ignore[arg-type]


@contextlib.contextmanager
def _no_look_ahead(**_kw: object):
    yield None


def _threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "evcheck-inspect-ahead"]


def test_the_city_report_is_the_one_without_looking_ahead(city, monkeypatch):
    root, roster_path = city
    ahead = drain(_city_gen(root, roster_path, use_cache=False)).to_json()
    monkeypatch.setattr(app.city, "inspecting_ahead", _no_look_ahead)
    alone = drain(_city_gen(root, roster_path, use_cache=False)).to_json()
    assert ahead == alone
    assert [u["status"] for u in ahead["units"]] == ["checked"] * len(FORMS)
    assert not _threads()  # the thread ends with the run


def test_the_next_units_are_inspected_while_one_is_evaluated(city, monkeypatch):
    root, roster_path = city
    ready_when_asked: list[tuple[int, int]] = []
    real_take = inspect_ahead.InspectAhead.take

    def take(self, entries, notices=None):
        with self._cond:
            ready_when_asked.append((sum(1 for e in entries if e in self._done), len(entries)))
        return (yield from real_take(self, entries, notices))

    real_apply = app.check.apply_corrections

    def slow_evaluation(*args, **kwargs):
        time.sleep(1.0)  # time the workers use for the next unit
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(inspect_ahead.InspectAhead, "take", take)
    monkeypatch.setattr(app.check, "apply_corrections", slow_evaluation)
    drain(_city_gen(root, roster_path, use_cache=False))
    assert len(ready_when_asked) == len(FORMS)
    for done, asked in ready_when_asked[1:]:
        assert asked > 20 and done > 0, ready_when_asked


def test_cancelling_stops_the_thread_and_frees_the_pool(city):
    root, roster_path = city
    gen = _city_gen(root, roster_path, use_cache=False)
    while next(gen).phase != "inspect":
        pass
    assert _threads()
    gen.close()
    assert not _threads()
    pool = app.workers.shared_pool()
    assert pool.lock.acquire(blocking=False)
    pool.lock.release()


def test_a_warm_recheck_starts_no_workers(city, monkeypatch, tmp_path):
    root, roster_path = city
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    app.workers.shutdown()
    cold = drain(_city_gen(root, roster_path)).to_json()
    app.workers.shutdown()
    spawned = []
    real_spawn = app.workers.InspectorPool._spawn

    def counting(self):
        spawned.append(1)
        return real_spawn(self)

    monkeypatch.setattr(app.workers.InspectorPool, "_spawn", counting)
    assert drain(_city_gen(root, roster_path)).to_json() == cold
    assert spawned == []


def test_a_failed_thread_loses_no_file(city, monkeypatch):
    root, roster_path = city
    expected = drain(_city_gen(root, roster_path, use_cache=False)).to_json()

    def broken(self, *args, **kwargs):
        raise RuntimeError("simulated failure in the look-ahead")

    monkeypatch.setattr(inspect_ahead.InspectAhead, "_next_job", broken)
    assert drain(_city_gen(root, roster_path, use_cache=False)).to_json() == expected
