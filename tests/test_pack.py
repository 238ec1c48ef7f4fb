"""evcheck pack: a clean zip (UTF-8 names, no junk, manifest) that checks exactly like the folder."""

from __future__ import annotations

import csv
import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from app.cli import main
from app.demo import demo_paths
from app.discover import TEMPLATE_NOTE
from app.pack import UTF8_FLAG, manifest_path_for
from tests.realistic import Variant, write_case


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def check(path: Path, roster: Path, unit: str, out: Path) -> dict:
    main(["check", str(path), "--roster", str(roster), "--unit", unit, "--format", "json", "-o", str(out)])
    return json.loads(out.read_text(encoding="utf-8"))


def gaps(report: dict) -> set[tuple]:
    return {(g["indicator"], g["school"], g["need"]) for g in report["gaps"]}


@pytest.mark.parametrize("seed", [1, 4])
def test_packed_zip_checks_like_the_folder(seed: int, tmp_path: Path):
    case = write_case(tmp_path / "in", Variant(seed), None)
    out = tmp_path / "out" / f"{case.unit}.zip"
    rc = main(
        [
            "pack",
            str(case.folder),
            "-o",
            str(out),
            "--roster",
            str(case.roster),
            "--unit",
            case.unit,
            "--force",
        ]
    )
    assert rc == 1  # packed, but gaps and errors remain
    folder_report = check(case.folder, case.roster, case.unit, tmp_path / "f.json")
    zip_report = check(out, case.roster, case.unit, tmp_path / "z.json")
    assert gaps(zip_report) == gaps(folder_report)
    assert {f["path"]: f["findings"] for f in zip_report["files"]} == {
        f["path"]: f["findings"] for f in folder_report["files"]
    }


def test_zip_has_utf8_names_no_junk_and_a_true_manifest(tmp_path: Path):
    folder, roster, unit = demo_paths()
    out = tmp_path / "交材料.zip"
    assert main(["pack", str(folder), "-o", str(out), "--roster", str(roster), "--force"]) == 1
    with zipfile.ZipFile(out) as zf:
        infos = zf.infolist()
        assert infos and all(i.flag_bits & UTF8_FLAG for i in infos)
        names = [i.filename for i in infos]
        contents = {i.filename: zf.read(i) for i in infos}
    assert not [n for n in names if n.rsplit("/", 1)[-1] in ("Thumbs.db", ".DS_Store") or "/~$" in n]
    on_disk = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name not in ("Thumbs.db", ".DS_Store") and not p.name.startswith("~$")
    )
    assert sorted(names) == on_disk
    for name, data in contents.items():
        assert data == (folder / name).read_bytes()
    report = check(folder, roster, unit, tmp_path / "f.json")
    by_path = {f["path"]: f for f in report["files"]}
    with open(manifest_path_for(out), encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["文件"] for r in rows] == names
    for r in rows:
        assert r["SHA256"] == hashlib.sha256(contents[r["文件"]]).hexdigest()
        assert r["指标"] == (by_path[r["文件"]]["indicator"] or "")
        assert r["学校"] == (by_path[r["文件"]]["school"] or "")
        assert int(r["大小（字节）"]) == len(contents[r["文件"]])


def test_pack_refuses_while_errors_remain(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder, roster, _ = demo_paths()
    out = tmp_path / "x.zip"
    assert main(["pack", str(folder), "-o", str(out), "--roster", str(roster)]) == 1
    assert not out.exists() and not manifest_path_for(out).exists()
    said = capsys.readouterr().out
    assert "未打包" in said and "--force" in said and "潍坊市奎文区樱园小学计划台账.pdf" in said


def test_clean_folder_packs_with_exit_zero_and_template_notes_left_out(tmp_path: Path):
    case = write_case(tmp_path / "in", Variant(2, defects=()), None)
    (case.folder / "汇总表.xlsx").unlink()  # the stray sheet is only a warning, but keep it tidy
    note = next(p for p in case.folder.iterdir() if p.is_dir()) / TEMPLATE_NOTE
    note.write_text("本文件夹放……", encoding="utf-8")
    out = tmp_path / "ok.zip"
    rc = main(["pack", str(case.folder), "-o", str(out), "--roster", str(case.roster), "--unit", case.unit])
    assert rc == 0
    with zipfile.ZipFile(out) as zf:
        assert not [n for n in zf.namelist() if n.endswith(TEMPLATE_NOTE)]


def test_pack_refuses_to_write_inside_the_folder_and_needs_a_folder(tmp_path: Path, capsys):
    case = write_case(tmp_path / "in", Variant(2, defects=()), None)
    out = case.folder / "inside.zip"
    assert main(["pack", str(case.folder), "-o", str(out), "--roster", str(case.roster), "--force"]) == 1
    assert not out.exists()
    assert main(["pack", str(tmp_path / "nothing-here")]) == 2
    assert "文件夹外" in capsys.readouterr().out
