"""文件 → 导出评分表… in the real window: xlsx and PDF that open, this unit or all, remembered folder,
the open-folder button, and never the review file itself."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from app.rubric import load_rubric
from tests.gui_session import SCAN_TIMEOUT, Session
from tests.test_gui_scoring_window import make_submission
from ui import settings as S
from ui.export_dialog import LAST_EXPORT_FOLDER, ExportDialog


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    session = Session(qtbot, load_rubric(), tmp_path)
    w = session.open()
    folder = make_submission(tmp_path)
    with qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT):
        w.open_path(folder)
    store = w.workspace.store.store
    store.add_unit("寒亭区教管办", weight=90)  # a second unit, as after importing a colleague's
    w.settings.set(S.REVIEWER_NAME, "王芳")
    yield w
    session.close()


def save_as(monkeypatch, path: Path, seen: list | None = None) -> None:
    def fake(parent, caption, start, filters):
        if seen is not None:
            seen.append((start, filters))
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))


def dialog(qtbot, window, kind: str, every: bool) -> ExportDialog:
    d = ExportDialog(window)
    qtbot.addWidget(d)
    d.format_buttons[kind].setChecked(True)
    (d.all_units if every else d.this_unit).setChecked(True)
    return d


def test_the_file_menu_has_the_export_action(window):
    file_menu = window.menuBar().actions()[0].menu()
    assert window.scoring.export_action in file_menu.actions()
    assert window.scoring.export_action in window.acts.all  # listed with its shortcut


def test_export_writes_an_xlsx_that_opens(qtbot, window, tmp_path, monkeypatch):
    review = window.workspace.store.store.path
    before = Path(review).read_bytes()
    out = tmp_path / "out" / "评分表"  # no extension typed: .xlsx is added
    out.parent.mkdir()
    seen: list = []
    save_as(monkeypatch, out, seen)
    d = dialog(qtbot, window, "xlsx", every=True)
    written = d.export()
    assert written == out.with_name("评分表.xlsx")
    book = openpyxl.load_workbook(written)
    assert book.sheetnames[0] == "汇总" and len(book.sheetnames) == 3  # summary + 2 units
    assert "王芳" in book["汇总"]["A2"].value  # the reviewer named in the settings
    assert Path(review).read_bytes() == before  # the export never writes into the review file
    assert "*.xlsx" in seen[0][1]

    opened = []
    d.open_url = opened.append
    assert d.open_folder_button.isVisible() or not d.isVisible()
    d.open_folder_button.click()
    assert [u.toLocalFile() for u in opened] == [str(out.parent)]
    # the folder is remembered for the next export
    assert window.settings.get(LAST_EXPORT_FOLDER) == str(out.parent)
    seen.clear()
    dialog(qtbot, window, "xlsx", every=True).export()
    assert seen[0][0].startswith(str(out.parent))


def test_export_writes_a_pdf_with_a_page_per_unit(qtbot, window, tmp_path, monkeypatch):
    out = tmp_path / "评分表.pdf"
    save_as(monkeypatch, out)
    assert dialog(qtbot, window, "pdf", every=True).export() == out
    reader = PdfReader(out)
    assert len(reader.pages) == 2  # both units fit one A4 page each, whatever the CJK font

    one = tmp_path / "本单位.pdf"
    save_as(monkeypatch, one)
    d = dialog(qtbot, window, "pdf", every=False)
    assert d.this_unit.isEnabled()
    assert d.export() == one
    assert len(PdfReader(one).pages) == 1


def test_export_writes_a_csv_and_refuses_the_review_file(qtbot, window, tmp_path, monkeypatch):
    out = tmp_path / "汇总.csv"
    save_as(monkeypatch, out)
    assert dialog(qtbot, window, "csv", every=True).export() == out
    assert out.read_text(encoding="utf-8-sig").count("\n") == 3  # header + 2 units

    review = Path(window.workspace.store.store.path)
    before = review.read_bytes()
    save_as(monkeypatch, review)  # the reviewer picked the review file's own name
    d = dialog(qtbot, window, "csv", every=True)
    assert d.export() is None
    assert "review file" in d.result.text()
    assert review.read_bytes() == before
