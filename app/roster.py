"""The roster: units (考核单位), their schools and the schools' aliases.  (Being written by the lead.)"""

from __future__ import annotations

from dataclasses import dataclass, field


class RosterError(ValueError):
    """An unusable roster; the message names the file and row."""


@dataclass(frozen=True)
class School:
    name: str  # full name
    unit: str
    aliases: tuple[str, ...] = ()


@dataclass
class Roster:
    source: str
    units: dict[str, list[School]] = field(default_factory=dict)  # unit → schools (a 市直学校 lists itself)

    def schools_of(self, unit: str) -> list[School]:
        return self.units.get(unit, [])
