"""The content pass and full-text search in the real window (issue 15's GUI part).

OCR is faked where the test is about the window (``ContentPass.read`` replaced, as the core's
tests give ``run_content``'s answers), so these run without the OCR extra; the Ctrl+F test reads a
real text-layer PDF written here with a base-14 font (no font file needed) through the real pass.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QLocale, Qt

from app.content import ocr
from app.content.attribute import FileContent
from app.model import Progress
from app.rubric import load_rubric
from tests import content_corpus as cc
from tests.gui_session import SCAN_TIMEOUT, Session
from ui import content_pass as cp
from ui import settings as S
from ui.i18n import install_translations
from ui.models import roles
from ui.search_bar import occurrences

SCHOOL = cc.SCHOOLS[1]


def text_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF whose pages carry ASCII lines in Helvetica (a base-14 font: no font file is needed)."""
    body: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    kids = []
    for i, lines in enumerate(pages):
        page, stream_id = 4 + 2 * i, 5 + 2 * i
        kids.append(f"{page} 0 R")
        ops = ["BT", "/F1 18 Tf", "72 760 Td", "22 TL", *(f"({line}) Tj T*" for line in lines), "ET"]
        stream = "\n".join(ops).encode()
        body[page] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
            f" /Contents {stream_id} 0 R >>"
        ).encode()
        body[stream_id] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    body[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    out, offsets = bytearray(b"%PDF-1.4\n"), {}
    for k in sorted(body):
        offsets[k] = len(out)
        out += b"%d 0 obj\n" % k + body[k] + b"\nendobj\n"
    xref, size = len(out), max(body) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[k] for k in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    path.write_bytes(bytes(out))
    return path


def fake_ocr(
    texts: dict[str, str], delay: float = 0.0, gate: threading.Event | None = None, slow_after: int = 0
):
    """``run_content`` with the OCR's answers given by file name (each photo read as ``texts`` says)."""

    def read(source, report, options=None, entries=None):
        out = {}
        for n, entry in enumerate(entries or []):
            if gate is not None:
                gate.wait(10)
            time.sleep(delay if n >= slow_after else 0.0)
            text = texts.get(entry.rel.rsplit("/", 1)[-1], "")
            out[entry.rel] = FileContent(pages=[text], source="ocr" if text else None, looked=1)
            yield Progress(n + 1, len(entries), entry.rel, "content")
        return out

    return read


def photos(tmp_path: Path, count: int) -> tuple[Path, Path, list[str]]:
    folder = tmp_path / cc.UNIT
    folder.mkdir()
    names = [cc.phone_name(n, False) for n in range(count)]
    for name in names:
        cc.jpeg(Image.new("RGB", (64, 64), "white"), folder / name)
    return folder, cc.roster_csv(tmp_path / "roster.csv"), names


@pytest.fixture
def session(qapp, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    before = QLocale()
    assert install_translations(qapp, "zh_CN") == "zh_CN"  # the reviewer reads Chinese
    s = Session(qtbot, load_rubric(), tmp_path, content=True)
    s.open()
    yield s
    s.close()
    install_translations(qapp, "en")  # the other tests read the English source strings
    QLocale.setDefault(before)


def open_unit(s: Session, folder: Path, roster: Path) -> None:
    w = s.window
    w.set_roster(roster)
    w.workspace.set_unit(cc.UNIT)
    with s.qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT):
        w.open_path(folder)


def review_dump(s: Session) -> list[str]:
    db = sqlite3.connect(f"file:{s.review_path}?mode=ro", uri=True)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def test_the_pass_runs_after_a_check_and_names_the_school_from_content(session, qtbot):
    w = session.window
    folder = photos(session.tmp, 3)
    names = folder[2]
    w.content.read = fake_ocr({names[0]: f"{SCHOOL}学生资助政策制度上墙\n一、家庭经济困难学生资助"})
    progress = []
    w.content.progress.connect(progress.append)
    with qtbot.waitSignal(w.content.ended, timeout=SCAN_TIMEOUT) as ended:
        open_unit(session, folder[0], folder[1])
        before = review_dump(session)  # after the check's own suggestions
    assert ended.args == ["done"]
    record = w.workspace.file_record(names[0])
    said = {f.code: f.message for f in record.findings}
    assert record.school == SCHOOL and record.indicator == "1.1"
    assert said["name.school_from_content"] == f"文件名未写学校，按内容归属 {SCHOOL}，请核实并改名"
    assert "name.indicator_from_content" in said
    assert w.workspace.session.base.files[0].content is None  # the check's report is not edited
    assert w.workspace.file_record(names[1]).school is None
    assert progress  # the status bar was told
    assert review_dump(session) == before  # the pass never writes the review file
    # the file table shows it too (the view reached the models)
    model = w.file_panel.model
    assert SCHOOL in [model.index(r, 0).data(roles.SCHOOL) for r in range(model.rowCount())]
    # a correction re-derives on top of the content: the reviewer's reassignment wins
    assert w.workspace.reassign([names[0]], "1.5", cc.SCHOOLS[2])
    moved = w.workspace.file_record(names[0])
    assert (moved.indicator, moved.school) == ("1.5", cc.SCHOOLS[2])
    assert not any(f.code.endswith("_from_content") for f in moved.findings)


def test_progress_reaches_the_view_in_batches_at_a_bounded_rate(session, qtbot, monkeypatch):
    monkeypatch.setattr(cp, "APPLY_INTERVAL_MS", 300)
    w = session.window
    folder, roster, names = photos(session.tmp, 12)  # batches of 4 and 8
    w.content.read = fake_ocr({n: f"{SCHOOL}制度上墙" for n in names}, delay=0.05)
    changes = []
    w.workspace.report_changed.connect(lambda r: changes.append(time.monotonic()))
    texts = []
    w.content.progress.connect(lambda p: texts.append(w.progress_label.text()))
    with qtbot.waitSignal(w.content.ended, timeout=SCAN_TIMEOUT):
        open_unit(session, folder, roster)
        changes.clear()  # the check's own report
    assert any(t.startswith("正在读取内容 ") and "/12" in t for t in texts), texts
    assert 1 <= len(changes) <= 3  # the batches (2) and the end, coalesced — not once per file
    assert all(b - a >= 0.25 for a, b in itertools.pairwise(changes)) or len(changes) == 1
    assert all(w.workspace.file_record(n).school == SCHOOL for n in names)
    assert not w.progress.isVisible()


def test_cancel_stops_the_pass_and_leaves_a_consistent_view(session, qtbot):
    w = session.window
    folder, roster, names = photos(session.tmp, 12)
    gate = threading.Event()
    # the first batch (4 files) at once, then 0.5 s a file: cancelled inside the second batch
    w.content.read = fake_ocr({n: f"{SCHOOL}制度上墙" for n in names}, delay=0.5, gate=gate, slow_after=4)
    with qtbot.waitSignal(w.content.started, timeout=SCAN_TIMEOUT):
        open_unit(session, folder, roster)
    gate.set()
    qtbot.waitUntil(lambda: w.content.last is not None and w.content.last.batch >= 1, timeout=10_000)
    assert w.acts.cancel_scan.isEnabled()
    with qtbot.waitSignal(w.content.ended, timeout=5_000) as ended:
        w.acts.cancel_scan.trigger()  # Esc
    assert ended.args == ["cancelled"] and not w.content.running
    session.pool.waitForDone(10_000)
    contents = w.workspace.session.contents or {}
    assert len(contents) == 4  # the first batch, none of the second
    view = w.workspace.report
    for r in view.files:
        assert (r.content is not None) == (r.path in contents)
        assert (r.school == SCHOOL) == (r.path in contents)
    # the late answers of the stopped task change nothing
    qtbot.wait(300)
    assert w.workspace.report is view


def test_opening_other_material_cancels_the_pass(session, qtbot, tmp_path):
    w = session.window
    folder, roster, _names = photos(session.tmp, 6)
    gate = threading.Event()
    w.content.read = fake_ocr({}, gate=gate)
    with qtbot.waitSignal(w.content.started, timeout=SCAN_TIMEOUT):
        open_unit(session, folder, roster)
    assert w.content.running
    w.content.read = fake_ocr({})
    with qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT):
        w.workspace.rescan()  # a new check stops the old pass at once
        assert not w.content.running
    gate.set()
    qtbot.waitUntil(lambda: not w.content.running, timeout=10_000)


