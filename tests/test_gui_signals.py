"""The "To verify" view in the real window: find signals, compare the pair, record verdicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.rubric import load_rubric
from app.signals.review import CHECKED, PROBLEM, verdicts
from tests.gui_session import Session
from tests.signal_samples import crop, jpeg_bytes, photo
from ui.main_window import MainWindow
from ui.models.signals_model import SignalsModel
from ui.signals_view import SignalsView, install_signals_view

UNIT = "潍城区教管办"
ROSTER = f"单位,学校,别名\n{UNIT},潍坊市潍城区北关小学,北关小学\n{UNIT},潍坊市潍城区于河小学,于河小学\n"
D15 = "1.5 专题宣传活动/"
BEIGUAN, YUHE = D15 + "潍坊市潍城区北关小学宣传活动照片.jpg", D15 + "潍坊市潍城区于河小学宣传活动照片.jpg"
OLD = D15 + "潍坊市潍城区于河小学明白纸发放.jpg"
TIMEOUT = 120_000


def make_submission(root: Path) -> Path:
    folder = root / UNIT
    (folder / D15).mkdir(parents=True)
    big = photo(1, (1000, 750))
    (folder / BEIGUAN).write_bytes(jpeg_bytes(big, 90, "2020:10:15 09:00:00"))
    (folder / YUHE).write_bytes(jpeg_bytes(crop(big, 0.02).resize((500, 370)), 70, "2020:10:15 09:00:00"))
    (folder / OLD).write_bytes(jpeg_bytes(photo(2), 85, "2019:05:01 09:00:00"))
    return folder


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    session = Session(qtbot, load_rubric(), tmp_path)
    w = session.open()
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    assert w.set_roster(roster)
    with qtbot.waitSignal(w.scan_finished, timeout=TIMEOUT):
        w.open_path(make_submission(tmp_path))
    yield w
    session.close()


def view_of(w: MainWindow) -> SignalsView:
    return getattr(w, "signals_view", None) or install_signals_view(w)


def find(qtbot, view: SignalsView) -> int:
    with qtbot.waitSignal(view.signals_ready, timeout=TIMEOUT) as blocker:
        view.find_signals()
    return blocker.args[0]


def test_signals_are_listed_with_the_pair_side_by_side(window, qtbot):
    view = view_of(window)
    assert window.findChild(type(window.signals_dock), "signals_dock") is window.signals_dock
    assert find(qtbot, view) == 2
    rows = {view.model.signal_at(r).code: view.model.signal_at(r) for r in range(view.model.rowCount())}
    assert set(rows) == {"dup.similar", "date.outside_year"}
    assert set(rows["dup.similar"].paths) == {BEIGUAN, YUHE}
    similar_row = next(
        r for r in range(view.model.rowCount()) if view.model.signal_at(r).code == "dup.similar"
    )
    with qtbot.waitSignals([view.left.loaded, view.right.loaded], timeout=20_000):
        view.table.selectRow(similar_row)
    assert {view.left.record.path, view.right.record.path} == {BEIGUAN, YUHE}
    assert view.model.index(similar_row, SignalsModel.SIMILARITY).data().endswith("%")
    # the files carry the signal as a finding, and still count
    record = window.workspace.file_record(YUHE)
    assert "dup.similar" in {f.code for f in record.findings}
    assert record.usable
    assert window.findings_model.rowCount() > 0


def test_verdicts_go_to_the_review_file_and_survive_a_correction(window, qtbot, tmp_path):
    view = view_of(window)
    find(qtbot, view)
    row = next(r for r in range(view.model.rowCount()) if view.model.signal_at(r).code == "dup.similar")
    key = view.model.signal_at(row).key
    assert not view.mark(row, PROBLEM, "")  # a problem needs a note: refused, nothing stored
    assert view.mark(row, PROBLEM, "同一张照片用于两所学校")
    assert view.model.index(row, SignalsModel.NOTE).data() == "同一张照片用于两所学校"
    store = window.workspace.store.store
    assert verdicts(store, UNIT)[key].status == PROBLEM
    # a correction re-evaluates the report: the signals are recomputed without reopening files
    with qtbot.waitSignal(view.signals_ready, timeout=TIMEOUT) as blocker:
        window.reassign_files([YUHE], "1.5", "潍坊市潍城区北关小学")
    assert blocker.args[0] == 1  # same school and item now: the pair is no longer a signal
    assert view.model.signal_at(0).code == "date.outside_year"
    assert view.mark(0, CHECKED, "往年活动照片，已说明")
    out = tmp_path / "signals.xlsx"
    view.export(str(out))
    from openpyxl import load_workbook

    cells = [c.value for c in load_workbook(out).active[3]]
    assert cells[4:6] == ["已核实无误", "往年活动照片，已说明"]


def test_a_rescan_clears_the_list_until_searched_again(window, qtbot):
    view = view_of(window)
    find(qtbot, view)
    assert view.model.rowCount() == 2
    with qtbot.waitSignal(window.scan_finished, timeout=TIMEOUT):
        window.acts.rescan.trigger()
    assert view.model.rowCount() == 0
    assert find(qtbot, view) == 2  # features come from the cache this time
