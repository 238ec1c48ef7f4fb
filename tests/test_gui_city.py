"""Issue 14, the window: a city root opened at once — the unit list, switching without a check,
progress naming the unit, explanations, one review file for every unit, 1366×768."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt

import app.city
import app.review.session
from app.check import run_check
from app.city import UnitStatus
from app.roster import load_roster
from app.rubric import load_rubric
from tests.city_corpus import place, roster_file, unit_spec
from tests.gui_session import SCAN_TIMEOUT, Session
from tests.test_gui_language import chinese, english_words, visible_texts  # noqa: F401 (fixture)
from ui import layout
from ui.city_state import CityProgress
from ui.models.coverage_matrix import CoverageMatrixModel
from ui.models.unit_list import UNIT, UnitListModel
from ui.modes import CHECK, PREVIEW, SCORE

RUBRIC = load_rubric()
LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less the taskbar
SPECS = [unit_spec(0, 301, clean=True), unit_spec(1, 302), unit_spec(2, 303), unit_spec(3, 304, clean=True)]
QINGYUN, BAISHA, DONGHU, NANSHAN = (s.unit for s in SPECS)  # 青云街道, 白沙镇, 东湖街道, 南山镇


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """青云 as a folder under an office's name, 白沙 as a numbered zip, 东湖 sent nothing,
    南山 sent twice (a folder and a zip), and a folder that names no unit."""
    base = tmp_path_factory.mktemp("gui-city")
    root, work = base / "U盘", base / "work"
    root.mkdir()
    work.mkdir()
    place(root, SPECS[0], "青云街道教管办", "folder", work)
    place(root, SPECS[1], "3.白沙镇（2020惠民考核）", "zip", work)
    place(root, SPECS[3], "南山镇", "folder", work)
    place(root, SPECS[3], "南山镇（修改版）", "zip", work)
    (root / "会议照片").mkdir()
    (root / "会议照片" / "a.jpg").write_bytes(b"\xff\xd8\xff not really")
    return root, roster_file(base / "花名册.csv", SPECS)


@pytest.fixture
def session(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    layout.set_screen_override(LAPTOP)
    s = Session(qtbot, RUBRIC, tmp_path)
    yield s
    s.close()
    layout.set_screen_override(None)


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every run_check the window starts, by unit: the city's and the single-unit one."""
    calls: list[str] = []

    def counting(source, **kw):
        calls.append(kw.get("unit") or str(source))
        return run_check(source, **kw)

    monkeypatch.setattr(app.city, "run_check", counting)
    monkeypatch.setattr(app.review.session, "run_check", counting)
    return calls


def open_city(session: Session, root: Path, roster: Path) -> list:
    w = session.window or session.open()
    w.resize(1366, 768)
    w.set_roster(roster)
    seen: list = []
    w.workspace.scan_progress.connect(lambda p: seen.append((p, w.progress_label.text())))
    with session.qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT) as blocker:
        w.open_path(root)
    assert blocker.args == ["done"]
    return seen


def statuses(model: UnitListModel) -> dict[str, str]:
    """Unit → its status word; material that names no unit as "?name"."""
    return {
        model.index(r, 0).data(UNIT) or "?" + model.index(r, 0).data(): model.index(r, 1).data()
        for r in range(model.rowCount())
    }


