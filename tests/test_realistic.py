"""Messy realistic submissions, as folders and as zips from Chinese Windows, checked end to end.

The expectations come from the generator's truth (tests/realistic.py) and the rubric's evidence
table (app.demo.expected_gaps), never from the classifier.  Each assertion lists every mismatch,
so one failing run shows the whole picture.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.demo import FileSpec, SubmissionSpec, demo_paths, demo_spec, expected_gaps
from app.demo_samples import make
from app.rubric import load_rubric
from tests.realistic import Case, Variant, make_spec, write_case, zip_like_chinese_windows

RUBRIC = load_rubric()
VARIANTS = [
    Variant(1),
    Variant(2, section_folders=True),
    Variant(3, loose_files=True, roster_encoding="gb18030"),
    Variant(4, city_school=True),
    Variant(5, city_school=True, blank_school_row=True, section_folders=True),
    Variant(6, section_folders=True, loose_files=True),
]
# Codes that on a well-formed file can only be false alarms.
FALSE_ALARMS = {
    "file.empty",
    "file.unreadable",
    "file.encrypted",
    "file.extension_mismatch",
    "file.format_not_accepted",
    "file.unassigned",
    "name.missing_unit",
    "name.missing_date",
    "name.fuzzy_match",
    "dup.exact",
    "archive.unsafe",
}


@pytest.fixture(autouse=True, scope="module")
def _private_cache(tmp_path_factory: pytest.TempPathFactory):
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


def check_json(path: Path, roster: Path, unit: str, out: Path) -> tuple[int, dict]:
    rc = main(
        ["check", str(path), "--roster", str(roster), "--unit", unit, "--format", "json", "-o", str(out)]
    )
    return rc, json.loads(out.read_text(encoding="utf-8"))


class Checked:
    """One case checked as a folder and as two GBK zips (with and without the top folder)."""

    def __init__(self, case: Case, tmp: Path) -> None:
        self.case, self.spec = case, case.spec
        self.rc, self.folder = check_json(case.folder, case.roster, case.unit, tmp / "folder.json")
        top = zip_like_chinese_windows(case.folder, tmp / f"{case.unit}.zip", with_top_folder=True)
        flat = zip_like_chinese_windows(case.folder, tmp / "flat" / f"{case.unit}.zip", with_top_folder=False)
        self.zip_rc, self.zip = check_json(top, case.roster, case.unit, tmp / "zip.json")
        self.flat_rc, self.flat = check_json(flat, case.roster, case.unit, tmp / "flat.json")


@pytest.fixture(
    scope="module", params=VARIANTS, ids=lambda v: f"seed{v.seed}{'-city' if v.city_school else ''}"
)
def checked(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Checked:
    tmp = tmp_path_factory.mktemp(f"real{request.param.seed}")
    (tmp / "flat").mkdir()
    return Checked(write_case(tmp, request.param, RUBRIC), tmp)


def gap_set(report: dict) -> set[tuple[str, str | None, str]]:
    return {(g["indicator"], g["school"], g["need"]) for g in report["gaps"]}


def entries_for(report: dict, spec: SubmissionSpec) -> dict[str, list[dict]]:
    """Report entries per expected path; a zip's report may keep its top folder in front."""
    found: dict[str, list[dict]] = {f.path: [] for f in spec.files}
    for entry in report["files"]:
        for f in spec.files:
            if entry["path"] == f.path or entry["path"].endswith("/" + f.path):
                found[f.path].append(entry)
    return found


def codes(entry: dict) -> set[str]:
    return {x["code"] for x in entry["findings"]}


def well_formed(f: FileSpec) -> bool:
    return not f.codes and not f.junk and f.content != "empty"


# ── the checks ──────────────────────────────────────────────────────────────────────────


def test_every_file_has_exactly_one_entry_and_junk_is_skipped(checked: Checked):
    for report in (checked.folder, checked.zip, checked.flat):
        found = entries_for(report, checked.spec)
        wrong = {p: len(v) for p, v in found.items() if len(v) != (0 if p.rsplit("/", 1)[-1] in _JUNK else 1)}
        assert not wrong, f"条目数不对（路径: 条目数）：{wrong}"
        assert len(report["files"]) == sum(1 for f in checked.spec.files if not f.junk)


_JUNK = {".DS_Store", "Thumbs.db", "~$考核办法.docx"}


def test_every_expected_gap_is_reported(checked: Checked):
    missing = expected_gaps(checked.spec, RUBRIC) - gap_set(checked.folder)
    assert not missing, f"漏报的缺项：{sorted(missing, key=str)}"


def test_no_gap_is_invented(checked: Checked):
    invented = gap_set(checked.folder) - expected_gaps(checked.spec, RUBRIC)
    assert not invented, f"凭空多报的缺项：{sorted(invented, key=str)}"


def test_exit_status_says_gaps_or_errors_were_found(checked: Checked):
    assert checked.folder["schema"] == "evcheck.report/1"
    assert checked.rc == 1  # every variant plants at least one error


