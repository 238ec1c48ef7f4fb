"""The preview pane: the selected file, its findings with fix sentences, and its actions."""

from __future__ import annotations

import html
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.discover import Entry
from app.findings import fix_for
from app.model import FileRecord
from ui.models.presentation import colour, severity_label
from ui.preview.content import PreviewContent, load_preview, locate, read_bytes
from ui.preview.viewers import FIT_PAGE, FIT_WIDTH, ZOOM_STEP, ImageViewer, PdfViewer, Placeholder
from ui.tasks import TaskRunner


class PreviewPane(QWidget):
    loaded = Signal(str, str)  # path, "pdf" | "image" | "placeholder"
    hit_shown = Signal(bool)  # after show_hit: whether the hit is marked on the page

    def __init__(self, tasks: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl  # replaced in tests
        self._source: Path | None = None
        self._record: FileRecord | None = None
        self._entries: dict[str, Entry] = {}
        self._generation = 0
        self._temp_dirs: list[Path] = []
        self.shown = ""  # what is on screen: "pdf" | "image" | "placeholder" | ""
        self.focus_code: str | None = None  # the finding chosen in the All Findings list, marked
        self._hit: tuple[int, str, int] | None = None  # a search hit to show once the file is loaded

        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setStyleSheet("color: #546e7a;")
        self.page_label = QLabel()
        self.zoom_label = QLabel()

        self.pdf = PdfViewer()
        self.image = ImageViewer()
        self.placeholder = Placeholder()
        self.stack = QStackedWidget()
        for w in (self.placeholder, self.pdf, self.image):
            self.stack.addWidget(w)
        self.findings = QTextBrowser()
        self.findings.setOpenLinks(False)

        self._make_actions()
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.act_prev_page, self.act_next_page):
            bar.addAction(a)
        bar.addWidget(self.page_label)
        bar.addSeparator()
        for a in (self.act_zoom_out, self.act_zoom_in, self.act_fit, self.act_fit_page):
            bar.addAction(a)
        bar.addWidget(self.zoom_label)
        outside = QToolBar()
        outside.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.act_open_external, self.act_show_folder):
            outside.addAction(a)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.stack)
        split.addWidget(self.findings)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.where)
        layout.addWidget(outside)
        layout.addWidget(bar)
        layout.addWidget(split, 1)
        self.pdf.page_changed.connect(lambda _page, _count: self._update_actions())
        self.pdf.zoom_changed.connect(self._show_zoom)
        self.image.zoom_changed.connect(self._show_zoom)
        self.clear()

    def _make_actions(self) -> None:
        def act(text: str, keys: QKeySequence | str | None, slot: Callable[[], None]) -> QAction:
            a = QAction(text, self)
            if keys is not None:
                a.setShortcut(QKeySequence(keys))
            # only while the focus is inside this pane: several panes (the 需核实 view compares two
            # files) would otherwise share each key, and Qt ignores an ambiguous shortcut
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(slot)
            return a

        self.act_prev_page = act(
            self.tr("Previous Page"), QKeySequence.StandardKey.MoveToPreviousPage, self.prev_page
        )
        self.act_next_page = act(
            self.tr("Next Page"), QKeySequence.StandardKey.MoveToNextPage, self.next_page
        )
        # Ctrl+= is the zoom-in key people press (no Shift); Ctrl++ is Qt's standard one
        self.act_zoom_in = act(self.tr("Zoom In"), "Ctrl+=", lambda: self._zoom(ZOOM_STEP))
        self.act_zoom_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.act_zoom_out = act(self.tr("Zoom Out"), "Ctrl+-", lambda: self._zoom(1 / ZOOM_STEP))
        self.act_fit = act(self.tr("Fit Width"), "Ctrl+0", self.fit_width)
        self.act_fit_page = act(self.tr("Fit Page"), "Ctrl+9", self.fit_page)
        self.act_open_external = act(self.tr("Open with System Viewer"), "Ctrl+E", self.open_external)
        self.act_show_folder = act(self.tr("Show in Folder"), "Ctrl+Shift+E", self.show_in_folder)

    def actions_for_menu(self) -> list[QAction | None]:
        """The pane's actions for the window's Preview menu (None marks a separator).  Their keys
        then work anywhere in the window: this pane is the window's preview."""
        actions: list[QAction | None] = [
            self.act_prev_page,
            self.act_next_page,
            None,
            self.act_zoom_in,
            self.act_zoom_out,
            self.act_fit,
            self.act_fit_page,
            None,
            self.act_open_external,
            self.act_show_folder,
        ]
        for a in actions:
            if a is not None:
                a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        return actions

    # ── showing a file ───────────────────────────────────────────────────────────────────
    @property
    def record(self) -> FileRecord | None:
        return self._record

    def clear(self, message: str = "") -> None:
        self._generation += 1
        self._record = None
        self.focus_code = None
        self._hit = None
        self.pdf.clear()
        self.image.clear()
        self.title.setText(self.tr("No file selected"))
        self.where.setText("")
        self.placeholder.setText(message or self.tr("Select a file to preview it here."))
        self.stack.setCurrentWidget(self.placeholder)
        self.findings.clear()
        self.shown = ""
        self._update_actions()

    def show_file(self, source: Path, record: FileRecord, entries: dict[str, Entry]) -> None:
        if self._same_file(source, record):
            # the same file of the same check, re-evaluated by a correction or given its content:
            # refresh the text only (the page stays).  A re-scan makes new records, so a file
            # changed on disk is loaded again.
            self._record = record
            self._show_details(record)
            return
        self._generation += 1
        gen = self._generation
        self._source, self._record, self._entries = source, record, entries
        self.focus_code = None
        self._hit = None
        self.title.setText(record.name)
        self._show_details(record)
        self.pdf.clear()
        self.image.clear()
        self.placeholder.setText(self.tr("Loading…"))
        self.stack.setCurrentWidget(self.placeholder)
        self.shown = ""
        self._update_actions()
        self.tasks.call(
            "preview",
            lambda: load_preview(source, record, entries),
            on_done=lambda content: self._present(gen, content),
            on_error=lambda exc: self._present(
                gen, PreviewContent(record.path, "placeholder", message=str(exc))
            ),
        )

    def _same_file(self, source: Path, record: FileRecord) -> bool:
        old = self._record
        if old is None or self._source != source or old.path != record.path:
            return False
        # the session's views of one check share each file's inspection results
        return record is old or record.inspected is old.inspected

    def show_hit(self, page: int, text: str, nth: int = 0) -> None:
        """Go to ``page`` (0-based) of the file shown or being loaded, ``text`` marked on it (its
        ``nth`` occurrence there) when the PDF's text layer has it.  ``hit_shown`` says which."""
        self._hit = (page, text, nth)
        if self.shown:
            self._apply_hit()

    def _apply_hit(self) -> None:
        hit, self._hit = self._hit, None
        if hit is None:
            return
        marked = self.pdf.highlight(*hit) if self.shown == "pdf" else False
        self._update_actions()
        self.hit_shown.emit(marked)

    def _present(self, gen: int, content: PreviewContent) -> None:
        if gen != self._generation:
            return  # another file was selected meanwhile
        problem = ""
        if content.kind == "pdf":
            problem = (
                self.pdf.load_file(str(content.file))
                if content.file
                else self.pdf.load_bytes(content.data or b"")
            )
            if not problem:
                self.stack.setCurrentWidget(self.pdf)
        elif content.kind == "image" and content.image is not None:
            self.stack.setCurrentWidget(self.image)
            self.image.show_image(content.image)
        else:
            problem = content.message
        if problem:
            self.placeholder.setText(problem)
            self.stack.setCurrentWidget(self.placeholder)
        self.shown = "placeholder" if problem else content.kind
        self._update_actions()
        self.loaded.emit(content.path, self.shown)
        self._apply_hit()

    def _show_details(self, record: FileRecord) -> None:
        parts = [record.path]
        if record.indicator or record.school:
            parts.append(
                self.tr("Indicator %1 · %2")
                .replace("%1", record.indicator or self.tr("(unassigned)"))
                .replace("%2", record.school or self.tr("whole unit"))
            )
        self.where.setText("\n".join(parts))
        self.findings.setHtml(self._findings_html(record))

    def highlight_finding(self, code: str | None) -> None:
        """Mark one of the shown file's findings (chosen in the All Findings list) and scroll to it."""
        self.focus_code = code
        if self._record is not None:
            self.findings.setHtml(self._findings_html(self._record))
            if code:
                self.findings.scrollToAnchor(code)

    def _findings_html(self, record: FileRecord) -> str:
        if not record.findings:
            rows = [f"<p style='color:#2e7d32'>{html.escape(self.tr('No problems found in this file.'))}</p>"]
        else:
            rows = []
            for f in record.findings:
                state = "accepted" if f.code in record.accepted else f.severity
                marked = " style='background:#fff8e1'" if f.code == self.focus_code else ""
                rows.append(
                    f"<p{marked}><a name='{html.escape(f.code)}'></a><b style='color:{colour(state).name()}'>[{html.escape(severity_label(state))}]</b> "
                    f"{html.escape(f.message)} <span style='color:#90a4ae'>{html.escape(f.code)}</span>"
                    + (
                        f"<br/>→ {html.escape(fix_for(f.code))}"
                        if fix_for(f.code) and state != "accepted"
                        else ""
                    )
                    + "</p>"
                )
        how = "；".join(v for v in record.how.values() if v)
        if how:
            rows.append(
                f"<p style='color:#78909c'>{html.escape(self.tr('Why it was assigned here:'))} {html.escape(how)}</p>"
            )
        return "".join(rows)

    # ── navigation ───────────────────────────────────────────────────────────────────────
    def _update_actions(self) -> None:
        """Enable what applies to what is shown; the page and zoom labels follow it (from page one:
        they are set here, after ``shown`` is known, not only when the page changes)."""
        is_pdf = self.shown == "pdf"
        self.act_prev_page.setEnabled(is_pdf and self.pdf.page() > 0)
        self.act_next_page.setEnabled(is_pdf and self.pdf.page() < self.pdf.page_count() - 1)
        for a in (self.act_zoom_in, self.act_zoom_out, self.act_fit, self.act_fit_page):
            a.setEnabled(self.shown in ("pdf", "image"))
        for a in (self.act_open_external, self.act_show_folder):
            a.setEnabled(self._record is not None)
        self.page_label.setText(
            self.tr("Page %1 / %2")
            .replace("%1", str(self.pdf.page() + 1))
            .replace("%2", str(self.pdf.page_count()))
            if is_pdf
            else ""
        )
        self._show_zoom()

    def _show_zoom(self) -> None:
        viewer = self.pdf if self.shown == "pdf" else self.image if self.shown == "image" else None
        if viewer is None:
            self.zoom_label.setText("")
            return
        percent = self.tr("%1%").replace("%1", str(round(viewer.zoom_factor() * 100)))
        fit = {FIT_WIDTH: self.tr("fit width"), FIT_PAGE: self.tr("fit page")}.get(viewer.fit_mode() or "")
        self.zoom_label.setText(
            self.tr("%1 (%2)").replace("%1", percent).replace("%2", fit) if fit else percent
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._show_zoom()  # a fit zoom changes with the pane's width

    def next_page(self) -> None:
        if self.shown == "pdf":
            self.pdf.step(1)

    def prev_page(self) -> None:
        if self.shown == "pdf":
            self.pdf.step(-1)

    def _zoom(self, factor: float) -> None:
        if self.shown == "pdf":
            self.pdf.zoom(factor)
        elif self.shown == "image":
            self.image.zoom(factor)

    def fit_width(self) -> None:
        if self.shown == "pdf":
            self.pdf.fit_width()
        elif self.shown == "image":
            self.image.fit_width()

    def fit_page(self) -> None:
        if self.shown == "pdf":
            self.pdf.fit_page()
        elif self.shown == "image":
            self.image.fit_page()

    # ── outside the app ──────────────────────────────────────────────────────────────────
    def external_file(self) -> Path | None:
        """The file to hand to another program: on disk, or a temp copy of a zip member."""
        if self._record is None or self._source is None:
            return None
        on_disk = locate(self._source, self._record.path)
        if on_disk is not None:
            return on_disk
        # a zip member: copy it to a temp folder of our own, never next to the submission
        folder = Path(tempfile.mkdtemp(prefix="evcheck-preview-"))
        self._temp_dirs.append(folder)
        target = folder / self._record.name
        target.write_bytes(read_bytes(self._source, self._record.path, self._entries))
        return target

    def open_external(self) -> None:
        try:
            file = self.external_file()
        except Exception as exc:
            self.placeholder.setText(
                self.tr("Could not copy the file out of the zip: %1").replace("%1", str(exc))
            )
            self.stack.setCurrentWidget(self.placeholder)
            return
        if file is not None:
            self.open_url(QUrl.fromLocalFile(str(file)))

    def show_in_folder(self) -> None:
        if self._record is None or self._source is None:
            return
        on_disk = locate(self._source, self._record.path)
        folder = on_disk.parent if on_disk is not None else self._source.parent
        self.open_url(QUrl.fromLocalFile(str(folder)))

    def cleanup(self) -> None:
        """Remove the temp copies made for the system viewer (called when the window closes)."""
        for folder in self._temp_dirs:
            shutil.rmtree(folder, ignore_errors=True)
        self._temp_dirs.clear()
