"""The real window, driven on the bundled demo: scan, tree/matrix vs the core, preview, corrections."""

import shutil
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from app.check import drain, run_check
from app.demo import demo_paths
from app.model import Status
from app.review.store import ReviewStore
from app.roster import load_roster
from app.rubric import load_rubric
from tests.gui_session import SCAN_TIMEOUT, Session
from ui import settings as S
from ui.models import roles
from ui.models.indicator_tree import IndicatorTreeModel

UNDATED_PHOTO = "（四）台账/IMG_20201015_093012.jpg"  # a usable photo the check could not give a school
SUNJIA = "潍坊市奎文区孙家小学"


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


@pytest.fixture(scope="module")
def core_report(rubric):
    folder, roster, unit = demo_paths()
    return drain(run_check(folder, rubric=rubric, roster=load_roster(roster), unit=unit))


def session_schools(window) -> list[str]:
    return window.workspace.report.schools


@pytest.fixture
def session(qtbot, rubric, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    s = Session(qtbot, rubric, tmp_path)
    s.open()
    yield s
    s.close()


def test_scan_finishes_and_tree_and_matrix_match_the_core(session, core_report):
    assert session.scan_demo() == "done"
    w = session.window
    report = w.workspace.report
    assert len(report.files) == len(core_report.files)
    for result in core_report.indicators:
        index = w.tree_model.indicator_index(result.indicator)
        assert index.siblingAtColumn(IndicatorTreeModel.STATUS).data(roles.STATUS) == result.status
        files = index.siblingAtColumn(IndicatorTreeModel.FILES).data()
        assert files == (str(result.files) if result.files else "")
    evidence = session.rubric.evidence_indicators
    assert w.matrix_model.columnCount() == len(evidence)
    assert w.matrix_model.rowCount() == 1 + len(core_report.schools)
    for ind in evidence:
        result = core_report.indicator_result(ind.code)
        for school in core_report.schools:
            want = result.cells.get(school, "")
            assert w.matrix_model.cell_index(ind.code, school).data(roles.STATUS) == want, (ind.code, school)
    # status bar: unit, roster, rubric and totals
    assert "奎文区教管办" in w.unit_label.text()
    assert "roster.csv" in w.roster_label.text()
    assert w.rubric_label.text() == session.rubric.name
    assert str(len(core_report.gaps)) in w.totals_label.text()
    assert not w.progress.isVisible() and not w.acts.cancel_scan.isEnabled()


def test_matrix_click_filters_files_and_selecting_a_file_previews_it(session, qtbot):
    session.scan_demo()
    w = session.window
    w.nav.cell_selected(w.matrix_model.cell_index("1.4", SUNJIA))
    shown = {w.file_panel.proxy.index(r, 0).data(roles.PATH) for r in range(w.file_panel.proxy.rowCount())}
    assert shown == {"（四）台账/孙家小学公示.jpg", "（四）台账/孙家小学台账.pdf"}
    # a school's name: all its files; an indicator's code: that indicator's files
    w.nav.school_header_clicked(1 + session_schools(w).index(SUNJIA))
    assert w.file_panel.proxy.scope() == (None, SUNJIA)
    assert all(
        w.file_panel.proxy.index(r, 0).data(roles.SCHOOL) == SUNJIA
        for r in range(w.file_panel.proxy.rowCount())
    )
    w.nav.indicator_header_clicked(w.matrix_model.cell_index("1.4", SUNJIA).column())
    assert w.file_panel.proxy.scope() == ("1.4", None)
    with qtbot.waitSignal(w.preview.loaded, timeout=10_000) as blocker:
        w.nav.go_to_file("（四）台账/孙家小学台账.pdf")
    assert blocker.args == ["（四）台账/孙家小学台账.pdf", "pdf"]
    assert w.preview.pdf.page_count() >= 1
    assert w.preview.act_open_external.isEnabled()
    # a broken photo gets a placeholder that says why, never an attempt to open it
    with qtbot.waitSignal(w.preview.loaded, timeout=10_000) as blocker:
        w.nav.go_to_file("（四）台账/孙家小学公示.jpg")
    assert blocker.args[1] == "placeholder"
    assert "损坏" in w.preview.placeholder.text()
    assert "重新" in w.preview.findings.toPlainText()  # the fix sentence is shown beside it
    with qtbot.waitSignal(w.preview.loaded, timeout=10_000) as blocker:
        w.nav.go_to_file(UNDATED_PHOTO)
    assert blocker.args[1] == "image"
    w.preview.open_external()
    assert session.opened and session.opened[-1].toLocalFile().endswith("IMG_20201015_093012.jpg")


def test_reassigning_a_file_clears_its_gap_and_survives_a_rescan(session, qtbot):
    session.scan_demo()
    w = session.window
    gaps = {(g.indicator, g.school, g.need) for g in w.workspace.report.gaps}
    assert ("1.4", SUNJIA, "image") in gaps
    assert w.matrix_model.cell_index("1.4", SUNJIA).data(roles.STATUS) == "missing"
    w.nav.go_to_file(UNDATED_PHOTO)
    w.reassign_files(w.selected_paths(), "1.4", SUNJIA)
    assert ("1.4", SUNJIA, "image") not in {(g.indicator, g.school, g.need) for g in w.workspace.report.gaps}
    assert w.matrix_model.cell_index("1.4", SUNJIA).data(roles.STATUS) in ("met", "problem")
    stored = ReviewStore.open(session.review_path, session.rubric, readonly=True)
    assert stored.corrections("奎文区教管办").reassign[UNDATED_PHOTO] == ("1.4", SUNJIA)
    stored.close()
    # F5: a re-scan re-applies the stored correction
    with qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT):
        w.acts.rescan.trigger()
    assert ("1.4", SUNJIA, "image") not in {(g.indicator, g.school, g.need) for g in w.workspace.report.gaps}
    assert w.workspace.file_record(UNDATED_PHOTO).school == SUNJIA


