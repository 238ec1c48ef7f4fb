"""A reviewer's pass over the demo unit with the keyboard alone, counted key by key.

Walks every problem (F8), goes to the scoring mode, confirms every indicator in the tree
(Alt+↓ then Ctrl+Enter), and checks the review file has every item confirmed. The number of keys
is printed (``-s``) so the closing note can quote it; the test fails if the walk stops working
anywhere (a key that lands nowhere, an item the keyboard cannot reach).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.rubric import load_rubric
from tests.gui_session import Session

CTRL, ALT, NONE = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.NoModifier,
)


@pytest.fixture
def demo(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    session = Session(qtbot, load_rubric(), tmp_path)
    w = session.open()
    assert session.scan_demo() == "done"
    qtbot.waitExposed(w)
    w.activateWindow()
    yield w
    session.close()


def test_the_demo_unit_is_reviewed_and_scored_by_keyboard_alone(qtbot, demo):
    w = demo
    keys: list[str] = []

    def press(key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
        target = QApplication.focusWidget() or w
        assert target.window() is w, f"focus left the window before key {len(keys) + 1}"
        keys.append(f"{modifier.name}+{key.name}")
        qtbot.keyClick(target, key, modifier)

    # 1. every file with a problem, in turn, until F8 wraps round to the first one again
    press(Qt.Key.Key_1, CTRL)  # into the indicator tree
    seen: list[str] = []
    for _ in range(60):
        press(Qt.Key.Key_F8)
        current = w.preview.record.path if w.preview.record is not None else None
        if current in seen:
            break
        seen.append(current)
    problem_files = {
        f.path
        for f in w.workspace.report.files
        if any(x.severity in ("error", "warning") for x in f.findings)
    }
    assert set(seen) == problem_files and seen, (seen, problem_files)

    # 2. the scoring mode, then every indicator of the tree: Alt+↓ to it, Ctrl+Enter to confirm
    press(Qt.Key.Key_3, ALT)
    press(Qt.Key.Key_1, CTRL)
    store, unit = w.workspace.store.store, w.workspace.review_unit
    codes = [ind.code for ind in load_rubric().indicators]
    press(Qt.Key.Key_Home)  # the tree's first row
    for n, code in enumerate(codes):
        press(Qt.Key.Key_Down, ALT)  # the next indicator (section rows are passed over)
        assert w.scoring.panel.code == code, (n, code, w.scoring.panel.code)
        press(Qt.Key.Key_Return, CTRL)
        assert store.item(unit, code).confirmed, code
    # 3. sections 4 and 5 (减分项, 教育诉求) sit below the items: Tab down to each 已确认 box, Space
    boxes = w.scoring.panel.unit_panel.section_confirm
    press(Qt.Key.Key_5, CTRL)  # into the scoring panel
    for section in sorted(boxes):
        for _ in range(80):
            if QApplication.focusWidget() is boxes[section]:
                break
            press(Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is boxes[section], f"Tab never reached section {section}"
        press(Qt.Key.Key_Space)
    score = store.score(unit)
    review = store.unit(unit)
    unconfirmed = [i.code for i in score.items if not review.item(i.code).confirmed]
    assert unconfirmed == []
    print(
        f"\nkeyboard-only review of the demo: {len(keys)} keys "
        f"({len(seen) + 1} F8 for {len(seen)} problem files, {len(codes)} indicators and sections 4-5 confirmed)"
    )
