"""Which roster unit each piece of a city's material belongs to, from names as offices write them.

A candidate is a folder or archive name ("青云街道教管办", "青云教管办材料.rar",
"3.青云街道（2020惠民考核）.zip"). It names a unit when it contains

- the unit's full name, or a 市直学校's own name or alias (a *full* match), or
- the unit's name shortened — 教管办, 教育管理办公室, 街道, 镇 … dropped from the end (a *short*
  match: "青云教管办材料" names 青云街道教管办).

A full match beats a short one, then the longer matched name wins: "青云街道教管办" is 青云街道's
(full) rather than 青云镇's (short "青云"). A candidate whose best match is a tie between two units
is named as ambiguous — never guessed — and so is a unit that two candidates name (a duplicated
submission): the lead decides, the checker does not pick one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from app.roster import Roster

ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z")
# Longest first, so 教育管理办公室 goes before a shorter word inside it could.
_UNIT_WORDS = (
    "教育管理办公室",
    "街道办事处",
    "教育办公室",
    "教管办",
    "办事处",
    "教育办",
    "街道办",
    "教办",
    "街道",
    "镇",
    "乡",
)
MIN_SHORT = 2  # a one-character stem ("东" of 东镇) would match half the city


@dataclass(frozen=True)
class Ambiguity:
    """Material the lead must attribute by hand: one unit named by several candidates, or one
    candidate naming several units equally well."""

    units: tuple[str, ...]
    candidates: tuple[str, ...]


@dataclass
class CityMatch:
    matched: dict[str, str] = field(default_factory=dict)  # unit → its one candidate
    not_submitted: list[str] = field(default_factory=list)  # roster order
    ambiguous: list[Ambiguity] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # candidates naming no unit

    @property
    def named_units(self) -> set[str]:
        """Units some candidate names (matched or ambiguous): how a city root is recognised."""
        return set(self.matched) | {u for a in self.ambiguous for u in a.units}

    def candidates_of(self, unit: str) -> list[str]:
        """The candidates an ambiguous unit is named by (empty for a matched or missing unit)."""
        return [c for a in self.ambiguous if unit in a.units for c in a.candidates]


def normalize(text: str) -> str:
    """Full-/half-width folded, spaces dropped: how two spellings of one name compare."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def strip_archive_suffix(name: str) -> str:
    """The name without .zip/.rar/.7z (only those: "3.青云街道" has a dot that is no suffix)."""
    lower = name.lower()
    for suffix in ARCHIVE_SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def shortened(name: str) -> list[str]:
    """The stems of a unit name, longest first: 青云街道教管办 → 青云街道, 青云."""
    stems: list[str] = []
    current = name
    while True:
        word = next((w for w in _UNIT_WORDS if current.endswith(w) and len(current) > len(w)), None)
        if word is None:
            return stems
        current = current[: -len(word)]
        if len(current) >= MIN_SHORT:
            stems.append(current)


def _names(roster: Roster, unit: str) -> list[str]:
    """A unit's full names: its own, and a 市直学校's name and aliases."""
    names = [unit]
    if roster.is_school_unit(unit):
        names += roster.schools_of(unit)[0].names
    return [n for n in dict.fromkeys(normalize(n) for n in names) if n]


def _candidate_text(candidate: str) -> str:
    """The last path part, without an archive suffix, normalised."""
    return normalize(strip_archive_suffix(candidate.rstrip("/").rsplit("/", 1)[-1]))


def score(candidate: str, roster: Roster, unit: str) -> tuple[int, int]:
    """(2 full / 1 short / 0 none, length of the matched name) — compared as a tuple."""
    text = _candidate_text(candidate)
    full = [n for n in _names(roster, unit) if n in text]
    if full:
        return 2, max(map(len, full))
    short = [s for n in _names(roster, unit) for s in shortened(n) if s in text]
    if short:
        return 1, max(map(len, short))
    return 0, 0


def _school_folder(candidate: str, roster: Roster, best: tuple[int, int]) -> bool:
    """A folder named after one school of a unit ("青云中心小学" inside 青云街道's material) is that
    school's, not a unit's: only a short unit match, and a school name at least as long in it."""
    if best[0] != 1:
        return False
    text = _candidate_text(candidate)
    return any(
        len(key) >= best[1] and key in text
        for unit in roster.units
        if not roster.is_school_unit(unit)
        for school in roster.schools_of(unit)
        for key in map(normalize, school.names)
    )


def match_units(candidates: list[str], roster: Roster) -> CityMatch:
    """Attribute each candidate to at most one roster unit; see the module docstring for the rules."""
    result = CityMatch()
    claims: dict[str, list[str]] = {}  # unit → candidates whose clear best it is
    ties: list[tuple[str, tuple[str, ...]]] = []
    for candidate in candidates:
        scored = [(score(candidate, roster, unit), unit) for unit in roster.units]
        best = max((s for s, _ in scored), default=(0, 0))
        if best[0] == 0 or _school_folder(candidate, roster, best):
            result.unmatched.append(candidate)
            continue
        top = tuple(u for s, u in scored if s == best)
        if len(top) == 1:
            claims.setdefault(top[0], []).append(candidate)
        else:
            ties.append((candidate, top))
    for unit, claimed in claims.items():
        if len(claimed) == 1:
            result.matched[unit] = claimed[0]
        else:
            result.ambiguous.append(Ambiguity((unit,), tuple(claimed)))
    for candidate, units in ties:
        open_units = tuple(u for u in units if u not in claims)
        if open_units:
            result.ambiguous.append(Ambiguity(units, (candidate,)))
        else:  # every unit it might be already has its own material: it is nobody's for sure
            result.unmatched.append(candidate)
    named = result.named_units
    result.not_submitted = [u for u in roster.units if u not in named]
    return result
