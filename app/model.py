"""The check's results: plain dataclasses shared by the pipeline, the reports and the GUI.

The JSON form of :class:`Report` is the stable contract ``evcheck.report/1``
(docs/report-format.md); field names here follow it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

REPORT_SCHEMA = "evcheck.report/1"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class FileKind(StrEnum):
    PDF = "pdf"
    IMAGE = "image"
    DOCUMENT = "document"
    ARCHIVE = "archive"
    OTHER = "other"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "severity": str(self.severity), "message": self.message}


@dataclass
class Inspection:
    """What opening a file's bytes told us; cached by (path, size, mtime)."""

    kind: FileKind
    detected: str  # the content format: "pdf", "jpeg", "png", "heic", "docx", "zip", "html", "empty", …
    findings: list[Finding] = field(default_factory=list)
    pages: int | None = None
    width: int | None = None
    height: int | None = None
    exif_date: str | None = None  # ISO date from EXIF DateTimeOriginal, when present
    # usable = counts toward a requirement: opens, not empty, not encrypted, not timed out
    usable: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class FileRecord:
    """One submitted file and everything the check concluded about it."""

    path: str  # relative to the checked folder or zip root, "/" separators, the name as stored
    size: int
    kind: FileKind
    detected: str
    indicator: str | None = None
    school: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd read from the name, for time+unit items
    findings: list[Finding] = field(default_factory=list)
    pages: int | None = None
    usable: bool = True
    sha256: str | None = None
    how: dict[str, str] = field(default_factory=dict)  # why indicator/school were chosen, for the UI
    detail: dict[str, Any] = field(default_factory=dict)  # width, height, exif_date, … from inspection
    # The evaluation's inputs, kept so corrections can be re-applied without re-inspecting:
    # findings from discovery and inspection, and the automatic classification (app.classify).
    inspected: list[Finding] = field(default_factory=list, repr=False)
    auto: Any = field(default=None, repr=False, compare=False)
    accepted: dict[str, str] = field(default_factory=dict)  # finding code → reviewer's note
    # What the file's text says (the content pass, app/content/): report field ``content``; also
    # an input of the evaluation (school/indicator from content). None when the pass did not run.
    content: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def worst(self) -> Severity | None:
        order = (Severity.ERROR, Severity.WARNING, Severity.INFO)
        for sev in order:
            if any(f.severity == sev for f in self.findings):
                return sev
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": str(self.kind),
            "indicator": self.indicator,
            "school": self.school,
            "date": self.date,
            "size": self.size,
            "pages": self.pages,
            "usable": self.usable,
            "findings": [f.to_json() for f in self.findings],
            **({"accepted": self.accepted} if self.accepted else {}),
            **({"content": self.content} if self.content is not None else {}),
        }


@dataclass(frozen=True)
class Gap:
    indicator: str
    school: str | None  # None for unit-level evidence
    need: str  # "pdf", "image" or "pdf|image"
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "school": self.school,
            "need": self.need,
            "message": self.message,
        }


class Status(StrEnum):
    MET = "met"
    GAP = "gap"
    PROBLEM = "problem"  # all requirements met, but some of its files carry errors or warnings
    OPTIONAL_MISSING = "optional_missing"
    NOT_REQUIRED = "not_required"


@dataclass
class IndicatorResult:
    """Per-indicator outcome of the evaluation: status, counts and a suggested score."""

    indicator: str
    status: Status
    files: int = 0
    usable_files: int = 0
    gaps: int = 0
    problems: int = 0
    suggested: float | None = None
    reason: str = ""
    # per school (full name) → "met" | "missing" | "problem"; empty for unit-scope indicators
    cells: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "status": str(self.status),
            "files": self.files,
            "usable_files": self.usable_files,
            "gaps": self.gaps,
            "problems": self.problems,
            "suggested": self.suggested,
            "reason": self.reason,
            "cells": self.cells,
        }


@dataclass
class Signal:
    """Something for a person to verify — a reused photo, a copy-paste document, a date that
    disagrees. Never a verdict: a signal never makes a file unusable (app/signals, docs/signals.md)."""

    code: str
    severity: Severity
    paths: tuple[str, ...]  # the file, or the pair of files
    message: str
    similarity: float | None = None  # 0…1 for pairs
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Stable identity across runs, for the reviewer's verdict in the review file."""
        return "|".join((self.code, *self.paths))

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "paths": list(self.paths),
            "similarity": self.similarity,
            "message": self.message,
            "detail": self.detail,
        }


@dataclass
class Report:
    source: str
    unit: str | None
    schools: list[str]
    rubric_id: str
    rubric_name: str
    roster: str | None
    files: list[FileRecord] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    indicators: list[IndicatorResult] = field(default_factory=list)
    notices: list[Finding] = field(default_factory=list)  # run-level messages (no roster, …)
    skipped: list[str] = field(default_factory=list)  # junk skipped quietly
    signals: list[Signal] = field(default_factory=list)  # only after the optional signals pass

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.files for x in f.findings if x.severity == Severity.ERROR)

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.files for x in f.findings if x.severity == Severity.WARNING)

    @property
    def clean(self) -> bool:
        return not self.gaps and self.error_count == 0

    def indicator_result(self, code: str) -> IndicatorResult | None:
        return next((r for r in self.indicators if r.indicator == code), None)

    def summary(self) -> dict[str, Any]:
        return {
            "files": len(self.files),
            "usable_files": sum(1 for f in self.files if f.usable),
            "errors": self.error_count,
            "warnings": self.warning_count,
            "infos": sum(1 for f in self.files for x in f.findings if x.severity == Severity.INFO),
            "gaps": len(self.gaps),
            "skipped": len(self.skipped),
            "schools": len(self.schools),
            "clean": self.clean,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": REPORT_SCHEMA,
            "source": self.source,
            "unit": self.unit,
            "schools": self.schools,
            "rubric": {"id": self.rubric_id, "name": self.rubric_name},
            "roster": self.roster,
            "files": [f.to_json() for f in self.files],
            "gaps": [g.to_json() for g in self.gaps],
            "indicators": [r.to_json() for r in self.indicators],
            "notices": [n.to_json() for n in self.notices],
            "summary": self.summary(),
            **({"signals": [s.to_json() for s in self.signals]} if self.signals else {}),
        }


@dataclass(frozen=True)
class Progress:
    """Yielded by long core work: ``done`` of ``total`` steps, the current item, the phase."""

    done: int
    total: int
    current: str = ""
    phase: str = ""


@dataclass
class Corrections:
    """A reviewer's manual corrections, stored in the review file and re-applied after every scan.

    ``reassign`` maps a file path to (indicator, school) — either may be None to clear it;
    ``accepted`` maps (path, finding code) to the reviewer's note: an accepted finding no longer
    counts as a problem (an accepted error no longer makes the file unusable).
    """

    reassign: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    accepted: dict[tuple[str, str], str] = field(default_factory=dict)
