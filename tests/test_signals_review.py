"""Verdicts on signals are kept in the review file, survive reopening and can be taken back."""

from __future__ import annotations

import pytest

from app.model import Severity, Signal
from app.review import ReviewInputError, ReviewStore
from app.rubric import load_rubric
from app.signals.review import CHECKED, CLEARED, PROBLEM, set_verdict, verdict_rows, verdicts

UNIT = "潍城区教管办"
PAIR = Signal("dup.similar", Severity.WARNING, ("a/北关.jpg", "b/于河.jpg"), "两张照片相似度 97%", 0.97)
OLD = Signal("date.outside_year", Severity.WARNING, ("c/旧.jpg",), "照片拍摄于 2019-06-01")


@pytest.fixture
def store(tmp_path):
    s = ReviewStore.create(tmp_path / "review.sqlite", load_rubric(), "张督导")
    yield s
    s.close()


def test_verdicts_are_stored_and_survive_reopening(tmp_path, store):
    set_verdict(store, UNIT, PAIR, PROBLEM, "同一张照片用于两所学校")
    set_verdict(store, UNIT, OLD, CHECKED)
    store.close()
    with ReviewStore.open(tmp_path / "review.sqlite") as again:
        found = verdicts(again, UNIT)
        assert found[PAIR.key].status == PROBLEM
        assert found[PAIR.key].note == "同一张照片用于两所学校"
        assert found[PAIR.key].paths == PAIR.paths
        assert found[OLD.key].status == CHECKED
        assert again.has_unit(UNIT)
        rows = verdict_rows(again, UNIT, [PAIR, OLD])
        assert rows[0][4:6] == ["有问题", "同一张照片用于两所学校"]
        assert rows[0][2] == "97%"


def test_the_latest_verdict_wins_and_can_be_cleared(store):
    set_verdict(store, UNIT, PAIR, PROBLEM, "疑似重复")
    set_verdict(store, UNIT, PAIR, CHECKED, "现场核对，为两校联合活动")
    assert verdicts(store, UNIT)[PAIR.key].status == CHECKED
    set_verdict(store, UNIT, PAIR, CLEARED)
    assert PAIR.key not in verdicts(store, UNIT)
    assert [r["action"] for r in store.audit(UNIT)].count("signal_review") == 3  # the history stays


def test_a_problem_needs_a_note(store):
    with pytest.raises(ReviewInputError, match="写明"):
        set_verdict(store, UNIT, PAIR, PROBLEM, "  ")
    assert verdicts(store, UNIT) == {}


def test_verdicts_are_a_table_read_through_the_store(store):
    set_verdict(store, UNIT, PAIR, PROBLEM, "  同一张照片  ")
    (only,) = store.signal_verdicts(UNIT)
    assert (only.key, only.code, only.paths, only.verdict, only.note) == (
        PAIR.key,
        "dup.similar",
        PAIR.paths,
        "problem",
        "同一张照片",
    )
    assert only.who == "张督导" and only.at
    row = store.db.execute("SELECT verdict, note FROM signal_reviews WHERE unit = ?", [UNIT]).fetchone()
    assert row == ("problem", "同一张照片")
    assert store.unit(UNIT).signal_verdicts == [only]  # part of the unit, so every export sees it
    set_verdict(store, UNIT, PAIR, PROBLEM, "同一张照片")  # nothing changed: no new audit row
    assert [r["action"] for r in store.audit(UNIT)].count("signal_review") == 1
    with pytest.raises(ReviewInputError, match="未知的核实结论"):
        store.set_signal_verdict(UNIT, PAIR.key, PAIR.code, PAIR.paths, "maybe")


def _version_1_file(path, monkeypatch):
    """A review file as the previous program wrote it: schema version 1, verdicts only in the audit log."""
    from app.review import migrations

    with monkeypatch.context() as m:
        m.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        with ReviewStore.create(path, load_rubric(), "张督导") as old:
            old.add_unit(UNIT, weight=8)
            for signal, value in (
                (
                    PAIR,
                    {"status": "problem", "note": "疑似重复", "code": PAIR.code, "paths": list(PAIR.paths)},
                ),
                (
                    PAIR,
                    {
                        "status": "checked",
                        "note": "两校联合活动",
                        "code": PAIR.code,
                        "paths": list(PAIR.paths),
                    },
                ),
                (OLD, {"status": "checked", "note": "", "code": OLD.code, "paths": list(OLD.paths)}),
                (OLD, None),  # taken back
            ):
                with old.edit() as at:
                    old.log(at, UNIT, "signal_review", signal.key, None, value)
            assert migrations.file_version(old.db) == 1 and not old.db["signal_reviews"].exists()


def test_a_version_1_file_is_migrated_and_keeps_its_audit_log_verdicts(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite"
    _version_1_file(path, monkeypatch)
    with ReviewStore.open(path, readonly=True) as viewer:  # not migrated: read from the audit log
        assert viewer.db["signal_reviews"].exists() is False
        assert verdicts(viewer, UNIT)[PAIR.key].note == "两校联合活动"
    with ReviewStore.open(path) as migrated:
        versions = [r[0] for r in migrated.db.execute("SELECT version FROM schema_version ORDER BY version")]
        assert versions == [1, 2]
        (carried,) = migrated.signal_verdicts(UNIT)  # the latest row wins; the cleared one is gone
        assert (carried.key, carried.verdict, carried.note, carried.paths) == (
            PAIR.key,
            "checked",
            "两校联合活动",
            PAIR.paths,
        )
        assert carried.who == "张督导"
        assert [r["action"] for r in migrated.audit(UNIT)].count("signal_review") == 4  # history kept
        set_verdict(migrated, UNIT, OLD, PROBLEM, "照片为2019年")
        assert set(verdicts(migrated, UNIT)) == {PAIR.key, OLD.key}
    assert (tmp_path / "old.sqlite.v1-backup").is_file()
    with ReviewStore.open(path) as again:
        assert verdicts(again, UNIT)[OLD.key].status == PROBLEM