def test_setting_off_means_no_pass(session, qtbot):
    w = session.window
    session.settings.set(S.CONTENT_PASS, False)
    folder, roster, _names = photos(session.tmp, 2)
    calls = []

    def read(*args):
        calls.append(args)
        return fake_ocr({})(*args)

    w.content.read = read
    open_unit(session, folder, roster)
    qtbot.wait(200)
    assert not w.content.running and not calls and w.workspace.session.contents is None
    w.search.field.setText("资助")
    w.search.step(1)
    assert "设置" in w.search.status.text()  # says where to turn it on
    # turned on in Settings: the material on screen is read at once
    session.settings.set(S.CONTENT_PASS, True)
    with qtbot.waitSignal(w.content.ended, timeout=SCAN_TIMEOUT):
        w.content.setting_changed()
    assert calls


def test_without_the_ocr_extra_one_plain_notice_and_the_text_layers_are_still_read(
    session, qtbot, monkeypatch
):
    monkeypatch.setattr(ocr, "available", lambda: False)
    w = session.window
    w.content.workers = 1
    folder, roster, names = photos(session.tmp, 1)
    text_pdf(folder / "新建 Microsoft Word 文档.pdf", [["QINGYUN ZIZHU 2020"]])
    with qtbot.waitSignal(w.content.ended, timeout=SCAN_TIMEOUT):
        open_unit(session, folder, roster)
    text = w.banner.text()
    assert text.startswith("未安装文字识别组件") and "扫描件和照片" in text and "带文字识别的" in text
    assert "pip" not in text and "--" not in text and "命令" not in text
    notices = [n.message for n in w.workspace.report.notices if n.code == "run.ocr_missing"]
    assert notices == [text]  # the findings list says it in the same words
    contents = w.workspace.session.contents
    pdf = next(p for p in contents if p.endswith(".pdf"))
    assert contents[pdf].source == "text" and "ZIZHU" in contents[pdf].pages[0]
    assert contents[names[0]].ocr_missing


