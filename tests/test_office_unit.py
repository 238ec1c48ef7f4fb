"""A messy unit delivered as a RAR of school zips, with an office roster, checks exactly like the
same files unpacked into a folder with a clean CSV roster (issue 11's acceptance test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.check import CheckOptions, drain, run_check
from app.demo import expected_gaps
from app.model import Report
from app.roster import load_roster
from app.rubric import load_rubric
from tests import office_unit

RAR = Path(__file__).parent / "fixtures" / "office_unit" / f"{office_unit.UNIT}.rar"


def _gaps(report: Report) -> set[tuple[str, str | None, str]]:
    return {(g.indicator, g.school, g.need) for g in report.gaps}


def _unpacked_path(path: str) -> str:
    """The path the same file has once every archive is unpacked into a folder of its own name:
    ``青云街道教管办/东关小学.zip/东关小学/1.1/x.pdf`` → ``东关小学/1.1/x.pdf``."""
    parts = path.split("/")
    if parts[0] == office_unit.UNIT:
        parts = parts[1:]
    out: list[str] = []
    for part in parts:
        if part.lower().endswith(".zip"):
            continue  # the school zipped its own folder, so the next segment repeats the name
        out.append(part)
    return "/".join(out)


def _verdicts(report: Report) -> dict[str, tuple[str | None, str | None, tuple[str, ...], bool]]:
    return {
        _unpacked_path(f.path): (f.indicator, f.school, tuple(sorted(x.code for x in f.findings)), f.usable)
        for f in report.files
    }


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Report]:
    tmp = tmp_path_factory.mktemp("office")
    rubric = load_rubric()
    options = CheckOptions(use_cache=False)
    folder = office_unit.build_folder(tmp / "unpacked")
    clean = load_roster(office_unit.clean_roster_csv(tmp / "roster.csv"))
    office = load_roster(office_unit.office_roster_xlsx(tmp / "花名册.xlsx"))
    unpacked = drain(run_check(folder, rubric=rubric, roster=clean, options=options))
    packed = drain(run_check(RAR, rubric=rubric, roster=office, options=options))
    return unpacked, packed


def test_the_office_roster_reads_like_the_clean_one(tmp_path: Path) -> None:
    clean = load_roster(office_unit.clean_roster_csv(tmp_path / "roster.csv"))
    office = load_roster(office_unit.office_roster_xlsx(tmp_path / "花名册.xlsx"))
    assert office.units.keys() == clean.units.keys()
    for unit in clean.units:
        assert [(s.name, tuple(s.aliases)) for s in office.schools_of(unit)] == [
            (s.name, tuple(s.aliases)) for s in clean.schools_of(unit)
        ]


def test_rar_of_school_zips_gives_the_gaps_of_the_unpacked_folder(reports: tuple[Report, Report]) -> None:
    unpacked, packed = reports
    assert unpacked.unit == packed.unit == office_unit.UNIT
    assert _gaps(packed) == _gaps(unpacked) == expected_gaps(office_unit.spec(), load_rubric())


def test_every_file_gets_the_same_verdict_packed_and_unpacked(reports: tuple[Report, Report]) -> None:
    unpacked, packed = reports
    assert _verdicts(packed) == _verdicts(unpacked)
    assert len(packed.files) == len(office_unit.spec().files)


def test_files_are_credited_as_the_truth_says(reports: tuple[Report, Report]) -> None:
    unpacked, _ = reports
    truth = {f.path: (f.indicator, f.school) for f in office_unit.spec().files}
    got = {f.path: (f.indicator, f.school) for f in unpacked.files}
    assert got == truth  # 十二项制度.pdf is 1.1, 實施進程 is 1.4, 东关小学分校 is not 东关小学
