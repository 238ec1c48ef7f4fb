"""The whole check on small real folders: gaps, findings, suggestions, corrections, exit codes."""

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from app import demo_samples as samples
from app.check import CheckError, apply_corrections, drain, run_check
from app.cli import main
from app.model import Corrections, Status
from app.roster import parse_rows
from app.rubric import load_rubric

UNIT = "奎文区教管办"
SCHOOLS = ["潍坊市奎文区实验小学", "潍坊市奎文区幸福街小学"]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


@pytest.fixture
def roster():
    return parse_rows(
        [["单位", "学校", "别名"], [UNIT, SCHOOLS[0], "实验小学"], [UNIT, SCHOOLS[1], "幸福街小学"]], "roster"
    )


def write(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def complete_unit() -> dict[str, bytes]:
    """Every required item for both schools, correctly named."""
    files: dict[str, bytes] = {}
    for n, school in enumerate(SCHOOLS):
        files[f"1.1 制度/{school}制度文件.pdf"] = samples.pdf(n)
        files[f"1.1 制度/{school}制度上墙.jpg"] = samples.jpeg(10 + n)
        files[f"1.2 一把手/{school}考核办法.pdf"] = samples.pdf(20 + n)
        files[f"1.4 台账/{school}台账.pdf"] = samples.pdf(30 + n)
        files[f"1.4 台账/{school}公示.png"] = samples.png(40 + n)
        files[f"1.5 宣传/{school}活动.jpg"] = samples.jpeg(50 + n)
        files[f"1.7 沟通桥/{school}机制清单.pdf"] = samples.pdf(60 + n)
    files["1.3 领导小组/成立通知.pdf"] = samples.pdf(70)
    files["1.6 特色校/特色案例.pdf"] = samples.pdf(71)
    return files


def check(root, rubric, roster, **kw):
    return drain(run_check(root, rubric=rubric, roster=roster, unit=UNIT, **kw))


def test_complete_submission_has_no_required_gaps(tmp_path, rubric, roster):
    report = check(write(tmp_path / "sub", complete_unit()), rubric, roster)
    assert report.gaps == []
    assert report.error_count == 0
    statuses = {r.indicator: r.status for r in report.indicators}
    assert statuses["1.1"] == Status.MET and statuses["1.8"] == Status.NOT_REQUIRED
    assert statuses["3.1"] == Status.OPTIONAL_MISSING
    assert report.indicator_result("3.1").suggested == 0
    assert report.indicator_result("1.2").suggested == 5
    assert report.indicator_result("1.1").cells == dict.fromkeys(SCHOOLS, "met")


def test_gaps_and_suggestions(tmp_path, rubric, roster):
    files = complete_unit()
    del files[f"1.1 制度/{SCHOOLS[1]}制度上墙.jpg"]  # 1.1: one photo missing → −1
    del files[f"1.2 一把手/{SCHOOLS[0]}考核办法.pdf"]  # 1.2: all or nothing → 0
    files[f"1.2 一把手/{SCHOOLS[0]}考核办法.docx"] = samples.docx("考核办法")  # wrong format doesn't count
    del files["1.6 特色校/特色案例.pdf"]
    report = check(write(tmp_path / "sub", files), rubric, roster)
    gaps = {(g.indicator, g.school, g.need) for g in report.gaps}
    assert gaps == {("1.1", SCHOOLS[1], "image"), ("1.2", SCHOOLS[0], "pdf"), ("1.6", None, "pdf")}
    r11 = report.indicator_result("1.1")
    assert r11.suggested == 9 and "缺1项" in r11.reason and r11.cells[SCHOOLS[1]] == "missing"
    assert report.indicator_result("1.2").suggested == 0
    docx = next(f for f in report.files if f.path.endswith(".docx"))
    assert [x.code for x in docx.findings] == ["file.format_not_accepted"] and not docx.usable


def test_unusable_files_do_not_count(tmp_path, rubric, roster):
    files = complete_unit()
    files[f"1.2 一把手/{SCHOOLS[0]}考核办法.pdf"] = samples.encrypted_pdf()
    files[f"1.7 沟通桥/{SCHOOLS[1]}机制清单.pdf"] = b""
    report = check(write(tmp_path / "sub", files), rubric, roster)
    gaps = {(g.indicator, g.school) for g in report.gaps}
    assert gaps == {("1.2", SCHOOLS[0]), ("1.7", SCHOOLS[1])}
    assert "无法使用" in next(g.message for g in report.gaps if g.indicator == "1.2")


def test_jpeg_saved_as_pdf_counts_as_a_photo(tmp_path, rubric, roster):
    files = complete_unit()
    del files[f"1.1 制度/{SCHOOLS[0]}制度上墙.jpg"]
    files[f"1.1 制度/{SCHOOLS[0]}制度上墙.pdf"] = samples.jpeg(99)  # content decides, not the extension
    report = check(write(tmp_path / "sub", files), rubric, roster)
    assert report.gaps == []
    odd = next(f for f in report.files if f.path.endswith("制度上墙.pdf") and SCHOOLS[0] in f.path)
    assert odd.kind == "image" and [x.code for x in odd.findings] == ["file.extension_mismatch"]


def test_naming_findings_and_duplicates(tmp_path, rubric, roster):
    files = complete_unit()
    photo = samples.jpeg(7)
    files[f"1.1 制度/{SCHOOLS[0]}制度上墙.jpg"] = photo
    files[f"1.1 制度/{SCHOOLS[1]}制度上墙.jpg"] = photo  # one photo used for two schools
    files["1.5 宣传/IMG_20201015_1.jpg"] = samples.jpeg(8)
    files["3.1 报道/潍坊日报-奎文区教管办.jpg"] = samples.jpeg(9)
    files["3.1 报道/2020.10.15大众日报-奎文区教管办.jpg"] = samples.jpeg(11)
    report = check(write(tmp_path / "sub", files), rubric, roster)
    codes = {f.path: [x.code for x in f.findings] for f in report.files}
    assert codes[f"1.1 制度/{SCHOOLS[0]}制度上墙.jpg"] == ["dup.exact"]
    assert codes[f"1.1 制度/{SCHOOLS[1]}制度上墙.jpg"] == ["dup.exact"]
    assert codes["1.5 宣传/IMG_20201015_1.jpg"] == ["name.missing_unit"]
    assert codes["3.1 报道/潍坊日报-奎文区教管办.jpg"] == ["name.missing_date"]
    assert codes["3.1 报道/2020.10.15大众日报-奎文区教管办.jpg"] == []
    assert report.gaps == []  # warnings never stop a file from counting


def test_corrections_reassign_and_accept(tmp_path, rubric, roster):
    files = complete_unit()
    del files[f"1.5 宣传/{SCHOOLS[1]}活动.jpg"]
    files["1.5 宣传/IMG_0001.jpg"] = samples.jpeg(5)
    report = check(write(tmp_path / "sub", files), rubric, roster)
    assert [(g.indicator, g.school) for g in report.gaps] == [("1.5", SCHOOLS[1])]
    fixes = Corrections(
        reassign={"1.5 宣传/IMG_0001.jpg": ("1.5", SCHOOLS[1])},
        accepted={("1.5 宣传/IMG_0001.jpg", "name.missing_unit"): "现场核实"},
    )
    corrected = apply_corrections(report, fixes, rubric)
    assert corrected.gaps == []
    moved = next(f for f in corrected.files if f.path == "1.5 宣传/IMG_0001.jpg")
    assert moved.school == SCHOOLS[1] and "manual" in moved.how
    # Corrections come back after a re-scan when passed in
    again = check(tmp_path / "sub", rubric, roster, corrections=fixes)
    assert again.gaps == []


def test_accepting_an_error_makes_the_file_count(tmp_path, rubric, roster):
    files = complete_unit()
    files[f"1.2 一把手/{SCHOOLS[0]}考核办法.pdf"] = samples.encrypted_pdf()
    report = check(write(tmp_path / "sub", files), rubric, roster)
    path = f"1.2 一把手/{SCHOOLS[0]}考核办法.pdf"
    assert report.gaps
    fixed = apply_corrections(
        report, Corrections(accepted={(path, "file.encrypted"): "已现场输入密码查看"}), rubric
    )
    assert fixed.gaps == []
    record = next(f for f in fixed.files if f.path == path)
    assert (
        record.usable
        and record.findings[0].severity == "info"
        and "已现场输入密码查看" in record.findings[0].message
    )


def test_without_roster_schools_are_learned(tmp_path, rubric):
    root = write(tmp_path / "奎文区教管办", complete_unit())
    report = drain(run_check(root, rubric=rubric))
    assert sorted(report.schools) == sorted(SCHOOLS)
    assert report.notices and report.notices[0].code == "run.no_roster"


def test_unit_is_inferred_or_refused(tmp_path, rubric, roster):
    root = write(tmp_path / "2020奎文区教管办材料", complete_unit())
    assert drain(run_check(root, rubric=rubric, roster=roster)).unit == UNIT
    two = parse_rows([["单位", "学校"], ["A教管办", "甲小学"], ["B教管办", "乙小学"]], "r")
    with pytest.raises(CheckError, match="--unit"):
        drain(run_check(tmp_path / "2020奎文区教管办材料", rubric=rubric, roster=two))
    with pytest.raises(CheckError, match="没有单位"):
        drain(run_check(root, rubric=rubric, roster=roster, unit="不存在"))


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_cli_formats_exit_codes_and_untouched_submission(tmp_path, capsys):
    root = write(tmp_path / UNIT, complete_unit())
    roster_file = tmp_path / "r.csv"
    roster_file.write_text(
        f"单位,学校,别名\n{UNIT},{SCHOOLS[0]},\n{UNIT},{SCHOOLS[1]},\n", encoding="utf-8-sig"
    )
    before = _tree_digest(root)
    assert main(["check", str(root), "--roster", str(roster_file), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "evcheck.report/1" and data["gaps"] == []
    assert {"path", "kind", "indicator", "school", "findings"} <= set(data["files"][0])
    (root / f"1.1 制度/{SCHOOLS[0]}制度上墙.jpg").unlink()
    before = _tree_digest(root)
    assert main(["check", str(root), "--roster", str(roster_file)]) == 1
    text = capsys.readouterr().out
    assert "缺项" in text and text.strip().splitlines()[-1].startswith("汇总")
    out = tmp_path / "r.html"
    assert main(["check", str(root), "--roster", str(roster_file), "--format", "html", "-o", str(out)]) == 1
    assert "<table>" in out.read_text(encoding="utf-8")
    assert _tree_digest(root) == before  # checking never writes into the submission


def test_cli_bad_input_exits_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope")]) == 2
    assert "找不到" in capsys.readouterr().err
    bad = tmp_path / "r.csv"
    bad.write_text("名字\n甲\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert main(["check", str(tmp_path / "sub"), "--roster", str(bad)]) == 2
    assert "表头" in capsys.readouterr().err
    assert main(["check"]) == 2
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["check", str(broken)]) == 2


def test_zip_gives_the_same_result_as_the_folder(tmp_path, rubric, roster):
    files = complete_unit()
    del files[f"1.4 台账/{SCHOOLS[0]}公示.png"]
    root = write(tmp_path / "sub", files)
    archive = tmp_path / "sub.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for rel, data in files.items():
            z.writestr(rel, data)
    folder_gaps = {(g.indicator, g.school, g.need) for g in check(root, rubric, roster).gaps}
    zip_gaps = {(g.indicator, g.school, g.need) for g in check(archive, rubric, roster).gaps}
    assert folder_gaps == zip_gaps == {("1.4", SCHOOLS[0], "image")}
