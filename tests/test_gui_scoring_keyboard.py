"""Scoring that is safe and complete: the wheel, Tab order, Ctrl+Enter, totals in view, ✓ marks, Ctrl+L."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from app.review import ReviewStore
from app.rubric import load_rubric
from tests.gui_session import SCAN_TIMEOUT, Session
from tests.test_gui_scoring_window import make_submission
from ui.scoring.panel import ScoringPanel

UNIT = "奎文区教管办"


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


@pytest.fixture
def store(rubric, tmp_path):
    s = ReviewStore.create(tmp_path / "review.evreview", rubric, "测试")
    yield s
    s.close()


@pytest.fixture
def panel(qtbot, rubric, store):
    p = ScoringPanel(rubric)
    qtbot.addWidget(p)
    p.default_weight = 80.0
    p.set_store(store)
    p.set_unit(UNIT, "/media/usb/奎文区教管办")
    p.resize(460, 600)  # shorter than the panel's content: the scroll area has somewhere to go
    p.show()
    qtbot.waitExposed(p)
    p.activateWindow()
    return p


def wheel(widget, notches: int = -1) -> bool:
    """One real wheel event at the widget's centre; ``notches`` < 0 is towards the reviewer."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    return QApplication.sendEvent(widget, event)


def test_wheel_over_an_unfocused_spin_box_scrolls_instead_of_editing(qtbot, panel, store):
    panel.show_indicator("1.10")
    spin = panel.view.forms["1.10"].widgets["late_or_missing"]
    type_value = 2
    spin.setValue(type_value)  # a count the reviewer entered: 2
    panel.picker.setFocus()
    assert not spin.hasFocus()
    bar = panel.scroll.verticalScrollBar()
    assert bar.maximum() > 0
    before = bar.value()
    wheel(spin, -1)
    wheel(spin, -1)
    assert spin.value() == type_value  # the value under the pointer is untouched …
    assert store.item(UNIT, "1.10").inputs["late_or_missing"] == type_value  # … and nothing saved
    assert bar.value() > before  # the panel scrolled instead

    # the same event edits the box the reviewer is in: the guard is about focus, not a dead wheel
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=2000)
    wheel(spin, 1)
    assert spin.value() == type_value + 1


def test_wheel_over_an_unfocused_section_box_and_picker_changes_nothing(qtbot, panel, store):
    count = next(iter(panel.unit_panel.section_forms["5"].widgets.values()))
    panel.view.reason.setFocus()
    wheel(count, -1)
    wheel(panel.picker, 1)
    assert count.value() == 0 and not store.has_unit(UNIT)  # no edit at all reached the store
    assert panel.picker.currentData() == panel.code


def tab_through(qtbot, start, steps: int = 200) -> list:
    start.setFocus()
    qtbot.waitUntil(start.hasFocus, timeout=2000)
    seen = [start]
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is start:
            break
        seen.append(widget)
    return seen


def test_tab_reaches_every_input_in_order_including_weight_veto_and_sections(qtbot, panel):
    panel.show_indicator("1.1")
    seen = tab_through(qtbot, panel.picker)
    units = panel.unit_panel
    five = list(panel.unit_panel.section_forms["5"].widgets.values())
    four = list(panel.unit_panel.section_forms["4"].widgets.values())
    wanted = [
        panel.view.forms["1.1"].widgets["missing"],
        panel.view.confirm_button,
        panel.view.notes,
        units.weight,
        units.veto,
        units.veto_reason,
        four[0],
        units.section_confirm["4"],
        five[0],
        five[-1],
        units.section_confirm["5"],
    ]
    at = [seen.index(w) for w in wanted if w in seen]
    assert len(at) == len(wanted), [w for w in wanted if w not in seen]
    assert at == sorted(at)  # in the order they are shown
    # a hidden item's inputs are not in the way
    assert panel.view.forms["1.2"].widgets["met"] not in seen


def test_tab_leaves_the_notes_without_typing_a_tab(qtbot, panel, store):
    panel.show_indicator("1.5")
    notes = panel.view.notes
    notes.setFocus()
    qtbot.waitUntil(notes.hasFocus, timeout=2000)
    qtbot.keyClicks(notes, "ok")
    qtbot.keyClick(notes, Qt.Key.Key_Tab)
    assert not notes.hasFocus()
    assert QApplication.focusWidget() is panel.view.evidence
    assert "\t" not in notes.toPlainText()
    qtbot.waitUntil(lambda: store.has_unit(UNIT) and store.item(UNIT, "1.5").notes == "ok", timeout=5000)


