"""One unit's material only: a root holding several units never lets one unit's files count for
another; names on disk that are raw GBK bytes; schools that are not this unit's."""

import json
import os
import sys
from pathlib import Path

import pytest

from app import demo_samples as samples
from app.check import CheckError, drain, run_check
from app.roster import parse_rows
from app.rubric import load_rubric

A, B = "青云街道", "东关街道"
A_SCHOOLS = ["青云街道中心小学", "青云街道第二小学"]
B_SCHOOLS = ["东关街道中心小学", "东关街道实验学校"]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


@pytest.fixture(scope="module")
def roster():
    rows = [["单位", "学校", "别名"]]
    rows += [[A, s, ""] for s in A_SCHOOLS] + [[B, s, ""] for s in B_SCHOOLS]
    return parse_rows(rows, "roster")


def write(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def unit_files(schools: list[str], seed: int, *, leave_out: str = "") -> dict[str, bytes]:
    """A unit's material; ``leave_out`` drops one school's 1.1 photo and the unit's 1.3 file."""
    files: dict[str, bytes] = {}
    for n, school in enumerate(schools):
        files[f"1.1 制度/{school}制度文件.pdf"] = samples.pdf(seed + n)
        if school != leave_out:
            files[f"1.1 制度/{school}制度上墙.jpg"] = samples.jpeg(seed + 10 + n)
        files[f"1.2 一把手/{school}考核办法.pdf"] = samples.pdf(seed + 20 + n)
    if not leave_out:
        files["1.3 领导小组/成立通知.pdf"] = samples.pdf(seed + 70)
    return files


def gaps(report):
    return sorted((g.indicator, g.school or "", g.need) for g in report.gaps)


@pytest.fixture
def city(tmp_path):
    """A root with A (complete) and B (missing a photo and 1.3) side by side, as a city collects them."""
    root = tmp_path / "全市汇总"
    write(root / f"1.{A}（2020惠民考核）", unit_files(A_SCHOOLS, 100))
    write(root / f"2.{B}材料", unit_files(B_SCHOOLS, 200, leave_out=B_SCHOOLS[1]))
    return root


def test_several_units_without_a_unit_are_refused_with_the_units(city, rubric, roster):
    with pytest.raises(CheckError, match="2 个单位") as caught:
        drain(run_check(city, rubric=rubric, roster=roster))
    assert set(caught.value.units) == {A, B}
    assert "--unit" in str(caught.value)


@pytest.mark.parametrize(("unit", "folder"), [(A, f"1.{A}（2020惠民考核）"), (B, f"2.{B}材料")])
def test_each_unit_is_checked_as_if_alone(city, rubric, roster, unit, folder):
    scoped = drain(run_check(city, rubric=rubric, roster=roster, unit=unit))
    alone = drain(run_check(city / folder, rubric=rubric, roster=roster))
    assert alone.unit == unit
    assert gaps(scoped) == gaps(alone)
    assert sorted(f.path.split("/", 1)[1] for f in scoped.files) == sorted(f.path for f in alone.files)
    (notice,) = [n for n in scoped.notices if n.code == "run.other_units"]
    other = B if unit == A else A
    assert other in notice.message and "未计入" in notice.message
    # the "1." / "2." numbering the units' folders is not indicator 1.1 / 1.2
    assert all(f.indicator == f.path.split("/")[1].split(" ")[0] for f in scoped.files)


def test_the_other_units_files_do_not_fill_gaps(city, rubric, roster):
    # B lacks 1.3; A's 1.3 file sits under the same root and must not count for B.
    report = drain(run_check(city, rubric=rubric, roster=roster, unit=B))
    assert ("1.3", "", "pdf") in gaps(report)
    assert ("1.1", B_SCHOOLS[1], "image") in gaps(report)
    assert all(A not in f.path for f in report.files)


def test_unit_absent_from_a_several_unit_root(tmp_path, city, rubric, roster):
    extra = parse_rows(
        [["单位", "学校"], [A, A_SCHOOLS[0]], [B, B_SCHOOLS[0]], ["西关街道", "西关小学"]], "r"
    )
    with pytest.raises(CheckError, match="没有单位“西关街道”的文件夹") as caught:
        drain(run_check(city, rubric=rubric, roster=extra, unit="西关街道"))
    assert set(caught.value.units) == {A, B}


def test_inner_archives_named_for_units_are_scoped(tmp_path, rubric, roster):
    # Inner archives appear as folders in paths ("各校/青云街道中心小学.zip/…"): read by their stem.
    from app.check import _Owners

    owners = _Owners(roster)
    assert owners.of_path(f"各校/{A_SCHOOLS[0]}.zip/1.1/制度.pdf") == A
    assert owners.of_path(f"3.{A}（2020惠民考核）/1.1/x.pdf") == A
    assert owners.of_path("1.1 制度/x.pdf") is None


def test_a_school_of_another_unit_counts_for_none(tmp_path, rubric, roster):
    files = unit_files(A_SCHOOLS, 300)
    files[f"1.6 特色校/{B_SCHOOLS[0]}特色案例.pdf"] = samples.pdf(390)  # B's school inside A's folder
    files["1.6 特色校/青云小学特色案例.pdf"] = samples.pdf(391)  # on no roster
    report = drain(run_check(write(tmp_path / A, files), rubric=rubric, roster=roster))
    by_name = {f.name: f for f in report.files}
    foreign = by_name[f"{B_SCHOOLS[0]}特色案例.pdf"]
    unknown = by_name["青云小学特色案例.pdf"]
    assert not foreign.usable and not unknown.usable
    assert [x.message for x in foreign.findings if x.code == "name.unknown_school"] == [
        f"文件名或文件夹中的学校不是本单位花名册中的学校，不计入本单位：“{B_SCHOOLS[0]}”属于 {B} 单位，不应计入本单位"
    ]
    assert any("不在花名册中" in x.message for x in unknown.findings if x.code == "name.unknown_school")
    assert ("1.6", "", "pdf") in gaps(report)  # neither fills A's unit-level 1.6


@pytest.mark.skipif(sys.platform == "win32", reason="Windows names are UTF-16; no raw bytes on disk")
def test_gbk_named_files_on_disk(tmp_path, rubric, roster):
    root = tmp_path / A
    root.mkdir()
    base = os.fsencode(root)
    os.mkdir(base + b"/" + "1.1 十二项制度".encode("gbk"))
    names = [f"{school}制度文件.pdf" for school in A_SCHOOLS] + [f"{s}制度上墙.jpg" for s in A_SCHOOLS]
    for n, name in enumerate(names):
        data = samples.pdf(n) if name.endswith(".pdf") else samples.jpeg(n)
        fd = os.open(
            base + b"/" + "1.1 十二项制度".encode("gbk") + b"/" + name.encode("gbk"), os.O_WRONLY | os.O_CREAT
        )
        os.write(fd, data)
        os.close(fd)
    report = drain(run_check(root, rubric=rubric, roster=roster))
    assert sorted(f.path for f in report.files) == sorted(f"1.1 十二项制度/{n}" for n in names)
    assert all(f.indicator == "1.1" and f.school in A_SCHOOLS and f.usable for f in report.files)
    assert not [g for g in report.gaps if g.indicator == "1.1"]
    text = json.dumps(report.to_json(), ensure_ascii=False)
    text.encode("utf-8")  # no lone surrogates anywhere
    assert "\\ud" not in json.dumps(report.to_json())


@pytest.mark.skipif(sys.platform == "win32", reason="Windows names are UTF-16; no raw bytes on disk")
def test_gbk_named_root_folder_gives_a_utf8_report(tmp_path, rubric, roster):
    root = os.fsencode(tmp_path) + b"/" + A.encode("gbk")
    os.makedirs(root + b"/1.3")
    with open(root + b"/1.3/" + "领导小组.pdf".encode("gbk"), "wb") as fh:
        fh.write(samples.pdf(1))
    report = drain(run_check(Path(os.fsdecode(root)), rubric=rubric, roster=roster, unit=A))
    json.dumps(report.to_json(), ensure_ascii=False).encode("utf-8")
    assert report.source.endswith(A)
    assert [f.path for f in report.files] == ["1.3/领导小组.pdf"]
