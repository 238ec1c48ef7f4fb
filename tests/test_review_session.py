"""The review session in the core: which unit material belongs to, correction keys shared by a
unit's zip and its folder, verdict rules, a derived (never mutated) report, removing a unit."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.check import CheckOptions, drain
from app.demo import demo_paths
from app.model import Severity, Signal
from app.review.model import ReviewInputError
from app.review.session import EMPTY_FOLDER, ReviewSession
from app.review.store import ReviewStore
from app.roster import load_roster
from app.rubric import load_rubric

ROOT = Path(__file__).resolve().parent.parent
UNIT = "奎文区教管办"
PHOTO = "（四）台账/IMG_20201015_093012.jpg"
SUNJIA = "潍坊市奎文区孙家小学"
OPTIONS = CheckOptions(use_cache=False)


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    """The demo unit as a folder and as a zip of that folder (made by the real 7z tool)."""
    tmp = tmp_path_factory.mktemp("material")
    demo, _roster, _unit = demo_paths()
    folder = tmp / "extracted" / UNIT
    shutil.copytree(demo, folder)
    archive = tmp / f"{UNIT}.zip"
    subprocess.run(
        ["7z", "a", "-tzip", str(archive), UNIT], cwd=folder.parent, check=True, capture_output=True
    )
    return folder, archive


def open_session(rubric, path, store=None, unit=UNIT):
    s = ReviewSession(rubric, store)
    s.roster = load_roster(demo_paths()[1])
    s.unit = unit
    return s


def check(session, source):
    return session.take(source, drain(session.check_job(source, OPTIONS)))


def test_a_zip_and_its_folder_share_corrections(rubric, material, tmp_path):
    folder, archive = material
    with ReviewStore.create(tmp_path / "r.evreview", rubric, "测试") as store:
        s = open_session(rubric, archive, store)
        assert check(s, archive).joined
        view = s.reassign([f"{UNIT}/{PHOTO}"], "1.4", SUNJIA)
        assert store.corrections(UNIT).reassign == {PHOTO: ("1.4", SUNJIA)}  # the unit-relative key
        assert next(f for f in view.files if f.path == f"{UNIT}/{PHOTO}").school == SUNJIA
        check(s, folder)
        assert next(f for f in s.view().files if f.path == PHOTO).school == SUNJIA


def test_old_zip_keys_are_still_found_and_replaced_on_the_next_edit(rubric, material, tmp_path):
    folder, _archive = material
    with ReviewStore.create(tmp_path / "r.evreview", rubric, "测试") as store:
        store.reassign(UNIT, f"{UNIT}/{PHOTO}", "1.4", SUNJIA)  # as an older version keyed it
        s = open_session(rubric, folder, store)
        check(s, folder)
        assert next(f for f in s.view().files if f.path == PHOTO).school == SUNJIA
        s.reassign([PHOTO], "1.4", "潍坊市奎文区樱园小学")
        assert store.corrections(UNIT).reassign == {PHOTO: ("1.4", "潍坊市奎文区樱园小学")}
        s.clear_reassignment([PHOTO])
        assert store.corrections(UNIT).reassign == {}


def test_another_units_material_is_refused_and_nothing_is_written(rubric, material, tmp_path):
    folder, _archive = material
    other = tmp_path / "坊子区教管办"
    shutil.copytree(folder, other)
    with ReviewStore.create(tmp_path / "r.evreview", rubric, "测试") as store:
        s = open_session(rubric, other, store)
        admission = check(s, other)
        assert not admission.joined and admission.named == "坊子区教管办"
        assert "坊子区教管办" in admission.warning and UNIT in admission.warning
        assert store.units() == [] and store.audit() == []


def test_an_empty_folder_is_refused_and_nothing_is_written(rubric, tmp_path):
    empty = tmp_path / UNIT
    empty.mkdir()
    with ReviewStore.create(tmp_path / "r.evreview", rubric, "测试") as store:
        s = open_session(rubric, empty, store)
        admission = check(s, empty)
        assert not admission.joined and EMPTY_FOLDER in admission.warning
        assert store.units() == []


def test_the_view_is_derived_and_the_base_report_never_changes(rubric, material):
    folder, _archive = material
    s = open_session(rubric, folder)  # no review file: the session keeps corrections in memory
    check(s, folder)
    base_before = [(f.path, f.indicator, f.school, list(f.findings)) for f in s.base.files]
    first = s.view()
    second = s.reassign([PHOTO], "1.4", SUNJIA)
    assert second is not first
    assert [(f.path, f.indicator, f.school, list(f.findings)) for f in s.base.files] == base_before
    assert next(f for f in second.files if f.path == PHOTO).school == SUNJIA
    assert next(f for f in first.files if f.path == PHOTO).school is None
    # the suggested scores are the engine's, on the view
    assert s.suggestions()["1.1"].score == second.indicator_result("1.1").suggested


def test_verdict_and_acceptance_rules_hold_without_a_review_file(rubric, material):
    folder, _archive = material
    s = open_session(rubric, folder)
    check(s, folder)
    signal = Signal("signal.image_reuse", Severity.WARNING, (PHOTO,), "同一张照片", 0.9)
    with pytest.raises(ReviewInputError, match="请写明情况"):
        s.set_verdict(signal, "problem", " ")
    assert s.set_verdict(signal, "problem", "与孙家小学为同一张").note == "与孙家小学为同一张"
    with pytest.raises(ReviewInputError, match="请写明理由"):
        s.accept_finding(PHOTO, "name.missing_unit", "")
    view = s.accept_finding(PHOTO, "name.missing_unit", "已核实")
    assert "name.missing_unit" in next(f for f in view.files if f.path == PHOTO).accepted
    view = s.withdraw_finding(PHOTO, "name.missing_unit")
    assert not next(f for f in view.files if f.path == PHOTO).accepted


def test_remove_unit_from_the_command_line(rubric, tmp_path):
    review = tmp_path / "r.evreview"
    with ReviewStore.create(review, rubric, "测试") as store:
        store.add_unit(UNIT, 90)
        store.add_unit("坊子区教管办")
        store.reassign(UNIT, PHOTO, "1.4", SUNJIA)
        store.set_inputs(UNIT, "1.1", {"missing": 1})
    run = subprocess.run(
        [sys.executable, "-m", "app", "review", "remove-unit", str(review), UNIT],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    with ReviewStore.open(review, rubric, readonly=True) as store:
        assert store.units() == ["坊子区教管办"]
        assert store.corrections(UNIT).reassign == {}
        assert store.audit(UNIT)[-1]["action"] == "remove_unit"
    again = subprocess.run(
        [sys.executable, "-m", "app", "review", "remove-unit", str(review), UNIT],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert again.returncode != 0 and "没有单位" in again.stderr
