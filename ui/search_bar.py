"""Full-text search in the window (Ctrl+F): every file's text, as the content pass read it.

A tab beside Files and All Findings: type, Enter; the hits (file, page, the text around it) over
the text layers and the OCR'd scans and photos, matched folded as ``app.content.search`` does
(traditional as simplified, full width as half width).  Enter / F3 step to the next hit, Shift+Enter
/ Shift+F3 back.  A hit shows its file in the preview at that page, the hit marked when the PDF's
text layer has it; text read by OCR keeps no positions, so the page is shown and the bar says so.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.content.search import Hit, folded, search
from ui import settings as S
from ui.content_pass import ContentPass

MAX_HITS = 1000


def _t(text: str) -> str:
    return QCoreApplication.translate("SearchPanel", text)


def occurrences(page: str, query: str) -> list[str]:
    """The page's own text of each folded match of ``query``, in order: what to look for in the
    PDF's text layer (the hit list's snippets are folded text, 學 shown as 学)."""
    flat = page.replace("\n", "")
    pieces = [folded(c) for c in flat]
    starts, at = [], 0
    for piece in pieces:
        starts.append(at)
        at += len(piece)
    hay, needle = "".join(pieces), folded(query)
    found: list[str] = []
    pos = hay.find(needle) if needle else -1
    while pos >= 0:
        end = pos + len(needle)
        first = max(i for i, s in enumerate(starts) if s <= pos)
        last = max(i for i, s in enumerate(starts) if s < end)
        found.append(flat[first : last + 1])
        pos = hay.find(needle, end)
    return found


class SearchPanel(QWidget):
    """The search tab; the window's Ctrl+F / F3 / Shift+F3 act on it."""

    def __init__(self, window: Any, content: ContentPass) -> None:
        super().__init__(window)
        self.w, self.content = window, content
        self.hits: list[Hit] = []
        self._nth: list[int] = []  # each hit's place among the hits on its page
        self._query = ""
        self._texts: list[tuple[str, list[str]]] = []
        self._showing: Hit | None = None  # the hit whose preview is on its way
        self.field = QLineEdit()
        self.field.setClearButtonEnabled(True)
        self.field.setPlaceholderText(self.tr("Search the text of every file (Ctrl+F)"))
        self.field.installEventFilter(self)
        self.prev_button, self.next_button = QToolButton(), QToolButton()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #37474f;")
        self.list = QTreeWidget()
        self.list.setHeaderLabels([self.tr("File"), self.tr("Page"), self.tr("Text")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setColumnWidth(0, 180)
        self.list.setColumnWidth(1, 40)
        row = QHBoxLayout()
        for widget in (self.field, self.prev_button, self.next_button):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 2, 2)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self.field.returnPressed.connect(lambda: self.step(1))
        self.list.currentItemChanged.connect(lambda item, _old: self._show(item))
        self.w.preview.hit_shown.connect(self._hit_shown)
        window.workspace.report_changed.connect(lambda _r: self._refresh())
        content.ended.connect(lambda _outcome: self._refresh())
        self._say_state()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            back = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            if back and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.step(-1)
                return True
        return False

    # ── searching ────────────────────────────────────────────────────────────────────────
    def focus(self) -> None:
        """Ctrl+F: the search tab in front, its field ready for typing."""
        self.w.tabs.setCurrentWidget(self)
        self.field.setFocus()
        self.field.selectAll()

    def run(self, query: str) -> int:
        """Search for ``query``; the hit list is filled, nothing is shown yet.  Returns the count."""
        self._query = query
        self._texts = self.w.workspace.session.texts()
        self.hits = []
        self._nth = []
        per_page: dict[tuple[str, int], int] = {}
        for hit in search(self._texts, query):
            key = (hit.path, hit.page)
            self._nth.append(per_page.get(key, 0))
            per_page[key] = per_page.get(key, 0) + 1
            self.hits.append(hit)
            if len(self.hits) >= MAX_HITS:
                break
        self.list.blockSignals(True)
        self.list.clear()
        for hit in self.hits:
            item = QTreeWidgetItem([hit.path.rsplit("/", 1)[-1], str(hit.page), hit.snippet])
            item.setToolTip(0, hit.path)
            item.setToolTip(2, hit.snippet)
            self.list.addTopLevelItem(item)
        self.list.blockSignals(False)
        self._say_state()
        return len(self.hits)

    def step(self, delta: int) -> None:
        """Enter / F3 (``delta`` 1) and Shift+Enter / Shift+F3 (-1): the next or previous hit,
        wrapping around; a changed query is searched first and its first hit shown."""
        query = self.field.text().strip()
        if not query:
            self.focus()
            return
        if query != self._query or not self.hits:
            if not self.run(query):
                return
            target = 0 if delta > 0 else len(self.hits) - 1
        else:
            at = self.list.indexOfTopLevelItem(self.list.currentItem()) if self.list.currentItem() else -1
            target = (at + delta) % len(self.hits) if at >= 0 else 0
        self.list.setCurrentItem(self.list.topLevelItem(target))
        self.w.tabs.setCurrentWidget(self)

    def _show(self, item: QTreeWidgetItem | None) -> None:
        row = self.list.indexOfTopLevelItem(item) if item is not None else -1
        if row < 0 or row >= len(self.hits):
            return
        hit = self.hits[row]
        if self.w.workspace.file_record(hit.path) is None:
            return
        self.w.nav.go_to_file(hit.path, reveal=False)  # the preview follows the file table
        pages = dict(self._texts).get(hit.path, [])
        found = occurrences(pages[hit.page - 1], self._query) if hit.page <= len(pages) else []
        nth = self._nth[row]
        text = found[nth] if nth < len(found) else self._query
        self._showing = hit
        self.status.setText(
            self.tr("Hit %1 of %2: %3, page %4")
            .replace("%1", str(row + 1))
            .replace("%2", str(len(self.hits)))
            .replace("%3", hit.path.rsplit("/", 1)[-1])
            .replace("%4", str(hit.page))
        )
        self.w.preview.show_hit(hit.page - 1, text, sum(1 for f in found[:nth] if f == text))

    def _hit_shown(self, marked: bool) -> None:
        hit = self._showing
        if hit is None or marked:
            return
        self._showing = None
        record = self.w.workspace.file_record(hit.path)
        content = record.content if record is not None else None
        ocr = bool(content) and content.get("source") == "ocr"
        if ocr:
            text = self.tr("Page %1: this text was read by text recognition; its place cannot be marked.")
        else:
            text = self.tr("Page %1: the place of the hit cannot be marked in the preview.")
        self.status.setText(self.status.text() + "\n" + text.replace("%1", str(hit.page)))

    # ── what the search covers ───────────────────────────────────────────────────────────
    def _refresh(self) -> None:
        """New content arrived (or a new check): search again, keeping the chosen hit if it is still there."""
        texts = self.w.workspace.session.texts()
        if texts == self._texts:
            self._say_state()
            return
        if not self._query:
            self._texts = texts
            self._say_state()
            return
        current = self.list.currentItem()
        keep = (
            self.hits[self.list.indexOfTopLevelItem(current)] if current is not None and self.hits else None
        )
        self.run(self._query)
        if keep in self.hits:
            self.list.blockSignals(True)
            self.list.setCurrentItem(self.list.topLevelItem(self.hits.index(keep)))
            self.list.blockSignals(False)

    def _say_state(self) -> None:
        session = self.w.workspace.session
        parts = []
        if self._query:
            files = len({h.path for h in self.hits})
            more = "+" if len(self.hits) >= MAX_HITS else ""
            parts.append(
                self.tr("%1 hits in %2 files")
                .replace("%1", f"{len(self.hits)}{more}")
                .replace("%2", str(files))
                if self.hits
                else self.tr("Not found.")
            )
        if self.content.running:
            last = self.content.last
            read = f"{last.done}/{last.total}" if last is not None and last.total else "…"
            parts.append(
                self.tr("Still reading the contents (%1): results may be incomplete.").replace("%1", read)
            )
        elif session.base is None:
            parts.append(self.tr("Open a submission first."))
        elif session.contents is None:
            if self.w.settings.get(S.CONTENT_PASS):
                parts.append(self.tr("The contents have not been read."))
            else:
                parts.append(
                    self.tr(
                        "The file contents are not read: tick “%1” in Settings, then check again (F5)."
                    ).replace("%1", QCoreApplication.translate("Settings", S.CONTENT_PASS.label))
                )
        self.status.setText(" ".join(parts))


def attach_search(window: Any, content: ContentPass) -> SearchPanel:
    """The search tab and its actions: Ctrl+F (View menu), F3 / Shift+F3 (Go menu)."""
    panel = SearchPanel(window, content)
    window.tabs.addTab(panel, _t("Search"))

    def action(text: str, keys: str | QKeySequence.StandardKey, slot) -> QAction:
        a = QAction(text, window)
        a.setShortcut(QKeySequence(keys))
        a.triggered.connect(lambda _checked=False: slot())
        window.addAction(a)
        return a

    panel.find_action = action(_t("Search File Contents…"), QKeySequence.StandardKey.Find, panel.focus)
    panel.next_action = action(_t("Next Hit"), "F3", lambda: panel.step(1))
    panel.prev_action = action(_t("Previous Hit"), "Shift+F3", lambda: panel.step(-1))
    panel.prev_button.setDefaultAction(panel.prev_action)
    panel.next_button.setDefaultAction(panel.next_action)
    acts = window.acts
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None:
            continue
        if acts.focus_filter in menu.actions():
            menu.addAction(panel.find_action)
        if acts.next_problem in menu.actions():
            menu.addSeparator()
            menu.addActions([panel.next_action, panel.prev_action])
    return panel
