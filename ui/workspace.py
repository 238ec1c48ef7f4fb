"""The window's side of the review session: runs the check through the task helper and turns the
session's answers into Qt signals.  The rules (which unit, correction keys, verdicts, suggestions,
the derived report) live in :class:`app.review.session.ReviewSession`; this class only calls it.

``report_changed`` is emitted exactly once per change (a finished check, a correction, a signals
pass), with the session's newly derived report.  A scan's result is ignored if another scan was
started meanwhile (``_generation``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.check import CheckError, CheckOptions, SourceError
from app.city import UnitStatus, find_city
from app.city_layout import CityLayout
from app.discover import Entry, discover
from app.model import Progress, Report
from app.review.model import ReviewError
from app.review.session import Admission, ReviewSession
from app.review.store import ReviewStore
from app.roster import Roster, RosterError, load_roster
from app.rubric import Rubric
from ui.actions import menu_path
from ui.city_state import CityState, candidate_job, chosen, city_job
from ui.corrections import CorrectionStore, MemoryCorrectionStore
from ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)


@dataclass
class ScanResult:
    report: Report
    entries: dict[str, Entry] = field(default_factory=dict)  # zip members by path, for preview


def scan_job(source: Path, check: Generator[Progress, None, Report]) -> Generator[Progress, None, ScanResult]:
    """Runs in a pool thread: the check, then the zip's member list so previews can read members."""
    report = yield from check
    entries: dict[str, Entry] = {}
    if source.is_file():
        entries = {e.rel: e for e in discover(source).entries}
    return ScanResult(report, entries)


