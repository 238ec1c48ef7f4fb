"""The unit-report cache (app/report_cache.py): a re-check of unchanged material returns a report
equal to a fresh run in every field, and anything the report depends on changing is a miss."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

import app.check
from app import demo_samples as samples
from app.check import CheckOptions, apply_corrections, drain, run_check
from app.city import find_city, run_city
from app.model import Corrections, Finding, Severity
from app.report_cache import CACHE_FILE, ReportCache, cacheable, code_stamp, sources_stamp
from app.roster import load_roster
from app.rubric import load_rubric
from app.workers import _verdict
from tests.city_corpus import place, roster_file, unit_spec, write_unit

UNIT, OTHER = "奎文区教管办", "坊子区教管办"
SCHOOLS = ["潍坊市奎文区实验小学", "潍坊市奎文区幸福街小学"]
ROSTER = f"单位,学校,别名\n{UNIT},{SCHOOLS[0]},实验小学\n{UNIT},{SCHOOLS[1]},幸福街小学\n{OTHER},潍坊市坊子区小学,\n"


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The units whose report was built (inspected, classified, hashed) rather than reused."""
    built: list[str] = []
    original = app.check._build

    def spy(source, shown, rubric, roster, unit, *rest):  # type: ignore[no-untyped-def]
        built.append(unit)
        return (yield from original(source, shown, rubric, roster, unit, *rest))

    monkeypatch.setattr(app.check, "_build", spy)
    return built


