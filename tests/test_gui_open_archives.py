"""The window opens RAR and 7z submissions like zips: from the Open Archive action, by drag and drop."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QUrl

from app.rubric import load_rubric
from tests import office_unit
from tests.gui_session import SCAN_TIMEOUT, Session

RAR = Path(__file__).parent / "fixtures" / "office_unit" / f"{office_unit.UNIT}.rar"


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    session = Session(qtbot, load_rubric(), tmp_path)
    w = session.open()
    w.remember_choices = False
    yield w
    session.close()


def test_a_rar_of_school_zips_opens_in_the_window(qtbot, window, tmp_path):
    roster = office_unit.office_roster_xlsx(tmp_path / "花名册.xlsx")
    assert window.set_roster(roster)
    source = Path(shutil.copy(RAR, tmp_path / RAR.name))
    before = sorted(p.name for p in tmp_path.iterdir())
    with qtbot.waitSignal(window.scan_finished, timeout=SCAN_TIMEOUT) as done:
        window.open_path(source)
    assert done.args[0] == "done"
    report = window.workspace.report
    assert report.unit == office_unit.UNIT and len(report.files) == len(office_unit.spec().files)
    assert any("/东关小学.zip/" in f.path for f in report.files)  # the inner archive shown as a folder
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == [
        n for n in before if n != "cache"
    ]  # nothing written beside the submission


@pytest.mark.parametrize("name", ["材料.rar", "材料.7z", "材料.ZIP"])
def test_archives_can_be_dropped_on_the_window(window, tmp_path, name):
    (tmp_path / name).write_bytes(b"x")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / name))])

    class Drop:
        def mimeData(self):
            return data

    assert window._dropped_path(Drop()) == tmp_path / name