class Workspace(QObject):
    report_changed = Signal(object)  # Report | None: once per change
    admission_changed = Signal(object)  # Admission, after each finished check or unit removal
    scan_started = Signal(str)
    scan_progress = Signal(object)  # Progress
    scan_ended = Signal(str)  # "done" | "cancelled" | "failed"
    roster_changed = Signal()
    unit_changed = Signal(str)
    problem = Signal(str)  # a plain-Chinese message for the user
    city_changed = Signal(object)  # CityState | None: a city root was checked (or left)
    city_unit_shown = Signal(str)  # the city's unit now on screen

    def __init__(
        self, rubric: Rubric, tasks: TaskRunner, store: CorrectionStore | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.rubric = rubric
        self.tasks = tasks
        self.store: CorrectionStore = store or MemoryCorrectionStore()
        review = getattr(self.store, "store", None)
        self.session = ReviewSession(rubric, review if isinstance(review, ReviewStore) else None)
        self.source: Path | None = None
        self.roster_path: Path | None = None
        self.file_time_limit = CheckOptions().timeout  # seconds; the window sets the reviewer's setting
        self.use_cache = True  # off for the throw-away demo and screenshots
        self.trial = False  # the material being opened never joins the review (the in-window demo)
        self.entries: dict[str, Entry] = {}
        self.city: CityState | None = None  # the checked city, while a city root is open
        self.city_root: Path | None = None  # the root F5 checks again, while it is a city
        self._task: Task | None = None
        self._generation = 0

    @property
    def roster(self) -> Roster | None:
        return self.session.roster

    @property
    def unit(self) -> str | None:
        return self.session.unit

    @property
    def report(self) -> Report | None:
        return self.session.view()

    @property
    def admission(self) -> Admission:
        return self.session.admission

    # ── roster and unit ──────────────────────────────────────────────────────────────────
    def set_roster(self, path: Path | None) -> bool:
        if path is None:
            self.session.roster, self.roster_path = None, None
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
                    "Cannot read the roster %1: %2. Check that it is a spreadsheet (XLSX, XLS, ET) or CSV file with the columns 单位,学校,别名."
                )
                .replace("%1", str(path))
                .replace("%2", str(exc))
            )
            return False
        self.session.roster, self.roster_path = roster, Path(path)
        if self.unit and self.unit not in roster.units:
            self.session.unit = None
        self.roster_changed.emit()
        return True

    def units(self) -> list[str]:
        return list(self.roster.units) if self.roster else []

    def set_unit(self, unit: str | None) -> None:
        if unit == self.unit:
            return
        self.session.unit = unit or None
        self.unit_changed.emit(self.unit or "")

    # ── scanning ─────────────────────────────────────────────────────────────────────────
    @property
    def scanning(self) -> bool:
        return self._task is not None

    def open_source(self, path: Path, *, trial: bool = False) -> None:
        self.source = Path(path)
        self.trial = trial
        layout = None if trial else self.find_city(self.source)
        self.city_root = self.source if layout is not None else None
        if layout is None:
            self._leave_city()
        self.rescan(layout)

    def rescan(self, layout: CityLayout | None = None) -> None:
        if self.city_root is not None:
            self._rescan_city(layout)
            return
        if self.source is None:
            return
        self.cancel_scan()
        self._generation += 1
        gen = self._generation
        source = self.source
        options = CheckOptions(timeout=self.file_time_limit, use_cache=self.use_cache)
        check = self.session.check_job(source, options)  # roster and unit taken now, on this thread
        self._task = self.tasks.start(
            "scan",
            lambda: scan_job(source, check),
            on_progress=lambda p: self._progress(gen, p),
            on_done=lambda r: self._done(gen, r),
            on_error=lambda e: self._failed(gen, e),
            on_cancel=lambda: self._cancelled(gen),
        )
        self.scan_started.emit(str(source))

    # ── a whole city (issue 14): one job over every unit, then units switched without a check ─
    def find_city(self, path: Path) -> CityLayout | None:
        """The city layout of ``path``, or None when it is one unit's material (or no roster)."""
        if self.roster is None:
            return None
        try:
            return find_city(path, self.roster)
        except Exception:  # unreadable names must not stop the single-unit check
            log.exception("find_city %s", path)
            return None

    def _leave_city(self) -> None:
        if self.city is not None:
            self.city = None
            self.city_changed.emit(None)

    def _options(self) -> CheckOptions:
        return CheckOptions(timeout=self.file_time_limit, use_cache=self.use_cache)

    def _rescan_city(self, layout: CityLayout | None) -> None:
        root = self.city_root
        assert root is not None
        layout = layout or self.find_city(root)
        if layout is None or self.roster is None:  # no longer a city (roster changed): one unit
            self.source, self.city_root = root, None
            self._leave_city()
            self.rescan()
            return
        rubric, roster, options = self.rubric, self.roster, self._options()  # taken now, on this thread
        self._start_job(
            str(root),
            lambda: city_job(layout, rubric=rubric, roster=roster, options=options),
            self._city_done,
        )

    def _start_job(self, label: str, factory: Callable[[], Generator], done: Callable) -> None:
        self.cancel_scan()
        self._generation += 1
        gen = self._generation
        self._task = self.tasks.start(
            "city",
            factory,
            on_progress=lambda p: self._progress(gen, p),
            on_done=lambda r: self._finished(gen, r, done),
            on_error=lambda e: self._failed(gen, e),
            on_cancel=lambda: self._cancelled(gen),
        )
        self.scan_started.emit(label)

    def _finished(self, gen: int, result: Any, done: Callable[[Any], None]) -> None:
        if not self._current(gen):
            return
        self._task = None
        done(result)
        self.scan_ended.emit("done")

    def _city_done(self, state: CityState) -> None:
        keep = self.unit if self.city is not None else None
        self.city = state
        self.city_changed.emit(state)
        checked = [u.unit for u in state.report.units if u.status == UnitStatus.CHECKED]
        # units already in the review file get this check's suggestions and their corrected
        # gaps, as a re-check of one unit does; units not yet opened stay out of the review
        store = self.session.store
        for unit in checked:
            if store is not None and unit != keep and store.has_unit(unit) and not self.trial:
                self._take(state, unit)
        units = [u.unit for u in state.report.units]
        # the unit on screen stays on screen; else the first one checked, else the first one
        target = keep if keep in units else (checked or units or [""])[0]
        if not self.show_unit(target):
            self.report_changed.emit(self.report)

    def _take(self, state: CityState, unit: str) -> Admission:
        city_unit, source = state.unit(unit), state.source_of(unit)
        assert city_unit is not None and city_unit.report is not None and source is not None
        self.source, self.entries = source, state.entries.get(unit, {})
        self.session.unit = unit
        try:
            admission = self.session.take(source, city_unit.report, trial=self.trial)
        except ReviewError as exc:  # the review file refused the suggestions: the report still shows
            self.problem.emit(str(exc))
            admission = self.session.admission
        if self.report is not None:
            state.views[unit] = self.report
        return admission

    def show_unit(self, unit: str) -> bool:
        """Show a city's unit as if its material had been opened alone: its report from the city
        check, with its corrections; it joins the review as the session's rules say.  A unit
        without a report (not submitted, ambiguous, unreadable) shows nothing and writes nothing."""
        state = self.city
        city_unit = state.unit(unit) if state is not None else None
        if state is None or city_unit is None:
            return False
        before = self.unit
        if city_unit.report is not None and state.source_of(unit) is not None:
            admission = self._take(state, unit)
        else:
            self.source, self.entries = state.root, {}
            self.session.close(unit)
            admission = self.session.admission
        if self.unit != before:
            self.unit_changed.emit(self.unit or "")
        self.report_changed.emit(self.report)
        self.admission_changed.emit(admission)
        if admission.warning and not self.trial:
            self.problem.emit(admission.warning)
        self.city_unit_shown.emit(unit)
        return True

    def use_candidate(self, unit: str, label: str) -> bool:
        """An ambiguous unit: check the material ``label`` alone for ``unit`` (the lead's choice)."""
        state = self.city
        src = state.layout.sources.get(label) if state is not None else None
        if state is None or src is None or src.nested or self.roster is None:
            return False

        def done(result: tuple[Report, dict[str, Entry]]) -> None:
            chosen(state, unit, label, *result)
            self.city_changed.emit(state)
            self.show_unit(unit)

        rubric, roster, options = self.rubric, self.roster, self._options()
        self._start_job(
            label,
            lambda: candidate_job(src, unit, rubric=rubric, roster=roster, options=options),
            done,
        )
        return True

    def join_all(self) -> list[str]:
        """Open every checked unit of the city in turn, so each joins the review file as the
        session's rules say (for exporting every unit at once); the unit on screen stays."""
        state = self.city
        if state is None or self.trial:
            return []
        shown = self.unit
        joined = []
        for city_unit in state.report.units:
            checked = city_unit.status == UnitStatus.CHECKED and city_unit.unit != shown
            if checked and self._take(state, city_unit.unit).joined:
                joined.append(city_unit.unit)
        if shown:
            self.show_unit(shown)
        return joined

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
        if not self._current(gen) or self.source is None:
            return
        self._task = None
        before = self.unit
        try:
            admission = self.session.take(self.source, result.report, trial=self.trial)
        except ReviewError as exc:  # the review file refused the suggestions: the report still shows
            self.problem.emit(str(exc))
            admission = self.session.admission
        if self.unit != before:
            self.unit_changed.emit(self.unit or "")  # the check inferred the unit from the material
        self.entries = result.entries
        self.report_changed.emit(self.report)
        self.admission_changed.emit(admission)
        if admission.warning and not self.trial:
            self.problem.emit(admission.warning)
        self.scan_ended.emit("done")

    def _failed(self, gen: int, exc: BaseException) -> None:
        if not self._current(gen):
            return
        self._task = None
        if isinstance(exc, CheckError):
            self.problem.emit(self.check_error_text(exc))
        elif isinstance(exc, SourceError | RosterError):
            self.problem.emit(str(exc))
        else:
            log.error("scan failed: %r", exc)
            self.problem.emit(
                self.tr(
                    "The check stopped with an unexpected error: %1. Your saved review is not affected; press F5 to check again."
                ).replace("%1", str(exc))
            )
        self.scan_ended.emit("failed")

    def check_error_text(self, exc: CheckError) -> str:
        """A check that cannot start, in the window's words.  The core's message names command-line
        options (``--unit``); the window names its menu instead.  ``exc.candidates`` (the units the
        material may belong to) is read if the core gives it, else the roster's units are offered."""
        candidates = getattr(exc, "candidates", None)
        if candidates is None and "--unit" not in str(exc):
            return str(exc)  # e.g. an unknown unit: nothing to translate
        units = list(candidates) if candidates else self.units()
        listed = "、".join(units[:8]) + ("…" if len(units) > 8 else "")
        name = self.source.name if self.source is not None else ""
        text = (
            self.tr(
                "Cannot tell which unit “%1” belongs to. Choose it in %2 (Ctrl+U); the check then runs again."
            )
            .replace("%1", name)
            .replace("%2", menu_path("&File", "Choose Unit…"))
        )
        if listed:
            text += " " + self.tr("Units: %1.").replace("%1", listed)
        return text

    def _cancelled(self, gen: int) -> None:
        # cancel_scan() already reported it; nothing else to do once the worker has stopped
        pass

    # ── corrections (the session re-derives the report; one report_changed per change) ──────
    @property
    def review_unit(self) -> str:
        """The unit corrections are filed under: the roster's unit, else the submission's name."""
        return self.session.review_unit

    def reassign(self, paths: list[str], indicator: str | None, school: str | None) -> bool:
        return self._edit(lambda: self.session.reassign(paths, indicator, school))

    def clear_reassignment(self, paths: list[str]) -> bool:
        return self._edit(lambda: self.session.clear_reassignment(paths))

    def accept_finding(self, path: str, code: str, note: str) -> bool:
        return self._edit(lambda: self.session.accept_finding(path, code, note))

    def withdraw_finding(self, path: str, code: str) -> bool:
        return self._edit(lambda: self.session.withdraw_finding(path, code))

    def _edit(self, change: Callable[[], object]) -> bool:
        """Save a correction; the gaps are re-evaluated at once.  A refused edit is explained."""
        if self.report is None:
            return False
        try:
            change()
        except ReviewError as exc:
            self.problem.emit(str(exc))
            return False
        self.report_changed.emit(self.report)
        return True

    def set_signal_features(
        self, base: Report | None, features: dict[str, dict[str, Any]], options: Any
    ) -> bool:
        """The signals pass finished for ``base``; False when a new check made it stale."""
        if self.session.set_signal_features(base, features, options) is None:
            return False
        self.report_changed.emit(self.report)
        return True

    def set_content(self, base: Report | None, contents: dict[str, Any], notice: str | None = None) -> bool:
        """The content pass read (some of) the files of ``base``; False when a new check made it stale."""
        if self.session.set_content(base, contents, notice) is None:
            return False
        self.report_changed.emit(self.report)
        return True

    def remove_unit(self, unit: str) -> bool:
        try:
            self.session.remove_unit(unit)
        except ReviewError as exc:
            self.problem.emit(str(exc))
            return False
        self.admission_changed.emit(self.session.admission)
        return True

    def file_record(self, path: str) -> Any:
        if self.report is None:
            return None
        return next((f for f in self.report.files if f.path == path), None)
