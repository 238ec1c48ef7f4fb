"""A whole city in the window: the one background job over every unit, and what it leaves behind.

The job (:func:`city_job`) runs the core's :func:`app.city.run_city` — every unit checked on its
own — and then lists each unit's archive once, so the preview can read its members when the
reviewer switches to that unit.  Switching units never checks again: the unit's report is taken
from the :class:`CityState` and handed to the review session as if the unit had been opened alone.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path

from app.check import CheckOptions
from app.city import CityReport, CityUnit, UnitStatus, run_city
from app.city_layout import CityLayout, UnitSource
from app.city_subtree import narrow
from app.discover import Discovery, Entry, SourceError, discover
from app.model import Progress, Report
from app.roster import Roster
from app.rubric import Rubric


@dataclass(frozen=True)
class CityProgress(Progress):
    """The city's progress, naming the unit being checked: the ``index``-th of ``count``."""

    unit: str = ""
    index: int = 0
    count: int = 0


@dataclass
class CityState:
    """One checked city root: the core's report, and per unit where its material is."""

    root: Path
    layout: CityLayout
    report: CityReport
    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)  # unit → archive members
    views: dict[str, Report] = field(default_factory=dict)  # unit → the last report shown (corrected)

    def unit(self, name: str) -> CityUnit | None:
        return next((u for u in self.report.units if u.unit == name), None)

    def source_of(self, name: str) -> Path | None:
        """The unit's material as the session sees it: its folder or archive, or for a folder
        inside the city archive the report's own source ("全市.zip/青云街道")."""
        city_unit = self.unit(name)
        if city_unit is None or city_unit.source is None or city_unit.report is None:
            return None
        src = self.layout.sources.get(city_unit.source)
        if src is None or src.prefix is None:
            return src.path if src is not None else Path(city_unit.report.source)
        return Path(city_unit.report.source)

    def shown(self, name: str) -> Report | None:
        """The report the list counts for ``name``: the corrected one once shown, else the check's."""
        city_unit = self.unit(name)
        return self.views.get(name) or (city_unit.report if city_unit is not None else None)


def checked_order(layout: CityLayout) -> list[str]:
    """The units the job will check, in the order it checks them (matched, not nested)."""
    return [u for u, label in layout.match.matched.items() if not layout.sources[label].nested]


def unit_entries(src: UnitSource, listings: dict[Path, Discovery]) -> dict[str, Entry]:
    """The members of a unit's archive by path, for previews; a folder needs none."""
    if src.prefix is None and not src.path.is_file():
        return {}
    if src.path not in listings:
        listings[src.path] = discover(src.path)
    listing = listings[src.path] if src.prefix is None else narrow(listings[src.path], src.prefix)
    return {e.rel: e for e in listing.entries}


def city_job(
    layout: CityLayout, *, rubric: Rubric, roster: Roster, options: CheckOptions
) -> Generator[Progress, None, CityState]:
    """Runs in a pool thread: the whole city, progress naming each unit, then the archives' lists."""
    order = checked_order(layout)
    at = 0
    gen = run_city(layout, rubric=rubric, roster=roster, options=options)
    try:
        while True:
            p = next(gen)
            # run_city's ``current`` is "unit：file" (or the unit alone): find the unit it names
            for i in range(at, len(order)):
                if p.current == order[i] or p.current.startswith(order[i] + "："):
                    at = i
                    break
            unit = order[at] if order and p.phase != "discover" else ""
            current = p.current[len(unit) + 1 :] if unit and p.current.startswith(unit + "：") else ""
            yield CityProgress(p.done, p.total, current, p.phase, unit, at + 1, len(order))
    except StopIteration as stop:
        report: CityReport = stop.value
    finally:
        gen.close()
    state = CityState(layout.root, layout, report)
    listings: dict[Path, Discovery] = {}
    for city_unit in report.units:
        src = layout.sources.get(city_unit.source or "")
        if city_unit.status != UnitStatus.CHECKED or src is None:
            continue
        try:
            state.entries[city_unit.unit] = unit_entries(src, listings)
        except SourceError:  # read a moment ago; if it went away, the preview says so per file
            state.entries[city_unit.unit] = {}
    return state


def candidate_job(
    src: UnitSource, unit: str, *, rubric: Rubric, roster: Roster, options: CheckOptions
) -> Generator[Progress, None, tuple[Report, dict[str, Entry]]]:
    """One candidate of an ambiguous unit, checked alone for ``unit`` (the lead's choice)."""
    from app.check import run_check
    from app.city_subtree import check_subtree

    if src.prefix is None:
        report = yield from run_check(src.path, rubric=rubric, roster=roster, unit=unit, options=options)
    else:
        report = yield from check_subtree(
            src.path, src.prefix, rubric=rubric, roster=roster, unit=unit, options=options
        )
    return report, unit_entries(src, {})


def chosen(state: CityState, unit: str, label: str, report: Report, entries: dict[str, Entry]) -> None:
    """The lead picked ``label`` for ``unit``: the unit counts as checked with that material."""
    for i, city_unit in enumerate(state.report.units):
        if city_unit.unit == unit:
            # the candidates not chosen name no unit now: listed with the unmatched material
            others = [c for c in city_unit.candidates if c != label and c not in state.report.unmatched]
            state.report.unmatched = sorted([*state.report.unmatched, *others])
            state.report.units[i] = CityUnit(unit, UnitStatus.CHECKED, label, report)
    state.entries[unit] = entries
    state.views.pop(unit, None)
