"""The reviewer's session: source, roster, unit, the current report and corrections; no widgets.

The window calls these methods and listens to the signals.  The scan runs through the one task
helper; its result is ignored if another scan was started meanwhile (``_generation``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.check import CheckError, CheckOptions, SourceError, apply_corrections, run_check
from app.discover import Entry, discover
from app.model import Corrections, Progress, Report
from app.review.model import ReviewError
from app.roster import Roster, RosterError, load_roster
from app.rubric import Rubric
from ui.corrections import CorrectionStore, MemoryCorrectionStore
from ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)


@dataclass
class ScanResult:
    report: Report
    entries: dict[str, Entry] = field(default_factory=dict)  # zip members by path, for preview


def scan_job(
    source: Path,
    rubric: Rubric,
    roster: Roster | None,
    unit: str | None,
    corrections: Corrections | None,
    options: CheckOptions | None = None,
) -> Generator[Progress, None, ScanResult]:
    """Runs in a pool thread: the check, then the zip's member list so previews can read members."""
    report = yield from run_check(
        source, rubric=rubric, roster=roster, unit=unit, corrections=corrections, options=options
    )
    entries: dict[str, Entry] = {}
    if source.is_file():
        entries = {e.rel: e for e in discover(source).entries}
    return ScanResult(report, entries)


class Workspace(QObject):
    report_changed = Signal(object)  # Report | None
    scan_started = Signal(str)
    scan_progress = Signal(object)  # Progress
    scan_ended = Signal(str)  # "done" | "cancelled" | "failed"
    roster_changed = Signal()
    unit_changed = Signal(str)
    problem = Signal(str)  # a plain-Chinese message for the user

    def __init__(
        self, rubric: Rubric, tasks: TaskRunner, store: CorrectionStore | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.rubric = rubric
        self.tasks = tasks
        self.store: CorrectionStore = store or MemoryCorrectionStore()
        self.source: Path | None = None
        self.roster: Roster | None = None
        self.roster_path: Path | None = None
        self.unit: str | None = None
        self.file_time_limit = CheckOptions().timeout  # seconds; the window sets the reviewer's setting
        self.report: Report | None = None
        self.entries: dict[str, Entry] = {}
        self._task: Task | None = None
        self._generation = 0

    # ── roster and unit ──────────────────────────────────────────────────────────────────
    def set_roster(self, path: Path | None) -> bool:
        if path is None:
            self.roster, self.roster_path = None, None
            self.roster_changed.emit()
            return True
        try:
            roster = load_roster(path)
        except RosterError as exc:
            self.problem.emit(str(exc))
            return False
        except Exception as exc:  # an unexpected file content must not take the window down
            log.exception("roster %s", path)
            self.problem.emit(
                self.tr(
                    "Cannot read the roster %1: %2. Check that it is a CSV or XLSX file with the columns 单位,学校,别名."
                )
                .replace("%1", str(path))
                .replace("%2", str(exc))
            )
            return False
        self.roster, self.roster_path = roster, Path(path)
        if self.unit and self.unit not in roster.units:
            self.unit = None
        self.roster_changed.emit()
        return True

    def units(self) -> list[str]:
        return list(self.roster.units) if self.roster else []

    def set_unit(self, unit: str | None) -> None:
        if unit == self.unit:
            return
        self.unit = unit or None
        self.unit_changed.emit(self.unit or "")

    # ── scanning ─────────────────────────────────────────────────────────────────────────
    @property
    def scanning(self) -> bool:
        return self._task is not None

    def open_source(self, path: Path) -> None:
        self.source = Path(path)
        self.rescan()

    def rescan(self) -> None:
        if self.source is None:
            return
        self.cancel_scan()
        self._generation += 1
        gen = self._generation
        source, rubric, roster, unit = self.source, self.rubric, self.roster, self.unit
        # read on the GUI thread: the review file's connection belongs to this thread
        corrections = self._stored_corrections()
        options = CheckOptions(timeout=self.file_time_limit)
        self._task = self.tasks.start(
            "scan",
            lambda: scan_job(source, rubric, roster, unit, corrections, options),
            on_progress=lambda p: self._progress(gen, p),
            on_done=lambda r: self._done(gen, r),
            on_error=lambda e: self._failed(gen, e),
            on_cancel=lambda: self._cancelled(gen),
        )
        self.scan_started.emit(str(source))

    def _stored_corrections(self) -> Corrections | None:
        try:
            return self.store.corrections(self.review_unit)
        except ReviewError as exc:
            self.problem.emit(str(exc))
            return None

    def cancel_scan(self) -> None:
        """Stop the running scan; the previous report stays on screen, unchanged."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
            self.scan_ended.emit("cancelled")

    def shutdown(self, wait: float = 5.0) -> None:
        """Before the window closes: stop the scan and give its worker a moment to clean up."""
        task = self._task
        self.cancel_scan()
        if task is not None:
            task.wait(wait)
        self.store.close()

    def _current(self, gen: int) -> bool:
        return gen == self._generation and self._task is not None

    def _progress(self, gen: int, progress: Progress) -> None:
        if self._current(gen):
            self.scan_progress.emit(progress)

    def _done(self, gen: int, result: ScanResult) -> None:
        if not self._current(gen):
            return
        self._task = None
        report = result.report
        if report.unit and report.unit != self.unit:
            # the check inferred the unit: take it, and apply that unit's corrections
            self.unit = report.unit
            self.unit_changed.emit(report.unit)
            report = apply_corrections(report, self._stored_corrections(), self.rubric)
        self.report, self.entries = report, result.entries
        self.report_changed.emit(report)
        self.scan_ended.emit("done")

    def _failed(self, gen: int, exc: BaseException) -> None:
        if not self._current(gen):
            return
        self._task = None
        if isinstance(exc, SourceError | CheckError | RosterError):
            self.problem.emit(str(exc))
        else:
            log.error("scan failed: %r", exc)
            self.problem.emit(
                self.tr(
                    "The check stopped with an unexpected error: %1. Your saved review is not affected; press F5 to check again."
                ).replace("%1", str(exc))
            )
        self.scan_ended.emit("failed")

    def _cancelled(self, gen: int) -> None:
        # cancel_scan() already reported it; nothing else to do once the worker has stopped
        pass

    # ── corrections ──────────────────────────────────────────────────────────────────────
    @property
    def review_unit(self) -> str:
        """The unit corrections are filed under: the roster's unit, else the submission's name."""
        if self.unit:
            return self.unit
        return self.source.stem if self.source is not None else ""

    def reassign(self, paths: list[str], indicator: str | None, school: str | None) -> bool:
        return self._edit(
            lambda unit, source: [self.store.reassign(unit, p, indicator, school, source) for p in paths]
        )

    def accept_finding(self, path: str, code: str, note: str) -> bool:
        return self._edit(lambda unit, source: self.store.accept_finding(unit, path, code, note, source))

    def _edit(self, change: Callable[[str, str], object]) -> bool:
        """Save a correction, then re-evaluate the gaps at once; a refused edit is explained."""
        if self.report is None:
            return False
        try:
            change(self.review_unit, str(self.source or ""))
        except ReviewError as exc:
            self.problem.emit(str(exc))
            return False
        self._reapply()
        return True

    def _reapply(self) -> None:
        """Re-evaluate gaps from the stored corrections, without re-inspecting."""
        if self.report is None:
            return
        self.report = apply_corrections(self.report, self.store.corrections(self.review_unit), self.rubric)
        self.report_changed.emit(self.report)

    def file_record(self, path: str) -> Any:
        if self.report is None:
            return None
        return next((f for f in self.report.files if f.path == path), None)