def test_accepting_a_finding_is_stored_and_stops_counting(session):
    session.scan_demo()
    w = session.window
    path = "1.1 十二项教育惠民制度制定实施/樱园小学/制度上墙.jpg"
    assert w.workspace.accept_finding(path, "dup.exact", "两校共用同一面制度墙，已现场核实")
    record = w.workspace.file_record(path)
    assert record.accepted == {"dup.exact": "两校共用同一面制度墙，已现场核实"}
    row = w.file_panel.model.row_of(path)
    assert w.file_panel.model.index(row, 0).data(roles.SEVERITY) == 0
    # an empty note is refused with a message, nothing stored
    assert not w.workspace.accept_finding(path, "dup.exact", "  ")
    assert "理由" in w.banner.text()


def test_cancelling_a_scan_leaves_the_previous_results(session, qtbot):
    session.scan_demo()
    w = session.window
    before = [(r.indicator, r.status) for r in w.workspace.report.indicators]
    with qtbot.waitSignal(w.scan_finished, timeout=10_000) as blocker:
        w.acts.rescan.trigger()
        w.acts.cancel_scan.trigger()
    assert blocker.args == ["cancelled"]
    qtbot.waitUntil(lambda: not w.tasks.busy, timeout=SCAN_TIMEOUT)
    qtbot.wait(50)  # let any late queued signal arrive: it must be ignored
    assert [(r.indicator, r.status) for r in w.workspace.report.indicators] == before
    assert not w.workspace.scanning and not w.progress.isVisible()
    assert w.tree_model.indicator_index("1.1").siblingAtColumn(1).data(roles.STATUS) == Status.GAP
    # and the next scan runs normally
    with qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT) as blocker:
        w.acts.rescan.trigger()
    assert blocker.args == ["done"]


def test_closed_mid_scan_the_next_start_opens_with_the_review_intact(session, qtbot):
    session.scan_demo()
    w = session.window
    w.reassign_files([UNDATED_PHOTO], "1.4", SUNJIA)
    w.acts.rescan.trigger()
    assert w.workspace.scanning
    w.close()  # mid-scan
    assert session.pool.waitForDone(10_000)
    stored = ReviewStore.open(session.review_path, session.rubric)
    assert stored.corrections("奎文区教管办").reassign[UNDATED_PHOTO] == ("1.4", SUNJIA)
    stored.close()
    again = session.open()
    assert session.scan_demo() == "done"
    assert again.workspace.file_record(UNDATED_PHOTO).school == SUNJIA


