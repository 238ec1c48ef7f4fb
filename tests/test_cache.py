"""The inspection cache: unchanged files are never re-inspected; changes, new versions and damage are handled."""

from __future__ import annotations

import os
import sqlite3

import pytest

from app import cache as cache_mod
from app import inspect as inspect_mod
from app.cache import InspectionCache
from app.discover import discover
from app.inspect import file_hashes
from app.inspect_batch import inspect_many
from tests.hostile import jpeg_bytes, pdf_bytes, write, zip_bytes


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def counted(monkeypatch):
    """Counts the files that really get opened for inspection (in-process light path or worker)."""
    opened: list[str] = []
    real_light = inspect_mod.inspect_light

    def light(entry):
        opened.append(entry.rel)
        return real_light(entry)

    monkeypatch.setattr(inspect_mod, "inspect_light", light)
    return opened


def make_source(tmp_path):
    src = tmp_path / "src"
    write(src / "1.1" / "a.pdf", pdf_bytes(2))
    write(src / "2.1" / "b.jpg", jpeg_bytes(exif_date="2020:10:15 08:00:00"))
    write(src / "工作说明.txt", "说明".encode())
    return src


def check(source, **kw):
    return {e.rel: r for e, r in inspect_many(discover(source).entries, workers=1, **kw)}


def test_cache_lives_under_xdg_cache_home(cache_home):
    assert cache_mod.cache_dir() == cache_home / "evcheck"


def test_recheck_of_unchanged_folder_inspects_nothing(tmp_path, cache_home, counted):
    src = make_source(tmp_path)
    first = check(src)
    assert sorted(counted) == sorted(first)
    assert (cache_home / "evcheck" / "inspections.sqlite").is_file()

    counted.clear()
    second = check(src)
    assert counted == []
    assert second == first  # same verdicts, pages, EXIF date…
    assert second["2.1/b.jpg"].exif_date == "2020-10-15" and second["1.1/a.pdf"].pages == 2


def test_changed_file_is_inspected_again(tmp_path, cache_home, counted):
    src = make_source(tmp_path)
    check(src)
    counted.clear()
    (src / "1.1" / "a.pdf").write_bytes(b"")  # size and mtime change
    results = check(src)
    assert counted == ["1.1/a.pdf"]
    assert results["1.1/a.pdf"].detected == "empty"


def test_same_size_new_mtime_is_inspected_again(tmp_path, cache_home, counted):
    src = make_source(tmp_path)
    check(src)
    counted.clear()
    target = src / "2.1" / "b.jpg"
    st = target.stat()
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    check(src)
    assert counted == ["2.1/b.jpg"]


def test_zip_members_are_keyed_by_the_zip_too(tmp_path, cache_home, counted):
    source = write(tmp_path / "u.zip", zip_bytes({"a.pdf": pdf_bytes(1), "b.txt": b"hello"}))
    check(source)
    counted.clear()
    check(source)
    assert counted == []
    # a new zip with the same names, sizes and member dates but other bytes is inspected again
    write(source, zip_bytes({"a.pdf": pdf_bytes(1), "b.txt": b"HELLO"}))
    check(source)
    assert sorted(counted) == ["a.pdf", "b.txt"]


def test_new_checker_version_invalidates(tmp_path, cache_home, counted, monkeypatch):
    src = make_source(tmp_path)
    check(src)
    counted.clear()
    monkeypatch.setattr(cache_mod, "CHECKER_VERSION", "999.0+inspect.99")
    check(src)
    assert len(counted) == 3


def test_use_cache_false_neither_reads_nor_writes(tmp_path, cache_home, counted):
    src = make_source(tmp_path)
    check(src, use_cache=False)
    check(src, use_cache=False)
    assert len(counted) == 6
    assert not (cache_home / "evcheck" / "inspections.sqlite").exists()


def test_transient_verdicts_are_not_cached(tmp_path, cache_home):
    src = make_source(tmp_path)
    entries = discover(src).entries
    (src / "工作说明.txt").unlink()  # vanishes between discovery and inspection
    gone = {e.rel: r for e, r in inspect_many(entries, workers=1)}["工作说明.txt"]
    assert [f.code for f in gone.findings] == ["file.skipped"]
    assert "工作说明.txt" not in {e.rel for e in InspectionCache.open().lookup(entries)}


def test_broken_cache_file_is_discarded_not_fatal(tmp_path, cache_home, counted):
    db = cache_home / "evcheck" / "inspections.sqlite"
    write(db, b"this is not a database" * 100)
    src = make_source(tmp_path)
    assert len(check(src)) == 3
    counted.clear()
    check(src)
    assert counted == []  # a new, working cache replaced the broken one


def test_unwritable_cache_location_is_not_fatal(tmp_path, monkeypatch, counted):
    blocker = write(tmp_path / "file-not-dir", b"x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # cannot create a folder inside a file
    src = make_source(tmp_path)
    assert len(check(src)) == 3
    assert not InspectionCache.open().enabled


def test_concurrent_runs_share_the_cache(tmp_path, cache_home):
    src = make_source(tmp_path)
    entries = discover(src).entries
    first, second = InspectionCache.open(), InspectionCache.open()
    results = list(inspect_many(entries, workers=1, use_cache=False))
    with sqlite3.connect(first.path) as reader:  # a third reader while both write
        first.store(results[:2])
        second.store(results)
        assert reader.execute("SELECT count(*) FROM inspections").fetchone()[0] == 3
    assert len(first.lookup(entries)) == 3
    first.close()
    second.close()


def test_file_hashes_are_cached_and_follow_changes(tmp_path, cache_home, monkeypatch):
    import hashlib

    src = make_source(tmp_path)
    entries = discover(src).entries
    first = dict(file_hashes(entries))
    assert first == {e: hashlib.sha256(e.abspath.read_bytes()).hexdigest() for e in entries}

    reads: list[str] = []
    real_open = type(entries[0]).open
    monkeypatch.setattr(type(entries[0]), "open", lambda self: reads.append(self.rel) or real_open(self))
    assert dict(file_hashes(entries)) == first
    assert reads == []  # all from the cache

    (src / "工作说明.txt").write_bytes("改过的说明".encode())
    changed = dict(file_hashes(discover(src).entries))
    assert reads == ["工作说明.txt"]
    assert (
        changed[next(e for e in changed if e.rel == "工作说明.txt")]
        == hashlib.sha256("改过的说明".encode()).hexdigest()
    )


def test_file_hash_of_a_vanished_file_is_none_and_not_cached(tmp_path, cache_home):
    src = make_source(tmp_path)
    entries = discover(src).entries
    (src / "工作说明.txt").unlink()
    hashes = {e.rel: h for e, h in file_hashes(entries)}
    assert hashes["工作说明.txt"] is None and hashes["1.1/a.pdf"] is not None
    assert "工作说明.txt" not in {e.rel for e in InspectionCache.open().lookup_hashes(entries)}


def test_zip_member_hashes(tmp_path, cache_home):
    import hashlib

    source = write(tmp_path / "u.zip", zip_bytes({"a.pdf": b"%PDF-1.4 same", "b/a.pdf": b"%PDF-1.4 same"}))
    hashes = {e.rel: h for e, h in file_hashes(discover(source).entries)}
    assert hashes == {"a.pdf": hashlib.sha256(b"%PDF-1.4 same").hexdigest(), "b/a.pdf": hashes["a.pdf"]}