@pytest.fixture
def unit_dir(tmp_path: Path) -> Path:
    root = tmp_path / "材料"
    files = {
        f"1.1 制度/{SCHOOLS[0]}制度文件.pdf": samples.pdf(0),
        f"1.1 制度/{SCHOOLS[1]}制度文件.pdf": samples.pdf(1),
        f"1.1 制度/{SCHOOLS[0]}制度上墙.jpg": samples.jpeg(10),
        f"1.4 台账/{SCHOOLS[0]}台账.pdf": samples.pdf(0),  # same bytes, other folder: hashed
        "1.5 宣传/活动.png": samples.png(3),
        "未归类/备注.txt": b"hello",
        "空.pdf": b"",
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    (root / "Thumbs.db").write_bytes(b"junk")
    return root


@pytest.fixture
def roster_path(tmp_path: Path) -> Path:
    path = tmp_path / "花名册.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def check(root: Path, roster_path: Path, unit: str = UNIT, rubric=None, **kw):  # type: ignore[no-untyped-def]
    return drain(
        run_check(root, rubric=rubric or load_rubric(), roster=load_roster(roster_path), unit=unit, **kw)
    )


def assert_same(hit, fresh) -> None:  # type: ignore[no-untyped-def]
    assert json.dumps(hit.to_json(), ensure_ascii=False) == json.dumps(fresh.to_json(), ensure_ascii=False)
    assert hit == fresh  # every dataclass field: inspected, how, detail, sha256, detected, skipped, …
    assert [f.auto for f in hit.files] == [f.auto for f in fresh.files]  # not compared by ==
    assert [f.sha256 for f in hit.files] == [f.sha256 for f in fresh.files]


def test_hit_equals_a_fresh_run_in_every_field(unit_dir, roster_path, builds):
    first = check(unit_dir, roster_path)
    hit = check(unit_dir, roster_path)
    assert builds == [UNIT]  # the second run inspected, classified and hashed nothing
    fresh = check(unit_dir, roster_path, options=CheckOptions(use_cache=False))
    assert_same(hit, fresh)
    assert_same(first, fresh)
    assert any(f.sha256 for f in hit.files) and hit.skipped == ["Thumbs.db"]
    assert any(f.inspected for f in hit.files) and any(f.detail for f in hit.files)
    assert hit is not first and check(unit_dir, roster_path) is not hit  # a fresh object every time


def test_changed_listing_is_a_miss(unit_dir, roster_path, builds):
    check(unit_dir, roster_path)
    photo = unit_dir / "1.5 宣传/活动.png"
    st = photo.stat()
    os.utime(photo, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # mtime only
    check(unit_dir, roster_path)
    photo.write_bytes(samples.png(4))  # new bytes
    report = check(unit_dir, roster_path)
    (unit_dir / "1.5 宣传/新增.jpg").write_bytes(samples.jpeg(5))
    added = check(unit_dir, roster_path)
    (unit_dir / "1.5 宣传/新增.jpg").unlink()
    removed = check(unit_dir, roster_path)
    assert builds == [UNIT] * 5
    assert len(added.files) == len(report.files) + 1 == len(removed.files) + 1
    check(unit_dir, roster_path)
    assert len(builds) == 5  # unchanged again: a hit


def test_roster_content_unit_and_rubric_are_part_of_the_key(unit_dir, roster_path, tmp_path, builds):
    check(unit_dir, roster_path)
    roster_path.write_text(ROSTER.replace(",实验小学", ",奎文实验"), encoding="utf-8")  # same path
    check(unit_dir, roster_path)
    other = check(unit_dir, roster_path, unit=OTHER)
    assert other.unit == OTHER
    check(unit_dir, roster_path)  # the first unit's row is still there: each (source, unit) keeps its own
    assert builds == [UNIT, UNIT, OTHER]
    raw = Path(load_rubric().source).read_text(encoding="utf-8")
    changed = tmp_path / "rubric.toml"
    changed.write_text(raw.replace('name = "', 'name = "改', 1), encoding="utf-8")
    renamed = check(unit_dir, roster_path, rubric=load_rubric(changed))
    assert renamed.rubric_name.startswith("改") and renamed.rubric_id == other.rubric_id
    assert builds == [UNIT, UNIT, OTHER, UNIT]


def test_no_cache_bypasses_both_ways(unit_dir, roster_path, cache_home, builds):
    off = CheckOptions(use_cache=False)
    check(unit_dir, roster_path, options=off)
    assert not (cache_home / "evcheck" / CACHE_FILE).exists()
    check(unit_dir, roster_path)  # nothing was stored
    check(unit_dir, roster_path, options=off)  # something is stored now, but not read
    check(unit_dir, roster_path)
    assert builds == [UNIT] * 3


def test_a_timed_out_file_is_not_kept(unit_dir, roster_path, monkeypatch, builds):
    original = app.check.inspect_many

    def one_times_out(entries, **kw):  # type: ignore[no-untyped-def]
        for entry, result in original(entries, **kw):
            if entry.name.endswith(".png"):
                result = _verdict("file.timeout", "超过 10 秒仍未完成")
            yield entry, result

    monkeypatch.setattr(app.check, "inspect_many", one_times_out)
    report = check(unit_dir, roster_path)
    assert any(f.code == "file.timeout" for r in report.files for f in r.inspected)
    monkeypatch.setattr(app.check, "inspect_many", original)
    again = check(unit_dir, roster_path)
    assert not any(f.code == "file.timeout" for r in again.files for f in r.inspected)
    assert builds == [UNIT, UNIT]


def test_transient_results_are_not_cacheable(unit_dir, roster_path):
    report = check(unit_dir, roster_path)
    assert cacheable(report)
    crashed = check(unit_dir, roster_path)
    crashed.files[0].inspected.append(
        _verdict("file.unreadable", "检查该文件时检查进程意外退出，文件结构可能异常").findings[0]
    )
    assert not cacheable(crashed)
    fallback = check(unit_dir, roster_path)
    fallback.notices.append(Finding("run.workers_fallback", Severity.WARNING, "检查进程无法启动"))
    assert not cacheable(fallback)


def test_damaged_cache_file_and_row_are_misses_not_errors(unit_dir, roster_path, cache_home, builds):
    fresh = check(unit_dir, roster_path)
    path = cache_home / "evcheck" / CACHE_FILE
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE reports SET data = ?", (b"not a pickle",))
    assert_same(check(unit_dir, roster_path), fresh)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000)  # a damaged file
    assert_same(check(unit_dir, roster_path), fresh)
    assert_same(check(unit_dir, roster_path), fresh)
    assert builds == [UNIT] * 3  # the last run was a hit on the recreated file
    assert ReportCache.open(cache_home / "evcheck").enabled


def test_corrections_are_applied_on_a_hit(unit_dir, roster_path, builds):
    rubric = load_rubric()
    check(unit_dir, roster_path, rubric=rubric)
    moved = "1.5 宣传/活动.png"
    corrections = Corrections(
        reassign={moved: ("1.1", SCHOOLS[1])}, accepted={("空.pdf", "file.empty"): "已补交纸质件"}
    )
    hit = check(unit_dir, roster_path, rubric=rubric, corrections=corrections)
    assert builds == [UNIT]
    fresh = check(
        unit_dir, roster_path, rubric=rubric, corrections=corrections, options=CheckOptions(use_cache=False)
    )
    assert_same(hit, fresh)
    record = next(f for f in hit.files if f.path == moved)
    assert (record.indicator, record.school) == ("1.1", SCHOOLS[1]) and "manual" in record.how
    plain = check(unit_dir, roster_path, rubric=rubric)  # corrections did not leak into the stored row
    assert next(f for f in plain.files if f.path == moved).indicator != "1.1"
    assert_same(apply_corrections(plain, corrections, rubric), fresh)


def test_city_recheck_is_byte_identical(tmp_path, builds):
    root, work = tmp_path / "U盘", tmp_path / "work"
    root.mkdir()
    work.mkdir()
    specs = [unit_spec(0, 201), unit_spec(1, 202), unit_spec(2, 203)]
    for spec, (name, form) in zip(
        specs, [("青云街道", "folder"), ("白沙镇", "zip"), ("东湖街道", "winzip")], strict=True
    ):
        place(root, spec, name, form, work)
    roster = load_roster(roster_file(tmp_path / "花名册.csv", specs))

    def city() -> str:
        layout = find_city(root, roster)
        assert layout is not None
        report = drain(run_city(layout, rubric=load_rubric(), roster=roster))
        return json.dumps(report.to_json(), ensure_ascii=False, sort_keys=True)

    first = city()
    assert len(builds) == 3
    assert city() == first
    assert len(builds) == 3  # every unit reused


def test_another_units_files_are_part_of_the_key(tmp_path, roster_path, builds):
    """A root holding two units' folders: the unit's report names how many files of others were left
    out, so a change there is a miss too; the unit inferred from the root's name is reused."""
    root = tmp_path / "全部"
    mine, theirs = root / f"{UNIT}材料", root / f"{OTHER}材料"
    (mine / "1.1 制度").mkdir(parents=True)
    (mine / "1.1 制度" / f"{SCHOOLS[0]}制度文件.pdf").write_bytes(samples.pdf(0))
    theirs.mkdir()
    (theirs / "a.pdf").write_bytes(samples.pdf(1))
    first = check(root, roster_path)
    assert any(n.code == "run.other_units" and "1 个" in n.message for n in first.notices)
    (theirs / "b.pdf").write_bytes(samples.pdf(2))
    second = check(root, roster_path)
    assert any(n.code == "run.other_units" and "2 个" in n.message for n in second.notices)
    assert builds == [UNIT, UNIT]
    named = tmp_path / f"{UNIT}上报"
    mine.rename(named)
    inferred = check(named, roster_path, unit=None)
    assert inferred.unit == UNIT and check(named, roster_path, unit=None) == inferred
    assert builds == [UNIT, UNIT, None]  # the unit asked for (none) keys the row; reused the second time


def test_sources_stamp_follows_every_source_file(tmp_path):
    """The code stamp: an edit to any .py file under the package (not its byte-code) changes it."""
    (tmp_path / "sub" / "__pycache__").mkdir(parents=True)
    (tmp_path / "a.py").write_text("A = 1\n")
    (tmp_path / "sub" / "b.py").write_text("B = 1\n")
    before = sources_stamp(tmp_path, ("rapidfuzz",))
    assert sources_stamp(tmp_path, ("rapidfuzz",)) == before
    (tmp_path / "sub" / "__pycache__" / "b.cpython-311.pyc").write_bytes(b"x")
    assert sources_stamp(tmp_path, ("rapidfuzz",)) == before
    assert sources_stamp(tmp_path) != before  # the library is part of it
    (tmp_path / "sub" / "b.py").write_text("B = 22\n")
    assert sources_stamp(tmp_path, ("rapidfuzz",)) != before
    assert code_stamp() == code_stamp() != before


def test_city_in_one_archive_made_by_7z(tmp_path, builds):
    """Every unit inside one zip written by the real 7-Zip: units narrowed from the one listing are
    reused on a re-check; touching the archive (its stamp) makes every unit a miss."""
    specs = [unit_spec(0, 301), unit_spec(1, 302)]
    city = tmp_path / "全市材料"
    for spec, name in zip(specs, ("青云街道", "白沙镇教管办"), strict=True):
        write_unit(city / name, spec)
    roster = load_roster(roster_file(tmp_path / "r.csv", specs))
    archive = tmp_path / "usb" / "全市材料.zip"
    archive.parent.mkdir()
    subprocess.run(["7z", "a", "-tzip", "-bd", str(archive), str(city)], check=True, capture_output=True)

    def city_json() -> str:
        layout = find_city(archive, roster)
        assert layout is not None
        return json.dumps(
            drain(run_city(layout, rubric=load_rubric(), roster=roster)).to_json(), ensure_ascii=False
        )

    first = city_json()
    assert '"status": "checked"' in first and len(builds) == 2
    assert city_json() == first and len(builds) == 2
    st = archive.stat()
    os.utime(archive, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert city_json() == first and len(builds) == 4
