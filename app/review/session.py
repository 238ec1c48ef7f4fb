"""A review session: one reviewer, one unit's material at a time, and the rules of the review.

Used alike by the CLI and the window (ui/workspace.py only calls it).  It owns:

* **which unit the material belongs to** — the roster match.  Material that names another unit
  than the selected one, or that holds no file, is *not admitted*: the session says why
  (:class:`Admission`) and writes nothing to the review file.  Only an admitted unit joins the
  review (``add_unit``) and gets the check's suggestions;
* **correction keys** — paths relative to the unit's own root, whatever the container: a zip whose
  entries all sit in the unit's folder and that folder opened directly share their corrections.
  Keys written by older versions (the zip's full entry path) are still found, and replaced by the
  new key when the reviewer next edits that file;
* **signal verdicts** and their rule (a problem needs a note: :func:`app.review.store.check_verdict`);
* **the report the reviewer sees**, derived — never edited in place — from the check's base report,
  the content pass's texts, the corrections and the signals (:meth:`ReviewSession.view`);
* **suggestions**, the scoring engine's (app/scoring/suggest.py).

Without a review file (it could not be opened) the same rules hold for the session only, in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.check import CheckOptions, apply_corrections, run_check
from app.content.attribute import FileContent
from app.model import Corrections, Finding, Progress, Report, Signal
from app.review.corrections import check_accept_note
from app.review.store import ReviewStore, check_verdict
from app.roster import Roster
from app.rubric import Rubric
from app.scoring.suggest import Suggestion, suggest
from app.signals.review import CLEARED, Verdict, set_verdict, verdicts

EMPTY_FOLDER = "文件夹中没有文件"
EMPTY_ZIP = "压缩包中没有文件"


@dataclass(frozen=True)
class Admission:
    """Whether the opened material joined the review as ``unit``, and if not, why (Chinese)."""

    joined: bool
    unit: str = ""
    warning: str = ""
    named: str | None = None  # the unit the material names, when it is not the selected one


NOT_OPEN = Admission(False)


def record_check(
    store: ReviewStore,
    rubric: Rubric,
    unit: str,
    report: Report,
    *,
    weight: float | None = None,
    submission: str = "",
) -> dict[str, Suggestion]:
    """Admitted material: the unit joins the review (if new) and the check's suggestions are stored."""
    if not store.has_unit(unit):
        store.add_unit(unit, weight, submission)
    suggestions = suggest(rubric, report)
    store.apply_suggestions(unit, suggestions)
    return suggestions


def material_unit(source: Path, paths: list[str], roster: Roster) -> str | None:
    """The unit the material names: by the folder's or zip's own name, else by its top folders."""
    own = source.stem if source.suffix.lower() == ".zip" else source.name
    tops = sorted({p.split("/", 1)[0] for p in paths if "/" in p})
    for text in (own, *tops):
        found = roster.find_unit(text)
        if found:
            return found
    return None


@dataclass
class _Memory:
    """Corrections and verdicts for the session only (no review file could be opened)."""

    corrections: dict[str, Corrections] = field(default_factory=dict)
    verdicts: dict[str, dict[str, Verdict]] = field(default_factory=dict)

    def of(self, unit: str) -> Corrections:
        return self.corrections.setdefault(unit, Corrections())


