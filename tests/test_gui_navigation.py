"""Navigation that follows the eye: the All Findings list drives the preview and its own corrections,
the preview shows page count and zoom from page one, F8 walks problem files across the unit."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from PySide6.QtCore import QItemSelectionModel, QPoint, QPointF, Qt, QThreadPool
from PySide6.QtGui import QKeySequence, QWheelEvent
from PySide6.QtWidgets import QApplication, QDialog

from app.model import FileKind, FileRecord
from app.rubric import load_rubric
from tests.gui_session import Session
from ui import dialogs
from ui.models import roles
from ui.preview.pane import PreviewPane
from ui.tasks import TaskRunner

FUZZY = "1.7.家校沟通桥/潍坊市奎文区孙加小学沟通桥机制及清单.pdf"  # a 2-page PDF with a warning
SELECT = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


@pytest.fixture
def demo(qtbot, rubric, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    s = Session(qtbot, rubric, tmp_path)
    s.open()
    assert s.scan_demo() == "done"
    yield s.window
    s.close()


def pdf_bytes(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)  # A4 in points
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def select_finding(window, qtbot, path: str, code: str | None = None) -> None:
    """Show the All Findings tab and select a finding of ``path``, waiting for its preview."""
    window.acts.focus_findings.trigger()
    row = window.findings_model.row_of(path, code)
    assert row >= 0
    index = window.findings_model.index(row, 0)
    if window.preview.record is not None and window.preview.record.path == path:
        window.findings.selectionModel().setCurrentIndex(index, SELECT)
        return
    with qtbot.waitSignal(window.preview.loaded, timeout=10_000):
        window.findings.selectionModel().setCurrentIndex(index, SELECT)


def test_selecting_in_all_findings_previews_that_file_at_that_finding(demo, qtbot):
    w = demo
    other = "1-2一把手负责制/潍坊市奎文区实验小学一把手负责制考核办法.pdf"
    with qtbot.waitSignal(w.preview.loaded, timeout=10_000):
        w.nav.go_to_file(other)
    select_finding(w, qtbot, FUZZY, "name.fuzzy_match")
    assert w.preview.record.path == FUZZY
    assert w.preview.focus_code == "name.fuzzy_match"
    assert "#fff8e1" in w.preview.findings.toHtml()  # that finding is marked in the preview
    assert w.tabs.currentWidget() is w.findings, "the list the reviewer works in stays in front"
    assert w.current_file_index().data(roles.PATH) == FUZZY, "the file table follows quietly"
    # the keyboard: Down moves to the next finding, and the preview follows
    w.findings.setFocus()
    row = w.findings.currentIndex().row()
    next_path = w.findings_model.index(row + 1, 0).data(roles.PATH)
    if next_path and next_path != FUZZY:
        with qtbot.waitSignal(w.preview.loaded, timeout=10_000):
            qtbot.keyClick(w.findings, Qt.Key.Key_Down)
        assert w.preview.record.path == next_path


def test_accept_from_all_findings_acts_on_its_own_selection(demo, qtbot, monkeypatch):
    w = demo
    table_file = "（四）台账/IMG_20201015_093012.jpg"
    w.nav.go_to_file(table_file)  # the file table's selection is elsewhere
    target, code = "1.1 十二项教育惠民制度制定实施/樱园小学/制度上墙.jpg", "dup.exact"
    select_finding(w, qtbot, target, code)
    seen = []

    def accept(dialog):
        seen.append((dialog.windowTitle(), dialog.finding.currentData()))
        dialog.note.setPlainText("两校共用一面制度墙，已核实")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.AcceptDialog, "exec", accept)
    w.activateWindow()
    w.findings.setFocus()
    qtbot.keyClick(
        w.findings, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert seen and seen[0][1] == code
    assert w.workspace.file_record(target).accepted == {code: "两校共用一面制度墙，已核实"}
    assert not w.workspace.file_record(table_file).accepted
    assert w.tabs.currentWidget() is w.findings, "a correction keeps the findings list in front"
    assert w.findings.currentIndex().data(roles.PATH) == target  # the same finding, re-selected


def test_reassign_from_all_findings_acts_on_its_own_selection(demo, qtbot, monkeypatch):
    w = demo
    target = "汇总表.xlsx"  # file.unassigned
    select_finding(w, qtbot, target)
    # the file table has another file selected (several, even)
    w.file_panel.view.selectAll()
    chosen = []

    def reassign(dialog):
        chosen.append([dialog.indicator.itemText(i) for i in range(2)])
        dialog.indicator.setCurrentIndex(dialog.indicator.findData("1.1"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.ReassignDialog, "exec", reassign)
    w.acts.focus_findings.trigger()
    w.findings.selectionModel().setCurrentIndex(
        w.findings_model.index(w.findings_model.row_of(target), 0), SELECT
    )
    w.acts.reassign.trigger()  # the menu's way: the same routing as the shortcut
    assert chosen
    assert w.workspace.file_record(target).indicator == "1.1"
    moved = [f.path for f in w.workspace.report.files if "manual" in f.how]
    assert moved == [target], "only the finding's file was reassigned, not the file table's selection"


def test_f8_walks_problem_files_across_the_unit_and_wraps(demo, qtbot):
    w = demo
    model = w.file_panel.model
    problems = [model.file(r).path for r in range(model.rowCount()) if model.worst_rank(model.file(r)) >= 2]
    assert len(problems) >= 5
    w.acts.next_indicator.trigger()  # scope: indicator 1.1 only — F8 still crosses into other indicators
    w.acts.focus_files.trigger()
    w.activateWindow()
    w.file_panel.view.setFocus()
    walked = []
    for _ in range(len(problems)):
        qtbot.keyClick(w.file_panel.view, Qt.Key.Key_F8)
        walked.append(w.current_file_index().data(roles.PATH))
    assert walked == [*problems[problems.index(walked[0]) :], *problems[: problems.index(walked[0])]]
    assert len({w.workspace.file_record(p).indicator for p in walked}) > 1, "it crossed indicators"
    assert w.file_panel.view.hasFocus(), "the keyboard stays in the file table"
    # past the last one: back to the first, and the status bar says so
    while w.current_file_index().data(roles.PATH) != problems[-1]:
        w.acts.next_problem.trigger()
    w.acts.next_problem.trigger()
    assert w.current_file_index().data(roles.PATH) == problems[0]
    assert "first problem" in w.statusBar().currentMessage()
    assert f"1 of {len(problems)}" in w.statusBar().currentMessage()
    w.acts.prev_problem.trigger()
    assert w.current_file_index().data(roles.PATH) == problems[-1]
    assert "last problem" in w.statusBar().currentMessage()


def test_f8_in_the_findings_list_selects_the_files_problem_there(demo, qtbot):
    w = demo
    w.acts.focus_findings.trigger()
    w.acts.next_problem.trigger()
    path = w.current_file_index().data(roles.PATH)
    assert w.tabs.currentWidget() is w.findings
    assert w.findings.currentIndex().data(roles.PATH) == path
    assert w.findings.currentIndex().data(roles.SEVERITY) >= 2


def test_preview_actions_are_in_the_menus_and_the_shortcut_list_without_duplicates(demo, monkeypatch):
    w = demo
    keys = {a: [k.toString() for k in a.shortcuts()] for a in (w.preview.act_zoom_in, w.preview.act_zoom_out)}
    assert "Ctrl+=" in keys[w.preview.act_zoom_in] and "Ctrl+-" in keys[w.preview.act_zoom_out]
    assert w.preview.act_fit.shortcut().toString() == "Ctrl+0"
    assert w.preview.act_fit_page.shortcut().toString() == "Ctrl+9"
    listed = dict(w.shortcut_rows())  # what Help → Keyboard Shortcuts shows
    for action in (w.preview.act_fit, w.preview.act_fit_page, w.preview.act_zoom_in, w.acts.choose_unit):
        assert action.shortcut().toString() in listed[action.text().replace("&", "")]
    # every key that works window-wide belongs to one action only (Qt ignores an ambiguous one);
    # the 需核实 view's two compare panes keep their keys to themselves
    wide = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
    every = [
        k.toString()
        for a in w.findChildren(type(w.acts.quit))
        if a.shortcutContext() in wide
        for k in a.shortcuts()
    ]
    assert len(every) == len(set(every)), sorted(k for k in every if every.count(k) > 1)


def test_zoom_keys_reach_the_preview_with_the_compare_view_open(demo, qtbot):
    w = demo
    w.signals_dock.show()
    ws = w.workspace
    other = "1.1 十二项教育惠民制度制定实施/东关初中制度文件.pdf"
    with qtbot.waitSignal(w.signals_view.left.loaded, timeout=10_000):  # its zoom keys are live too
        w.signals_view.left.show_file(ws.source, ws.file_record(other), ws.entries)
    with qtbot.waitSignal(w.preview.loaded, timeout=10_000):
        w.nav.go_to_file(FUZZY)
    w.activateWindow()
    w.file_panel.view.setFocus()
    before = w.preview.pdf.zoom_factor()
    qtbot.keyClick(w.file_panel.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert w.preview.pdf.zoom_factor() == pytest.approx(before * 1.25, rel=0.02)
    qtbot.keyClick(w.file_panel.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert w.preview.pdf.zoom_factor() == pytest.approx(before, rel=0.02)
    qtbot.keyClick(w.file_panel.view, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert w.preview.pdf.fit_mode() == "page"


@pytest.fixture
def pane(qtbot):
    pool = QThreadPool()
    widget = PreviewPane(TaskRunner(pool))
    widget.resize(500, 700)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    pool.waitForDone(5000)


def test_page_count_and_zoom_are_shown_from_page_one(qtbot, pane, tmp_path):
    (tmp_path / "twelve.pdf").write_bytes(pdf_bytes(12))
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        pane.show_file(tmp_path, FileRecord("twelve.pdf", 1, FileKind.PDF, "pdf"), {})
    assert pane.page_label.text() == "Page 1 / 12"  # before any paging
    assert pane.zoom_label.text().endswith("(fit width)") and "%" in pane.zoom_label.text()
    # the same from a zip member (bytes, not a file)
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        pane.show_file(tmp_path / "u.zip", FileRecord("m/three.pdf", 1, FileKind.PDF, "pdf"), {})
    # (no such zip: a placeholder, and the labels are cleared for it)
    assert pane.page_label.text() == "" and pane.zoom_label.text() == ""


def percent(pane) -> int:
    return int(pane.zoom_label.text().split("%")[0])


def wheel(widget, notches: int, modifiers=Qt.KeyboardModifier.ControlModifier) -> None:
    event = QWheelEvent(
        QPointF(10, 10),
        QPointF(widget.mapToGlobal(QPoint(10, 10))),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_zoom_actions_ctrl_wheel_fit_width_and_fit_page(qtbot, pane, tmp_path):
    (tmp_path / "a4.pdf").write_bytes(pdf_bytes(2))
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        pane.show_file(tmp_path, FileRecord("a4.pdf", 1, FileKind.PDF, "pdf"), {})
    fit = percent(pane)
    pane.act_zoom_in.trigger()
    assert pane.pdf.view.zoomMode().name == "Custom" and percent(pane) == pytest.approx(fit * 1.25, abs=2)
    pane.act_zoom_out.trigger()
    assert percent(pane) == pytest.approx(fit, abs=2)
    wheel(pane.pdf.view.viewport(), 2)
    assert percent(pane) == pytest.approx(fit * 1.25**2, abs=3)
    wheel(pane.pdf.view.viewport(), -1)
    assert percent(pane) == pytest.approx(fit * 1.25, abs=3)
    before = percent(pane)
    wheel(pane.pdf.view.viewport(), 1, Qt.KeyboardModifier.NoModifier)  # a plain wheel scrolls
    assert percent(pane) == before
    pane.act_fit_page.trigger()
    assert pane.pdf.view.zoomMode().name == "FitInView" and "(fit page)" in pane.zoom_label.text()
    # a tall A4 page seen whole in a 500×700 pane is smaller than at fit width
    page_percent = percent(pane)
    pane.act_fit.trigger()
    assert pane.pdf.view.zoomMode().name == "FitToWidth" and percent(pane) > page_percent
    # the key the reviewer presses: Ctrl+= (no Shift)
    assert QKeySequence("Ctrl+=") in pane.act_zoom_in.shortcuts()


def test_image_zoom_fit_page_then_fit_width(qtbot, pane, tmp_path):
    from PIL import Image

    Image.new("RGB", (3000, 1000), "white").save(tmp_path / "wide.png")
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        pane.show_file(tmp_path, FileRecord("wide.png", 1, FileKind.IMAGE, "png"), {})
    assert "(fit page)" in pane.zoom_label.text()
    whole = percent(pane)
    pane.act_zoom_in.trigger()
    assert percent(pane) == pytest.approx(whole * 1.25, abs=2)
    wheel(pane.image.viewport(), -1)
    assert percent(pane) == pytest.approx(whole, abs=2)
    pane.act_fit.trigger()
    assert "(fit width)" in pane.zoom_label.text()
