"""Realistic submissions (tests/realistic.py) beyond the project's fixtures: untouched files stay
quiet, and every signal planted into them is found."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from app import demo_samples
from app.check import drain, run_check
from app.roster import load_roster
from app.rubric import load_rubric
from app.signals import SignalOptions, merge_signals, run_signals
from tests.realistic import Variant, write_case, zip_like_chinese_windows
from tests.signal_samples import text_pdf

# Signals a person must look at; content.scanned is a plain fact about a scan and may appear.
WARNINGS = {"dup.similar", "dup.template", "content.other_school", "date.outside_year", "date.mismatch"}
VARIANTS = [
    Variant(seed=11, defects=()),
    Variant(seed=12, section_folders=True, defects=()),
    Variant(seed=13, city_school=True, defects=()),
]


def honest_dates(folder: Path, case) -> None:
    """A real newspaper photo is taken about when the paper came out: give the samples that EXIF."""
    for f in case.spec.files:
        if f.date and f.content == "jpeg":
            taken = f.date.replace("-", ":") + " 10:00:00"
            folder.joinpath(*f.path.split("/")).write_bytes(demo_samples.jpeg(f.seed, taken=taken))


def run(source: Path, case, tmp_path: Path):
    rubric, roster = load_rubric(), load_roster(case.roster)
    report = drain(run_check(source, rubric=rubric, roster=roster, unit=case.unit))
    options = SignalOptions(workers=1, cache_dir=str(tmp_path / "cache"))
    merge_signals(report, drain(run_signals(source, report, rubric, roster, options)))
    return report


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: f"seed{v.seed}")
def test_untouched_realistic_folders_stay_quiet(tmp_path, variant):
    case = write_case(tmp_path, variant)
    honest_dates(case.folder, case)
    report = run(case.folder, case, tmp_path)
    assert [s for s in report.signals if s.code in WARNINGS] == []


def _photos(case, school: str | None = None):
    return [
        f
        for f in case.spec.files
        if f.content == "jpeg" and not f.date and (school is None or f.school == school)
    ]


def plant(case, tmp_path: Path) -> dict[str, set[frozenset[str]]]:
    """Plant one of each signal; returns what must be found (paths relative to the folder)."""
    folder = case.folder
    schools = sorted({f.school for f in case.spec.files if f.school})
    first, second = schools[0], schools[-1]
    expected: dict[str, set[frozenset[str]]] = {code: set() for code in WARNINGS}
    # 1. another school's photo, shrunk and re-saved, filed for a different school and item
    source = _photos(case, first)[0]
    im = Image.open(folder.joinpath(*source.path.split("/")))
    copy_rel = f"{source.path.rsplit('/', 1)[0]}/{second}宣传活动照片（补）.jpg"
    out = io.BytesIO()
    im.resize((im.width * 3 // 4, im.height * 3 // 4)).save(out, "JPEG", quality=50)
    folder.joinpath(*copy_rel.split("/")).write_bytes(out.getvalue())
    if first != second:
        expected["dup.similar"].add(frozenset({source.path, copy_rel}))
    # 2. a photo taken the year before
    old_rel = f"{source.path.rsplit('/', 1)[0]}/{first}往年照片.jpg"
    folder.joinpath(*old_rel.split("/")).write_bytes(demo_samples.jpeg(987, taken="2019:06:01 10:00:00"))
    expected["date.outside_year"].add(frozenset({old_rel}))
    # 3. a newspaper photo whose name's date is not the day it was taken
    paper = next(
        (f.path for f in case.spec.files if f.date), f"3.1 媒体报道/2020.10.15潍坊日报-{case.unit}.jpg"
    )
    folder.joinpath(*paper.split("/")).parent.mkdir(exist_ok=True)
    folder.joinpath(*paper.split("/")).write_bytes(demo_samples.jpeg(555, taken="2020:03:01 10:00:00"))
    expected["date.mismatch"].add(frozenset({paper}))
    # 4. text documents: a template copied with the school name swapped, and another school's paper
    pdf_dir = next(f for f in case.spec.files if f.indicator == "1.7").path.rsplit("/", 1)[0]
    body = (
        "为畅通家校沟通渠道，学校建立校长接待日、班主任家访、家长委员会三项制度，"
        "每月收集整理家长意见建议，三个工作日内答复，重大事项提交校务会研究，办理结果及时反馈并存档备查。"
    )
    a_rel, b_rel = f"{pdf_dir}/{first}沟通机制补充.pdf", f"{pdf_dir}/{second}沟通机制补充.pdf"
    text_pdf(folder.joinpath(*a_rel.split("/")), [f"{first}家校沟通机制", body, f"{first}", "2020年9月1日"])
    text_pdf(folder.joinpath(*b_rel.split("/")), [f"{second}家校沟通机制", body, f"{second}", "2020年9月1日"])
    if first != second:
        expected["dup.template"].add(frozenset({a_rel, b_rel}))
    other = "潍坊市特殊教育学校"  # on every realistic roster, never in the submission
    c_rel = f"{pdf_dir}/{first}活动总结.pdf"
    text_pdf(
        folder.joinpath(*c_rel.split("/")),
        [f"{other}教育惠民宣传活动总结", "本次活动共发放明白纸三百份，召开家长会一次。", "2020年11月2日"],
    )
    expected["content.other_school"].add(frozenset({c_rel}))
    return expected


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: f"seed{v.seed}")
def test_every_planted_signal_is_found(tmp_path, variant, qapp):
    case = write_case(tmp_path, variant)
    honest_dates(case.folder, case)
    expected = plant(case, tmp_path)
    source = case.folder
    if variant.seed == 12:  # one of them as the zip Explorer on Chinese Windows makes
        source = zip_like_chinese_windows(case.folder, tmp_path / f"{case.unit}.zip")
        top = f"{case.folder.name}/"  # Explorer puts the folder itself at the top of the zip
        expected = {
            code: {frozenset(top + p for p in pair) for pair in pairs} for code, pairs in expected.items()
        }
    report = run(source, case, tmp_path)
    got = {code: {frozenset(s.paths) for s in report.signals if s.code == code} for code in WARNINGS}
    assert got == expected