def cells(model: CoverageMatrixModel) -> list[list[str]]:
    return [
        [str(model.index(r, c).data(Qt.ItemDataRole.UserRole + 4)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def alone(root: Path, roster: Path, unit: str, path: Path):
    gen = run_check(path, rubric=RUBRIC, roster=load_roster(roster), unit=unit)
    try:
        while True:
            next(gen)
    except StopIteration as stop:
        return stop.value


def test_a_city_root_lists_every_unit_with_its_status_and_the_unmatched_material(session, city, checks):
    root, roster = city
    seen = open_city(session, root, roster)
    w = session.window
    model = w.city_dock.model
    assert statuses(model) == {
        QINGYUN: "Checked",
        BAISHA: "Checked",
        DONGHU: "Not submitted",
        NANSHAN: "Ambiguous",
        "?会议照片": "No unit",
    }
    assert sorted(checks) == sorted([QINGYUN, BAISHA])  # one check per unit, in one task
    # the gaps column is each report's; 白沙 has planted defects, 青云 none
    state = w.workspace.city
    for unit in (QINGYUN, BAISHA):
        row = model.row_of(unit)
        assert model.index(row, UnitListModel.GAPS).data() == str(len(state.unit(unit).report.gaps))
        assert model.index(row, UnitListModel.ERRORS).data() == str(state.unit(unit).report.error_count)
    assert w.workspace.unit == QINGYUN and w.workspace.report is state.views[QINGYUN]
    # the progress covered the whole city and named the unit being checked, with its number
    city_steps = [(p, text) for p, text in seen if isinstance(p, CityProgress) and p.unit]
    assert {p.unit for p, _ in city_steps} <= {QINGYUN, BAISHA} and city_steps
    assert all(p.total == city_steps[-1][0].total for p, _ in city_steps)
    p, text = city_steps[-1]
    assert text.startswith(f"Checking {p.unit} ({p.index}/2)") or text.startswith(f"Finishing {p.unit}")


def test_switching_units_needs_no_check_and_shows_the_unit_as_if_opened_alone(session, city, checks):
    root, roster = city
    open_city(session, root, roster)
    w = session.window
    before = list(checks)
    view = w.city_dock.view
    row = w.city_dock.model.row_of(BAISHA)
    view.clicked.emit(w.city_dock.model.index(row, 0))
    assert checks == before  # no new check
    assert w.workspace.unit == BAISHA and w.unit_combo.currentData() == BAISHA
    by_itself = alone(root, roster, BAISHA, root / "3.白沙镇（2020惠民考核）.zip")
    assert [g.to_json() for g in w.workspace.report.gaps] == [g.to_json() for g in by_itself.gaps]
    expected = CoverageMatrixModel()
    expected.set_report(RUBRIC, by_itself)
    assert cells(w.matrix_model) == cells(expected)  # the coverage matrix, cell by cell
    # the unit joined the review (opened and confirmed), and its score shows in the list
    store = w.workspace.session.store
    assert store.has_unit(BAISHA) and store.has_unit(QINGYUN)
    assert w.city_dock.model.index(row, UnitListModel.SCORE).data() not in ("", None)
    # Alt+PgUp goes back to the unit before it, Enter on a row shows it
    w.city_dock.prev_unit.trigger()
    assert w.workspace.unit == QINGYUN
    view.activated.emit(w.city_dock.model.index(row, 0))
    assert w.workspace.unit == BAISHA and checks == before
    # a correction changes the gaps in the list too, without a check
    gap = next(g for g in w.workspace.report.gaps if g.school)
    record = next(f for f in w.workspace.report.files if f.indicator and f.indicator != gap.indicator)
    assert w.workspace.reassign([record.path], gap.indicator, gap.school)
    assert w.city_dock.model.index(row, UnitListModel.GAPS).data() == str(len(w.workspace.report.gaps))
    assert checks == before


def test_a_unit_without_material_explains_itself_and_writes_nothing(session, city):
    root, roster = city
    open_city(session, root, roster)
    w = session.window
    model = w.city_dock.model
    w.city_dock.view.clicked.emit(model.index(model.row_of(DONGHU), 0))
    assert w.workspace.unit == DONGHU and w.workspace.report is None
    assert w.file_panel.model.rowCount() == 0 and w.totals_label.text() == ""
    assert not [c for row in cells(w.matrix_model) for c in row if c == "missing"]  # no gaps shown
    assert DONGHU in w.city_dock.explain.text() and "has not submitted" in w.city_dock.explain.text()
    assert not w.workspace.session.store.has_unit(DONGHU)
    assert not w.workspace.admission.joined
    # an ambiguous unit names both candidates, and one can be chosen: checked alone for the unit
    w.city_dock.view.clicked.emit(model.index(model.row_of(NANSHAN), 0))
    text = w.city_dock.explain.text()
    assert "南山镇" in text and "南山镇（修改版）.zip" in text and w.city_dock.choose.isVisibleTo(w)
    assert not w.workspace.session.store.has_unit(NANSHAN)
    menu = w.city_dock._menu_for(model.unit_at(model.row_of(NANSHAN)))
    use = [a for a in menu.actions() if "南山镇（修改版）.zip" in a.text()]
    assert len(use) == 1
    with session.qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT):
        use[0].trigger()
    assert w.workspace.city.unit(NANSHAN).status == UnitStatus.CHECKED
    assert w.workspace.unit == NANSHAN and w.workspace.report is not None
    by_itself = alone(root, roster, NANSHAN, root / "南山镇（修改版）.zip")
    assert [g.to_json() for g in w.workspace.report.gaps] == [g.to_json() for g in by_itself.gaps]
    assert statuses(model)[NANSHAN] == "Checked" and "南山镇" in w.workspace.city.report.unmatched


def test_every_checked_unit_joins_one_review_file_and_reaches_the_export(session, city):
    root, roster = city
    open_city(session, root, roster)
    w = session.window
    store = w.workspace.session.store
    assert store.units() == [QINGYUN]  # only the unit opened so far
    w.city_dock.join_all.click()
    assert sorted(store.units()) == sorted([QINGYUN, BAISHA])
    assert w.workspace.unit == QINGYUN  # the unit on screen stays
    from ui.export_dialog import ExportDialog

    dialog = ExportDialog(w)
    assert sorted(dialog.review_units()) == sorted([QINGYUN, BAISHA])
    dialog.deleteLater()


def test_f5_checks_the_city_again_and_keeps_the_unit_on_screen(session, city, checks):
    root, roster = city
    open_city(session, root, roster)
    w = session.window
    model = w.city_dock.model
    w.city_dock.view.clicked.emit(model.index(model.row_of(BAISHA), 0))
    with session.qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT) as blocker:
        w.acts.rescan.trigger()
    assert blocker.args == ["done"]
    assert sorted(checks) == sorted([QINGYUN, BAISHA] * 2)  # the city again, not one unit
    assert w.workspace.unit == BAISHA and statuses(model)[BAISHA] == "Checked"


def test_the_unit_list_fits_1366x768_in_check_mode_and_gives_way_to_reading(chinese, session, city):  # noqa: F811
    root, roster = city
    open_city(session, root, roster)
    w = session.window
    w.modes.set_mode(CHECK)
    session.qtbot.wait(50)
    dock, view = w.city_dock, w.city_dock.view
    assert dock.isVisible() and 280 <= dock.width() <= 380
    header = view.horizontalHeader()
    used = sum(header.sectionSize(c) for c in range(header.count()))
    assert used <= view.viewport().width() + 1  # every column in view, no sideways scrolling
    assert header.sectionSize(UnitListModel.NAME) >= 90  # unit names stay readable
    assert w.tree.width() >= 250 and w.preview.width() >= 300  # the other panes keep their room
    matrix = w.matrix.horizontalHeader()
    assert sum(matrix.sectionSize(c) for c in range(matrix.count())) <= w.matrix.viewport().width() + 1
    for mode in (PREVIEW, SCORE):
        w.modes.set_mode(mode)
        assert not dock.isVisible()
    w.modes.set_mode(CHECK)
    assert dock.isVisible()


def test_no_two_actions_share_a_key_with_the_unit_list(session, city):
    root, roster = city
    open_city(session, root, roster)
    w = session.window
    wide = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
    every = [
        k.toString()
        for a in w.findChildren(type(w.acts.quit))
        if a.shortcutContext() in wide
        for k in a.shortcuts()
    ]
    assert "Alt+PgDown" in every and len(every) == len(set(every))
    listed = dict(w.shortcut_rows())
    assert "Alt+PgDown" in listed[w.city_dock.next_unit.text()]


def test_unit_list_model_passes_qtmodeltester(qtmodeltester, session, city):
    root, roster = city
    open_city(session, root, roster)
    qtmodeltester.check(session.window.city_dock.model)


def test_the_unit_list_is_chinese(chinese, session, city):  # noqa: F811 (fixture)
    root, roster = city
    open_city(session, root, roster)
    w = session.window
    model = w.city_dock.model
    texts = visible_texts(w)
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                texts.append(("unit list", str(model.index(r, c).data(role) or "")))
    for unit in (DONGHU, NANSHAN):
        w.city_dock.view.clicked.emit(model.index(model.row_of(unit), 0))
        texts.append(("explanation", w.city_dock.explain.text()))
    assert statuses(model)[DONGHU] == "未提交" and statuses(model)[NANSHAN] == "有歧义"
    # the city root's path is data (the recent list, the title's tooltip), not the window's words
    texts = [(where, text.replace(str(root), "")) for where, text in texts]
    untranslated = sorted({(where, text) for where, text in texts if text and english_words(text)})
    assert not untranslated, untranslated
