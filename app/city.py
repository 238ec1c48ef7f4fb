"""A whole city at once: every roster unit's material under one root, each checked on its own.

Usage::

    layout = find_city(root, roster)            # None: root is one unit's material
    report = drain(run_city(layout, rubric=rubric, roster=roster))
    json.dumps(report.to_json())                # schema evcheck.city/1 (docs/report-format.md)

Units are checked one after another with ``run_check(unit=…)`` on their own folder or archive, so
nothing leaks between them, on the one shared worker pool and inspection cache of the process.
Progress counts files over the whole city; ``current`` is "unit：file".
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.check import CheckError, CheckOptions, run_check
from app.city_layout import CityLayout, UnitSource, find_city
from app.city_subtree import check_subtree, narrow
from app.discover import Discovery, SourceError, discover
from app.inspect_ahead import InspectAhead, inspecting_ahead
from app.model import Progress, Report
from app.roster import Roster
from app.rubric import Rubric

__all__ = ["CITY_SCHEMA", "CityReport", "CityUnit", "UnitStatus", "find_city", "run_city"]

CITY_SCHEMA = "evcheck.city/1"


class UnitStatus(StrEnum):
    CHECKED = "checked"
    NOT_SUBMITTED = "not_submitted"
    AMBIGUOUS = "ambiguous"  # several candidates, none guessed: see ``candidates``
    UNREADABLE = "unreadable"  # the material could not be opened: see ``message``


@dataclass
class CityUnit:
    unit: str
    status: UnitStatus
    source: str | None = None  # relative to the city root, "/" separators
    report: Report | None = None
    candidates: list[str] = field(default_factory=list)
    message: str | None = None

    @property
    def clean(self) -> bool:
        return self.status == UnitStatus.CHECKED and self.report is not None and self.report.clean

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "source": self.source,
            "status": str(self.status),
            "report": self.report.to_json() if self.report is not None else None,
            "candidates": self.candidates,
            "message": self.message,
        }


@dataclass
class CityReport:
    source: str
    roster: str | None
    rubric_id: str
    rubric_name: str
    units: list[CityUnit] = field(default_factory=list)  # roster order
    unmatched: list[str] = field(default_factory=list)  # material naming no unit, relative to the root

    @property
    def clean(self) -> bool:
        """Every unit submitted, readable, attributed, without gaps or errors."""
        return all(u.clean for u in self.units)

    def summary(self) -> dict[str, int]:
        def count(status: UnitStatus) -> int:
            return sum(1 for u in self.units if u.status == status)

        reports = [u.report for u in self.units if u.report is not None]
        return {
            "units": len(self.units),
            "checked": count(UnitStatus.CHECKED),
            "not_submitted": count(UnitStatus.NOT_SUBMITTED),
            "ambiguous": count(UnitStatus.AMBIGUOUS),
            "unreadable": count(UnitStatus.UNREADABLE),
            "gaps": sum(len(r.gaps) for r in reports),
            "errors": sum(r.error_count for r in reports),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": CITY_SCHEMA,
            "source": self.source,
            "roster": self.roster,
            "rubric": {"id": self.rubric_id, "name": self.rubric_name},
            "units": [u.to_json() for u in self.units],
            "unmatched": self.unmatched,
            "summary": self.summary(),
        }


@dataclass
class _Planned:
    unit: str
    source: UnitSource
    files: int
    # The unit's own listing, or the whole archive's for a folder inside it: listed once, for the
    # city-wide count, and handed to the check rather than listed again.
    discovery: Discovery


def _plan(layout: CityLayout, ahead: InspectAhead | None = None) -> tuple[list[_Planned], dict[str, str]]:
    """Discover every matched unit's material once, for the city-wide file count; or why it failed.
    Each unit's files go to ``ahead`` as soon as they are listed: inspecting starts with the listing."""
    planned: list[_Planned] = []
    failed: dict[str, str] = {}
    archives: dict[Path, Discovery] = {}  # one listing per archive holding several units
    for unit, label in layout.match.matched.items():
        src = layout.sources[label]
        if src.nested:
            failed[unit] = f"“{label}”是压缩包里的压缩包，暂不能直接检查。请先解压外层压缩包。"
            continue
        try:
            if src.prefix is None:
                own = discover(src.path)
                planned.append(_Planned(unit, src, len(own.entries), own))
                if ahead is not None:
                    ahead.add(own.entries)
                continue
            if src.path not in archives:
                archives[src.path] = discover(src.path)
            whole = archives[src.path]
            part = narrow(whole, src.prefix).entries
            planned.append(_Planned(unit, src, len(part), whole))
            if ahead is not None:
                ahead.add(part)
        except SourceError as exc:
            failed[unit] = str(exc)
    return planned, failed


