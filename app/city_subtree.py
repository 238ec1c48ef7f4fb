"""Checking one unit's folder inside an archive that holds the whole city ("全市.zip/青云街道/").

``run_check`` takes a path on disk, and a folder inside a zip is none, so this narrows the archive's
:class:`Discovery` to the folder — paths made relative to it, the members still read in place (so
the inspection cache, keyed by archive and member, is shared with a check of the whole archive) —
and hands that to ``run_check``, which then runs its steps 2–4 as for any submission.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import replace
from pathlib import Path

from app.check import CheckOptions, run_check
from app.discover import Discovery, discover
from app.model import Progress, Report
from app.roster import Roster
from app.rubric import Rubric


def narrow(discovery: Discovery, prefix: str) -> Discovery:
    """The part of ``discovery`` under ``prefix`` ("材料/青云街道/"), paths relative to it."""
    cut = len(prefix)
    part = Discovery()
    part.entries = [replace(e, rel=e.rel[cut:]) for e in discovery.entries if e.rel.startswith(prefix)]
    part.junk = [j[cut:] for j in discovery.junk if j.startswith(prefix)]
    for item, problem in discovery.refused:
        rel = item if isinstance(item, str) else item.rel
        if rel.startswith(prefix):
            part.refused.append(
                (rel[cut:] if isinstance(item, str) else replace(item, rel=rel[cut:]), problem)
            )
    return part


def check_subtree(
    archive: Path,
    prefix: str,
    *,
    rubric: Rubric,
    roster: Roster,
    unit: str,
    options: CheckOptions | None = None,
    discovery: Discovery | None = None,
) -> Generator[Progress, None, Report]:
    """``run_check(unit=unit)`` on the folder ``prefix`` of ``archive``; the report's source is
    "archive/prefix". ``discovery`` is the archive's, when the caller has it already."""
    part = narrow(discovery or discover(archive), prefix)
    source = Path(f"{archive}/{prefix.rstrip('/')}")
    return (
        yield from run_check(source, rubric=rubric, roster=roster, unit=unit, options=options, discovery=part)
    )