def test_totals_stay_in_view_and_count_what_is_not_confirmed(qtbot, panel, store):
    assert not panel.scroll.isAncestorOf(panel.summary)
    items = int(panel.unit_panel.total_text("unconfirmed"))
    assert items == len(panel.items) + 2  # every indicator and sections 4 and 5
    assert f"{items} item(s) not confirmed" in panel.summary.text()
    panel.show_indicator("1.1")
    assert panel.confirm()
    assert f"{items - 1} item(s) not confirmed" in panel.summary.text()
    row = panel.picker.findData("1.1")
    assert panel.picker.itemText(row).startswith("✓ ")
    assert not panel.picker.itemText(panel.picker.findData("1.2")).startswith("✓")


# ── in the window: Ctrl+Enter, the tree's ✓, Ctrl+L with the file's own indicator ─────────
@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    session = Session(qtbot, load_rubric(), tmp_path)
    w = session.open()
    w.remember_choices = False
    folder = make_submission(tmp_path)
    with qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT):
        w.open_path(folder)
    qtbot.waitExposed(w)
    w.activateWindow()
    yield w
    session.close()


def test_ctrl_enter_confirms_and_the_tree_shows_a_tick(qtbot, window):
    panel, store = window.scoring.panel, window.workspace.store.store
    unit = window.workspace.review_unit
    index = window.tree_model.indicator_index("1.6")
    window.tree.setCurrentIndex(index)
    assert not index.data().startswith("✓")
    panel.view.notes.setFocus()
    qtbot.waitUntil(panel.view.notes.hasFocus, timeout=2000)
    qtbot.keyClick(panel.view.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert store.item(unit, "1.6").confirmed
    assert "\n" not in panel.view.notes.toPlainText()  # the shortcut, not a new line
    assert window.tree_model.indicator_index("1.6").data().startswith("✓ 1.6")


def test_ctrl_l_links_to_the_previewed_files_own_indicator(qtbot, window):
    panel, store = window.scoring.panel, window.workspace.store.store
    unit = window.workspace.review_unit
    path = "1.3 领导小组/领导小组文件.pdf"
    with qtbot.waitSignal(window.preview.loaded, timeout=30_000):
        window.nav.go_to_file(path)
    asked = []

    def ask(_parent, _items, asked_path, own, current):
        asked.append((asked_path, own, current))
        return own  # the reviewer takes the offered choice: the file's own indicator

    panel.ask_target = ask
    window.tree.setCurrentIndex(window.tree_model.indicator_index("1.1"))
    assert window.preview.record.path == path  # still previewing the 1.3 file
    link = next(a for a in window.scoring.actions_ if a.shortcut().toString() == "Ctrl+L")
    link.trigger()
    assert asked == [(path, "1.3", "1.1")]
    assert [e.path for e in store.item(unit, "1.3").evidence] == [path]
    assert store.item(unit, "1.1").evidence == []  # not the tree's indicator
    assert "1.3" in window.statusBar().currentMessage()

    # with the file's own indicator on screen there is nothing to ask
    panel.ask_target = lambda *a: pytest.fail("asked although the file's indicator is on screen")
    window.tree.setCurrentIndex(window.tree_model.indicator_index("1.3"))
    link.trigger()
    assert len(store.item(unit, "1.3").evidence) == 2


def test_accept_finding_dialog_starts_in_the_note_and_tab_reaches_ok(qtbot):
    from app.findings import finding
    from app.model import FileKind, FileRecord
    from ui.dialogs import AcceptDialog

    record = FileRecord("x.pdf", 1, FileKind.PDF, "pdf", findings=[finding("name.missing_unit")])
    dialog = AcceptDialog(record, "name.missing_unit")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.note.hasFocus, timeout=2000)  # typing starts where the note goes
    qtbot.keyClicks(dialog.note, "checked")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.ok  # one Tab, not Shift+Tab ×3
    assert "\t" not in dialog.note.toPlainText()
    qtbot.keyClick(dialog.ok, Qt.Key.Key_Space)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.choice() == ("name.missing_unit", "checked")
