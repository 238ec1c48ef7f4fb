"""The scoring dock inside the real window: one store, suggestions after a check, tree selection,
linking the previewed PDF page, and undo from the Edit menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtGui import QKeySequence

from app.review.store import ReviewStore
from app.rubric import load_rubric
from tests.gui_session import SCAN_TIMEOUT, Session
from ui.main_window import MainWindow

UNIT = "奎文区教管办"


def make_submission(root: Path) -> Path:
    """A unit's folder with a two-page PDF for 1.3 and nothing else (so most items have gaps)."""
    folder = root / UNIT
    (folder / "1.3 领导小组").mkdir(parents=True)
    pages = []
    for n in (1, 2):
        page = Image.new("RGB", (420, 594), "white")
        ImageDraw.Draw(page).text((40, 40), f"page {n}", fill="black")
        pages.append(page)
    pages[0].save(folder / "1.3 领导小组" / "领导小组文件.pdf", save_all=True, append_images=pages[1:])
    return folder


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    session = Session(qtbot, load_rubric(), tmp_path)
    w = session.open()
    w.remember_choices = False
    yield w
    session.close()


def edit_action(window: MainWindow, shortcut: str):
    return next(a for a in window.scoring.actions_ if QKeySequence(shortcut) in a.shortcuts())


def test_dock_scores_the_checked_unit_with_the_windows_store(qtbot, window, tmp_path):
    panel = window.scoring.panel
    store = window.workspace.store.store
    assert panel.store is store  # the window's one writer, not a second connection

    folder = make_submission(tmp_path)
    with qtbot.waitSignal(window.scan_finished, timeout=SCAN_TIMEOUT):
        window.open_path(folder)
    unit = window.workspace.review_unit
    assert panel.unit == unit and store.has_unit(unit)
    assert store.unit(unit).weight == 100  # the settings' default weight for a new unit
    # the check's suggestions are in the review file: no 1.6 case at all → 0
    assert store.item(unit, "1.6").suggested_score == 0

    # selecting an indicator in the tree shows it in the panel
    window.tree.setCurrentIndex(window.tree_model.indicator_index("1.3"))
    assert panel.code == "1.3"

    # preview the PDF, go to page 2, link it as evidence
    path = "1.3 领导小组/领导小组文件.pdf"
    with qtbot.waitSignal(window.preview.loaded, timeout=30_000):
        window.nav.go_to_file(path)
    assert window.preview.shown == "pdf"
    window.preview.next_page()
    qtbot.waitUntil(lambda: window.preview.pdf.page() == 1, timeout=5000)
    edit_action(window, "Ctrl+L").trigger()
    [link] = store.item(unit, "1.3").evidence
    assert (link.path, link.page) == (path, 2)

    # a score edit, then undo and redo from the Edit menu's actions (Ctrl+Z / Ctrl+Shift+Z)
    before = store.score(unit).total
    window.tree.setCurrentIndex(window.tree_model.indicator_index("1.10"))
    panel.view.forms["1.10"].widgets["late_or_missing"].setValue(2)
    assert store.score(unit).total == before - 2
    assert panel.unit_panel.total_text("total") == f"{before - 2:g}"
    edit_action(window, "Ctrl+Z").trigger()
    assert store.score(unit).total == before
    edit_action(window, "Ctrl+Shift+Z").trigger()
    assert store.score(unit).total == before - 2
    # the shortcut list names the new actions
    assert any(a.shortcut() == QKeySequence("Ctrl+Z") for a in window.acts.all)


def test_notes_typed_just_before_closing_are_saved(qtbot, window, tmp_path):
    folder = make_submission(tmp_path)
    with qtbot.waitSignal(window.scan_finished, timeout=SCAN_TIMEOUT):
        window.open_path(folder)
    unit, path = window.workspace.review_unit, window.workspace.store.store.path
    window.tree.setCurrentIndex(window.tree_model.indicator_index("1.3"))
    window.scoring.panel.view.notes.setPlainText("领导小组名单缺分管副校长")
    window.close()  # before the notes' save delay has passed
    with ReviewStore.open(path, load_rubric(), readonly=True) as reader:
        assert reader.item(unit, "1.3").notes == "领导小组名单缺分管副校长"
