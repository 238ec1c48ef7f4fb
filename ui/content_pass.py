"""The content pass in the window (issue 15): after a check, read what the documents say.

After every check (and when a city's unit is shown) the core's ``run_content`` runs through the
one task helper: text layers, OCR of scans and photos, red seals.  Its results reach the view
through the review session (``ReviewSession.set_content``: content is an input of the derived
report, like the corrections), so a file named only by its content gains its school and indicator
with their warnings — and the review file is never written by the pass.

``run_content`` returns its files only at its end, so the files are read in batches that grow
(4, 8, 16, then 32 files): the first results show within seconds, and each batch's results reach
the view at most once per :data:`APPLY_INTERVAL_MS`, not once per page.  Each batch starts the
worker pool again (a fraction of a second, plus loading the OCR models once per worker);
cached files cost nothing.  Cancelling (Esc, a new check, another unit, closing the window)
keeps the batches already read — the view stays one derived from them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal

from app.content.attribute import FileContent
from app.content.run import PHASE, ContentOptions, run_content, wanted
from app.discover import Entry, discover
from app.model import Progress, Report
from ui import settings as S
from ui.settings import Settings
from ui.tasks import Task, TaskRunner
from ui.workspace import Workspace

FIRST_BATCH, LARGEST_BATCH = 4, 32
APPLY_INTERVAL_MS = 1000  # the derived report is re-emitted at most this often while reading

Reader = Callable[..., Generator[Progress, None, dict[str, FileContent]]]


def _t(text: str) -> str:
    return QCoreApplication.translate("ContentPass", text)


@dataclass(frozen=True)
class ContentProgress(Progress):
    """Progress over the whole pass, with everything read so far (a new dict per batch, never
    changed afterwards: progress may be coalesced away, the next one carries it all)."""

    contents: dict[str, FileContent] = field(default_factory=dict)
    batch: int = 0  # batches finished


def batches(
    items: Sequence[Entry], first: int = FIRST_BATCH, largest: int = LARGEST_BATCH
) -> Iterator[list[Entry]]:
    size, at = first, 0
    while at < len(items):
        yield list(items[at : at + size])
        at += size
        size = min(size * 2, largest)


def content_job(
    source: Path,
    report: Report,
    entries: Sequence[Entry] | None,
    options: ContentOptions,
    read: Reader = run_content,
) -> Generator[ContentProgress, None, dict[str, FileContent]]:
    """Runs in a pool thread: the content of every wanted file of ``report``, batch by batch."""
    yield ContentProgress(0, 0, "", PHASE)
    listing = list(entries) if entries else discover(Path(source)).entries
    want = set(wanted(report))
    targets = [e for e in listing if e.rel in want]
    total, done, results, finished = len(targets), 0, {}, 0
    for chunk in batches(targets):
        gen = read(source, report, options, chunk)
        got: dict[str, FileContent] = {}
        try:
            while True:
                try:
                    p = next(gen)
                except StopIteration as stop:
                    got = stop.value or {}
                    break
                current = p.current if p.total else ""  # the first step names the submission
                yield ContentProgress(done + p.done, total, current, PHASE, results, finished)
        finally:
            gen.close()  # cancelled: the core's finally stops its workers
        results = {**results, **got}
        done, finished = done + len(chunk), finished + 1
        yield ContentProgress(done, total, "", PHASE, results, finished)
    return results


class ContentPass(QObject):
    """Starts, feeds and stops the pass; the window shows its signals (``attach_content_pass``)."""

    started = Signal()
    progress = Signal(object)  # ContentProgress
    ended = Signal(str)  # "done" | "cancelled" | "failed"
    notice = Signal(str)  # a plain-Chinese message for the banner (once per window)

    def __init__(self, workspace: Workspace, tasks: TaskRunner, settings: Settings, parent=None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.settings = workspace, tasks, settings
        self.read: Reader = run_content  # tests give a fake OCR here
        self.workers: int | None = None
        self._task: Task | None = None
        self._base: Report | None = None  # the check the running (or last) pass is for
        self._generation = 0
        self._pending: ContentProgress | None = None
        self._applied = -1  # batches applied to the view
        self._last_apply = 0.0
        self._told_missing = False
        self.last: ContentProgress | None = None  # the last progress (the search bar reads it)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._apply_pending)
        workspace.report_changed.connect(self._report_changed)
        workspace.scan_started.connect(lambda _source: self.cancel())

    @property
    def running(self) -> bool:
        return self._task is not None

    @property
    def enabled(self) -> bool:
        return bool(self.settings.get(S.CONTENT_PASS))

    def missing_text(self) -> str:
        return self.tr(
            "Text recognition is not installed: scans and photos were not read, only the text inside "
            "PDFs. To read them too, install the evcheck version with text recognition."
        )

    # ── starting ─────────────────────────────────────────────────────────────────────────
    def _report_changed(self, _report: Report | None) -> None:
        base = self.workspace.session.base
        if base is self._base:
            return  # a correction, the signals or this pass: the same material
        self.cancel()
        self._base = None
        if base is not None:
            # after the slots of this change have run: the window ends the scan's progress first
            QTimer.singleShot(0, self, lambda: self.start(base))

    def start(self, base: Report | None = None) -> bool:
        """Read the content of the material on screen (``base``: the check it must still be)."""
        session = self.workspace.session
        base = base if base is not None else session.base
        source = self.workspace.source
        if base is None or base is not session.base or source is None or self.workspace.scanning:
            return False
        if not self.enabled or not wanted(base):
            return False
        self.cancel()
        self._generation += 1
        gen = self._generation
        self._base, self._pending, self._applied, self.last = base, None, -1, None
        options = ContentOptions(use_cache=self.workspace.use_cache, workers=self.workers)
        entries = list(self.workspace.entries.values()) or None  # a zip's members; a folder is listed
        read = self.read
        self._task = self.tasks.start(
            "content",
            lambda: content_job(source, base, entries, options, read),
            on_progress=lambda p: self._progress(gen, p),
            on_done=lambda r: self._done(gen, r),
            on_error=lambda e: self._failed(gen, e),
        )
        self.started.emit()
        return True

    def setting_changed(self) -> None:
        """The reviewer turned the pass on (read the material on screen now) or off (stop)."""
        if not self.enabled:
            self.cancel()
        elif not self.running and self.workspace.session.contents is None:
            self.start()

    def cancel(self) -> bool:
        """Stop reading; what was read so far stays in the view.  False when nothing was running."""
        if self._task is None:
            return False
        self._task.cancel()
        self._task = None
        self._generation += 1  # the stopped task's late answers are ignored
        self._apply_pending()
        self.ended.emit("cancelled")
        return True

    def stop(self, wait: float = 5.0) -> None:
        """Before the window closes: cancel and give the workers a moment to stop."""
        task = self._task
        self.cancel()
        if task is not None:
            task.wait(wait)

    # ── results ──────────────────────────────────────────────────────────────────────────
    def _progress(self, gen: int, p: ContentProgress) -> None:
        if gen != self._generation:
            return
        self.last = p
        self.progress.emit(p)
        if p.batch > self._applied and (self._pending is None or p.batch > self._pending.batch):
            self._pending = p
            wait = APPLY_INTERVAL_MS - (time.monotonic() - self._last_apply) * 1000
            if wait <= 0:
                self._apply_pending()
            elif not self._timer.isActive():
                self._timer.start(int(wait))

    def _apply_pending(self) -> None:
        self._timer.stop()
        p, self._pending = self._pending, None
        if p is not None and p.batch > self._applied:
            self._apply(p.contents, p.batch)

    def _apply(self, contents: dict[str, FileContent], batch: int) -> None:
        self._applied, self._last_apply = batch, time.monotonic()
        missing = any(c.ocr_missing for c in contents.values())
        self.workspace.set_content(self._base, contents, self.missing_text() if missing else None)
        if missing and not self._told_missing:
            self._told_missing = True
            self.notice.emit(self.missing_text())

    def _done(self, gen: int, contents: dict[str, FileContent]) -> None:
        if gen != self._generation:
            return
        self._task, self._pending = None, None
        self._timer.stop()
        self._apply(contents, 1 << 30)
        self.ended.emit("done")

    def _failed(self, gen: int, exc: BaseException) -> None:
        if gen != self._generation:
            return
        self._task = None
        self._apply_pending()
        self.ended.emit("failed")
        self.notice.emit(self.tr("Reading the file contents stopped: %1").replace("%1", str(exc)))


class _CloseWatcher(QObject):
    """Stops the pass when the window closes (the window's own closeEvent stays as it is)."""

    def __init__(self, content: ContentPass, parent: QObject) -> None:
        super().__init__(parent)
        self.content = content

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.content.stop()
        return False


def progress_text(p: ContentProgress) -> str:
    if not p.total:
        return _t("Reading contents…")  # still listing the files
    text = _t("Reading contents %1/%2").replace("%1", str(p.done)).replace("%2", str(p.total))
    name = p.current.rsplit("/", 1)[-1]
    return _t("%1: %2").replace("%1", text).replace("%2", name) if name else text


def attach_content_pass(window: Any) -> ContentPass:
    """The pass for the main window: its progress in the status bar (the scan's widgets, free once
    the check is over), Esc / Cancel Scan stops it, its notice in the banner."""
    content = ContentPass(window.workspace, window.tasks, window.settings, window)
    acts, bar = window.acts, window.statusBar()
    widgets = (window.progress, window.progress_label, window.cancel_button)

    def show(on: bool) -> None:
        if window.workspace.scanning:
            return  # the scan owns the status bar
        for w in widgets:
            w.setVisible(on)
        acts.cancel_scan.setEnabled(on)

    def progressed(p: ContentProgress) -> None:
        if not p.total:
            window.progress.setRange(0, 0)
        else:
            window.progress.setRange(0, p.total)
            window.progress.setValue(p.done)
        label = window.progress_label
        label.setText(label.fontMetrics().elidedText(progress_text(p), Qt.TextElideMode.ElideMiddle, 250))

    def started() -> None:
        bar.clearMessage()  # "Scan finished." would hide the progress for 8 s
        window.progress.setRange(0, 0)
        window.progress_label.setText(_t("Reading contents…"))
        show(True)

    def ended(outcome: str) -> None:
        show(False)
        messages = {
            "done": _t("File contents read."),
            "cancelled": _t("Reading the contents stopped; what was read so far is kept."),
        }
        if outcome in messages and not window.workspace.scanning:
            bar.showMessage(messages[outcome], 8000)

    content.started.connect(started)
    content.progress.connect(progressed)
    content.ended.connect(ended)
    content.notice.connect(window.banner.show_message)
    acts.route(acts.cancel_scan, content.cancel)  # Esc stops the pass first when it runs
    window.installEventFilter(_CloseWatcher(content, window))
    return content
