"""The Clerk menu sits in the main window and works on the folder the window has open."""

import shutil

import pytest

from app.demo import demo_paths
from app.rubric import load_rubric
from tests.gui_session import SCAN_TIMEOUT, Session


@pytest.fixture
def session(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    s = Session(qtbot, load_rubric(), tmp_path)
    s.open()
    yield s
    s.close()


def test_clerk_menu_is_in_the_window_and_rechecks_after_a_change(session, qtbot, tmp_path):
    window = session.window
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles.index(window.clerk.title().replace("&", "")) == len(titles) - 2  # just before Help

    demo, roster, unit = demo_paths()
    folder = tmp_path / "copy" / unit
    shutil.copytree(demo, folder)  # clerk steps write into the folder: never into the bundled demo
    window.workspace.set_roster(roster)
    with qtbot.waitSignal(window.scan_finished, timeout=SCAN_TIMEOUT):
        window.open_path(folder)
    context = window.clerk.context()
    assert context.folder == folder and context.unit == unit and context.roster is not None

    with qtbot.waitSignal(window.scan_finished, timeout=SCAN_TIMEOUT):
        window.clerk.folder_changed.emit()  # what rename, convert and undo emit after a change
