"""Issue 12's three scenarios, on the real window: the reviewer's saved work is never changed by
opening the wrong or empty material, by the demo, or by opening a unit's zip then its folder."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.demo import demo_paths
from app.review.store import ReviewStore
from app.rubric import load_rubric
from tests.gui_session import SCAN_TIMEOUT, Session

ROOT = Path(__file__).resolve().parent.parent
DEMO_UNIT = "奎文区教管办"
OTHER_UNIT = "坊子区教管办"


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


@pytest.fixture
def session(qtbot, rubric, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    s = Session(qtbot, rubric, tmp_path)
    s.open()
    yield s
    s.close()


def _open(session, path: Path) -> str:
    with session.qtbot.waitSignal(session.window.scan_finished, timeout=SCAN_TIMEOUT) as blocker:
        session.window.open_path(path)
    return blocker.args[0]


def _store_rows(path: Path, rubric) -> dict:
    """Everything the review file holds per unit, to compare before and after."""
    with ReviewStore.open(path, rubric, readonly=True) as store:
        return {u: (store.unit(u), store.corrections(u)) for u in store.units()}


def _select_demo_unit(session) -> None:
    _folder, roster, unit = demo_paths()
    session.window.set_roster(roster)
    session.window.workspace.set_unit(unit)


def test_another_units_folder_is_not_checked_against_the_selected_unit(session, rubric, tmp_path):
    folder, _roster, _unit = demo_paths()
    _select_demo_unit(session)
    assert _open(session, folder) == "done"
    before = _store_rows(session.review_path, rubric)
    assert list(before) == [DEMO_UNIT]

    other = tmp_path / OTHER_UNIT
    shutil.copytree(folder, other)  # the same kind of material, but another unit's folder
    assert _open(session, other) == "done"
    w = session.window
    assert w.banner.isVisible() and OTHER_UNIT in w.banner.text() and DEMO_UNIT in w.banner.text()
    assert _store_rows(session.review_path, rubric) == before  # 奎文区's suggestions untouched
    assert not w.scoring.panel.view.isEnabled()  # nothing to score until the unit is settled


def test_an_empty_folder_warns_and_writes_nothing(session, rubric, tmp_path):
    folder, _roster, _unit = demo_paths()
    _select_demo_unit(session)
    _open(session, folder)
    before = _store_rows(session.review_path, rubric)
    empty = tmp_path / DEMO_UNIT
    empty.mkdir()
    _open(session, empty)
    assert "文件夹中没有文件" in session.window.banner.text()
    assert _store_rows(session.review_path, rubric) == before


def test_corrections_on_a_units_zip_hold_for_its_extracted_folder(session, rubric, tmp_path):
    demo, _roster, _unit = demo_paths()
    folder = tmp_path / "extracted" / DEMO_UNIT
    shutil.copytree(demo, folder)
    archive = tmp_path / f"{DEMO_UNIT}.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                z.write(f, f"{DEMO_UNIT}/{f.relative_to(folder).as_posix()}")
    _select_demo_unit(session)
    _open(session, archive)
    ws = session.window.workspace
    photo = f"{DEMO_UNIT}/（四）台账/IMG_20201015_093012.jpg"
    assert ws.file_record(photo) is not None
    assert ws.reassign([photo], "1.4", "潍坊市奎文区孙家小学")
    broken = next(f for f in ws.report.files if any(x.code == "file.unreadable" for x in f.findings))
    assert ws.accept_finding(broken.path, "file.unreadable", "已核对纸质原件")

    _open(session, folder)
    record = ws.file_record("（四）台账/IMG_20201015_093012.jpg")
    assert (record.indicator, record.school) == ("1.4", "潍坊市奎文区孙家小学")
    again = ws.file_record(broken.path.split("/", 1)[1])
    assert "file.unreadable" in again.accepted


def _env(tmp_path: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp_path / var.lower())
    return env


def test_demo_screenshot_leaves_the_users_folders_alone(tmp_path):
    env = _env(tmp_path)
    review = Path(env["XDG_DATA_HOME"]) / "evcheck" / "review.evreview"
    review.parent.mkdir(parents=True)
    with ReviewStore.create(review, load_rubric(), "测试") as store:
        store.add_unit("青云街道教管办")
    before = review.read_bytes()
    run = subprocess.run(
        [sys.executable, "-m", "evcheck", "gui", "--demo", "--screenshot", str(tmp_path / "shot.png")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "shot.png").is_file()
    assert review.read_bytes() == before
    assert sorted(p.name for p in review.parent.iterdir()) == ["review.evreview"]
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        assert not (Path(env[var]) / "evcheck").exists(), var


def test_a_correction_redraws_once_and_can_be_taken_back_from_the_menus(session, qtbot, monkeypatch):
    session.scan_demo()
    w = session.window
    ws = w.workspace
    photo = "（四）台账/IMG_20201015_093012.jpg"
    emitted: list = []
    ws.report_changed.connect(emitted.append)
    assert ws.reassign([photo], "1.4", "潍坊市奎文区孙家小学")
    assert len(emitted) == 1 and emitted[0] is ws.report

    shown: list = []
    monkeypatch.setattr("ui.correcting.QMenu.popup", lambda menu, _pos: shown.append(menu))
    w.nav.go_to_file(photo)
    view = w.file_panel.view
    w.corrector.file_menu(view.visualRect(view.currentIndex()).center())
    clear = next(a for a in shown[-1].actions() if a.text() in ("Clear Reassignment", "清除手动归属"))
    clear.trigger()
    assert ws.file_record(photo).school is None and "manual" not in ws.file_record(photo).how

    assert ws.accept_finding(photo, "name.missing_unit", "已核实为孙家小学照片")
    w.corrector.file_menu(view.visualRect(view.currentIndex()).center())
    withdraw = next(a for a in shown[-1].actions() if "name.missing_unit" in a.text())
    withdraw.trigger()
    assert ws.file_record(photo).accepted == {}
    assert session.window.workspace.session.store.corrections("奎文区教管办").accepted == {}


def test_remove_unit_asks_first_then_removes_it(session, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    session.scan_demo()
    dock = session.window.scoring
    store = session.window.workspace.session.store
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    asked: list = []
    monkeypatch.setattr(
        "ui.scoring.hook.QMessageBox.question", lambda *a, **k: (asked.append(a[2]), answers.pop(0))[1]
    )
    assert not dock.ask_remove_unit() and store.has_unit(DEMO_UNIT)
    dock.remove_unit_action.trigger()
    assert not store.has_unit(DEMO_UNIT) and DEMO_UNIT in asked[0]
    assert not dock.panel.view.isEnabled()


def test_a_broken_rubric_at_start_up_is_explained_not_silent(tmp_path, monkeypatch):
    """The windowed build has no console: a start-up error is logged and shown in a dialog."""
    import argparse

    import ui.app as gui_app
    import ui.crash as crash
    from app.logsetup import close_logging, setup_logging
    from app.rubric import RubricError

    shown: list = []
    monkeypatch.setattr(crash.QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(gui_app, "load_rubric", lambda: (_ for _ in ()).throw(RubricError("细则第 3 行有误")))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr("threading.excepthook", __import__("threading").excepthook)
    log = setup_logging(tmp_path)
    try:
        assert gui_app.run_gui(argparse.Namespace(screenshot=None, demo=False)) == 2
    finally:
        close_logging()
    assert shown and "细则第 3 行有误" in shown[0] and str(log) in shown[0]
    assert "细则第 3 行有误" in log.read_text(encoding="utf-8")
