"""The Clerk menu's rename preview (ticked rows only, undoable) and its pack flow, headless."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from app.demo import demo_paths
from app.journal import undo
from app.rename import plan_renames
from app.roster import load_roster
from app.rubric import load_rubric
from ui.clerk.menu import ClerkContext, ClerkMenu
from ui.clerk.rename_dialog import RenamePreviewDialog
from ui.clerk.rename_model import RenameTableModel
from ui.tasks import TaskRunner

RUBRIC = load_rubric()


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def demo(tmp_path: Path) -> ClerkContext:
    folder, roster, unit = demo_paths()
    target = tmp_path / unit
    shutil.copytree(folder, target)
    return ClerkContext(target, RUBRIC, load_roster(roster), unit)


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
    }


def test_model_lists_every_rename_checked_and_untick_works(qtmodeltester, demo: ClerkContext):
    plan = plan_renames(demo.folder, RUBRIC, demo.roster, demo.unit)
    model = RenameTableModel()
    model.set_renames(plan.renames)
    qtmodeltester.check(model)
    assert model.rowCount() == len(plan.renames)
    assert all(model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount()))
    assert model.index(0, 1).data(Qt.ItemDataRole.UserRole) == plan.renames[0].dst
    assert model.index(0, 1).data() == plan.renames[0].dst.rsplit("/", 1)[-1]
    assert model.selected() == {r.src for r in plan.renames}
    model.setData(model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert plan.renames[0].src not in model.selected()
    model.set_all(False)
    assert model.selected() == set()


def test_dialog_renames_only_ticked_rows_and_undo_restores(qtbot, demo: ClerkContext, tmp_path: Path):
    before = snapshot(demo.folder)
    plan = plan_renames(demo.folder, RUBRIC, demo.roster, demo.unit)
    dialog = RenamePreviewDialog(plan)
    qtbot.addWidget(dialog)
    keep = plan.renames[0]
    dialog.model.setData(
        dialog.model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    journal = dialog.apply_selected(tmp_path / "j.json")
    assert journal.status == "applied"
    assert (demo.folder / keep.src).is_file() and not (demo.folder / keep.dst).exists()
    assert all((demo.folder / r.dst).is_file() for r in plan.renames[1:])
    undo(tmp_path / "j.json")
    assert snapshot(demo.folder) == before


def test_menu_rename_flow_applies_and_asks_for_a_recheck(qtbot, demo: ClerkContext, monkeypatch):
    window = QWidget()
    qtbot.addWidget(window)
    menu = ClerkMenu(window, lambda: demo, TaskRunner())
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _w, _t, text: said.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text: said.append(text))
    monkeypatch.setattr(RenamePreviewDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    with qtbot.waitSignal(menu.folder_changed, timeout=20000):
        menu.rename()
    assert said and "evcheck" in said[-1] and ".json" in said[-1]
    assert (demo.folder / "1.7.家校沟通桥" / "1.7 潍坊市奎文区孙家小学-沟通桥机制及清单.pdf").is_file()


def test_menu_pack_asks_before_packing_with_errors(qtbot, demo: ClerkContext, monkeypatch, tmp_path: Path):
    window = QWidget()
    qtbot.addWidget(window)
    menu = ClerkMenu(window, lambda: demo, TaskRunner())
    asked: list[str] = []

    def answer(_w, _t, text):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text: said.append(text))
    out = tmp_path / "交.zip"
    menu.start_pack(demo, out, force=False)
    qtbot.waitUntil(lambda: bool(said), timeout=30000)
    # the window asks in its own words: the files with errors, and no command-line flag
    assert asked and "--force" not in asked[0] and "东关初中考核办法.pdf" in asked[0]
    assert out.is_file() and str(out) in said[0]


def test_menu_convert_flow_creates_and_sets_aside(qtbot, tmp_path: Path, monkeypatch):
    from app.demo_samples import make

    _, roster, unit = demo_paths()
    root = tmp_path / "w" / unit
    (root / "1.2 一把手").mkdir(parents=True)
    for n in (1, 2):
        (root / "1.2 一把手" / f"实验小学考核办法扫描{n}.jpg").write_bytes(make("jpeg", n))
    ctx = ClerkContext(root, RUBRIC, load_roster(roster), unit)
    window = QWidget()
    qtbot.addWidget(window)
    menu = ClerkMenu(window, lambda: ctx, TaskRunner())
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _w, _t, text: said.append(text))
    with qtbot.waitSignal(menu.folder_changed, timeout=20000):
        menu.convert()
    assert [p.name for p in (root / "1.2 一把手").iterdir()] == [
        "1.2 潍坊市奎文区实验小学-出台的考核文件（2页）.pdf"
    ]
    assert (tmp_path / "w" / f"{unit}-已转换的原件" / "1.2 一把手" / "实验小学考核办法扫描2.jpg").is_file()
    assert said and ".json" in said[-1]
