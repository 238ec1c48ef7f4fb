"""Where each unit's material is under a city root: folders, archives, or folders inside one archive.

ROOT is a city root when its top-level children — folders and archives, or, when ROOT (or its only
child) is one archive or one folder, the children of that — name two or more roster units
(:func:`app.city_match.match_units`). Anything else is one unit's material and keeps the single-unit
check. Only names are read here: folder listings and an archive's directory, never file contents.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.city_match import ARCHIVE_SUFFIXES, CityMatch, match_units
from app.discover import Discovery, SourceError, discover, is_junk_name
from app.roster import Roster


@dataclass(frozen=True)
class UnitSource:
    """One candidate's material. ``prefix`` is set for a folder inside the archive ``path``
    ("材料/青云街道/"); ``nested`` for an archive inside the archive ``path`` (not checkable yet)."""

    label: str  # the path relative to ROOT, "/" separators, as shown in reports
    path: Path
    prefix: str | None = None
    nested: bool = False


@dataclass
class CityLayout:
    root: Path
    sources: dict[str, UnitSource]  # candidate label → its material
    match: CityMatch
    loose: list[str]  # top-level files that are neither a folder nor an archive (relative to ROOT)

    def source_of(self, unit: str) -> UnitSource | None:
        label = self.match.matched.get(unit)
        return self.sources[label] if label is not None else None


def _is_archive(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def _folder_children(folder: Path, label: str) -> tuple[dict[str, UnitSource], list[str]]:
    sources: dict[str, UnitSource] = {}
    loose: list[str] = []
    try:
        items = sorted(os.scandir(folder), key=lambda d: d.name)
    except OSError:
        return sources, loose
    for item in items:
        if is_junk_name(item.name) or item.name.lower() in ("$recycle.bin", "system volume information"):
            continue
        shown = f"{label}{item.name}"
        try:
            is_dir = item.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir or _is_archive(item.name):
            sources[shown] = UnitSource(shown, Path(item.path))
        else:
            loose.append(shown)
    return sources, loose


def _member_names(discovery: Discovery) -> list[str]:
    names = [e.rel for e in discovery.entries]
    names += [item if isinstance(item, str) else item.rel for item, _ in discovery.refused]
    return names


def _archive_children(archive: Path, label: str, prefix: str) -> tuple[dict[str, UnitSource], list[str]]:
    try:
        discovery = discover(archive)
    except SourceError:
        return {}, []
    folders: dict[str, UnitSource] = {}
    loose: list[str] = []
    for name in _member_names(discovery):
        if not name.startswith(prefix):
            continue
        head, sep, _rest = name[len(prefix) :].partition("/")
        shown = f"{label}{prefix}{head}"
        if sep:
            folders.setdefault(shown, UnitSource(shown, archive, prefix=f"{prefix}{head}/"))
        elif _is_archive(head):
            folders.setdefault(shown, UnitSource(shown, archive, prefix=f"{prefix}{head}", nested=True))
        else:
            loose.append(shown)
    return folders, loose


def _children(
    path: Path, label: str, prefix: str | None
) -> tuple[dict[str, UnitSource], list[str], UnitSource | None]:
    """The candidates at one level, and the one child to descend into when it is alone."""
    if prefix is None and path.is_dir():
        sources, loose = _folder_children(path, label)
    elif prefix is not None or path.is_file():
        sources, loose = _archive_children(path, label, prefix or "")
    else:
        return {}, [], None
    only = next(iter(sources.values())) if len(sources) == 1 else None
    return sources, loose, only if only is not None and not only.nested else None


def find_city(root: Path, roster: Roster) -> CityLayout | None:
    """The city layout of ``root``, or None when it is one unit's material (or unreadable)."""
    root = Path(root)
    # Labels are relative to ROOT (for an archive ROOT: to the archive's top).
    path, label, prefix = root, "", None
    for _depth in range(3):  # ROOT, its only child, that child's only child: no deeper guessing
        sources, loose, only = _children(path, label, prefix)
        match = match_units(list(sources), roster)
        if len(match.named_units) >= 2:
            return CityLayout(root, sources, match, loose)
        if only is None:
            return None
        if only.prefix is not None:
            path, label, prefix = only.path, label, only.prefix
        elif only.path.is_dir():
            path, label, prefix = only.path, f"{only.label}/", None
        else:
            path, label, prefix = only.path, f"{only.label}/", ""
    return None
