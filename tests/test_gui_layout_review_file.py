"""Issue 13: the review file in use is visible and can be changed (File → New / Open / Save As),
and ``evcheck gui --screenshot --size``."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from app.review.model import ReviewError
from app.review.store import ReviewStore
from app.rubric import load_rubric
from tests.gui_session import Session
from ui import settings as S
from ui.review_file import copy_review_file
from ui.screenshot import parse_size

RUBRIC = load_rubric()
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def session(qtbot, tmp_path: Path):
    s = Session(qtbot, RUBRIC, tmp_path)
    yield s
    s.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_review_file_in_use_is_named_in_the_status_bar_and_title(session):
    w = session.open()
    assert session.review_path.name in w.review_label.text()
    assert str(session.review_path) in w.review_label.toolTip()
    assert session.review_path.name in w.windowTitle()


def test_save_as_copies_everything_and_continues_in_the_copy(session, tmp_path):
    w = session.open()
    session.scan_demo()
    unit = w.workspace.review_unit
    path = w.workspace.report.files[0].path
    assert w.workspace.reassign([path], "1.2", None)
    original_units = ReviewStore.open(session.review_path, RUBRIC).units()
    copy = tmp_path / "elsewhere" / "lead.evreview"
    copy.parent.mkdir()
    with session.qtbot.waitSignal(w.scan_finished, timeout=120_000):
        assert w.review_files.save_as(copy)
    assert w.review_path() == copy
    assert copy.name in w.review_label.text() and copy.name in w.windowTitle()
    assert session.settings.get(S.REVIEW_FILE) == str(copy)
    # the copy is a complete, self-contained review file with the correction in it
    assert not Path(str(copy) + "-wal").exists() or Path(str(copy) + "-wal").stat().st_size == 0
    with ReviewStore.open(copy, RUBRIC) as store:
        assert store.units() == original_units
        assert any(key.endswith(path.rsplit("/", 1)[-1]) for key in store.corrections(unit).reassign)
    # the next edit goes to the copy, not to the original
    before = ReviewStore.open(session.review_path, RUBRIC)
    old = dict(before.corrections(unit).reassign)
    before.close()
    other = w.workspace.report.files[1].path
    assert w.workspace.reassign([other], "1.3", None)
    with ReviewStore.open(session.review_path, RUBRIC) as store:
        assert dict(store.corrections(unit).reassign) == old
    with ReviewStore.open(copy, RUBRIC) as store:
        assert len(store.corrections(unit).reassign) == len(old) + 1


def test_save_as_onto_the_file_in_use_is_refused(session):
    w = session.open()
    with pytest.raises(ReviewError):
        copy_review_file(session.review_path, session.review_path)
    assert not w.review_files.save_as(session.review_path)
    assert w.review_path() == session.review_path
    assert "正在使用" in w.banner.text()


def test_copy_is_consistent_while_the_source_has_uncheckpointed_writes(tmp_path):
    source = tmp_path / "a.evreview"
    store = ReviewStore.create(source, RUBRIC, "甲")
    store.add_unit("甲单位", submission="x")
    # an open writer, WAL mode: the edit may still be in the -wal file
    copy = tmp_path / "b.evreview"
    copy_review_file(source, copy)
    store.close()
    with ReviewStore.open(copy, RUBRIC) as c:
        assert c.units() == ["甲单位"]
    assert sqlite3.connect(copy).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not list(tmp_path.glob(".evcheck-copy-*"))  # no temporary file left behind


def test_new_review_file_starts_empty_and_never_replaces_an_existing_one(session, tmp_path, monkeypatch):
    w = session.open()
    session.scan_demo()
    existing = tmp_path / "taken.evreview"
    ReviewStore.create(existing, RUBRIC, "乙").close()
    before = digest(existing)
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(existing), ""))
    assert not w.review_files.ask_new()
    assert digest(existing) == before and w.review_path() == session.review_path
    fresh = tmp_path / "fresh"  # no suffix: .evreview is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(fresh), ""))
    with session.qtbot.waitSignal(w.scan_finished, timeout=120_000):
        assert w.review_files.ask_new()
    assert w.review_path() == fresh.with_suffix(".evreview")
    assert session.settings.get(S.REVIEW_FILE) == str(fresh.with_suffix(".evreview"))


def test_opening_a_file_that_is_not_a_review_changes_nothing(session, tmp_path, monkeypatch):
    w = session.open()
    bogus = tmp_path / "notes.evreview"
    bogus.write_bytes(b"this is not a database" * 100)
    before = digest(bogus)
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bogus), ""))
    assert not w.review_files.ask_open()
    assert digest(bogus) == before
    assert w.review_path() == session.review_path
    assert w.banner.text()
    # and a real one opens, and becomes the remembered file
    other = tmp_path / "other.evreview"
    ReviewStore.create(other, RUBRIC, "丙").close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    assert w.review_files.ask_open()
    assert w.review_path() == other
    assert w.scoring.panel.store is w.workspace.session.store
    assert session.settings.get(S.REVIEW_FILE) == str(other)


# ── --screenshot --size ──────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "text,size", [("1366x768", (1366, 768)), ("1280×720", (1280, 720)), (" 1920 X 1080 ", (1920, 1080))]
)
def test_size_is_read_as_width_by_height(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "1366", "1366x", "axb", "100x100", "99999x768"])
def test_a_bad_size_is_refused_with_a_plain_message(text):
    with pytest.raises(ValueError, match="尺寸"):
        parse_size(text)


def _env(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    return env


def test_screenshot_takes_a_size_and_a_mode(tmp_path):
    shot = tmp_path / "score.png"
    gui = [sys.executable, "-m", "evcheck", "gui", "--demo", "--screenshot", str(shot)]
    run = subprocess.run(
        [*gui, "--size", "1366x768", "--mode", "score"],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    with Image.open(shot) as img:
        assert img.size == (1366, 768)
    bad = subprocess.run(
        [sys.executable, "-m", "evcheck", "gui", "--demo", "--screenshot", str(shot), "--size", "huge"],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "尺寸" in bad.stderr
