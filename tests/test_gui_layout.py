"""Issue 13: the window on a 1366×768 (and 1280×720) laptop — sizes, modes, dialogs, elision."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleOptionViewItem

from app.demo import demo_paths
from app.rename import plan_renames
from app.roster import load_roster
from app.rubric import load_rubric
from tests.gui_session import Session
from ui import layout
from ui.about import AboutDialog, ShortcutsDialog
from ui.clerk.rename_dialog import RenamePreviewDialog
from ui.crash import crash_dialog
from ui.dialogs import AcceptDialog, ReassignDialog
from ui.models.file_table import FileTableModel
from ui.models.presentation import cell_label
from ui.modes import CHECK, PREVIEW, SCORE, arrangement
from ui.settings_dialog import SettingsDialog

RUBRIC = load_rubric()
LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel taskbar
SMALL = QRect(0, 0, 1280, 680)  # 1280×720 less the taskbar


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def laptop():
    layout.set_screen_override(LAPTOP)
    yield LAPTOP
    layout.set_screen_override(None)


@pytest.fixture
def session(qtbot, tmp_path: Path, laptop):
    s = Session(qtbot, RUBRIC, tmp_path)
    yield s
    s.close()


def fits(size: QSize, area: QRect) -> bool:
    return size.width() <= area.width() and size.height() <= area.height()


# ── pure sizing ──────────────────────────────────────────────────────────────────────────
def test_clamp_brings_a_window_from_a_larger_monitor_back_whole():
    big = QRect(1500, 900, 1900, 1000)  # saved on a 4K monitor to the right
    inside = layout.clamp(big, LAPTOP)
    assert LAPTOP.contains(inside)
    assert inside.size() == QSize(1366, 728)
    assert layout.clamp(QRect(100, 50, 800, 600), LAPTOP) == QRect(100, 50, 800, 600)


def test_first_geometry_uses_the_available_area_and_leaves_room_for_the_frame():
    rect = layout.first_geometry(LAPTOP)
    frame = layout.FRAME_ALLOWANCE
    assert rect.width() == LAPTOP.width() - frame.width()
    assert rect.height() == LAPTOP.height() - frame.height()
    assert LAPTOP.contains(rect.adjusted(-frame.width() // 2, -(frame.height() - frame.width() // 2), 0, 0))


@pytest.mark.parametrize("width,height", [(1366, 728), (1280, 680), (1920, 1040)])
def test_each_mode_gives_the_room_its_task_needs(width, height):
    check, preview, score = (arrangement(m, width, height) for m in (CHECK, PREVIEW, SCORE))
    # Check: the tree and the matrix are there, no scoring dock
    assert check.main[0] >= 300 and check.main[1] >= 500 and check.dock == 0
    # Preview: a page at fit-width must be readable (A4 at ~80 % needs ~650 px)
    assert preview.main[0] == 0 and preview.main[2] >= 800 and preview.dock == 0
    # Score: the scoring form beside a page that can still be read
    assert score.dock >= 360 and score.main[2] >= 560
    for a in (check, preview, score):
        assert sum(a.main) + a.dock == width


# ── the real window ──────────────────────────────────────────────────────────────────────
def test_first_start_fills_the_available_screen_not_1280x800(session):
    w = session.open(show=False)
    assert fits(w.size(), LAPTOP)
    assert w.width() >= LAPTOP.width() - layout.FRAME_ALLOWANCE.width()
    assert w.height() >= LAPTOP.height() - layout.FRAME_ALLOWANCE.height()


@pytest.mark.parametrize("area", [LAPTOP, SMALL], ids=["1366x768", "1280x720"])
@pytest.mark.parametrize("mode", [CHECK, PREVIEW, SCORE])
def test_window_fits_in_every_mode_and_keeps_its_panes_readable(session, area, mode):
    layout.set_screen_override(area)
    w = session.open()
    session.scan_demo()
    w.setGeometry(layout.first_geometry(area))
    w.modes.set_mode(mode)
    QApplication.processEvents()
    # the window can be as small as the screen: nothing inside insists on more
    assert fits(w.minimumSizeHint(), area), w.minimumSizeHint()
    assert fits(w.size(), area)
    if mode == CHECK:
        # every indicator column of the matrix is in view, without scrolling
        header = w.matrix.horizontalHeader()
        assert header.length() <= w.matrix.viewport().width()
        assert w.matrix_model.columnCount() == len(RUBRIC.evidence_indicators)
        # the indicator names get the tree's width, not 140 px
        assert w.tree.columnWidth(0) >= w.tree.viewport().width() - 3 * 34 - 2
        assert w.tree.columnWidth(0) >= 200
        assert not w.scoring.isVisible()
    else:
        assert w.tree.width() == 0  # given way to the preview
        assert w.preview.width() >= (560 if mode == SCORE else 800)
        assert w.scoring.isVisible() == (mode == SCORE)


def test_a_shortcut_to_a_collapsed_pane_brings_it_back(session):
    w = session.open()
    w.modes.set_mode(PREVIEW)
    QApplication.processEvents()
    assert w.tree.width() == 0
    w.acts.focus_tree.trigger()
    QApplication.processEvents()
    assert w.modes.mode == CHECK and w.tree.width() > 0


def test_mode_and_pane_sizes_are_remembered(session):
    w = session.open()
    w.modes.set_mode(SCORE)
    w.main_split.setSizes([0, 500, 400])
    w.close()
    session.pool.waitForDone(5000)
    w2 = session.open()
    assert w2.modes.mode == SCORE
    assert w2.modes._sizes[SCORE]["main"][1] == w.main_split.sizes()[1]


def test_compact_matrix_shows_icons_and_says_the_word_in_the_tooltip(session):
    w = session.open()
    session.scan_demo()
    model = w.matrix_model
    row, col = next(
        (r, c)
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        if model.cell(r, c) == "met"
    )
    index = model.index(row, col)
    model.set_compact(False)
    word = cell_label("met")
    assert index.data() == word
    model.set_compact(True)
    assert index.data() == ""
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert word in index.data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole).startswith(
        RUBRIC.evidence_indicators[col].code + " "
    )


def test_file_names_are_elided_in_the_middle_with_the_full_name_on_hover(session):
    w = session.open()
    session.scan_demo()
    view = w.file_panel.view
    index = w.file_panel.proxy.index(0, FileTableModel.NAME)
    option = QStyleOptionViewItem()
    view.itemDelegateForColumn(FileTableModel.NAME).initStyleOption(option, index)
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle
    assert index.data(Qt.ItemDataRole.ToolTipRole).endswith(index.data())
    # what middle elision does for the canonical names: the distinct end stays visible
    metrics = view.fontMetrics()
    names = ["1.1 青云街道初级中学-制度文件.pdf", "1.1 青云街道初级中学-公示照片.jpg"]
    width = metrics.horizontalAdvance(names[0]) * 2 // 3
    shown = [metrics.elidedText(n, option.textElideMode, width) for n in names]
    assert shown[0] != shown[1] and shown[0].endswith(".pdf") and shown[1].endswith(".jpg")


# ── every dialog fits ────────────────────────────────────────────────────────────────────
def _check_fits(dialog, area=LAPTOP):
    dialog.show()
    QApplication.processEvents()
    try:
        assert fits(dialog.frameGeometry().size(), area), (dialog.windowTitle(), dialog.frameGeometry())
        assert fits(dialog.minimumSizeHint(), area), (dialog.windowTitle(), dialog.minimumSizeHint())
    finally:
        dialog.close()


def test_shortcut_list_scrolls_inside_the_screen(session):
    w = session.open()
    rows = w.shortcut_rows()
    assert len(rows) > 25
    small = QRect(0, 0, 1366, 500)
    layout.set_screen_override(small)
    dialog = ShortcutsDialog(rows, w)
    _check_fits(dialog, small)
    dialog.show()
    QApplication.processEvents()
    assert dialog.table.verticalScrollBar().maximum() > 0  # the rest is a scroll away
    assert dialog.table.rowCount() == len(rows)
    assert any(keys == "Alt+3" for _text, keys in rows)  # the modes are listed
    dialog.close()


def test_every_dialog_fits_the_laptop_screen(session, tmp_path):
    w = session.open()
    session.scan_demo()
    files = w.workspace.report.files
    record = next(f for f in files if f.findings)
    folder, roster, unit = demo_paths()
    copy = tmp_path / unit
    shutil.copytree(folder, copy)
    plan = plan_renames(copy, RUBRIC, load_roster(roster), unit)
    dialogs = [
        SettingsDialog(session.settings, w),
        ShortcutsDialog(w.shortcut_rows(), w),
        AboutDialog(RUBRIC, w),
        ReassignDialog(RUBRIC, list(w.workspace.report.schools), files[:5], w),
        AcceptDialog(record, None, w),
        RenamePreviewDialog(plan, w),
        crash_dialog("测试" * 200, tmp_path / "evcheck.log", "详情\n" * 400, w),
    ]
    for dialog in dialogs:
        _check_fits(dialog)


def test_the_remove_unit_question_fits(session):
    w = session.open()
    session.scan_demo()
    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append((box.frameGeometry().size(), box.minimumSizeHint()))
            box.reject()

    QTimer.singleShot(200, answer)
    assert w.scoring.ask_remove_unit() is False
    assert seen and all(fits(size, LAPTOP) and fits(hint, LAPTOP) for size, hint in seen)