class ReviewSession:
    """The reviewer's session.  Not thread-safe: the review file is used from one thread only;
    :func:`check_job` is the part that may run elsewhere."""

    def __init__(
        self, rubric: Rubric, store: ReviewStore | None, *, default_weight: float | None = None
    ) -> None:
        self.rubric = rubric
        self.store = store
        self.default_weight = default_weight
        self.memory = _Memory()
        self.roster: Roster | None = None
        self.unit: str | None = None  # the selected (or inferred) roster unit
        self.source: Path | None = None
        self.base: Report | None = None  # the check's report, before corrections and signals
        self.admission: Admission = NOT_OPEN
        self.trial = False  # material that never joins the review (the in-window demo)
        self.signal_features: dict[str, dict[str, Any]] | None = None
        self.signal_options: Any = None
        self.contents: dict[str, FileContent] | None = None  # the content pass's, for ``base``
        self.content_notice: str | None = None  # the front end's words for ``run.ocr_missing``
        # what the contents say, summarised once per set_content (not on every correction)
        self._content_view: tuple[dict[str, dict[str, Any]], list[Finding]] | None = None
        self._compute_signals: Callable[..., list[Signal]] | None = None
        self._view: Report | None = None
        self._root = ""  # the unit's folder at the top of every path of the base report, with "/"

    # ── the unit ─────────────────────────────────────────────────────────────────────────
    @property
    def review_unit(self) -> str:
        """The unit the review is filed under: the roster's unit, else the submission's name."""
        if self.unit:
            return self.unit
        if self.source is None:
            return ""
        return self.source.stem if self.source.suffix.lower() == ".zip" else self.source.name

    def check_job(
        self, source: Path, options: CheckOptions | None = None
    ) -> Generator[Progress, None, Report]:
        """The check with no corrections: safe to run in another thread (reads no review file)."""
        roster, unit = self.roster, self.unit
        return run_check(source, rubric=self.rubric, roster=roster, unit=unit, options=options)

    def take(self, source: Path, base: Report, *, trial: bool = False) -> Admission:
        """The check of ``source`` finished: decide whether it joins the review, and store its
        suggestions if it does.  Nothing is written for material that is not admitted."""
        self.source, self.base, self.trial = Path(source), base, trial
        self.signal_features = None
        self.contents, self._content_view = None, None
        if self.roster is not None and base.unit:
            self.unit = base.unit
        self.admission = self._admit()
        self._root = self._prefix()
        self._derive()
        self._record()
        return self.admission

    def close(self, unit: str | None = None) -> None:
        """No material open (a city's unit that sent nothing): no report, nothing admitted, nothing
        written; ``unit`` stays selected so the window can name it."""
        self.source, self.base, self.trial = None, None, False
        self.signal_features = None
        self.contents, self._content_view = None, None
        self.unit = unit
        self.admission = NOT_OPEN
        self._root = ""
        self._view = None

    def _admit(self) -> Admission:
        assert self.base is not None and self.source is not None
        unit = self.review_unit
        if not self.base.files:
            empty = EMPTY_ZIP if self.source.suffix.lower() == ".zip" else EMPTY_FOLDER
            return Admission(
                False,
                unit,
                f"{empty}：{self.source}。请确认打开的是单位的材料文件夹或压缩包；评审文件未作改动。",
            )
        if self.roster is not None and self.unit:
            named = material_unit(self.source, [f.path for f in self.base.files], self.roster)
            if named and named != self.unit:
                return Admission(
                    False,
                    unit,
                    f"“{self.source.name}”看起来是“{named}”的材料，但当前选择的单位是“{self.unit}”。"
                    f"请在“单位”中选择“{named}”后重新检查（或改选“从文件夹名推断”）；评审文件未作改动。",
                    named,
                )
        if self.trial:
            return Admission(False, unit, "演示材料：评分和更正只作演示，不写入评审文件。")
        return Admission(True, unit)

    def _record(self) -> None:
        """An admitted unit's suggestions follow the current view (after every correction)."""
        if not self.admission.joined or self.store is None or self._view is None:
            return
        record_check(
            self.store,
            self.rubric,
            self.admission.unit,
            self._view,
            weight=self.default_weight,
            submission=str(self.source or ""),
        )

    def remove_unit(self, unit: str) -> None:
        """Take ``unit`` out of the review file, with everything recorded for it."""
        if self.store is not None:
            self.store.remove_unit(unit)
        self.memory.corrections.pop(unit, None)
        self.memory.verdicts.pop(unit, None)
        if unit == self.admission.unit:
            self.admission = replace(self.admission, joined=False, warning="该单位已从评审中移除。")

    @property
    def live(self) -> ReviewStore | None:
        """The review file, while the opened material is admitted; else corrections and verdicts
        last for the session only (another unit's material, an empty folder, the demo)."""
        return self.store if self.admission.joined else None

    # ── correction keys ──────────────────────────────────────────────────────────────────
    def _is_unit_folder(self, name: str) -> bool:
        unit = self.review_unit
        if name == unit or (self.source is not None and name in (self.source.stem, self.source.name)):
            return True
        return self.roster is not None and bool(unit) and self.roster.find_unit(name) == unit

    def _prefix(self) -> str:
        """The unit's own folder at the top of every path (a zip of the folder), else ""."""
        if self.base is None or not self.base.files:
            return ""
        paths = [f.path for f in self.base.files]
        tops = {p.split("/", 1)[0] for p in paths}
        if len(tops) == 1 and all("/" in p for p in paths):
            top = next(iter(tops))
            if self._is_unit_folder(top):
                return top + "/"
        return ""

    def key(self, path: str) -> str:
        """``path`` (as in the report) relative to the unit's own root: the stored key."""
        prefix = self._root
        return path[len(prefix) :] if prefix and path.startswith(prefix) else path

    def _legacy(self, key: str) -> str:
        """An older key that kept the unit's folder in front: the key it stands for now."""
        top, _, rest = key.partition("/")
        return rest if rest and self._is_unit_folder(top) else key

    def _stored(self) -> Corrections:
        unit = self.review_unit
        if self.live is None:
            return self.memory.of(unit)
        return self.live.corrections(unit) if unit and self.live.has_unit(unit) else Corrections()

    def corrections(self) -> Corrections:
        """The stored corrections of the current unit, keyed by the current report's paths."""
        stored = self._stored()
        if self.base is None:
            return stored
        by_key: dict[str, str] = {}
        for f in self.base.files:
            by_key.setdefault(f.path, f.path)
        for f in self.base.files:
            by_key[self.key(f.path)] = f.path

        def find(key: str) -> str | None:
            return by_key.get(self._legacy(key)) or by_key.get(key)

        out = Corrections()
        for key, target in stored.reassign.items():
            path = find(key)
            if path is not None and (path not in out.reassign or key == self.key(path)):
                out.reassign[path] = target
        for (key, code), note in stored.accepted.items():
            path = find(key)
            if path is not None and ((path, code) not in out.accepted or key == self.key(path)):
                out.accepted[(path, code)] = note
        return out

    def _old_keys(self, path: str) -> list[str]:
        """Stored keys other than the current one that stand for ``path`` (written by older versions)."""
        new = self.key(path)
        stored = self._stored()
        keys = set(stored.reassign) | {k for k, _c in stored.accepted}
        return [k for k in keys if k != new and (k == path or self._legacy(k) == new)]

    # ── corrections ──────────────────────────────────────────────────────────────────────
    def _edit(self, change: Callable[[str], None]) -> Report:
        """Make one correction for the current unit, then re-derive the view (and suggestions)."""
        if self.base is None:
            raise ValueError("no report")
        change(self.review_unit)
        self._derive()
        self._record()
        assert self._view is not None
        return self._view

    def reassign(self, paths: list[str], indicator: str | None, school: str | None) -> Report:
        def change(unit: str) -> None:
            for p in paths:
                old = self._old_keys(p)
                if self.live is None:
                    memory = self.memory.of(unit).reassign
                    for k in old:
                        memory.pop(k, None)
                    memory[self.key(p)] = (indicator, school)
                    continue
                self.live.reassign(unit, self.key(p), indicator, school)
                for k in old:
                    self.live.clear_reassignment(unit, k)

        return self._edit(change)

    def clear_reassignment(self, paths: list[str]) -> Report:
        def change(unit: str) -> None:
            for p in paths:
                for k in [self.key(p), *self._old_keys(p)]:
                    if self.live is None:
                        self.memory.of(unit).reassign.pop(k, None)
                    else:
                        self.live.clear_reassignment(unit, k)

        return self._edit(change)

    def accept_finding(self, path: str, code: str, note: str) -> Report:
        def change(unit: str) -> None:
            old = [k for k in self._old_keys(path) if (k, code) in self._stored().accepted]
            if self.live is None:
                check_accept_note(note)
                memory = self.memory.of(unit).accepted
                for k in old:
                    memory.pop((k, code), None)
                memory[(self.key(path), code)] = note.strip()
                return
            self.live.accept_finding(unit, self.key(path), code, note)
            for k in old:
                self.live.unaccept_finding(unit, k, code)

        return self._edit(change)

    def withdraw_finding(self, path: str, code: str) -> Report:
        """The accepted finding counts as a problem again."""

        def change(unit: str) -> None:
            for k in [self.key(path), *self._old_keys(path)]:
                if self.live is None:
                    self.memory.of(unit).accepted.pop((k, code), None)
                else:
                    self.live.unaccept_finding(unit, k, code)

        return self._edit(change)

    # ── signals ──────────────────────────────────────────────────────────────────────────
    def set_signal_features(
        self,
        base: Report | None,
        features: dict[str, dict[str, Any]],
        options: Any,
        compute: Callable[..., list[Signal]] | None = None,
    ) -> Report | None:
        """The signals pass read ``features`` for ``base``; stale features (a new check since) are
        dropped.  Returns the new view, or None when nothing changed."""
        if base is not self.base or base is None:
            return None
        if compute is None:
            from app.signals import compute_signals

            compute = compute_signals
        self.signal_features, self.signal_options, self._compute_signals = features, options, compute
        self._derive()
        return self._view

    # ── content (issue 15) ───────────────────────────────────────────────────────────────
    def set_content(
        self, base: Report | None, contents: dict[str, FileContent], notice: str | None = None
    ) -> Report | None:
        """The content pass read ``contents`` (all or some of the files) for ``base``: they become an
        input of the view, like the corrections (a school or indicator from content, its warnings,
        seals, 文号).  Nothing is written to the review file: the stored suggestions follow at the
        next correction or check.  ``notice``: the words of the ``run.ocr_missing`` notice in this
        front end (the core's name a pip command, for the command line).  Stale contents (a new
        check since) are dropped: returns the new view, or None."""
        if base is not self.base or base is None:
            return None
        before, known = self.contents or {}, self._content_view or ({}, [])
        fresh = {p: c for p, c in contents.items() if before.get(p) is not c}
        summaries, notices = self._summarize(base, fresh, notice)
        # a batch at a time: the files summarised before keep their summary (same FileContent)
        kept = {p: v for p, v in known[0].items() if p in contents and p not in fresh}
        codes = {n.code for n in notices}
        notices += [n for n in known[1] if n.code not in codes]
        self.contents, self.content_notice = dict(contents), notice
        self._content_view = ({**kept, **summaries}, notices)
        self._derive()
        return self._view

    def texts(self) -> list[tuple[str, list[str]]]:
        """Every read file's page texts, in the report's order (for full-text search)."""
        if self.base is None or not self.contents:
            return []
        contents = self.contents
        return [(f.path, contents[f.path].pages) for f in self.base.files if f.path in contents]

    def verdicts(self) -> dict[str, Verdict]:
        unit = self.review_unit
        if self.live is None:
            return dict(self.memory.verdicts.get(unit, {}))
        return verdicts(self.live, unit)

    def set_verdict(self, signal: Signal, status: str, note: str = "") -> Verdict | None:
        """The reviewer's verdict on ``signal`` (CLEARED takes it back); returns the one now held."""
        unit = self.review_unit
        if self.live is not None:
            set_verdict(self.live, unit, signal, status, note)
            return verdicts(self.live, unit).get(signal.key)
        mine = self.memory.verdicts.setdefault(unit, {})
        if status == CLEARED:
            mine.pop(signal.key, None)
            return None
        check_verdict(status, note)
        mine[signal.key] = Verdict(status, note.strip(), "", "", signal.code, signal.paths)
        return mine[signal.key]

    # ── the view ─────────────────────────────────────────────────────────────────────────
    def view(self) -> Report | None:
        """What the reviewer sees: the base report + corrections + signals (a new object per change)."""
        return self._view

    def _derive(self) -> None:
        base = self.base
        if base is None:
            self._view = None
            return
        # shallow copies: evaluation gives each record fresh lists; ``detail`` is copied because
        # the signals pass writes the 文号 into it
        files = [replace(f, detail=dict(f.detail)) for f in base.files]
        view = replace(base, files=files, gaps=[], indicators=[], signals=[])
        if self._content_view is not None:
            summaries, notices = self._content_view
            for f in files:
                f.content = summaries.get(f.path)
            view.notices = [n for n in base.notices if n.code != "run.ocr_missing"] + notices
        apply_corrections(view, self.corrections(), self.rubric)
        if self.signal_features is not None and self._compute_signals is not None:
            from app.signals import merge_signals

            found = self._compute_signals(
                view, self.signal_features, self.rubric, self.roster, self.signal_options
            )
            merge_signals(view, found)
        self._view = view

    def _summarize(
        self, base: Report, contents: dict[str, FileContent], notice: str | None
    ) -> tuple[dict[str, dict[str, Any]], list[Finding]]:
        """Each file's ``content`` record and the pass's notices, as ``attach_content`` gives them."""
        from app.content.run import attach_content  # the pass's module is needed only once it ran

        scratch = replace(base, files=[replace(f) for f in base.files], notices=[])
        attach_content(scratch, contents, self.rubric, self.roster)
        notices = [replace(n, message=notice) if notice else n for n in scratch.notices]
        return {f.path: f.content for f in scratch.files if f.content is not None}, notices

    def suggestions(self) -> dict[str, Suggestion]:
        return suggest(self.rubric, self._view) if self._view is not None else {}
