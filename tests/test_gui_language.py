"""The window in Chinese: Qt's own dialogs included, every visible string translated, and no message
that sends the reviewer to the command line.  Only texts are compared, never rendering: no font
is needed."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMessageBox,
    QTableView,
    QTabWidget,
    QTreeView,
)

from app.demo import demo_paths
from app.rubric import load_rubric
from tests.gui_session import SCAN_TIMEOUT, Session
from ui.i18n import install_translations

# Latin words a Chinese interface still shows: names of formats, programs and keys
ALLOWED = {"evcheck", "PDF", "HEIC", "HEVC", "JPG", "PNG", "Zip", "Excel", "XLSX", "XLS", "CSV", "TXT", "MIT"}
ALLOWED |= {"OFD", "WPS", "EXIF", "Ctrl", "Shift", "SHA", "pypdf", "licenses"}
FILE_NAME = re.compile(r"[\w./\\-]*\.[A-Za-z0-9]{2,10}\b")  # data on screen: a file or folder name
CLI_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


@pytest.fixture
def chinese(qapp):
    before = QLocale()
    assert install_translations(qapp, "zh_CN") == "zh_CN"
    yield
    install_translations(qapp, "en")  # the other tests read the English source strings
    QLocale.setDefault(before)


KEYS = re.compile(r"\b(Ctrl|Alt|Shift|Meta)(\+[A-Za-z0-9=+\-]+)+")


def english_words(text: str) -> list[str]:
    text = FILE_NAME.sub("", text.replace("&", ""))
    text = KEYS.sub("", text)  # key names (Alt+1, Ctrl+Shift+A) are written so in Chinese software too
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ALLOWED]


def test_qt_standard_buttons_and_file_dialog_are_chinese(chinese):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    texts = {b.text() for b in box.buttons()}
    assert texts == {"确定", "取消"}
    message = QMessageBox(
        QMessageBox.Icon.Question, "t", "x", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    )
    assert {b.text().replace("&", "") for b in message.buttons()} == {"是(Y)", "否(N)"}
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog(None, "x")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own dialog, as on Linux
        dialog.setAcceptMode(mode)
        shown = [
            w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton) if w.text()
        ]
        assert shown and not [t for t in shown if english_words(t)], shown
        headers = dialog.findChild(QTreeView, "treeView").model()  # the detail view's columns
        columns = [headers.headerData(c, Qt.Orientation.Horizontal) for c in range(headers.columnCount())]
        assert "大小" in columns and not [c for c in columns if english_words(c)], columns
        dialog.deleteLater()


def visible_texts(window) -> list[tuple[str, str]]:
    """What the reviewer reads in the window's chrome: menus, actions, tabs, docks, labels, buttons,
    column headers and tooltips (file names and other data are left out by english_words)."""
    found: list[tuple[str, str]] = []

    def menu(m, where):
        found.append((where, m.title()))
        for a in m.actions():
            if a.menu():
                menu(a.menu(), where + " → " + a.menu().title())
            elif a.text() and not re.match(r"&\d ", a.text()):  # Open Recent lists paths
                found.append((where, a.text()))

    for top in window.menuBar().actions():
        menu(top.menu(), top.text())
    for a in window.findChildren(QAction):
        if a.text():
            found += [("action", a.text()), ("tooltip", a.toolTip())]
    for tabs in window.findChildren(QTabWidget):
        found += [("tab", tabs.tabText(i)) for i in range(tabs.count())]
    found += [("dock", d.windowTitle()) for d in window.findChildren(QDockWidget)]
    for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if w.text():
            found.append((type(w).__name__, w.text()))
        if w.toolTip():
            found.append(("tooltip", w.toolTip()))
    for view in window.findChildren(QTableView) + window.findChildren(QTreeView):
        model = view.model()
        if model is not None:
            found += [
                ("header", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                for c in range(model.columnCount())
            ]
    return found


@pytest.fixture
def window_zh(chinese, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    s = Session(qtbot, load_rubric(), tmp_path)
    s.open()
    yield s
    s.close()


def test_every_visible_string_of_the_window_is_chinese(window_zh):
    assert window_zh.scan_demo() == "done"
    w = window_zh.window
    w.signals_dock.show()
    w.acts.focus_findings.trigger()
    texts = visible_texts(w)
    assert ("dock", "待核实") in texts and ("action", "查找疑点") in texts  # once left in English
    untranslated = sorted({(where, text) for where, text in texts if text and english_words(text)})
    assert not untranslated, untranslated
    # the findings list's run notices and the file table too (no roster here: the demo has one)
    rows = [w.findings_model.index(r, c).data() for r in range(w.findings_model.rowCount()) for c in (0, 3)]
    assert not [t for t in rows if t and english_words(t)]


def test_gui_messages_name_the_menu_not_a_command_line_option(window_zh, qtbot, tmp_path):
    w = window_zh.window
    _, roster, _ = demo_paths()
    w.set_roster(roster)
    w.workspace.set_unit(None)
    folder = tmp_path / "某个文件夹"
    (folder / "1.1").mkdir(parents=True)
    (folder / "1.1" / "a.pdf").write_bytes(b"%PDF-1.4\n")
    with qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT):
        w.open_path(folder)
    text = w.banner.text()
    assert "“文件 → 选择考核单位…”" in text and "奎文区教管办" in text
    assert not CLI_FLAG.search(text)
    # without a roster the run notice says where to choose one
    with qtbot.waitSignal(w.scan_finished, timeout=SCAN_TIMEOUT) as blocker:
        w.set_roster(None)  # checks the folder again
    assert blocker.args == ["done"]
    notices = [w.findings_model.index(r, 1).data() for r in range(w.findings_model.rowCount())]
    roster_notice = next(n for n in notices if "花名册" in n)
    assert "“文件 → 选择花名册…”" in roster_notice and not CLI_FLAG.search(roster_notice)


def test_a_refused_pack_names_no_command_line_option(chinese, qapp):
    from app.pack import PackRefused
    from ui.clerk.menu import ClerkMenu

    menu = ClerkMenu(None, lambda: None, None)  # type: ignore[arg-type]
    core = PackRefused("…（命令行加 --force）。", "errors", ("1.1/坏.pdf", "1.2/空.pdf"))
    text = menu.refusal_text(core)
    assert "1.1/坏.pdf" in text and "还有 2 个文件有错误" in text and not CLI_FLAG.search(text)
    inside = menu.refusal_text(PackRefused("…请用 -o 指定…", "inside_folder"))
    assert "-o" not in inside and "文件夹" in inside
    menu.deleteLater()


def test_no_translation_gives_command_line_advice():
    """No Chinese string of the window names a command-line flag (the window has menus for that)."""
    import xml.etree.ElementTree as ET

    from app.resources import resource_path

    ts = ET.parse(resource_path("i18n") / "evcheck_zh_CN.ts")
    flagged = []
    for message in ts.getroot().iter("message"):
        translation = message.find("translation")
        texts = [f.text or "" for f in translation.findall("numerusform")] or [translation.text or ""]
        for text in [message.findtext("source", ""), *texts]:
            if CLI_FLAG.search(text) or "命令行" in text:
                flagged.append(text)
    assert not flagged, flagged
