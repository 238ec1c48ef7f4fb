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