def run_city(
    layout: CityLayout,
    *,
    rubric: Rubric,
    roster: Roster,
    options: CheckOptions | None = None,
) -> Generator[Progress, None, CityReport]:
    """Check every matched unit of ``layout``; yields Progress over the whole city, returns the report.

    A unit whose material cannot be opened is ``unreadable`` with the reason; the run goes on.
    """
    options = options or CheckOptions()
    yield Progress(0, 0, str(layout.root), "discover")
    # One look-ahead for the whole run: the workers inspect the next units' files while each unit
    # is classified and evaluated here (app/inspect_ahead.py); closed with this generator.
    with inspecting_ahead(
        timeout=options.timeout, workers=options.workers, use_cache=options.use_cache
    ) as ahead:
        planned, failed = _plan(layout, ahead)
        reports = yield from _check_units(planned, failed, rubric, roster, options)
    return _report(layout, roster, rubric, reports, failed)


def _check_units(
    planned: list[_Planned], failed: dict[str, str], rubric: Rubric, roster: Roster, options: CheckOptions
) -> Generator[Progress, None, dict[str, Report]]:
    total = sum(p.files for p in planned)
    reports: dict[str, Report] = {}
    offset = 0
    for item in planned:
        if item.source.prefix is None:
            gen = run_check(
                item.source.path,
                rubric=rubric,
                roster=roster,
                unit=item.unit,
                options=options,
                discovery=item.discovery,
            )
        else:
            gen = check_subtree(
                item.source.path,
                item.source.prefix,
                rubric=rubric,
                roster=roster,
                unit=item.unit,
                options=options,
                discovery=item.discovery,
            )
        try:
            while True:
                p = next(gen)
                done = offset + (p.done if p.phase == "inspect" else item.files if p.phase == "hash" else 0)
                current = f"{item.unit}：{p.current}" if p.current and p.phase != "discover" else item.unit
                yield Progress(min(done, total), total, current, p.phase)
        except StopIteration as stop:
            reports[item.unit] = stop.value
        except (SourceError, CheckError) as exc:
            failed[item.unit] = str(exc)
        finally:
            gen.close()
        offset += item.files
    return reports


def _report(
    layout: CityLayout, roster: Roster, rubric: Rubric, reports: dict[str, Report], failed: dict[str, str]
) -> CityReport:
    match = layout.match
    city = CityReport(
        source=str(layout.root),
        roster=roster.source,
        rubric_id=rubric.id,
        rubric_name=rubric.name,
        unmatched=sorted([*match.unmatched, *layout.loose]),
    )
    for unit in roster.units:
        label = match.matched.get(unit)
        if unit in reports:
            city.units.append(CityUnit(unit, UnitStatus.CHECKED, label, reports[unit]))
        elif unit in failed:
            city.units.append(CityUnit(unit, UnitStatus.UNREADABLE, label, message=failed[unit]))
        elif unit in match.named_units:
            named = sorted(match.candidates_of(unit))
            message = f"有 {len(named)} 份材料都可能属于该单位：{'、'.join(named)}。请确认后只保留一份，或改名注明单位。"
            city.units.append(CityUnit(unit, UnitStatus.AMBIGUOUS, candidates=named, message=message))
        else:
            city.units.append(CityUnit(unit, UnitStatus.NOT_SUBMITTED))
    return city