def test_keyboard_navigation_and_every_action_in_a_menu(session, qtbot):
    session.scan_demo()
    w = session.window
    in_menus = set()

    def collect(menu):
        for action in menu.actions():
            if action.menu():
                collect(action.menu())
            else:
                in_menus.add(action)

    for top in w.menuBar().actions():
        collect(top.menu())
    assert set(w.acts.all) <= in_menus
    assert {a for a in w.preview.actions_for_menu() if a} <= in_menus
    keys = [k.toString() for a in in_menus for k in a.shortcuts()]
    assert len(keys) == len(set(keys)), "two actions share a shortcut"
    assert w.acts.rescan.shortcut().toString() == "F5"
    w.acts.next_indicator.trigger()
    assert w.tree.currentIndex().data(roles.INDICATOR) == "1.1"
    w.acts.next_indicator.trigger()
    assert w.tree.currentIndex().data(roles.INDICATOR) == "1.2"
    assert w.file_panel.proxy.scope() == ("1.2", None)
    w.acts.next_file.trigger()
    first = w.current_file_index().data(roles.PATH)
    w.acts.next_file.trigger()
    assert w.current_file_index().data(roles.PATH) != first
    w.acts.prev_file.trigger()
    assert w.current_file_index().data(roles.PATH) == first
    w.acts.next_problem.trigger()
    record = w.workspace.file_record(w.current_file_index().data(roles.PATH))
    assert any(f.severity in ("error", "warning") for f in record.findings)
    # a PDF of several pages: page down / page up
    with qtbot.waitSignal(w.preview.loaded, timeout=10_000):
        w.nav.go_to_file("1.1 十二项教育惠民制度制定实施/樱园小学/樱园小学制度文件.pdf")
    if w.preview.pdf.page_count() > 1:
        w.preview.act_next_page.trigger()
        assert w.preview.pdf.page() == 1
        w.preview.act_prev_page.trigger()
        assert w.preview.pdf.page() == 0


def test_bad_zip_and_missing_folder_get_chinese_messages(session, qtbot, tmp_path):
    w = session.window
    bad = tmp_path / "坏的.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    with qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT) as blocker:
        w.open_path(bad)
    assert blocker.args == ["failed"]
    assert "压缩包" in w.banner.text()
    w.open_path(tmp_path / "不存在的文件夹")
    assert "no longer exists" in w.banner.text() or "不存在" in w.banner.text()


def test_roster_choice_is_remembered_and_a_bad_roster_explained(session, tmp_path):
    w = session.window
    _, roster, _ = demo_paths()
    assert w.set_roster(roster)
    assert session.settings.get(S.LAST_ROSTER) == str(roster)
    assert w.unit_combo.count() == 1 + len(load_roster(roster).units)
    broken = tmp_path / "花名册.csv"
    broken.write_text("姓名,电话\n张三,123\n", encoding="utf-8")
    assert not w.set_roster(broken)
    assert "花名册" in w.banner.text()
    assert session.settings.get(S.LAST_ROSTER) == str(roster)  # the bad one is not remembered


def test_recent_list_keeps_the_newest_first_without_duplicates(session, tmp_path):
    w = session.window
    for n in range(12):
        folder = tmp_path / f"unit{n}"
        folder.mkdir()
        session.settings.add_recent(folder)
    session.settings.add_recent(tmp_path / "unit3")
    recent = session.settings.recent()
    assert recent[0].endswith("unit3") and len(recent) == S.RECENT_LIMIT and len(set(recent)) == len(recent)
    w._refresh_recent()
    assert len(w.recent_menu.actions()) == S.RECENT_LIMIT


