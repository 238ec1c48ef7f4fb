"""The signals pass end to end: folders and zips, photos across schools, dates, cache, CLI."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from app.check import drain, run_check
from app.cli import main
from app.model import Report
from app.roster import load_roster
from app.rubric import load_rubric
from app.signals import SignalOptions, merge_signals, run_signals
from tests.signal_samples import crop, jpeg_bytes, photo

UNIT = "潍城区教管办"
ROSTER = (
    "单位,学校,别名\n"
    f"{UNIT},潍坊市潍城区北关小学,北关小学\n"
    f"{UNIT},潍坊市潍城区于河小学,于河小学\n"
    f"{UNIT},潍坊市潍城区望留中学,望留中学\n"
)
D15, D31 = "1.5 专题宣传活动/", "3.1 媒体报道/"
TAKEN = "2020:10:15 09:30:00"


def make_folder(root: Path) -> Path:
    folder = root / UNIT
    (folder / D15).mkdir(parents=True)
    (folder / D31).mkdir()
    big = photo(1, (1200, 900))

    def put(rel: str, data: bytes) -> None:
        (folder / rel).write_bytes(data)

    put(D15 + "潍坊市潍城区北关小学宣传活动照片.jpg", jpeg_bytes(big, 90, TAKEN))
    # the same photo, shrunk and re-saved, filed for another school
    put(D15 + "潍坊市潍城区于河小学宣传活动照片.jpg", jpeg_bytes(big.resize((600, 450)), 70, TAKEN))
    # cropped a little, for a third school
    put(D15 + "潍坊市潍城区望留中学宣传活动照片.jpg", jpeg_bytes(crop(big, 0.03), 80, TAKEN))
    # two shots of one event for one school: normal, never reported
    burst = photo(2, (800, 600))
    put(D15 + "潍坊市潍城区北关小学明白纸发放1.jpg", jpeg_bytes(burst, 90, TAKEN))
    put(D15 + "潍坊市潍城区北关小学明白纸发放2.jpg", jpeg_bytes(burst, 60, TAKEN))
    put(D15 + "潍坊市潍城区于河小学明白纸发放.jpg", jpeg_bytes(photo(3), 85, TAKEN))
    # newspapers: the name's date against the photo's date
    put(D31 + "2020.10.15潍坊日报-潍城区教管办.jpg", jpeg_bytes(photo(4), 85, "2020:10:17 08:00:00"))  # fine
    put(
        D31 + "2020.11.03潍坊晚报-潍城区教管办.jpg", jpeg_bytes(photo(5), 85, "2020:10:01 08:00:00")
    )  # before
    put(D31 + "2020.12.01大众日报-潍城区教管办.jpg", jpeg_bytes(photo(6), 85, "2021:01:20 08:00:00"))  # late
    put(D31 + "2020.09.08中国教育报-潍城区教管办.jpg", jpeg_bytes(photo(7), 85, "2019:09:08 08:00:00"))
    return folder


def check(source: Path, tmp_path: Path, **options) -> Report:
    roster_path = tmp_path / "roster.csv"
    roster_path.write_text(ROSTER, encoding="utf-8")
    rubric, roster = load_rubric(), load_roster(roster_path)
    report = drain(run_check(source, rubric=rubric, roster=roster, unit=UNIT, options=None))
    opts = SignalOptions(workers=1, cache_dir=str(tmp_path / "cache"), **options)
    merge_signals(report, drain(run_signals(source, report, rubric, roster, opts)))
    return report


def found(report: Report, code: str) -> set[frozenset[str]]:
    return {frozenset(s.paths) for s in report.signals if s.code == code}


EXPECTED_SIMILAR = {
    frozenset({D15 + "潍坊市潍城区北关小学宣传活动照片.jpg", D15 + "潍坊市潍城区于河小学宣传活动照片.jpg"}),
    frozenset({D15 + "潍坊市潍城区北关小学宣传活动照片.jpg", D15 + "潍坊市潍城区望留中学宣传活动照片.jpg"}),
    frozenset({D15 + "潍坊市潍城区于河小学宣传活动照片.jpg", D15 + "潍坊市潍城区望留中学宣传活动照片.jpg"}),
}
EXPECTED_MISMATCH = {
    frozenset({D31 + "2020.11.03潍坊晚报-潍城区教管办.jpg"}),
    frozenset({D31 + "2020.12.01大众日报-潍城区教管办.jpg"}),
    frozenset({D31 + "2020.09.08中国教育报-潍城区教管办.jpg"}),
}
EXPECTED_OUTSIDE = {
    frozenset({D31 + "2020.12.01大众日报-潍城区教管办.jpg"}),
    frozenset({D31 + "2020.09.08中国教育报-潍城区教管办.jpg"}),
}


@pytest.mark.parametrize("as_zip", [False, True])
def test_photos_and_dates_in_a_folder_or_a_zip(tmp_path, as_zip):
    source = make_folder(tmp_path / "src")
    if as_zip:
        out = tmp_path / f"{UNIT}.zip"
        with zipfile.ZipFile(out, "w") as zf:
            for f in sorted(source.rglob("*")):
                if f.is_file():
                    zf.write(f, f.relative_to(source).as_posix())
        source = out
    report = check(source, tmp_path)
    assert found(report, "dup.similar") == EXPECTED_SIMILAR
    assert found(report, "date.mismatch") == EXPECTED_MISMATCH
    assert found(report, "date.outside_year") == EXPECTED_OUTSIDE
    pair = next(s for s in report.signals if s.code == "dup.similar")
    assert 0.84 <= pair.similarity <= 1.0
    assert all(r.usable for r in report.files)


def test_the_threshold_can_be_tuned(tmp_path):
    source = make_folder(tmp_path / "src")
    strict = check(source, tmp_path, image_similarity=0.99)
    assert found(strict, "dup.similar") < EXPECTED_SIMILAR  # the crop is no longer close enough


def test_the_date_tolerance_can_be_tuned(tmp_path):
    source = make_folder(tmp_path / "src")
    report = check(source, tmp_path, days_before=60, days_after=60)
    assert found(report, "date.mismatch") == {frozenset({D31 + "2020.09.08中国教育报-潍城区教管办.jpg"})}


def test_features_are_cached_and_reused(tmp_path, monkeypatch):
    source = make_folder(tmp_path / "src")
    first = check(source, tmp_path)
    with sqlite3.connect(tmp_path / "cache" / "signals.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM features").fetchone()[0] == 10

    def no_workers(func, tasks, **kw):
        assert not tasks, "everything should come from the cache"
        yield from ()

    monkeypatch.setattr("app.signals.InspectorPool.run", lambda self, tasks, timeout: no_workers(None, tasks))
    second = check(source, tmp_path)
    assert [s.key for s in second.signals] == [s.key for s in first.signals]
    # a changed file is hashed again
    changed = source / (D15 + "潍坊市潍城区于河小学明白纸发放.jpg")
    changed.write_bytes(jpeg_bytes(photo(1, (1200, 900)), 75, TAKEN))
    monkeypatch.undo()
    third = check(source, tmp_path)
    # now four copies of one photo: every pair but the two of 于河小学's own 1.5 photos
    assert len(found(third, "dup.similar")) == 5


def test_cli_json_carries_signals_and_exit_status_is_unchanged(tmp_path, capsys):
    source = make_folder(tmp_path / "src")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    args = ["check", str(source), "--roster", str(roster), "--format", "json"]
    plain_status = main(args)
    plain = json.loads(capsys.readouterr().out)
    assert "signals" not in plain
    status = main([*args, "--signals", "--no-cache"])
    report = json.loads(capsys.readouterr().out)
    assert status == plain_status
    codes = {s["code"] for s in report["signals"]}
    assert {"dup.similar", "date.mismatch", "date.outside_year"} <= codes
    file = next(f for f in report["files"] if f["path"].endswith("于河小学宣传活动照片.jpg"))
    assert "dup.similar" in {f["code"] for f in file["findings"]}
    assert file["usable"] is True


def test_no_signals_for_an_untouched_folder(tmp_path):
    folder = tmp_path / UNIT
    (folder / D15).mkdir(parents=True)
    for n, school in enumerate(("北关小学", "于河小学", "望留中学")):
        for k in range(3):
            name = f"潍坊市潍城区{school}宣传活动照片{k}.jpg"
            (folder / D15 / name).write_bytes(jpeg_bytes(photo(100 + n * 10 + k, (640, 480)), 85, TAKEN))
    assert check(folder, tmp_path).signals == []


def test_a_file_removed_after_the_check_takes_no_part(tmp_path):
    source = make_folder(tmp_path / "src")
    roster_path = tmp_path / "roster.csv"
    roster_path.write_text(ROSTER, encoding="utf-8")
    rubric, roster = load_rubric(), load_roster(roster_path)
    report = drain(run_check(source, rubric=rubric, roster=roster, unit=UNIT))
    gone = D15 + "潍坊市潍城区于河小学宣传活动照片.jpg"
    (source / gone).unlink()
    opts = SignalOptions(workers=1, use_cache=False)
    signals = drain(run_signals(source, report, rubric, roster, opts))
    assert {frozenset(s.paths) for s in signals if s.code == "dup.similar"} == {
        pair for pair in EXPECTED_SIMILAR if gone not in pair
    }