def test_ctrl_f_finds_text_in_a_text_layer_pdf_and_marks_it_on_its_page(session, qtbot, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    w = session.window
    w.content.workers = 1
    folder = session.tmp / cc.UNIT
    folder.mkdir()
    roster = cc.roster_csv(session.tmp / "roster.csv")
    name = "扫描全能王 2020-10-12 09.30.pdf"
    text_pdf(
        folder / name, [["First page"], ["Second page", "the ZIZHU policy of QINGYUN", "more zizhu here"]]
    )
    with qtbot.waitSignal(w.content.ended, timeout=SCAN_TIMEOUT):
        open_unit(session, folder, roster)
    assert w.search.find_action.shortcut().toString() == "Ctrl+F"
    assert w.acts.focus_filter.shortcut().toString() == "Ctrl+Shift+N"
    w.search.find_action.trigger()
    assert w.tabs.currentWidget() is w.search and w.search.field.hasFocus()
    w.search.field.setText("ｚｉｚｈｕ")  # full-width: folded as half-width
    with qtbot.waitSignal(w.preview.hit_shown, timeout=10_000) as shown:
        qtbot.keyClick(w.search.field, Qt.Key.Key_Return)
    assert [(h.path, h.page) for h in w.search.hits] == [(name, 2), (name, 2)]
    assert shown.args == [True]
    assert w.preview.record.path == name and w.preview.shown == "pdf"
    assert w.preview.pdf.page() == 1
    assert w.preview.pdf.highlighted() == (1, "ZIZHU")  # the page's own text is marked
    assert w.search.status.text() == f"第 1/2 处：{name}，第 2 页"
    with qtbot.waitSignal(w.preview.hit_shown, timeout=10_000) as shown:
        w.search.next_action.trigger()  # F3: the second hit on the same page
    assert shown.args == [True] and w.preview.pdf.highlighted() == (1, "zizhu")
    assert w.search.list.currentItem().text(1) == "2"
    w.search.prev_action.trigger()  # Shift+F3 back
    assert w.search.list.indexOfTopLevelItem(w.search.list.currentItem()) == 0
    w.search.field.setText("not there at all")
    w.search.step(1)
    assert w.search.hits == [] and "未找到" in w.search.status.text()


def test_occurrences_give_the_pages_own_text_of_folded_matches():
    assert occurrences("关于學生資助\n的通知，学生资助", "学生资助") == ["學生資助", "学生资助"]
    assert occurrences("ＡＢＣ abc", "abc") == ["ＡＢＣ", "abc"]
    assert occurrences("无关", "资助") == []


def test_no_duplicate_window_shortcuts_with_the_search_actions(session):
    w = session.window
    wide = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
    every = [
        k.toString()
        for a in w.findChildren(type(w.acts.quit))
        if a.shortcutContext() in wide
        for k in a.shortcuts()
    ]
    assert len(every) == len(set(every)), sorted(k for k in every if every.count(k) > 1)
    listed = dict(w.shortcut_rows())
    for action in (w.search.find_action, w.search.next_action, w.search.prev_action, w.acts.focus_filter):
        assert action.shortcut().toString() in listed[action.text().replace("&", "")]


def test_the_session_summarises_batch_by_batch_as_all_at_once(tmp_path, monkeypatch):
    from app.check import drain
    from app.review.session import ReviewSession
    from app.roster import load_roster

    monkeypatch.setattr(ocr, "available", lambda: False)
    folder, roster, names = photos(tmp_path, 3)
    rubric = load_rubric()
    texts = {n: FileContent(pages=[f"{cc.SCHOOLS[i]}制度上墙"], source="ocr") for i, n in enumerate(names)}
    texts[names[2]] = FileContent(pages=[""], ocr_missing=True)

    def session() -> ReviewSession:
        s = ReviewSession(rubric, None)
        s.roster, s.unit = load_roster(roster), cc.UNIT
        s.take(folder, drain(s.check_job(folder)))
        return s

    stepwise, whole = session(), session()
    stepwise.set_content(stepwise.base, {names[0]: texts[names[0]]})
    stepwise.set_content(stepwise.base, dict(texts), "说明")
    whole.set_content(whole.base, dict(texts), "说明")
    for a, b in zip(stepwise.view().files, whole.view().files, strict=True):
        assert (a.path, a.school, a.content) == (b.path, b.school, b.content)
    assert [n.message for n in stepwise.view().notices if n.code == "run.ocr_missing"] == ["说明"]
    assert stepwise.set_content(None, texts) is None  # stale: another check since
    schools = {f.path: f.school for f in stepwise.view().files}
    assert [schools[n] for n in names] == [cc.SCHOOLS[0], cc.SCHOOLS[1], None]