def test_a_roster_that_does_not_match_the_folder_is_explained(session, qtbot, tmp_path):
    w = session.window
    _, roster, _ = demo_paths()
    w.set_roster(roster)
    w.workspace.set_unit(None)
    folder = tmp_path / "某个文件夹"
    (folder / "1.1").mkdir(parents=True)
    (folder / "1.1" / "a.txt").write_text("x", encoding="utf-8")
    with qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT) as blocker:
        w.open_path(folder)
    assert blocker.args == ["failed"]
    # names the units to choose from, and the menu to choose in, not a command-line option
    assert "奎文区教管办" in w.banner.text() and "--unit" not in w.banner.text()
    assert w.workspace.report is None and not w.progress.isVisible()


def test_dropping_files_on_the_tree_or_matrix_reassigns_them(session):
    session.scan_demo()
    w = session.window
    w.nav.go_to_file(UNDATED_PHOTO)
    w.tree.files_dropped.emit(w.tree_model.indicator_index("1.5"))
    assert w.workspace.file_record(UNDATED_PHOTO).indicator == "1.5"
    w.nav.go_to_file(UNDATED_PHOTO)
    w.matrix.files_dropped.emit(w.matrix_model.cell_index("1.4", SUNJIA))
    record = w.workspace.file_record(UNDATED_PHOTO)
    assert (record.indicator, record.school) == ("1.4", SUNJIA)


def test_rescan_reloads_a_previewed_file_changed_on_disk(session, qtbot, tmp_path):
    folder = tmp_path / "奎文区教管办"
    shutil.copytree(demo_paths()[0], folder)
    w = session.window
    w.set_roster(demo_paths()[1])
    w.workspace.set_unit("奎文区教管办")
    with qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT):
        w.open_path(folder)
    photo = folder / "（四）台账" / "孙家小学公示.jpg"  # broken in the demo: a placeholder
    with qtbot.waitSignal(w.preview.loaded, timeout=10_000) as blocker:
        w.nav.go_to_file("（四）台账/孙家小学公示.jpg")
    assert blocker.args[1] == "placeholder"
    Image.new("RGB", (60, 40), "green").save(photo, "JPEG")  # the school sends a good photo
    with qtbot.waitSignal(w.preview.loaded, timeout=SCAN_TIMEOUT) as blocker:
        w.acts.rescan.trigger()
    assert blocker.args == ["（四）台账/孙家小学公示.jpg", "image"]
    assert w.workspace.file_record("（四）台账/孙家小学公示.jpg").usable


def test_a_zip_submission_previews_members_without_extracting(session, qtbot, tmp_path):
    folder, roster, unit = demo_paths()
    usb = tmp_path / "usb"
    usb.mkdir()
    archive = usb / "奎文区教管办.zip"
    shutil.make_archive(str(archive.with_suffix("")), "zip", folder)
    before = sorted(p.name for p in usb.iterdir())
    w = session.window
    w.set_roster(roster)
    w.workspace.set_unit(unit)
    with qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT) as blocker:
        w.open_path(archive)
    assert blocker.args == ["done"] and len(w.workspace.report.files) > 30
    with qtbot.waitSignal(w.preview.loaded, timeout=10_000) as blocker:
        w.nav.go_to_file("（四）台账/孙家小学台账.pdf")
    assert blocker.args[1] == "pdf" and w.preview.pdf.page_count() >= 1
    w.preview.open_external()
    copy = Path(session.opened[-1].toLocalFile())
    assert copy.is_file() and usb not in copy.parents
    assert sorted(p.name for p in usb.iterdir()) == before  # nothing written beside the zip
    assert "奎文区教管办.zip" in w.windowTitle()


def test_real_key_presses_reach_the_actions(session, qtbot):
    session.scan_demo()
    w = session.window
    w.activateWindow()
    w.tree.setFocus()
    qtbot.keyClick(w.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert w.tree.currentIndex().data(roles.INDICATOR) == "1.1"
    qtbot.keyClick(w.tree, Qt.Key.Key_F8)
    path = w.current_file_index().data(roles.PATH)
    assert path and any(f.severity in ("error", "warning") for f in w.workspace.file_record(path).findings)