def lacking_codes(report: dict, spec: SubmissionSpec) -> dict[str, list[str]]:
    found = entries_for(report, spec)
    return {
        f.path: sorted(set(f.codes) - codes(found[f.path][0]))
        for f in spec.files
        if f.codes and found[f.path] and set(f.codes) - codes(found[f.path][0])
    }


def test_every_planted_problem_carries_its_code(checked: Checked):
    lacking = lacking_codes(checked.folder, checked.spec)
    assert not lacking, f"缺少应报的问题代码：{lacking}"


def test_no_well_formed_file_carries_an_error_or_false_alarm(checked: Checked):
    found = entries_for(checked.folder, checked.spec)
    bad = {}
    for f in checked.spec.files:
        if well_formed(f) and found[f.path]:
            entry = found[f.path][0]
            wrong = {x["code"] for x in entry["findings"] if x["severity"] == "error"} | (
                codes(entry) & FALSE_ALARMS
            )
            if wrong:
                bad[f.path] = sorted(wrong)
    assert not bad, f"完好的文件被报了问题：{bad}"


def test_files_are_attributed_to_their_indicator_and_school(checked: Checked):
    found = entries_for(checked.folder, checked.spec)
    wrong = {}
    for f in checked.spec.files:
        if f.junk or not found[f.path]:
            continue
        e = found[f.path][0]
        if e["indicator"] != f.indicator:
            wrong[f.path] = f"指标 {e['indicator']}，应为 {f.indicator}"
        elif f.check_school and e["school"] != f.school:
            wrong[f.path] = f"学校 {e['school']}，应为 {f.school}"
        elif f.kind and e["kind"] != f.kind:
            wrong[f.path] = f"类型 {e['kind']}，应为 {f.kind}"
    assert not wrong, f"归属错误：{wrong}"


def test_dates_are_read_from_time_unit_names(checked: Checked):
    found = entries_for(checked.folder, checked.spec)
    wrong = {f.path: found[f.path][0].get("date") for f in checked.spec.files if f.date and found[f.path]}
    wrong = {p: d for p, d in wrong.items() if d != next(f.date for f in checked.spec.files if f.path == p)}
    assert not wrong, f"日期读错：{wrong}"


def test_gbk_zip_of_the_folder_contents_checks_like_the_folder(checked: Checked):
    assert gap_set(checked.flat) == gap_set(checked.folder)
    assert checked.flat_rc == checked.rc
    assert not lacking_codes(checked.flat, checked.spec)


def test_gbk_zip_with_the_unit_folder_on_top_checks_like_the_folder(checked: Checked):
    """Explorer's 发送到→压缩文件夹 on the unit's folder puts that folder at the top of the zip."""
    assert gap_set(checked.zip) == gap_set(checked.folder)
    assert checked.zip_rc == checked.rc
    lacking = lacking_codes(checked.zip, checked.spec)
    assert not lacking, f"缺少应报的问题代码：{lacking}"


def test_gbk_zip_names_are_decoded(checked: Checked):
    names = [e["path"] for e in checked.zip["files"]]
    assert all("\ufffd" not in n and "╪" not in n for n in names), names
    assert any(checked.case.unit in n or "学" in n for n in names)


def test_unsafe_zip_entry_is_refused_and_the_rest_still_checked(tmp_path: Path):
    case = write_case(tmp_path, Variant(7), RUBRIC)
    evil = ("../../教管办外/潍坊市潍城区北关小学考核办法.pdf", make("pdf", 7))
    zipped = zip_like_chinese_windows(
        case.folder, tmp_path / "z" / "x.zip", with_top_folder=False, extra=(evil,)
    )
    _, plain = check_json(case.folder, case.roster, case.unit, tmp_path / "f.json")
    rc, report = check_json(zipped, case.roster, case.unit, tmp_path / "z.json")
    unsafe = [e for e in report["files"] if "教管办外" in e["path"]]
    assert len(unsafe) == 1 and "archive.unsafe" in codes(unsafe[0])
    assert gap_set(report) == gap_set(plain)  # a refused entry never counts
    assert rc == 1


def test_variants_together_plant_every_file_and_name_code():
    planted = {c for v in VARIANTS for f in make_spec(v, RUBRIC).files for c in f.codes}
    assert planted >= FALSE_ALARMS - {"archive.unsafe"}


# ── the bundled demo, checked the same way ─────────────────────────────────────────────


def test_demo_check_matches_its_planted_problems(tmp_path: Path):
    folder, roster, unit = demo_paths()
    rc, report = check_json(folder, roster, unit, tmp_path / "demo.json")
    spec = demo_spec()
    assert rc == 1
    assert gap_set(report) == expected_gaps(spec, RUBRIC)
    found = entries_for(report, spec)
    lacking = {f.path: sorted(set(f.codes) - codes(found[f.path][0])) for f in spec.files if f.codes}
    assert not {p: c for p, c in lacking.items() if c}
    assert all(not found[f.path] for f in spec.files if f.junk)


def test_demo_flag_checks_the_bundled_demo(tmp_path: Path):
    out = tmp_path / "d.json"
    assert main(["check", "--demo", "--format", "json", "-o", str(out)]) == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    assert gap_set(report) == expected_gaps(demo_spec(), RUBRIC)
